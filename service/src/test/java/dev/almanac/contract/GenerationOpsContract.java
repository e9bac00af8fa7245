package dev.almanac.contract;

import static dev.almanac.testing.Fixtures.aProject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.almanac.generation.JobFinished;
import dev.almanac.meta.SuggestionCreated;
import dev.almanac.outbox.Outbox;
import dev.almanac.outbox.OutboxEvent;
import dev.almanac.outbox.OutboxPosition;
import dev.almanac.testing.Api;
import dev.almanac.testing.ApiTestBase;
import dev.almanac.testing.EventStream;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Operating AI generation: reviewing suggestions, the job admin endpoints, job events over SSE and
 * the schedules listing. Runs on the embedded and the external PostgreSQL.
 */
public abstract class GenerationOpsContract extends ApiTestBase {
    static final String REPORT = "The finance team closed the quarterly books. Revenue grew eight percent while "
            + "operating expenses fell. Accounts receivable were reconciled against supplier invoices, and the tax "
            + "provision was updated for the new fiscal year. Cash flow from operations covered capital spending. "
            + "The auditors reviewed the general ledger and found no material misstatements.";
    static final String HIKE = "The trail climbs through pine forest to an alpine lake. Hikers camp by the shore, "
            + "watch the sunset over the ridge and cook dinner on a small stove. In the morning the path descends "
            + "along a waterfall to the valley, where the village bakery sells fresh bread.";

    /** Only to put jobs into states the API reaches only through failures or timing (a failed job, a job waiting for its retry). */
    @Autowired
    JdbcClient jdbc;

    @Autowired
    Outbox outbox;

    @Autowired
    MeterRegistry meters;

    /** OpenAI is a local server that answers when a test lets it (only the test that sets its tenant's chain to openai uses it). */
    @DynamicPropertySource
    static void openAiIsASlowLocalServer(DynamicPropertyRegistry r) {
        r.add("ALMANAC_OPENAI_API_KEY", () -> "sk-contract-slow-provider");
        r.add("almanac.ai.openai.base-url", () -> "http://127.0.0.1:" + SlowProvider.INSTANCE.port() + "/v1");
        r.add("almanac.ai.openai.model", () -> "gpt-slow");
        r.add("almanac.ai.openai.timeout", () -> "60s"); // within the chain budget (90 s), longer than the test holds an answer
    }

    // ---- what generation announces ------------------------------------------------------------

