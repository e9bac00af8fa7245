package dev.almanac.console;

import static dev.almanac.testing.Fixtures.aProject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.almanac.meta.ProjectMetadata;
import dev.almanac.testing.Api;
import dev.almanac.testing.ApiTestBase;
import dev.almanac.web.Caller;
import dev.almanac.web.Role;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The console in a real browser (headless Chromium) against the real application on the embedded
 * PostgreSQL: what a person does, page by page, with axe-core run on every page.
 */
class ConsoleBrowserTest extends BrowserTestBase {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    ProjectMetadata metadata;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    JsonMapper json;

    @Test
    void signsInWithAKeyAndOutAgain() {
        var t = newTenant();
        aProject().named("Ledger").withMeta("category", "\"finance\"").createdBy(t.writer());
        aProject().named("Payroll").withMeta("category", "\"hr\"").createdBy(t.writer());

        browser.open("/");
        assertThat(browser.path()).isEqualTo("/sign-in");
        browser.assertAccessible();
        browser.screenshot("sign-in");
        browser.type("#api_key", "alm_not-a-key");
        browser.clickAndLoad("#sign-in");
        assertThat(browser.find("[role=alert]").getText()).contains("unknown or revoked");

        browser.signIn(t.writer().bearer());
        assertThat(browser.path()).isEqualTo("/projects");
        assertThat(browser.find("#project-list").getText()).contains("Ledger", "Payroll");
        assertThat(browser.find("#counts").getText()).contains("2 active");
        var cookie = browser.driver.manage().getCookieNamed(ConsoleAuthentication.COOKIE);
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Strict");
        assertThat(browser.driver.getPageSource()).doesNotContain(t.writer().bearer());
        browser.assertAccessible();
        browser.screenshot("projects");

        browser.type("#meta_key", "category");
        browser.type("#meta_value", "finance");
        browser.clickAndLoad("#filter");
        assertThat(browser.find("#project-list").getText()).contains("Ledger").doesNotContain("Payroll");

        String session = browser.sessionCookie();
        browser.clickAndLoad("#sign-out");
        assertThat(browser.path()).isEqualTo("/sign-in");
        assertThat(get("/projects", session).statusCode()).isEqualTo(302); // the old session is gone on the server too
        browser.open("/projects");
        assertThat(browser.path()).isEqualTo("/sign-in");
    }

    @Test
    void createsAProjectAndEditsItsMetadataWithHistoryAndRestore() {
        var t = newTenant();
        browser.signIn(t.writer().bearer());
        browser.type("#new-name", "Quarterly books");
        browser.type("#new-id", "books");
        browser.clickAndLoad("#create-project");
        assertThat(browser.path()).isEqualTo("/projects/books");
        assertThat(browser.find("h1").getText()).isEqualTo("Quarterly books");

        browser.type("#meta-key", "category");
        browser.type("#meta-value", "finance"); // not JSON: the page says so and sends nothing
        browser.find("#save-meta").click();
        browser.waitForText("#meta-value-error", "Not valid JSON");
        assertThat(t.reader().get("/api/projects/books/meta/category").status()).isEqualTo(404);

        browser.type("#meta-value", "\"finance\"");
        browser.clickAndLoad("#save-meta");
        assertThat(browser.find("#meta-category").getText()).contains("\"finance\"", "user");
        browser.type("#meta-key", "category");
        browser.type("#meta-value", "{\"name\": \"finance\", \"score\": 0.9}");
        browser.clickAndLoad("#save-meta");
        assertThat(t.reader().get("/api/projects/books/meta/category").json().get("value").get("score").asDouble()).isEqualTo(0.9);
        // the project's history from the operations log: who changed what, newest first
        assertThat(browser.find("#operations tbody tr").getText()).contains("put_meta", "category", "done");
        assertThat(browser.find("#operations").getText()).contains("create_project");
        browser.assertAccessible();
        browser.screenshot("project");

        browser.clickAndLoad("#meta-category a");
        assertThat(browser.all("#versions tbody tr")).hasSize(2);
        // the two values side by side: a string that became an object is one whole-value change
        new Select(browser.find("#diff-from")).selectByValue("1");
        new Select(browser.find("#diff-to")).selectByValue("2");
        browser.clickAndLoad("#diff-button");
        assertThat(browser.find("#diff").getText()).contains("Differences from version 1 to 2", "replace", "\"finance\"", "0.9");
        browser.assertAccessible();
        browser.screenshot("history");
        browser.open("/projects/books/meta/category/history?from=1&to=99");
        assertThat(browser.find("h1").getText()).contains("404", "Not found");
        browser.open("/projects/books/meta/category/history");
        browser.clickAndLoad("#restore-1");
        assertThat(browser.all("#versions tbody tr")).hasSize(3);
        assertThat(browser.find("#version-3").getText()).contains("restore", "\"finance\"");
        JsonNode restored = t.reader().get("/api/projects/books/meta/category").json();
        assertThat(restored.get("value").asString()).isEqualTo("finance");
        assertThat(restored.get("version").asLong()).isEqualTo(3);
    }

