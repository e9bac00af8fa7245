package dev.almanac.generation;

import static dev.almanac.testing.Fixtures.aProject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.almanac.testing.ApiTestBase;
import dev.almanac.testing.TestBackends;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** {@code almanac.generation.enabled=false}: the instance queues jobs for others but runs none, and no generation schedule. */
@ContextConfiguration(initializers = TestBackends.Embedded.class)
@TestPropertySource(properties = {"almanac.generation.enabled=false", "almanac.schedules.poll-interval=1s"})
class GenerationSwitchedOffTest extends ApiTestBase {

    @Test
    void queuesJobsButRunsNoWorkerAndNoGenerationSchedule() {
        var t = newTenant();
        String id = aProject().describedAs("The finance team closed the quarterly books.").createdBy(t.writer());
        var requested = t.writer().post("/api/projects/" + id + "/generate_metadata/", null);
        assertThat(requested.status()).isEqualTo(202);
        String job = requested.json().get("job_id").asString();

        // with a worker it would be claimed within half a second
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> t.reader().get("/api/jobs/" + job).json().get("status").asString().equals("queued"));
        assertThat(t.reader().get("/api/jobs/" + job).json().get("attempts").asInt()).isZero();

        JsonNode health = anonymous.get("/actuator/health").json().get("components").get("generationQueue");
        assertThat(health.get("status").asString()).isEqualTo("UP");
        assertThat(health.get("details").get("enabled").asBoolean()).isFalse();
        assertThat(health.get("details").get("workers").asInt()).isZero();
        assertThat(health.get("details").get("backlog").asLong()).isGreaterThanOrEqualTo(1);

        // the generation schedules are off here; the others (the staging cleanup) still run
        await().atMost(Duration.ofSeconds(10)).until(() -> schedule(t, "staging-cleanup").hasNonNull("next_run_at"));
        assertThat(schedule(t, "staging-cleanup").get("enabled_here").asBoolean()).isTrue();
        for (String name : List.of(NightlyGeneration.NAME, WeeklyCleanup.NAME)) {
            JsonNode s = schedule(t, name);
            assertThat(s.get("enabled_here").asBoolean()).isFalse();
            assertThat(s.get("next_run_at").isNull()).as("never registered: %s", s).isTrue();
        }

        // the admin endpoints still work here: the queued job can be cancelled
        assertThat(t.admin().post("/api/jobs/" + job + "/cancel", null).json().get("status").asString()).isEqualTo("cancelled");
    }

    private static JsonNode schedule(TenantKeys t, String name) {
        for (JsonNode s : t.admin().get("/api/admin/schedules").json().get("items")) {
            if (s.get("name").asString().equals(name)) return s;
        }
        throw new AssertionError("no schedule " + name);
    }
}