    @Test
    void aJobAnnouncesItsSuggestionsThenItsEndInTheProjectsStream() {
        var t = newTenant();
        OutboxPosition before = outbox.head();
        String id = generated(t, REPORT);
        List<String> stream = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            stream.clear();
            for (OutboxEvent e : outbox.readAfter(before, 10_000)) {
                if (e.tenantId().equals(t.id()) && e.aggregateId().equals(id)) stream.add(e.eventType());
            }
            return stream.contains("job.succeeded");
        });
        int end = stream.indexOf("job.succeeded");
        assertThat(stream.subList(0, end)).contains("project.created", "suggestion.created");
        assertThat(stream.subList(0, end).stream().filter("suggestion.created"::equals).count()).isGreaterThanOrEqualTo(3);
        assertThat(stream.subList(end + 1, stream.size())).doesNotContain("suggestion.created", "job.succeeded");

        var created = outbox.readAfter(before, 10_000).stream()
                .filter(e -> e.event() instanceof SuggestionCreated s && s.projectId().equals(id) && s.key().equals("summary"))
                .map(e -> (SuggestionCreated) e.event()).findFirst().orElseThrow();
        JsonNode summary = t.reader().get(meta(id, "summary")).json();
        assertThat(created.entry().get("value")).isEqualTo(summary.get("value"));
        assertThat(created.entry().get("provenance").get("provider").asString()).isEqualTo("local");
    }

    @Test
    void aJobThatCannotSucceedAnnouncesItsFailure() {
        var t = newTenant();
        String id = aProject().named("Quarterly close").describedAs(REPORT).createdBy(t.writer());
        assertThat(t.writer().patch("/api/projects/" + id, "{\"status\":\"locked\"}").status()).isEqualTo(200);
        OutboxPosition before = outbox.head();
        UUID job = UUID.randomUUID();
        jdbc.sql("INSERT INTO generation_jobs (id, tenant_id, project_id, status, attempts, max_attempts) VALUES (?, ?, ?, 'queued', 0, 5)")
                .params(job, t.id(), id).update();
        JsonNode failed = awaitJob(t.reader(), job.toString(), "failed");
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.readAfter(before, 10_000).stream()
                .anyMatch(e -> e.eventType().equals("job.failed") && e.aggregateId().equals(id)));
        JobFinished end = outbox.readAfter(before, 10_000).stream().map(OutboxEvent::event)
                .filter(e -> e instanceof JobFinished f && f.jobId().equals(job.toString())).map(JobFinished.class::cast)
                .findFirst().orElseThrow();
        assertThat(end.job().get("status").asString()).isEqualTo("failed");
        assertThat(end.job().get("error").asString()).isEqualTo(failed.get("error").asString()).contains("locked");
    }

    // ---- review of suggestions -------------------------------------------------------------

    @Test
    void acceptingKeepsValueSourceAndProvenanceAndBumpsTheVersion() {
        var t = newTenant();
        String id = generated(t, REPORT);
        Api.Response before = t.reader().get(meta(id, "tags"));
        long version = before.json().get("version").asLong();
        assertThat(before.header("ETag")).isEqualTo("\"" + version + "\"");

        Api.Response accepted = t.writer().header("If-Match", "\"" + version + "\"").post(meta(id, "tags") + "/accept", null);
        assertThat(accepted.status()).isEqualTo(200);
        JsonNode entry = accepted.json();
        assertThat(entry.get("review_status").asString()).isEqualTo("accepted");
        assertThat(entry.get("source").asString()).isEqualTo("ai");
        assertThat(entry.get("value")).isEqualTo(before.json().get("value"));
        assertThat(entry.get("provenance")).isEqualTo(before.json().get("provenance"));
        assertThat(entry.get("version").asLong()).isEqualTo(version + 1);
        assertThat(accepted.header("ETag")).isEqualTo("\"" + (version + 1) + "\"");

        Api.Response again = t.writer().post(meta(id, "tags") + "/accept", null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.contentType()).startsWith("application/problem+json");
        assertThat(t.writer().header("If-Match", "\"999\"").post(meta(id, "summary") + "/accept", null).status()).isEqualTo(412);
        assertThat(t.writer().header("If-Match", "\"999\"").post(meta(id, "summary") + "/reject", null).status()).isEqualTo(412);
        assertThat(t.reader().get(meta(id, "summary")).json().get("review_status").asString()).isEqualTo("suggested");

        // a person's write replaces an accepted value like any other
        assertThat(t.writer().put(meta(id, "tags"), "[\"mine\"]").status()).isEqualTo(200);
        JsonNode mine = t.reader().get(meta(id, "tags")).json();
        assertThat(mine.get("source").asString()).isEqualTo("user");
        assertThat(mine.get("review_status").isNull()).isTrue();
        assertThat(t.writer().post(meta(id, "tags") + "/reject", null).status()).isEqualTo(409);

        JsonNode log = t.reader().get("/api/operations?project_id=" + id + "&operation=accept_meta&status=success").json().get("items");
        assertThat(log.size()).isEqualTo(1);
        assertThat(log.get(0).get("resource_id").asString()).isEqualTo("tags");
    }

    @Test
    void aRunThatIsNotForcedLeavesAcceptedAndHumanValuesAlone() {
        var t = newTenant();
        String id = generated(t, REPORT);
        JsonNode tags = t.writer().post(meta(id, "tags") + "/accept", null).json();
        t.writer().put(meta(id, "category"), "\"legal\"");
        String firstHash = t.reader().get(meta(id, "summary")).json().get("provenance").get("input_hash").asString();

        // new input: the project changed, so a run that is not forced is due
        t.writer().patch("/api/projects/" + id, "{\"description\":" + Api.JSON.writeValueAsString(HIKE) + "}");
        awaitJob(t.reader(), requestJob(t.writer(), id, false), "succeeded");

        JsonNode summary = t.reader().get(meta(id, "summary")).json();
        assertThat(summary.get("provenance").get("input_hash").asString()).isNotEqualTo(firstHash);
        assertThat(summary.get("review_status").asString()).isEqualTo("suggested");
        JsonNode tagsAfter = t.reader().get(meta(id, "tags")).json();
        assertThat(tagsAfter.get("value")).isEqualTo(tags.get("value"));
        assertThat(tagsAfter.get("review_status").asString()).isEqualTo("accepted");
        assertThat(tagsAfter.get("version").asLong()).isEqualTo(tags.get("version").asLong());
        JsonNode category = t.reader().get(meta(id, "category")).json();
        assertThat(category.get("value").asString()).isEqualTo("legal");
        assertThat(category.get("source").asString()).isEqualTo("user");

        // forced: AI may overwrite both
        awaitJob(t.reader(), requestJob(t.writer(), id, true), "succeeded");
        assertThat(t.reader().get(meta(id, "category")).json().get("source").asString()).isEqualTo("ai");
        assertThat(t.reader().get(meta(id, "tags")).json().get("review_status").asString()).isEqualTo("suggested");
    }

    @Test
    void aRejectedSuggestionIsGoneAndNotSuggestedAgainForTheSameInput() {
        var t = newTenant();
        String id = generated(t, REPORT);
        long version = t.reader().get(meta(id, "summary")).json().get("version").asLong();
        Api.Response rejected = t.writer().header("If-Match", "\"" + version + "\"").post(meta(id, "summary") + "/reject", null);
        assertThat(rejected.status()).isEqualTo(204);
        assertThat(t.reader().get(meta(id, "summary")).status()).isEqualTo(404);
        assertThat(t.writer().post(meta(id, "summary") + "/reject", null).status()).isEqualTo(404);

        // same input, not forced: the run happens (summary is missing) but does not bring it back
        awaitJob(t.reader(), requestJob(t.writer(), id, false), "succeeded");
        assertThat(t.reader().get(meta(id, "summary")).status()).isEqualTo(404);
        assertThat(t.reader().get(meta(id, "tags")).status()).isEqualTo(200);

        JsonNode log = t.reader().get("/api/operations?project_id=" + id + "&operation=reject_meta&status=success").json().get("items");
        assertThat(log.size()).isEqualTo(1);
        assertThat(log.get(0).get("actor").asString()).isNotBlank();

        // forced: suggested again
        awaitJob(t.reader(), requestJob(t.writer(), id, true), "succeeded");
        assertThat(t.reader().get(meta(id, "summary")).json().get("review_status").asString()).isEqualTo("suggested");
    }

    @Test
    void acceptAllAcceptsEveryOpenSuggestionOnce() {
        var t = newTenant();
        String id = generated(t, REPORT);
        t.writer().put(meta(id, "owner"), "\"ops\"");
        Api.Response all = t.writer().post("/api/projects/" + id + "/meta/accept", null);
        assertThat(all.status()).isEqualTo(200);
        List<String> keys = new ArrayList<>();
        all.json().get("items").forEach(e -> {
            keys.add(e.get("key").asString());
            assertThat(e.get("review_status").asString()).isEqualTo("accepted");
        });
        assertThat(keys).containsExactlyInAnyOrder("summary", "tags", "category"); // quality is provenance
        assertThat(t.reader().get(meta(id, "owner")).json().get("review_status").isNull()).isTrue();
        assertThat(t.writer().post("/api/projects/" + id + "/meta/accept", null).json().get("items").size()).isZero();
        assertThat(t.reader().get("/api/operations?project_id=" + id + "&operation=accept_meta&status=success").json().get("items").size())
                .isEqualTo(3);
    }

    @Test
    void reviewIsForWritersOfTheTenantOnly() {
        var a = newTenant();
        var b = newTenant();
        String id = generated(a, REPORT);
        assertThat(a.reader().post(meta(id, "summary") + "/accept", null).status()).isEqualTo(403);
        assertThat(a.reader().post("/api/projects/" + id + "/meta/accept", null).status()).isEqualTo(403);
        assertThat(b.writer().post(meta(id, "summary") + "/accept", null).status()).isEqualTo(404);
        assertThat(b.writer().post(meta(id, "summary") + "/reject", null).status()).isEqualTo(404);
        assertThat(b.writer().post("/api/projects/" + id + "/meta/accept", null).status()).isEqualTo(404);
        assertThat(a.writer().post(meta(id, "nope") + "/accept", null).status()).isEqualTo(404);
        assertThat(a.writer().post(meta("no-such-project", "summary") + "/accept", null).status()).isEqualTo(404);
        assertThat(a.writer().post(meta(id, "-bad") + "/accept", null).status()).isEqualTo(400);
        a.writer().patch("/api/projects/" + id, "{\"status\":\"locked\"}");
        assertThat(a.writer().post(meta(id, "summary") + "/accept", null).status()).isEqualTo(409);
        assertThat(a.reader().get(meta(id, "summary")).json().get("review_status").asString()).isEqualTo("suggested");
        JsonNode denied = a.reader().get("/api/operations?status=denied&operation=accept_meta").json().get("items");
        assertThat(denied.size()).isGreaterThanOrEqualTo(1);
    }

    // ---- job operations --------------------------------------------------------------------

    @Test
    void listsJobsByStatusPageByPageWithinTheTenant() {
        var a = newTenant();
        var b = newTenant();
        String pa = aProject().createdBy(a.writer());
        String pb = aProject().createdBy(b.writer());
        for (int i = 0; i < 3; i++) insertJob(a.id(), pa, "failed");
        insertJob(a.id(), pa, "queued");
        insertJob(b.id(), pb, "failed");

        JsonNode first = a.admin().get("/api/jobs?status=failed&limit=2").json();
        assertThat(first.get("items").size()).isEqualTo(2);
        String cursor = first.get("next_cursor").asString();
        JsonNode second = a.admin().get("/api/jobs?status=failed&limit=2&cursor=" + cursor).json();
        assertThat(second.get("items").size()).isEqualTo(1);
        assertThat(second.get("next_cursor").isNull()).isTrue();
        List<String> seen = new ArrayList<>();
        first.get("items").forEach(j -> seen.add(j.get("id").asString()));
        second.get("items").forEach(j -> {
            seen.add(j.get("id").asString());
            assertThat(j.get("tenant_id").asString()).isEqualTo(a.id());
            assertThat(j.get("status").asString()).isEqualTo("failed");
        });
        assertThat(seen).doesNotHaveDuplicates();
        assertThat(a.admin().get("/api/jobs").json().get("items").size()).isEqualTo(4);
        assertThat(b.admin().get("/api/jobs?status=failed").json().get("items").size()).isEqualTo(1);
        // the system key sees every tenant
        assertThat(system.get("/api/jobs?status=failed&project_id=" + pa).json().get("items").size()).isEqualTo(3);

        assertThat(a.writer().get("/api/jobs").status()).isEqualTo(403);
        assertThat(a.admin().get("/api/jobs?status=bogus").status()).isEqualTo(400);
        assertThat(a.admin().get("/api/jobs?cursor=bm90LWEtY3Vyc29y").status()).isEqualTo(400);
        assertThat(a.admin().get("/api/jobs?limit=0").status()).isEqualTo(400);
    }

    @Test
    void aFailedJobCanBeRetriedAndThenRunsForReal() {
        var t = newTenant();
        String id = aProject().named("Quarterly close").describedAs(REPORT).createdBy(t.writer());
        UUID job = insertJob(t.id(), id, "failed");

        Api.Response retried = t.admin().post("/api/jobs/" + job + "/retry", null);
        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.json().get("status").asString()).isEqualTo("queued");
        assertThat(retried.json().get("attempts").asInt()).isZero();
        JsonNode done = awaitJob(t.reader(), job.toString(), "succeeded");
        assertThat(done.get("attempts").asInt()).isEqualTo(1);
        assertThat(t.reader().get(meta(id, "summary")).json().get("provenance").get("job_id").asString()).isEqualTo(job.toString());

        Api.Response again = t.admin().post("/api/jobs/" + job + "/retry", null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.contentType()).startsWith("application/problem+json");
        assertThat(t.admin().post("/api/jobs/" + job + "/cancel", null).status()).isEqualTo(409);
        JsonNode log = t.admin().get("/api/operations?operation=retry_job&status=success").json().get("items");
        assertThat(log.size()).isEqualTo(1);
        assertThat(log.get(0).get("resource_id").asString()).isEqualTo(job.toString());
    }

    @Test
    void aQueuedOrRunningJobCanBeCancelledAFinishedOneCannot() {
        var a = newTenant();
        var b = newTenant();
        String id = aProject().createdBy(a.writer());
        UUID waiting = insertJob(a.id(), id, "queued");
        UUID running = insertJob(a.id(), id, "running");
        UUID failed = insertJob(a.id(), id, "failed");
        OutboxPosition before = outbox.head();

        assertThat(a.writer().post("/api/jobs/" + waiting + "/cancel", null).status()).isEqualTo(403);
        assertThat(b.admin().post("/api/jobs/" + waiting + "/cancel", null).status()).isEqualTo(404);
        assertThat(b.admin().post("/api/jobs/" + running + "/cancel", null).status()).isEqualTo(404);
        assertThat(b.admin().post("/api/jobs/" + waiting + "/retry", null).status()).isEqualTo(404);
        assertThat(a.admin().post("/api/jobs/" + UUID.randomUUID() + "/cancel", null).status()).isEqualTo(404);
        assertThat(a.admin().post("/api/jobs/" + running + "/retry", null).status()).isEqualTo(409);

        Api.Response cancelled = a.admin().post("/api/jobs/" + waiting + "/cancel", null);
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asString()).isEqualTo("cancelled");
        assertThat(cancelled.json().get("finished_at").isNull()).isFalse();
        assertThat(a.reader().get("/api/jobs/" + waiting).json().get("status").asString()).isEqualTo("cancelled");

        // a running job is cancelled at once, whoever runs it (here: "elsewhere", another instance)
        Api.Response stopped = a.admin().post("/api/jobs/" + running + "/cancel", null);
        assertThat(stopped.status()).isEqualTo(200);
        assertThat(stopped.json().get("status").asString()).isEqualTo("cancelled");
        assertThat(stopped.json().get("finished_at").isNull()).isFalse();
        assertThat(stopped.json().get("error").asString()).contains("while running");

        // finished jobs stay as they ended
        for (UUID done : List.of(waiting, running, failed)) {
            Api.Response again = a.admin().post("/api/jobs/" + done + "/cancel", null);
            assertThat(again.status()).as(done.toString()).isEqualTo(409);
            assertThat(again.contentType()).startsWith("application/problem+json");
        }
        assertThat(a.admin().post("/api/jobs/" + waiting + "/retry", null).status()).isEqualTo(409);
        assertThat(a.admin().post("/api/jobs/" + running + "/retry", null).status()).isEqualTo(409);
        assertThat(a.reader().get("/api/jobs/" + failed).json().get("status").asString()).isEqualTo("failed");
        assertThat(a.admin().get("/api/jobs?status=cancelled").json().get("items").size()).isEqualTo(2);
        assertThat(a.admin().get("/api/operations?operation=cancel_job&status=success").json().get("items").size()).isEqualTo(2);
        assertThat(a.admin().get("/api/operations?operation=cancel_job&status=denied").json().get("items").size()).isEqualTo(1);

        // each cancel announced its end once, with the job as it ended
        List<JobFinished> ends = outbox.readAfter(before, 10_000).stream().map(OutboxEvent::event)
                .filter(e -> e instanceof JobFinished f && f.tenantId().equals(a.id())).map(JobFinished.class::cast).toList();
        assertThat(ends).extracting(JobFinished::eventType).containsExactly("job.cancelled", "job.cancelled");
        assertThat(ends).extracting(JobFinished::jobId).containsExactly(waiting.toString(), running.toString());
        assertThat(ends.getLast().job().get("status").asString()).isEqualTo("cancelled");
    }

    /**
     * Cancel while the worker waits for a slow provider (a local server that speaks OpenAI's chat
     * API and answers only when the test lets it): the job is cancelled at once, and the answer that
     * comes afterwards is thrown away: no suggestion, no {@code job.succeeded}, the job stays cancelled.
     */
    @Test
    void cancellingAJobWhileItsProviderAnswersStoresNothingOfTheRun() throws Exception {
        var t = newTenant();
        assertThat(t.admin().put("/api/settings/ai", "{\"chain\": [\"openai\"]}").status()).isEqualTo(200);
        String id = aProject().named("Quarterly close").describedAs(REPORT).createdBy(t.writer());
        OutboxPosition before = outbox.head();
        Counter discarded = meters.counter("project_meta_generated", "outcome", "cancelled");
        double discardedBefore = discarded.count();
        SlowProvider.INSTANCE.hold();
        try {
            String job = requestJob(t.writer(), id, false);
            assertThat(SlowProvider.INSTANCE.awaitCall(Duration.ofSeconds(120))).as("the worker called the provider").isTrue();
            assertThat(t.reader().get("/api/jobs/" + job).json().get("status").asString()).isEqualTo("running");

            Api.Response cancelled = t.admin().post("/api/jobs/" + job + "/cancel", null);
            assertThat(cancelled.status()).isEqualTo(200);
            assertThat(cancelled.json().get("status").asString()).isEqualTo("cancelled");

            SlowProvider.INSTANCE.release(); // the provider answers, well, after the cancel
            // the worker threw the answer away (counted), or, were the cancel not heeded, ended the job its own way
            await().atMost(Duration.ofSeconds(60)).until(() -> discarded.count() > discardedBefore
                    || !t.reader().get("/api/jobs/" + job).json().get("status").asString().equals("cancelled"));

            JsonNode ended = t.reader().get("/api/jobs/" + job).json();
            assertThat(ended.get("status").asString()).isEqualTo("cancelled");
            assertThat(ended.get("provider").isNull()).as("nothing of the run in the ledger").isTrue();
            for (String key : List.of("summary", "tags", "category")) {
                assertThat(t.reader().get(meta(id, key)).status()).as(key).isEqualTo(404);
            }
            assertThat(SlowProvider.INSTANCE.calls()).isEqualTo(1);
            List<String> stream = outbox.readAfter(before, 10_000).stream()
                    .filter(e -> e.tenantId().equals(t.id()) && e.aggregateId().equals(id)).map(OutboxEvent::eventType).toList();
            assertThat(stream).doesNotContain("suggestion.created", "meta.updated", "job.succeeded", "job.failed");
            assertThat(stream.stream().filter(type -> type.startsWith("job."))).containsExactly("job.cancelled");
            // the job's own event stream (the table the SSE feed reads) ends with cancelled, once
            List<String> changes = jdbc.sql("SELECT status FROM generation_job_events WHERE job_id = ? ORDER BY id")
                    .param(UUID.fromString(job)).query(String.class).list();
            assertThat(changes).containsExactly("queued", "running", "cancelled");
        } finally {
            SlowProvider.INSTANCE.release();
        }
    }

    // ---- events ----------------------------------------------------------------------------

    @Test
    void streamsTheJobsOfTheProjectAsServerSentEvents() throws InterruptedException {
        var t = newTenant();
        String id = aProject().named("Quarterly close").describedAs(REPORT).createdBy(t.writer());
        String other = aProject().describedAs(HIKE).createdBy(t.writer());
        try (EventStream events = EventStream.open(url("/api/projects/" + id + "/events"), key(t.reader()))) {
            assertThat(events.status()).isEqualTo(200);
            assertThat(events.contentType()).startsWith("text/event-stream");
            EventStream.Event ready = events.next(Duration.ofSeconds(30));
            assertThat(ready.name()).isEqualTo("ready");

            requestJob(t.writer(), other, false); // another project's job: not on this stream
            String job = requestJob(t.writer(), id, false);
            List<String> statuses = new ArrayList<>();
            while (!statuses.contains("succeeded")) {
                EventStream.Event e = events.next(Duration.ofSeconds(90));
                assertThat(e).as("an event before the job ended; got " + statuses).isNotNull();
                assertThat(e.name()).isEqualTo("job");
                assertThat(e.json().get("project_id").asString()).isEqualTo(id);
                assertThat(e.json().get("job_id").asString()).isEqualTo(job);
                statuses.add(e.json().get("status").asString());
            }
            assertThat(statuses).containsExactly("queued", "running", "succeeded");
        }
    }

    @Test
    void eventsComeFromTheDatabaseSoJobsRunByOtherInstancesShowToo() throws InterruptedException {
        var t = newTenant();
        String id = aProject().createdBy(t.writer());
        try (EventStream events = EventStream.open(url("/api/projects/" + id + "/events"), key(t.reader()))) {
            assertThat(events.next(Duration.ofSeconds(30)).name()).isEqualTo("ready");
            // what another instance does to the shared table, without any call into this one
            UUID job = insertJob(t.id(), id, "queued");
            jdbc.sql("UPDATE generation_jobs SET status = 'failed', error = 'provider down', finished_at = now() WHERE id = ?")
                    .param(job).update();
            EventStream.Event queued = events.next(Duration.ofSeconds(30));
            EventStream.Event failed = events.next(Duration.ofSeconds(30));
            assertThat(queued.json().get("job_id").asString()).isEqualTo(job.toString());
            assertThat(queued.json().get("status").asString()).isEqualTo("queued");
            assertThat(failed.json().get("status").asString()).isEqualTo("failed");
            assertThat(failed.json().get("error").asString()).isEqualTo("provider down");
            assertThat(Long.parseLong(failed.id())).isGreaterThan(Long.parseLong(queued.id()));
        }
    }

    @Test
    void eventStreamsAreTenantCheckedAndCapped() throws InterruptedException {
        var a = newTenant();
        var b = newTenant();
        String id = aProject().createdBy(a.writer());
        try (EventStream foreign = EventStream.open(url("/api/projects/" + id + "/events"), key(b.reader()))) {
            assertThat(foreign.status()).isEqualTo(404);
        }
        try (EventStream missing = EventStream.open(url("/api/projects/nope/events"), key(a.reader()))) {
            assertThat(missing.status()).isEqualTo(404);
        }
        List<EventStream> open = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                EventStream s = EventStream.open(url("/api/projects/" + id + "/events"), key(a.reader()));
                assertThat(s.status()).isEqualTo(200);
                assertThat(s.next(Duration.ofSeconds(30)).name()).isEqualTo("ready");
                open.add(s);
            }
            try (EventStream over = EventStream.open(url("/api/projects/" + id + "/events"), key(a.reader()))) {
                assertThat(over.status()).isEqualTo(429);
                assertThat(over.body()).contains("too-many-requests");
            }
            // another tenant has its own allowance
            String bp = aProject().createdBy(b.writer());
            try (EventStream theirs = EventStream.open(url("/api/projects/" + bp + "/events"), key(b.reader()))) {
                assertThat(theirs.status()).isEqualTo(200);
            }
            // a client that goes away frees its place once the next heartbeat finds it gone
            open.removeFirst().close();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                EventStream s = EventStream.open(url("/api/projects/" + id + "/events"), key(a.reader()));
                if (s.status() == 200) open.add(s);
                else s.close();
                return s.status() == 200;
            });
        } finally {
            open.forEach(EventStream::close);
        }
    }

    // ---- schedules -------------------------------------------------------------------------

    @Test
    void schedulesAreVisibleToAdmins() {
        var t = newTenant();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (JsonNode s : t.admin().get("/api/admin/schedules").json().get("items")) {
                if (s.get("name").asString().equals("nightly-generation")) return !s.get("next_run_at").isNull();
            }
            return false;
        });
        JsonNode items = t.admin().get("/api/admin/schedules").json().get("items");
        List<String> names = new ArrayList<>();
        items.forEach(s -> {
            names.add(s.get("name").asString());
            // the daily backup is off unless configured: listed, with cron "-", not run here
            boolean backup = s.get("name").asString().equals("daily-backup");
            assertThat(s.get("enabled_here").asBoolean()).as(s.toString()).isEqualTo(!backup);
            assertThat(s.get("cron").asString()).isNotBlank();
            if (backup) assertThat(s.get("cron").asString()).isEqualTo("-");
            assertThat(s.has("last_outcome")).isTrue();
            assertThat(s.has("last_finished_at")).isTrue();
        });
        assertThat(names).containsExactlyInAnyOrder("daily-backup", "nightly-generation", "outbox-pruning", "staging-cleanup", "weekly-cleanup");
        assertThat(t.writer().get("/api/admin/schedules").status()).isEqualTo(403);
    }

    // ---- helpers ---------------------------------------------------------------------------

    private String generated(TenantKeys t, String text) {
        String id = aProject().named("Quarterly close").describedAs(text).createdBy(t.writer());
        awaitJob(t.reader(), requestJob(t.writer(), id, false), "succeeded");
        return id;
    }

    private static String requestJob(Api writer, String projectId, boolean force) {
        Api.Response r = writer.post("/api/projects/" + projectId + "/generate_metadata/" + (force ? "?force=true" : ""), null);
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        return r.json().get("job_id").asString();
    }

    static JsonNode awaitJob(Api api, String jobId, String status) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/api/jobs/" + jobId).json().get("status").asString().equals(status));
        return api.get("/api/jobs/" + jobId).json();
    }

    private static String meta(String projectId, String key) {
        return "/api/projects/" + projectId + "/meta/" + key;
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private static String key(Api api) {
        return api.bearer();
    }

    /**
     * A job in a given state. {@code queued} waits for a retry an hour away and {@code running}
     * holds a long lease, so no worker takes either during the test.
     */
    private UUID insertJob(String tenantId, String projectId, String status) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO generation_jobs (id, tenant_id, project_id, status, attempts, max_attempts,
                            next_attempt_at, lease_until, worker, error, started_at, finished_at)
                        VALUES (?, ?, ?, ?, ?, 5, now() + interval '1 hour',
                            CASE WHEN ? = 'running' THEN now() + interval '1 hour' END,
                            CASE WHEN ? = 'running' THEN 'elsewhere' END,
                            CASE WHEN ? = 'failed' THEN 'IllegalStateException: provider down' END,
                            CASE WHEN ? <> 'queued' THEN now() END,
                            CASE WHEN ? = 'failed' THEN now() END)""")
                .params(id, tenantId, projectId, status, status.equals("queued") ? 1 : 5, status, status, status, status, status)
                .update();
        return id;
    }
}