    @Test
    void reviewsSuggestionsWithButtonsAndKeys() {
        var t = newTenant();
        String ledger = aProject().withId("ledger").named("Ledger").createdBy(t.writer());
        String payroll = aProject().withId("payroll").named("Payroll").createdBy(t.writer());
        suggest(t.id(), ledger, "category", "\"finance\"");
        suggest(t.id(), ledger, "summary", "\"Books of account\"");
        suggest(t.id(), ledger, "tags", "[\"books\"]");
        suggest(t.id(), payroll, "category", "\"hr\"");
        suggest(t.id(), payroll, "summary", "\"Salaries\"");

        browser.signIn(t.writer().bearer());
        browser.open("/review");
        assertThat(browser.find("#waiting").getText()).isEqualTo("5 suggestions waiting");
        browser.assertAccessible();

        // keyboard: the first (ledger/category) is selected; j moves to ledger/summary, a accepts it
        new Actions(browser.driver).sendKeys("j").perform();
        assertThat(browser.find("#s-ledger-summary").getAttribute("data-selected")).isEqualTo("true");
        var page = browser.driver.findElement(org.openqa.selenium.By.tagName("html"));
        new Actions(browser.driver).sendKeys("a").perform();
        await().atMost(Duration.ofSeconds(30)).until(() -> isStale(page));
        browser.waitFor("#waiting");
        assertThat(entry(t, ledger, "summary").get("review_status").asString()).isEqualTo("accepted");
        assertThat(browser.find("#waiting").getText()).isEqualTo("4 suggestions waiting");

        // r rejects the selected one (now the first: ledger/category)
        var again = browser.driver.findElement(org.openqa.selenium.By.tagName("html"));
        new Actions(browser.driver).sendKeys("r").perform();
        await().atMost(Duration.ofSeconds(30)).until(() -> isStale(again));
        browser.waitFor("#waiting");
        assertThat(t.reader().get("/api/projects/" + ledger + "/meta/category").status()).isEqualTo(404);

        // edit, then accept: the value becomes the person's
        browser.find("#s-ledger-tags details.edit summary").click();
        var edit = browser.find("#s-ledger-tags textarea");
        edit.clear();
        edit.sendKeys("[\"books\", \"audit\"]");
        browser.clickAndLoad("#s-ledger-tags .edit-accept");
        JsonNode tags = entry(t, ledger, "tags");
        assertThat(tags.get("source").asString()).isEqualTo("user");
        assertThat(tags.get("value")).hasSize(2);

        // accept all of a project
        browser.clickAndLoad("#s-payroll-category .accept-all");
        assertThat(entry(t, payroll, "category").get("review_status").asString()).isEqualTo("accepted");
        assertThat(entry(t, payroll, "summary").get("review_status").asString()).isEqualTo("accepted");
        assertThat(browser.find("main").getText()).contains("0 suggestions waiting", "Nothing to review");
        browser.assertAccessible();
    }

    @Test
    void generatesMetadataAndFollowsTheJobUntilItFinishes() {
        var t = newTenant();
        String id = aProject().named("Harbour traffic").describedAs(
                "Daily counts of ships entering and leaving the harbour, with cargo tonnage per vessel and berth occupancy.")
                .createdBy(t.writer());
        browser.signIn(t.writer().bearer());
        browser.open("/projects/" + id);
        browser.clickAndLoad("#generate");
        browser.waitFor("#job-status");
        browser.waitForText("#job-status", "succeeded"); // polled by htmx while it runs
        browser.assertAccessible();
        assertThat(t.reader().get("/api/projects/" + id + "/meta").json().get("items")).isNotEmpty();
    }

