package dev.almanac.console;

import static dev.almanac.testing.Fixtures.aProject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.almanac.testing.ApiTestBase;
import dev.almanac.testing.TestBackends;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The console's operating pages in a real browser (headless Chromium) against the real application
 * on the embedded PostgreSQL: a job followed live over server-sent events, the jobs page (errors,
 * retry, cancel of queued and running jobs, refreshing itself while open), AI settings, the search index and the tenants; roles and tenancy as in the API.
 */
class ConsoleOpsBrowserTest extends BrowserTestBase {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String REPORT = "The quarterly financial report shows revenue growth in every region while operating "
            + "expenses fell. Accounts receivable were reconciled against supplier invoices, and the tax provision was "
            + "updated for the new fiscal year. Cash flow from operations covered capital spending.";

    /** Only to put jobs into states a person cannot cause on demand: held back in the queue, or bound to fail. */
    @Autowired
    JdbcClient jdbc;

    @Test
    void followsAJobLiveOnTheProjectPageWithoutReloading() {
        var t = newTenant();
        String id = aProject().named("Quarterly close").describedAs(REPORT).createdBy(t.writer());
        UUID job = insertJob(t.id(), id, "1 hour"); // waits until the page is open
        browser.signIn(t.admin().bearer());
        browser.open("/projects/" + id + "?job=" + job);
        assertThat(browser.has("#generate")).isTrue();
        assertThat(browser.has("#regenerate")).isTrue();
        assertThat(browser.find("#job-status").getText()).isEqualTo("queued");
        assertThat(browser.find("#job").getAttribute("data-events")).isEqualTo("/projects/" + id + "/events?job=" + job);
        assertThat(browser.find("#meta").getText()).contains("No metadata yet");
        browser.driver.executeScript("document.body.dataset.samePage = 'yes'"); // gone if the page were loaded again

        jdbc.sql("UPDATE generation_jobs SET next_attempt_at = now() WHERE id = ?").param(job).update();
        browser.waitForText("#job-status", "succeeded");
        assertThat(browser.driver.executeScript("return document.body.dataset.samePage")).isEqualTo("yes");
        assertThat(browser.find("#job-done").isDisplayed()).isTrue();
        // the new entries come into the page too, still without a reload
        await().atMost(Duration.ofSeconds(30)).until(() -> !browser.find("#meta").getText().contains("No metadata yet"));
        assertThat(browser.driver.executeScript("return document.body.dataset.samePage")).isEqualTo("yes");
        assertThat(t.reader().get("/api/jobs/" + job).json().get("status").asString()).isEqualTo("succeeded");
        browser.assertAccessible();

        // the stream is the tenant's own: another tenant's project is not found
        var other = newTenant();
        browser.clickAndLoad("#sign-out");
        browser.signIn(other.admin().bearer());
        assertThat(get("/projects/" + id + "/events", browser.sessionCookie()).statusCode()).isEqualTo(404);
    }

    @Test
    void jobsPageShowsAFailedJobWithItsErrorAndRetryRunsIt() {
        var t = newTenant();
        String id = aProject().named("Quarterly close").describedAs(REPORT).createdBy(t.writer());
        assertThat(t.writer().patch("/api/projects/" + id, "{\"status\":\"locked\"}").status()).isEqualTo(200);
        UUID job = insertJob(t.id(), id, "0 seconds"); // a locked project cannot take suggestions: the job fails
        await().atMost(Duration.ofSeconds(90)).until(() -> "failed".equals(jobStatus(t, job)));

        browser.signIn(t.admin().bearer());
        browser.clickAndLoad("nav a[href='/jobs']");
        assertThat(browser.find("#count-failed").getText()).isEqualTo("failed (1)");
        new Select(browser.find("#job-status-filter")).selectByValue("failed");
        browser.clickAndLoad("#filter-jobs");
        assertThat(browser.all("#job-list tbody tr")).hasSize(1);
        String row = "#job-" + job;
        assertThat(browser.find(row + " .job-state").getText()).isEqualTo("failed");
        assertThat(browser.find(row + " .job-error").getText()).contains("locked");
        assertThat(browser.find("#schedules").getText()).contains("nightly");
        browser.assertAccessible();
        assertNoHorizontalScrollAtPhoneWidth();
        browser.screenshot("jobs");

        assertThat(t.writer().patch("/api/projects/" + id, "{\"status\":\"active\"}").status()).isEqualTo(200);
        browser.clickAndLoad(row + " button.retry");
        assertThat(browser.path()).startsWith("/jobs?status=failed");
        await().atMost(Duration.ofSeconds(90)).until(() -> "succeeded".equals(jobStatus(t, job)));
        browser.open("/jobs");
        assertThat(browser.find(row + " .job-state").getText()).isEqualTo("succeeded");
        assertThat(browser.has(row + " button.retry")).isFalse();
        assertThat(t.admin().get("/api/operations?operation=retry_job&status=success").json().get("items").size()).isEqualTo(1);
    }

