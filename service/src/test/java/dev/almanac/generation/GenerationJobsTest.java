package dev.almanac.generation;

import static dev.almanac.testing.Fixtures.aProject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.almanac.testing.Api;
import dev.almanac.testing.ApiTestBase;
import dev.almanac.testing.TestBackends;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;

/** POST generate_metadata → a persistent job → suggestions stored as project metadata with provenance. */
@ContextConfiguration(initializers = TestBackends.Embedded.class)
class GenerationJobsTest extends ApiTestBase {
    private static final String REPORT = "The finance team closed the quarterly books. Revenue grew eight percent while "
            + "operating expenses fell. Accounts receivable were reconciled against supplier invoices, and the tax "
            + "provision was updated for the new fiscal year. Cash flow from operations covered capital spending. "
            + "The auditors reviewed the general ledger and found no material misstatements.";

    @Test
    void generatesSuggestionsWithProvenance() {
        var t = newTenant();
        String id = aProject().named("Quarterly close").describedAs(REPORT).createdBy(t.writer());
        Api.Response accepted = t.writer().post("/api/projects/" + id + "/generate_metadata/", null);
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.json().get("status").asString()).isEqualTo("queued");
        String jobId = accepted.json().get("job_id").asString();

        JsonNode job = awaitJob(t.reader(), jobId, "succeeded");
        assertThat(job.get("attempts").asInt()).isEqualTo(1);
        assertThat(job.get("provider").asString()).isEqualTo("local");
        assertThat(job.get("model").asString()).containsIgnoringCase("minilm");
        assertThat(job.get("content_length").asInt()).isGreaterThan(REPORT.length());
        assertThat(job.get("finished_at").isNull()).isFalse();

        JsonNode summary = t.reader().get("/api/projects/" + id + "/meta/summary").json();
        assertThat(summary.get("source").asString()).isEqualTo("ai");
        assertThat(summary.get("review_status").asString()).isEqualTo("suggested");
        assertThat(REPORT).contains(summary.get("value").asString().split("(?<=\\.) ")[0]);
        assertThat(summary.get("provenance").get("input_hash").asString()).isEqualTo(job.get("input_hash").asString());
        assertThat(summary.get("provenance").get("job_id").asString()).isEqualTo(jobId);
        JsonNode tags = t.reader().get("/api/projects/" + id + "/meta/tags").json().get("value");
        assertThat(tags.size()).isBetween(3, 10);
        assertThat(t.reader().get("/api/projects/" + id + "/meta/category").json().get("value").asString()).isEqualTo("finance");

        // same input again: nothing to do
        Api.Response again = t.writer().post("/api/projects/" + id + "/generate_metadata/", null);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("status").asString()).isEqualTo("exists");
        // forced: a new job
        assertThat(t.writer().post("/api/projects/" + id + "/generate_metadata/?force=true", null).status()).isEqualTo(202);
    }

    @Test
    void neverOverwritesWhatAPersonWroteUnlessForced() {
        var t = newTenant();
        String id = aProject().named("Quarterly close").describedAs(REPORT).withMeta("category", "\"legal\"").createdBy(t.writer());
        String jobId = t.writer().post("/api/projects/" + id + "/generate_metadata", null).json().get("job_id").asString();
        awaitJob(t.reader(), jobId, "succeeded");
        JsonNode category = t.reader().get("/api/projects/" + id + "/meta/category").json();
        assertThat(category.get("value").asString()).isEqualTo("legal");
        assertThat(category.get("source").asString()).isEqualTo("user");
        assertThat(t.reader().get("/api/projects/" + id + "/meta/summary").json().get("source").asString()).isEqualTo("ai");

        String forced = t.writer().post("/api/projects/" + id + "/generate_metadata/?force=true", null).json().get("job_id").asString();
        awaitJob(t.reader(), forced, "succeeded");
        JsonNode after = t.reader().get("/api/projects/" + id + "/meta/category").json();
        assertThat(after.get("source").asString()).isEqualTo("ai");
        assertThat(after.get("value").asString()).isEqualTo("finance");
    }

    @Test
    void jobsAreTenantScopedAndRequestsValidated() {
        var a = newTenant();
        var b = newTenant();
        String id = aProject().describedAs(REPORT).createdBy(a.writer());
        String jobId = a.writer().post("/api/projects/" + id + "/generate_metadata/", null).json().get("job_id").asString();
        assertThat(b.reader().get("/api/jobs/" + jobId).status()).isEqualTo(404);
        assertThat(b.writer().post("/api/projects/" + id + "/generate_metadata/", null).status()).isEqualTo(404);
        assertThat(a.reader().post("/api/projects/" + id + "/generate_metadata/", null).status()).isEqualTo(403);
        assertThat(a.reader().get("/api/jobs/not-a-uuid").status()).isEqualTo(400);
        a.writer().patch("/api/projects/" + id, "{\"status\":\"locked\"}");
        assertThat(a.writer().post("/api/projects/" + id + "/generate_metadata/?force=true", null).status()).isEqualTo(409);
    }

    @Test
    void metricsUseTheSeedNames() {
        var t = newTenant();
        String id = aProject().describedAs(REPORT).createdBy(t.writer());
        awaitJob(t.reader(), t.writer().post("/api/projects/" + id + "/generate_metadata/", null).json().get("job_id").asString(), "succeeded");
        String metrics = anonymous.get("/actuator/prometheus").body();
        for (String name : new String[] {"project_meta_generated_total", "project_meta_generation_in_progress",
                "project_meta_generation_duration_seconds", "project_meta_content_length_chars", "project_meta_tags_count",
                "project_meta_summary_length_chars"}) {
            assertThat(metrics).as(name).contains(name);
        }
        assertThat(metrics).contains("project_meta_generated_total{application=\"almanac\",outcome=\"success\"}");
        // known failure types are exported before any failure happened (at 0 on a fresh instance)
        for (String errorType : new String[] {"AllProvidersFailed", "project_locked", "not_found", "internal"}) {
            assertThat(metrics).as(errorType)
                    .contains("project_meta_generation_failures_total{application=\"almanac\",error_type=\"" + errorType + "\"}");
        }
        assertThat(anonymous.get("/actuator/health").json().get("components").get("generationQueue").get("status").asString()).isEqualTo("UP");
    }

    private static JsonNode awaitJob(Api api, String jobId, String status) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/api/jobs/" + jobId).json().get("status").asString().equals(status));
        return api.get("/api/jobs/" + jobId).json();
    }
}