    @Test
    void searchesInEveryMode() {
        var t = newTenant();
        String harbour = aProject().named("Harbour traffic").describedAs("Ships entering and leaving the harbour, cargo tonnage.")
                .createdBy(t.writer());
        aProject().named("Port logistics").describedAs("Container vessels docking at the port, unloading cargo.").createdBy(t.writer());
        aProject().named("Payroll").describedAs("Monthly salaries and tax withholding of employees.").createdBy(t.writer());
        await().atMost(Duration.ofSeconds(90)).until(() -> t.reader().get("/api/search?mode=keyword&q=harbour").json()
                .path("items").size() == 1);
        await().atMost(Duration.ofSeconds(90)).until(() -> t.reader().get("/api/projects/" + harbour + "/similar").json()
                .path("items").size() == 2);

        browser.signIn(t.reader().bearer());
        browser.open("/search");
        browser.type("#search-q", "harbour");
        browser.find("input[value=keyword]").click();
        browser.clickAndLoad("#search-button");
        assertThat(browser.find("#results").getText()).contains("Harbour traffic").doesNotContain("Payroll");
        assertThat(browser.find("#results mark").getText()).isEqualToIgnoringCase("harbour");
        assertThat(browser.find("#results .matched").getText()).isEqualTo("matched by words");
        browser.assertAccessible();

        browser.open("/search?mode=hybrid&q=" + URLEncoder.encode("ships in the harbour", StandardCharsets.UTF_8));
        assertThat(browser.all("#results li").getFirst().getText()).contains("Harbour traffic");
        browser.open("/search?mode=semantic&q=salaries");
        assertThat(browser.all("#results li").getFirst().getText()).contains("Payroll");

        browser.open("/projects/" + harbour);
        assertThat(browser.all("#similar li").getFirst().getText()).contains("Port logistics");
    }

    @Test
    void showsTheDifferenceBetweenTwoDefinitionVersions() {
        var t = newTenant();
        assertThat(t.writer().put("/api/v1/metadata/report/quarterly", "{\"data\":{\"title\":\"Q1\",\"pages\":10}}").status()).isEqualTo(201);
        assertThat(t.writer().put("/api/v1/metadata/report/quarterly",
                "{\"data\":{\"title\":\"Q2\",\"pages\":10,\"owner\":\"ana\"}}").status()).isEqualTo(200);

        browser.signIn(t.reader().bearer());
        browser.open("/definitions");
        browser.clickAndLoad("a[href='/definitions?type=report']");
        browser.clickAndLoad("a[href='/definitions/report/quarterly']");
        assertThat(browser.find("#definition-data").getText()).contains("Q2");
        new Select(browser.find("#diff-from")).selectByValue("1");
        new Select(browser.find("#diff-to")).selectByValue("2");
        browser.clickAndLoad("#diff-button");
        String diff = browser.find("#diff").getText();
        assertThat(diff).contains("Differences from version 1 to 2", "replace", "/title", "\"Q1\"", "\"Q2\"", "add", "/owner", "\"ana\"");
        browser.assertAccessible();
        browser.screenshot("definition-diff");
    }

    @Test
    void rollsBackADefinitionAfterConfirming() {
        var t = newTenant();
        t.writer().put("/api/v1/metadata/report/monthly", "{\"data\":{\"title\":\"M1\"}}");
        t.writer().put("/api/v1/metadata/report/monthly", "{\"data\":{\"title\":\"M2\"}}");
        browser.signIn(t.writer().bearer());
        browser.open("/definitions/report/monthly");
        browser.clickAndLoad("#rollback-1");
        assertThat(browser.find("h1").getText()).isEqualTo("Roll back monthly to version 1?");
        assertThat(browser.find("#diff").getText()).contains("\"M2\"", "\"M1\"");
        assertThat(t.reader().get("/api/v1/metadata/report/monthly").json().get("version").asLong()).isEqualTo(2); // only asked
        browser.assertAccessible();
        browser.clickAndLoad("#confirm-rollback");
        JsonNode now = t.reader().get("/api/v1/metadata/report/monthly").json();
        assertThat(now.get("version").asLong()).isEqualTo(3);
        assertThat(now.get("data").get("title").asString()).isEqualTo("M1");
        assertThat(browser.find("#definition-data").getText()).contains("M1");
    }