    @Test
    void cancelsAQueuedJobAndPagesThroughOlderOnes() {
        var t = newTenant();
        String id = aProject().named("Harbour traffic").createdBy(t.writer());
        List<UUID> jobs = new ArrayList<>();
        for (int i = 0; i < JobPages.PAGE_SIZE + 1; i++) jobs.add(insertJob(t.id(), id, "1 hour"));

        browser.signIn(t.admin().bearer());
        browser.open("/jobs?status=queued");
        assertThat(browser.all("#job-list tbody tr")).hasSize(JobPages.PAGE_SIZE);
        browser.clickAndLoad("#next-page");
        assertThat(browser.all("#job-list tbody tr")).hasSize(1);
        assertThat(browser.has("#next-page")).isFalse();

        UUID oldest = jobs.getFirst();
        browser.clickAndLoad("#job-" + oldest + " button.cancel");
        assertThat(jobStatus(t, oldest)).isEqualTo("cancelled");
        browser.open("/jobs?status=cancelled");
        assertThat(browser.find("#job-" + oldest + " .job-state").getText()).isEqualTo("cancelled");
        assertThat(browser.has("#job-" + oldest + " button")).isFalse();
        assertThat(browser.find("#count-queued").getText()).isEqualTo("queued (" + JobPages.PAGE_SIZE + ")");
    }

    @Test
    void jobsPageFollowsJobsWithoutReloadingKeepsItsFilterAndCancelsARunningJob() {
        var t = newTenant();
        String id = aProject().named("Quarterly close").describedAs(REPORT).createdBy(t.writer());
        String other = aProject().named("Harbour traffic").createdBy(t.writer());
        UUID queued = insertJob(t.id(), id, "1 hour"); // waits until the page is open
        UUID running = insertRunningJob(t.id(), id); // held by a worker of another instance
        UUID elsewhere = insertJob(t.id(), other, "1 hour");

        browser.signIn(t.admin().bearer());
        browser.open("/jobs?project=" + id);
        assertThat(browser.all("#job-list tbody tr")).hasSize(2);
        assertThat(browser.find("#job-" + running + " .job-state").getText()).isEqualTo("running");
        browser.driver.executeScript("document.body.dataset.samePage = 'yes'"); // gone if the page were loaded again

        jdbc.sql("UPDATE generation_jobs SET next_attempt_at = now() WHERE id = ?").param(queued).update();
        await().atMost(Duration.ofSeconds(120)).ignoreExceptions() // a row may be swapped out while it is read
                .until(() -> browser.find("#job-" + queued + " .job-state").getText().equals("succeeded"));
        assertThat(browser.driver.executeScript("return document.body.dataset.samePage")).isEqualTo("yes");
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> browser.find("#count-succeeded").getText().equals("succeeded (1)"));
        // still the filtered view: the other project's job does not come in with the refresh
        assertThat(browser.has("#job-" + elsewhere)).isFalse();
        assertThat(browser.all("#job-list tbody tr")).hasSize(2);
        assertThat(browser.find("#job-project-filter").getAttribute("value")).isEqualTo(id);
        assertThat(browser.find("#jobs-live").getAttribute("hx-get")).isEqualTo("/jobs/live?status=&project=" + id);
        browser.assertAccessible();

        // cancel the running job from the page: it ends at once; its worker will store nothing
        browser.clickAndLoad("#job-" + running + " button.cancel");
        assertThat(browser.path()).isEqualTo("/jobs?status=&project=" + id);
        assertThat(browser.find("#job-" + running + " .job-state").getText()).isEqualTo("cancelled");
        assertThat(browser.find("#job-" + running + " .job-error").getText()).contains("while running");
        assertThat(browser.has("#job-" + running + " button")).isFalse();
        assertThat(jobStatus(t, running)).isEqualTo("cancelled");

