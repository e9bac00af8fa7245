package dev.almanac.generation;

import static dev.almanac.testing.Fixtures.aProject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.almanac.testing.ApiTestBase;
import dev.almanac.testing.TestBackends;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The generation module's schedules, run directly (how they are claimed and run is
 * {@code dev.almanac.schedule.SchedulesTest}'s), on the external PostgreSQL in a schema of their own
 * so the nightly run sees only this test's projects. The same properties as that test, so the two
 * share one Spring context.
 */
@ContextConfiguration(initializers = TestBackends.External.class)
@TestPropertySource(properties = {"almanac.schedules.nightly-generation.batch-size=2",
        "almanac.schedules.nightly-generation.batch-poll=100ms", "almanac.schedules.poll-interval=3600s",
        "almanac.backup.daily=true"})
class GenerationSchedulesTest extends ApiTestBase {
    private static final String TEXT = "The finance team closed the quarterly books and reconciled the general ledger "
            + "against supplier invoices. Revenue grew while operating expenses fell.";

    @Autowired
    NightlyGeneration nightly;
    @Autowired
    WeeklyCleanup cleanup;
    @Autowired
    JdbcClient jdbc;

    @Test
    void nightlyGenerationQueuesProjectsMissingAiMetadataOneBatchAtATime() throws InterruptedException {
        var t = newTenant();
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < 5; i++) missing.add(aProject().describedAs(TEXT).createdBy(t.writer()));
        String locked = aProject().describedAs(TEXT).createdBy(t.writer());
        t.writer().patch("/api/projects/" + locked, "{\"status\":\"locked\"}");
        String waiting = aProject().describedAs(TEXT).createdBy(t.writer());
        jdbc.sql("""
                        INSERT INTO generation_jobs (id, tenant_id, project_id, status, next_attempt_at)
                        VALUES (?, ?, ?, 'queued', now() + interval '1 hour')""")
                .params(UUID.randomUUID(), t.id(), waiting)
                .update();

        var off = newTenant();
        assertThat(off.admin().put("/api/settings/ai", "{\"enabled\": false}").status()).isEqualTo(200);
        String switchedOff = aProject().describedAs(TEXT).createdBy(off.writer());

        String detail = nightly.run();

        assertThat(detail).startsWith("queued 5 jobs in 3 batches");
        assertThat(off.admin().get("/api/jobs?project_id=" + switchedOff).json().get("items").size()).isZero();
        for (String id : missing) {
            JsonNode summary = t.reader().get("/api/projects/" + id + "/meta/summary").json();
            assertThat(summary.get("source").asString()).isEqualTo("ai");
        }
        assertThat(t.reader().get("/api/projects/" + locked + "/meta/summary").status()).isEqualTo(404);
        assertThat(t.reader().get("/api/projects/" + waiting + "/meta/summary").status()).isEqualTo(404);

        // batches of 2: a batch is queued only after the one before it finished
        List<JsonNode> jobs = new ArrayList<>();
        t.admin().get("/api/jobs?status=succeeded").json().get("items").forEach(jobs::add);
        assertThat(jobs).hasSize(5);
        jobs.sort(Comparator.comparing(j -> Instant.parse(j.get("created_at").asString())));
        for (int batch = 1; batch * 2 < jobs.size(); batch++) {
            Instant previousDone = Instant.parse(jobs.get(batch * 2 - 1).get("finished_at").asString())
                    .isAfter(Instant.parse(jobs.get(batch * 2 - 2).get("finished_at").asString()))
                    ? Instant.parse(jobs.get(batch * 2 - 1).get("finished_at").asString())
                    : Instant.parse(jobs.get(batch * 2 - 2).get("finished_at").asString());
            assertThat(Instant.parse(jobs.get(batch * 2).get("created_at").asString())).isAfterOrEqualTo(previousDone);
        }
        assertThat(t.admin().get("/api/operations?operation=generate_metadata").json().get("items").get(0)
                .get("actor").asString()).isEqualTo("schedule nightly-generation");

        // nothing is missing any more: a second night queues nothing
        assertThat(nightly.run()).startsWith("queued 0 jobs");
    }

    @Test
    void weeklyCleanupRemovesStaleSuggestionsOrphansAndOldJobs() {
        var t = newTenant();
        String stale = aProject().describedAs(TEXT).createdBy(t.writer());
        String fresh = aProject().describedAs(TEXT).withMeta("owner", "\"ops\"").createdBy(t.writer());
        String gone = aProject().describedAs(TEXT).withMeta("owner", "\"ops\"").createdBy(t.writer());
        for (String id : List.of(stale, fresh)) {
            String job = t.writer().post("/api/projects/" + id + "/generate_metadata/", null).json().get("job_id").asString();
            await().atMost(Duration.ofSeconds(120)).until(() ->
                    t.reader().get("/api/jobs/" + job).json().get("status").asString().equals("succeeded"));
        }
        t.writer().delete("/api/projects/" + gone);
        // a deleted project's metadata stays readable, and is now cached
        assertThat(t.reader().get("/api/projects/" + gone + "/meta/owner").status()).isEqualTo(200);
        // time passes: nobody reviewed the suggestions of one project for 100 days, another project
        // was deleted 40 days ago, one job finished 200 days ago
        jdbc.sql("UPDATE project_meta SET updated_at = now() - interval '100 days' WHERE tenant_id = ? AND project_id = ?")
                .params(t.id(), stale).update();
        jdbc.sql("UPDATE projects SET deleted_at = now() - interval '40 days' WHERE tenant_id = ? AND id = ?")
                .params(t.id(), gone).update();
        jdbc.sql("UPDATE generation_jobs SET finished_at = now() - interval '200 days' WHERE tenant_id = ? AND project_id = ?")
                .params(t.id(), fresh).update();

        String detail = cleanup.run();

        assertThat(detail).contains("expired 3 stale suggestions"); // summary, tags, category (quality is provenance)
        assertThat(t.reader().get("/api/projects/" + stale + "/meta/summary").status()).isEqualTo(404);
        assertThat(t.reader().get("/api/projects/" + fresh + "/meta/summary").status()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT count(*) FROM project_meta WHERE tenant_id = ? AND project_id = ?")
                .params(t.id(), gone).query(Long.class).single()).isZero();
        assertThat(t.reader().get("/api/projects/" + gone + "/meta/owner").status()).as("evicted from the cache").isEqualTo(404);
        assertThat(t.admin().get("/api/jobs?project_id=" + fresh).json().get("items").size()).isZero();
        assertThat(t.admin().get("/api/jobs?project_id=" + stale).json().get("items").size()).isEqualTo(1);
        // expired = remembered for this input: a run that is not forced does not bring them back
        String again = t.writer().post("/api/projects/" + stale + "/generate_metadata/", null).json().get("job_id").asString();
        await().atMost(Duration.ofSeconds(120)).until(() ->
                t.reader().get("/api/jobs/" + again).json().get("status").asString().equals("succeeded"));
        assertThat(t.reader().get("/api/projects/" + stale + "/meta/summary").status()).isEqualTo(404);
    }
}