    @Test
    void aReaderSeesNoWriteButtonsAndAForgedPostIsForbidden() throws Exception {
        var t = newTenant();
        String id = aProject().withMeta("category", "\"finance\"").createdBy(t.writer());
        suggest(t.id(), id, "summary", "\"Books\"");
        browser.signIn(t.reader().bearer());
        browser.open("/projects/" + id);
        assertThat(browser.find("#meta").getText()).contains("finance");
        assertThat(browser.has("#save-meta")).isFalse();
        assertThat(browser.has("#generate")).isFalse();
        assertThat(browser.has("#new-name")).isFalse();
        browser.assertAccessible();
        browser.open("/review");
        assertThat(browser.has("button.accept")).isFalse();
        assertThat(browser.has("a[href='/admin/keys']")).isFalse();

        String session = browser.sessionCookie();
        String csrf = browser.find("input[name=_csrf]").getAttribute("value");
        HttpResponse<String> forged = post("/projects/" + id + "/meta", session, Map.of("_csrf", csrf, "key", "owner", "value", "\"eve\""));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(forged.body()).contains("403", "needs the writer role").doesNotContain("at dev.almanac").doesNotContain("Exception");
        assertThat(post("/review/" + id + "/summary/accept", session, Map.of("_csrf", csrf, "version", "1")).statusCode()).isEqualTo(403);
        assertThat(t.reader().get("/api/projects/" + id + "/meta/owner").status()).isEqualTo(404);
        browser.open("/admin/keys");
        assertThat(browser.find("h1").getText()).contains("403");
        browser.assertAccessible();
    }