        // a queued job cancelled elsewhere (here through the API) turns cancelled on the open page
        browser.open("/jobs");
        browser.driver.executeScript("document.body.dataset.samePage = 'yes'");
        assertThat(browser.find("#job-" + elsewhere + " .job-state").getText()).isEqualTo("queued");
        assertThat(t.admin().post("/api/jobs/" + elsewhere + "/cancel", null).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> browser.find("#job-" + elsewhere + " .job-state").getText().equals("cancelled"));
        assertThat(browser.driver.executeScript("return document.body.dataset.samePage")).isEqualTo("yes");
        assertThat(browser.has("#job-" + elsewhere + " button")).isFalse();
    }

    @Test
    void anotherTenantsJobIsNotFound() throws Exception {
        var a = newTenant();
        var b = newTenant();
        UUID job = insertJob(a.id(), aProject().createdBy(a.writer()), "1 hour");
        browser.signIn(b.admin().bearer());
        browser.open("/jobs");
        assertThat(browser.find("main").getText()).contains("No jobs.");
        String session = browser.sessionCookie();
        String csrf = csrf();
        HttpResponse<String> cancel = post("/jobs/" + job + "/cancel", session, Map.of("_csrf", csrf));
        assertThat(cancel.statusCode()).isEqualTo(404);
        assertThat(cancel.body()).contains("not found").doesNotContain("Exception");
        assertThat(post("/jobs/" + job + "/retry", session, Map.of("_csrf", csrf)).statusCode()).isEqualTo(404);
        assertThat(post("/jobs/not-a-job/cancel", session, Map.of("_csrf", csrf)).statusCode()).isEqualTo(404);
        assertThat(jobStatus(a, job)).isEqualTo("queued");
    }

    @Test
    void editsTheTaxonomyChainAndBudgetThroughTheSettingsService() {
        var t = newTenant();
        browser.signIn(t.admin().bearer());
        browser.clickAndLoad("nav a[href='/admin/ai']");
        assertThat(browser.find("#providers").getText()).contains("local", "openai", "gemini");
        assertThat(browser.find("#budget").getText()).contains("generation jobs used");
        String first = browser.find("#label-0").getAttribute("value");
        String second = browser.find("#label-1").getAttribute("value");
        int before = browser.all("#taxonomy tbody tr").size() - 1;

        browser.type("#description-0", "Money, books, invoices, and taxes");
        browser.find("#remove-1").click();
        browser.type("#label-new", "harbour");
        browser.type("#description-new", "Ships, ports, cargo");
        browser.type("#input-budget", "3000");
        browser.clickAndLoad("#save-ai");
        assertThat(browser.find("#saved").getText()).contains("saved");

        JsonNode saved = t.admin().get("/api/settings/ai").json();
        assertThat(saved.get("input_budget_chars").asInt()).isEqualTo(3000);
        JsonNode categories = saved.get("taxonomy").get("categories");
        assertThat(categories.size()).isEqualTo(before); // one removed, one added
        List<String> labels = new ArrayList<>();
        categories.forEach(c -> labels.add(c.get("label").asString()));
        assertThat(labels).contains(first, "harbour").doesNotContain(second);
        assertThat(categories.get(0).get("description").asString()).isEqualTo("Money, books, invoices, and taxes");
        assertThat(browser.find("#description-0").getAttribute("value")).isEqualTo("Money, books, invoices, and taxes");

        // the chain: the offline model after a remote one; then a row without a label is refused, as the API refuses it
        new Select(browser.find("#chain-0")).selectByValue("openai");
        new Select(browser.find("#chain-1")).selectByValue("local");
        browser.clickAndLoad("#save-ai");
        assertThat(t.admin().get("/api/settings/ai").json().get("chain").toString()).isEqualTo("[\"openai\",\"local\"]");
        browser.type("#description-new", "a description without its label");
        browser.clickAndLoad("#save-ai");
        assertThat(browser.find("#invalid").getText()).contains("label");
        assertThat(browser.find("#description-new").getAttribute("value")).isEmpty();
        assertThat(t.admin().get("/api/settings/ai").json().get("taxonomy").get("categories").size()).isEqualTo(before);
        browser.assertAccessible();
        browser.open("/admin/ai");
        assertNoHorizontalScrollAtPhoneWidth();
        browser.screenshot("ai");
    }

    @Test
    void readersAndWritersSeeNoAdminPagesAndForgedPostsAre403() throws Exception {
        var t = newTenant();
        UUID job = insertJob(t.id(), aProject().createdBy(t.writer()), "1 hour");
        for (String key : List.of(t.reader().bearer(), t.writer().bearer())) {
            browser.signIn(key);
            String session = browser.sessionCookie();
            String csrf = csrf();
            for (String link : List.of("/jobs", "/admin/ai", "/admin/search", "/admin/tenants")) {
                assertThat(browser.has("nav a[href='" + link + "']")).as(link).isFalse();
            }
            browser.open("/admin/ai");
            assertThat(browser.find("h1").getText()).contains("403");
            assertThat(browser.has("#save-ai")).isFalse();
            browser.open("/jobs");
            assertThat(browser.find("h1").getText()).contains("403");
            browser.assertAccessible();

            HttpResponse<String> forged = post("/admin/ai", session, Map.of("_csrf", csrf, "chain", "local", "label", "evil",
                    "description", "", "input_budget_chars", "4000", "enabled", "true"));
            assertThat(forged.statusCode()).isEqualTo(403);
            assertThat(forged.body()).contains("403").doesNotContain("Exception");
            assertThat(post("/jobs/" + job + "/cancel", session, Map.of("_csrf", csrf)).statusCode()).isEqualTo(403);
            assertThat(get("/admin/search", session).statusCode()).isEqualTo(403);
            browser.open("/projects");
            browser.clickAndLoad("#sign-out");
        }
        assertThat(jobStatus(t, job)).isEqualTo("queued");
        assertThat(t.admin().get("/api/settings/ai").json().get("taxonomy").toString()).doesNotContain("evil");

        // an admin's post without the session's CSRF token is refused too
        browser.signIn(t.admin().bearer());
        assertThat(post("/admin/ai", browser.sessionCookie(), Map.of("chain", "local", "label", "evil", "input_budget_chars", "4000"))
                .statusCode()).isEqualTo(403);
        assertThat(get("/admin/tenants", browser.sessionCookie()).statusCode()).isEqualTo(403); // the system key's page
    }

    @Test
    void showsTheSearchIndexStatusAndToTheSystemKeyTheTenants() {
        var t = newTenant();
        aProject().named("Harbour traffic").describedAs("Ships entering and leaving the harbour.").createdBy(t.writer());
        await().atMost(Duration.ofSeconds(90)).until(() -> t.reader().get("/api/search?mode=keyword&q=harbour").json()
                .path("items").size() == 1);
        browser.signIn(t.admin().bearer());
        browser.clickAndLoad("nav a[href='/admin/search']");
        assertThat(Long.parseLong(browser.find("#index-documents").getText())).isPositive();
        assertThat(browser.find("#index-lag").getText()).contains("events");
        assertThat(browser.find("#index-progress").getText()).isNotEqualTo("none yet");
        browser.assertAccessible();
        assertNoHorizontalScrollAtPhoneWidth();
        browser.screenshot("search-index");
        browser.clickAndLoad("#sign-out");

        var other = newTenant();
        browser.signIn(TestBackends.SYSTEM_TOKEN);
        browser.clickAndLoad("nav a[href='/admin/tenants']");
        String tenants = browser.find("#tenant-list").getText();
        // paged by id; the test tenants sort after "default", possibly past the first page
        while (!tenants.contains(other.id()) && browser.has("#next-page")) {
            browser.clickAndLoad("#next-page");
            tenants = browser.find("#tenant-list").getText();
        }
        assertThat(tenants).contains(other.id());
        assertThat(browser.driver.getPageSource()).doesNotContain(TestBackends.SYSTEM_TOKEN).doesNotContain("alm_");
        browser.assertAccessible();
        assertNoHorizontalScrollAtPhoneWidth();
        browser.screenshot("tenants");
        browser.open("/jobs"); // the system key's jobs page spans every tenant
        assertThat(browser.find("#job-list thead").getText()).contains("Tenant");
    }

    /** At a phone's width the page itself never scrolls sideways (wide tables scroll inside their own region). */
    private void assertNoHorizontalScrollAtPhoneWidth() {
        browser.driver.manage().window().setSize(new Dimension(390, 844));
        try {
            Object overflow = browser.driver.executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertThat(((Number) overflow).intValue()).as("horizontal overflow at 390 px on " + browser.path()).isLessThanOrEqualTo(0);
        } finally {
            browser.driver.manage().window().setSize(new Dimension(1280, 900));
        }
    }

    /** A queued job that no worker takes before {@code delay} has passed (as an SQL interval). */
    private UUID insertJob(String tenantId, String projectId, String delay) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO generation_jobs (id, tenant_id, project_id, status, attempts, max_attempts, next_attempt_at)
                        VALUES (?, ?, ?, 'queued', 0, 1, now() + ?::interval)""")
                .params(id, tenantId, projectId, delay)
                .update();
        return id;
    }

    /** A job running on a worker of another instance, whose lease lasts the whole test. */
    private UUID insertRunningJob(String tenantId, String projectId) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO generation_jobs (id, tenant_id, project_id, status, attempts, max_attempts, next_attempt_at,
                            lease_until, worker, started_at)
                        VALUES (?, ?, ?, 'running', 1, 1, now(), now() + interval '1 hour', 'elsewhere', now())""")
                .params(id, tenantId, projectId)
                .update();
        return id;
    }

    private static String jobStatus(ApiTestBase.TenantKeys t, UUID job) {
        return t.reader().get("/api/jobs/" + job).json().get("status").asString();
    }

    private String csrf() {
        return browser.driver.findElement(By.cssSelector("input[name=_csrf]")).getAttribute("value");
    }

    private HttpResponse<String> get(String path, String session) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Cookie", ConsoleAuthentication.COOKIE + "=" + session).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> post(String path, String session, Map<String, String> form) throws Exception {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Cookie", ConsoleAuthentication.COOKIE + "=" + session)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }
}