    @Test
    void aPostWithoutTheSessionsCsrfTokenIsForbidden() throws Exception {
        var t = newTenant();
        String id = aProject().createdBy(t.writer());
        browser.signIn(t.writer().bearer());
        String session = browser.sessionCookie();
        assertThat(post("/projects/" + id + "/meta", session, Map.of("key", "owner", "value", "\"eve\"")).statusCode()).isEqualTo(403);
        HttpResponse<String> wrong = post("/projects/" + id + "/meta", session, Map.of("_csrf", "0".repeat(64), "key", "owner", "value", "\"eve\""));
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.body()).contains("CSRF");
        assertThat(t.reader().get("/api/projects/" + id + "/meta/owner").status()).isEqualTo(404);
    }

    @Test
    void anotherTenantsProjectIsNotFound() {
        var mine = newTenant();
        var theirs = newTenant();
        String id = aProject().named("Secret plans").createdBy(theirs.writer());
        browser.signIn(mine.admin().bearer());
        browser.open("/projects/" + id);
        assertThat(browser.find("h1").getText()).contains("404", "Not found");
        assertThat(browser.driver.getPageSource()).doesNotContain("Secret plans");
        browser.assertAccessible();
        browser.screenshot("not-found");
        browser.open("/projects/" + id + "/meta/category/history");
        assertThat(browser.find("h1").getText()).contains("404");
        browser.open("/no-such-page"); // outside the console's pages, still a page, not problem+json
        assertThat(browser.find("h1").getText()).contains("404");
        browser.assertAccessible();
        assertThat(anonymous.get("/no-such-page").contentType()).startsWith("application/problem+json"); // API clients keep JSON
    }

    @Test
    void revokingTheKeyOrIdlingEndsTheSession() {
        var t = newTenant();
        Api.Response created = t.admin().post("/api/admin/tenants/" + t.id() + "/keys", "{\"name\":\"doomed\",\"role\":\"writer\"}");
        String key = created.json().get("key").asString();
        String keyId = created.json().get("id").asString();
        browser.signIn(key);
        assertThat(browser.path()).isEqualTo("/projects");
        assertThat(t.admin().delete("/api/admin/tenants/" + t.id() + "/keys/" + keyId).status()).isEqualTo(204);
        browser.open("/projects");
        assertThat(browser.path()).isEqualTo("/sign-in");

        browser.signIn(t.writer().bearer());
        assertThat(browser.path()).isEqualTo("/projects");
        clock.advance(Duration.ofMinutes(31));
        browser.open("/review");
        assertThat(browser.path()).isEqualTo("/sign-in");
    }

    @Test
    void anAdminCreatesAKeyThatIsShownOnceAndRevokesIt() {
        var t = newTenant();
        browser.signIn(t.admin().bearer());
        browser.open("/admin/keys");
        browser.type("#key-name", "ci-pipeline");
        new Select(browser.find("#key-role")).selectByValue("reader");
        browser.clickAndLoad("#create-key");
        String secret = browser.find("#issued-secret").getText();
        assertThat(secret).startsWith("alm_");
        assertThat(anonymous.as(secret).get("/api/projects").status()).isEqualTo(200);
        browser.assertAccessible();
        browser.screenshot("api-keys");
        browser.open("/admin/keys");
        assertThat(browser.driver.getPageSource()).doesNotContain(secret);

        String keyId = null;
        for (JsonNode k : t.admin().get("/api/admin/tenants/" + t.id() + "/keys").json().get("items")) {
            if (k.get("name").asString().equals("ci-pipeline")) keyId = k.get("id").asString();
        }
        browser.clickAndLoad("#key-" + keyId + " button");
        assertThat(browser.has("#key-" + keyId + " button")).isFalse();
        assertThat(anonymous.as(secret).get("/api/projects").status()).isEqualTo(401);
    }

    @Test
    void bulkEditsTheSelectedProjectsAndSaysWhatFailed() throws Exception {
        var t = newTenant();
        String ledger = aProject().withId("ledger").named("Ledger").createdBy(t.writer());
        String payroll = aProject().withId("payroll").named("Payroll").createdBy(t.writer());
        String archive = aProject().withId("archive").named("Archive").createdBy(t.writer());
        aProject().withId("untouched").named("Untouched").createdBy(t.writer());
        assertThat(t.writer().patch("/api/projects/" + archive, "{\"status\":\"locked\"}").status()).isEqualTo(200);

        browser.signIn(t.writer().bearer());
        for (String id : new String[] {ledger, payroll, archive}) browser.find("#select-" + id).click();
        browser.type("#bulk-key", "owner");
        browser.type("#bulk-value", "\"finance team\"");
        browser.clickAndLoad("#bulk-apply");
        assertThat(browser.find("#bulk-counts").getText()).isEqualTo("2 of 3 projects changed, 1 failed.");
        assertThat(browser.find("#bulk-changed").getText()).contains(ledger, payroll).doesNotContain(archive);
        assertThat(browser.find("#failed-archive").getText()).containsIgnoringCase("locked");
        assertThat(entry(t, ledger, "owner").get("value").asString()).isEqualTo("finance team");
        assertThat(entry(t, payroll, "owner").get("source").asString()).isEqualTo("user");
        assertThat(t.reader().get("/api/projects/untouched/meta/owner").status()).isEqualTo(404);
        assertThat(t.reader().get("/api/projects/archive/meta/owner").status()).isEqualTo(404);
        browser.assertAccessible();
        browser.screenshot("bulk-edit");

        // accept every open suggestion of the selected projects, in one post
        suggest(t.id(), ledger, "category", "\"finance\"");
        suggest(t.id(), ledger, "tags", "[\"books\"]");
        suggest(t.id(), payroll, "category", "\"hr\"");
        suggest(t.id(), "untouched", "category", "\"misc\"");
        browser.open("/projects");
        browser.find("#select-" + ledger).click();
        browser.find("#select-" + payroll).click();
        browser.find("#bulk-accept").click();
        browser.clickAndLoad("#bulk-apply");
        assertThat(browser.find("#bulk-counts").getText()).isEqualTo("2 of 2 projects changed (3 suggestions accepted).");
        assertThat(entry(t, ledger, "tags").get("review_status").asString()).isEqualTo("accepted");
        assertThat(entry(t, payroll, "category").get("review_status").asString()).isEqualTo("accepted");
        assertThat(entry(t, "untouched", "category").get("review_status").asString()).isEqualTo("suggested");

        // without the session's token, and as a reader with it: refused as a whole
        String session = browser.sessionCookie();
        assertThat(post("/projects/bulk", session, Map.of("ids", ledger, "key", "owner", "value", "\"eve\"")).statusCode()).isEqualTo(403);
        browser.clickAndLoad("#sign-out");
        browser.signIn(t.reader().bearer());
        assertThat(browser.has("#bulk-apply")).isFalse();
        assertThat(browser.has(".select-project")).isFalse();
        String readerCsrf = browser.find("input[name=_csrf]").getAttribute("value");
        HttpResponse<String> forged = post("/projects/bulk", browser.sessionCookie(),
                Map.of("_csrf", readerCsrf, "ids", ledger, "key", "owner", "value", "\"eve\""));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("needs the writer role");
        assertThat(entry(t, ledger, "owner").get("value").asString()).isEqualTo("finance team");
    }

    @Test
    void searchFiltersByStatusCategoryAndTags() {
        var t = newTenant();
        aProject().named("Harbour traffic").describedAs("Ships entering and leaving the harbour.")
                .withMeta("category", "\"transport\"").withMeta("tags", "[\"ships\", \"cargo\"]").createdBy(t.writer());
        aProject().named("Harbour fees").describedAs("Fees the harbour charges per berth and day.")
                .withMeta("category", "\"finance\"").withMeta("tags", "[\"fees\", \"cargo\"]").createdBy(t.writer());
        String closed = aProject().named("Harbour archive").describedAs("Old harbour records.")
                .withMeta("category", "\"finance\"").createdBy(t.writer());
        t.writer().patch("/api/projects/" + closed, "{\"status\":\"locked\"}");
        await().atMost(Duration.ofSeconds(90)).until(() -> t.reader().get("/api/search?mode=keyword&q=harbour&status=locked&meta="
                + URLEncoder.encode("{\"category\":\"finance\"}", StandardCharsets.UTF_8)).json().path("items").size() == 1
                && t.reader().get("/api/search?mode=keyword&q=harbour&meta="
                + URLEncoder.encode("{\"tags\":\"cargo\"}", StandardCharsets.UTF_8)).json().path("items").size() == 2);

        browser.signIn(t.reader().bearer());
        browser.open("/search");
        browser.type("#search-q", "harbour");
        browser.find("input[value=keyword]").click();
        browser.type("#search-category", "finance");
        browser.clickAndLoad("#search-button");
        assertThat(browser.all("#results > li")).hasSize(2);
        assertThat(browser.find("#results").getText()).contains("Harbour fees", "Harbour archive").doesNotContain("Harbour traffic");
        assertThat(browser.find("#results mark").getText()).isEqualToIgnoringCase("harbour");
        assertThat(browser.find("#results .matched").getText()).isEqualTo("matched by words");
        assertThat(browser.find("#results .score").getText()).startsWith("score ");
        assertThat(browser.find("#search-category").getAttribute("value")).isEqualTo("finance"); // the form keeps the filters
        browser.assertAccessible();

        new Select(browser.find("#search-status")).selectByValue("active");
        browser.clickAndLoad("#search-button");
        assertThat(browser.find("#results").getText()).contains("Harbour fees").doesNotContain("Harbour archive");

        browser.open("/search?mode=hybrid&q=harbour&tags=" + URLEncoder.encode("cargo, ships", StandardCharsets.UTF_8));
        assertThat(browser.all("#results > li")).hasSize(1);
        assertThat(browser.find("#results").getText()).contains("Harbour traffic");
        browser.open("/search?mode=keyword&q=harbour&tags=nothing-has-this");
        assertThat(browser.find("#results").getText()).contains("No project matches");
        browser.screenshot("search");
    }

    @Test
    void theInboxShowsEachSuggestionBesideTheCurrentValueAndEditsWithTheKeyboard() {
        var t = newTenant();
        String ledger = aProject().withId("ledger").named("Ledger").withMeta("category", "\"accounting\"").createdBy(t.writer());
        suggest(t.id(), ledger, "category", "\"finance\"", true); // a forced run replaced what a person wrote
        suggest(t.id(), ledger, "summary", "\"Books of account\"");

        browser.signIn(t.writer().bearer());
        browser.open("/review");
        var category = browser.find("#s-ledger-category");
        assertThat(category.findElement(org.openqa.selenium.By.cssSelector(".current")).getText()).contains("\"accounting\"");
        assertThat(category.findElement(org.openqa.selenium.By.cssSelector(".suggested")).getText()).contains("\"finance\"");
        assertThat(category.findElement(org.openqa.selenium.By.cssSelector(".confidence")).getText()).isEqualTo("70 %");
        assertThat(category.findElement(org.openqa.selenium.By.cssSelector(".provider")).getText()).isEqualTo("local");
        assertThat(category.findElement(org.openqa.selenium.By.cssSelector(".model")).getText()).isEqualTo("keyphrases");
        assertThat(browser.find("#s-ledger-summary .current").getText()).contains("none");
        assertThat(browser.find("#shortcuts").getText()).contains("j", "k", "a", "r", "e");
        browser.assertAccessible();
        browser.screenshot("review");

        // e opens the editor of the selected suggestion (the first) with the focus in it; Esc leaves it
        new Actions(browser.driver).sendKeys("e").perform();
        var editor = browser.find("#s-ledger-category textarea");
        assertThat(browser.driver.switchTo().activeElement()).isEqualTo(editor);
        assertThat(editor.getAttribute("value")).isEqualTo("\"finance\""); // no stray 'e' typed into it
        new Actions(browser.driver).sendKeys(Keys.ESCAPE).perform();
        assertThat(browser.find("#s-ledger-category details.edit").getAttribute("open")).isNull();
        new Actions(browser.driver).sendKeys("e").perform();
        editor.clear();
        editor.sendKeys("\"bookkeeping\"");
        browser.clickAndLoad("#s-ledger-category .edit-accept");
        JsonNode edited = entry(t, ledger, "category");
        assertThat(edited.get("value").asString()).isEqualTo("bookkeeping");
        assertThat(edited.get("source").asString()).isEqualTo("user");
    }

    @Test
    void exportsDefinitionsAsJson() {
        var t = newTenant();
        t.writer().put("/api/v1/metadata/report/quarterly", "{\"data\":{\"title\":\"Q1\"}}");
        t.writer().put("/api/v1/metadata/report/quarterly", "{\"data\":{\"title\":\"Q2\"}}");
        t.writer().put("/api/v1/metadata/report/yearly", "{\"data\":{\"title\":\"Y\"}}");
        browser.signIn(t.reader().bearer());
        browser.open("/definitions/report/quarterly");
        String href = browser.find("#export-definition").getAttribute("href");
        HttpResponse<String> one = get(href.substring(("http://127.0.0.1:" + port).length()), browser.sessionCookie());
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(one.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(one.headers().firstValue("Content-Disposition").orElse("")).contains("attachment", "report-quarterly.json");
        JsonNode file = json.readTree(one.body());
        assertThat(file.at("/almanac/version").asLong()).isEqualTo(2);
        assertThat(file.at("/data/title").asString()).isEqualTo("Q2");
        browser.assertAccessible();

        browser.open("/definitions?type=report");
        String all = browser.find("#export-type").getAttribute("href");
        JsonNode array = json.readTree(get(all.substring(("http://127.0.0.1:" + port).length()), browser.sessionCookie()).body());
        assertThat(array).hasSize(2);
        assertThat(array.get(0).at("/almanac/name").asString()).isEqualTo("quarterly");
        assertThat(array.get(1).at("/data/title").asString()).isEqualTo("Y");
        browser.assertAccessible();
        assertThat(get("/definitions/export?type=report&name=nothing", browser.sessionCookie()).statusCode()).isEqualTo(404);
    }

    @Test
    void aForgedCrossSiteSignInIsRefused() throws Exception {
        var t = newTenant();
        // what another site's auto-submitting form would send: the key, no token, no cookie of ours
        HttpResponse<String> forged = postWithCookies("/sign-in", "", Map.of("api_key", t.writer().bearer()));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(forged.body()).contains("403", "sign-in token").doesNotContain("Exception");
        assertThat(forged.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith(ConsoleAuthentication.COOKIE + "="));
        // a token in the field that is not the browser's cookie: refused too
        HttpResponse<String> guessed = postWithCookies("/sign-in", SignInPage.TOKEN_COOKIE + "=" + "a".repeat(64),
                Map.of("api_key", t.writer().bearer(), "_csrf", "b".repeat(64)));
        assertThat(guessed.statusCode()).isEqualTo(403);
        // the page's own form: its cookie and field agree
        HttpResponse<String> matching = postWithCookies("/sign-in", SignInPage.TOKEN_COOKIE + "=" + "c".repeat(64),
                Map.of("api_key", t.writer().bearer(), "_csrf", "c".repeat(64)));
        assertThat(matching.statusCode()).isEqualTo(302);
        assertThat(matching.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith(ConsoleAuthentication.COOKIE + "="));

        browser.open("/sign-in");
        var token = browser.driver.manage().getCookieNamed(SignInPage.TOKEN_COOKIE);
        assertThat(token.isHttpOnly()).isTrue();
        assertThat(token.getSameSite()).isEqualTo("Strict");
        assertThat(browser.find("input[name=_csrf]").getAttribute("value")).isEqualTo(token.getValue());
        browser.driver.manage().deleteCookieNamed(SignInPage.TOKEN_COOKIE); // as a cross-site post would arrive
        browser.type("#api_key", t.writer().bearer());
        browser.clickAndLoad("#sign-in");
        assertThat(browser.find("h1").getText()).contains("403");
        browser.assertAccessible();
        browser.signIn(t.writer().bearer()); // and from the page itself it works
        assertThat(browser.path()).isEqualTo("/projects");
    }

    @Test
    void noPageOverflowsAPhoneScreen() {
        var t = newTenant();
        String id = aProject().withId("wide").named("Project with a long JSON value")
                .withMeta("owner", "{\"team\": \"data platform and analytics engineering\", \"contacts\": [\"ana.lopez@example.org\", "
                        + "\"bo.svensson@example.org\"], \"escalation\": {\"primary\": \"oncall-data-platform\", \"hours\": \"24x7\"}}")
                .withMeta("identifier", "\"an-identifier-without-any-spaces-that-is-far-longer-than-a-phone-is-wide-0123456789\"")
                .createdBy(t.writer());
        suggest(t.id(), id, "summary", "\"A long summary of the project, written by the model, in several clauses, as they often are.\"");
        t.writer().put("/api/v1/metadata/report/quarterly", "{\"data\":{\"title\":\"Q1\",\"sections\":[\"revenue\",\"costs\"]}}");
        t.writer().put("/api/v1/metadata/report/quarterly", "{\"data\":{\"title\":\"Q2 with a considerably longer title\",\"pages\":10}}");

        browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        browser.open("/sign-in");
        assertFitsThePhone();
        browser.signIn(t.writer().bearer());
        for (String page : new String[] {"/projects", "/projects/" + id, "/projects/" + id + "/meta/owner/history", "/review",
                "/search?mode=keyword&q=project", "/definitions", "/definitions?type=report", "/definitions/report/quarterly",
                "/definitions/report/quarterly?from=1&to=2", "/definitions/report/quarterly/rollback?version=1",
                "/projects/nothing-here"}) {
            browser.open(page);
            browser.waitFor("main");
            assertFitsThePhone();
        }
        // a JSON value wraps at its spaces, not letter by letter: its box is far wider than a letter
        browser.open("/projects/" + id);
        assertThat(browser.find("#meta-owner code.value").getRect().getWidth()).isGreaterThan(120);
        browser.open("/projects");
        browser.find("#select-wide").click();
        browser.type("#bulk-key", "tier");
        browser.type("#bulk-value", "1");
        browser.clickAndLoad("#bulk-apply");
        assertFitsThePhone();
    }

    private void assertFitsThePhone() {
        Number scrollWidth = (Number) browser.driver.executeScript("return document.documentElement.scrollWidth");
        Number innerWidth = (Number) browser.driver.executeScript("return window.innerWidth");
        assertThat(scrollWidth.intValue()).as("document width of %s at %s px", browser.path(), innerWidth)
                .isLessThanOrEqualTo(innerWidth.intValue());
        browser.assertAccessible();
    }

    private void suggest(String tenant, String projectId, String key, String valueJson) {
        suggest(tenant, projectId, key, valueJson, false);
    }

    /** {@code overUserValue}: as a forced regeneration does, replace what a person wrote. */
    private void suggest(String tenant, String projectId, String key, String valueJson, boolean overUserValue) {
        Caller job = new Caller(tenant, "generation-job", Role.SYSTEM, null, System.nanoTime());
        tx.executeWithoutResult(s -> metadata.putSuggestion(job, projectId, key, json.readTree(valueJson),
                Map.of("input_hash", "h-" + projectId, "provider", "local", "model", "keyphrases", "confidence", 0.7), overUserValue));
    }

    private static JsonNode entry(ApiTestBase.TenantKeys t, String projectId, String key) {
        return t.reader().get("/api/projects/" + projectId + "/meta/" + key).json();
    }

    private static boolean isStale(org.openqa.selenium.WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (org.openqa.selenium.StaleElementReferenceException e) {
            return true;
        }
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
        return postWithCookies(path, ConsoleAuthentication.COOKIE + "=" + session, form);
    }

    private HttpResponse<String> postWithCookies(String path, String cookies, Map<String, String> form) throws Exception {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (!cookies.isEmpty()) request.header("Cookie", cookies);
        return HTTP.send(request
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }
}
