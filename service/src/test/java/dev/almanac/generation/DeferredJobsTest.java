package dev.almanac.generation;

import static dev.almanac.testing.Fixtures.aProject;
import static org.assertj.core.api.Assertions.assertThat;

import dev.almanac.testing.ApiTestBase;
import dev.almanac.testing.TestBackends;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;

/** A job that only waited for a rate-limit token goes back to the queue without spending an attempt. */
@ContextConfiguration(initializers = TestBackends.Embedded.class)
class DeferredJobsTest extends ApiTestBase {
    @Autowired GenerationJobs jobs;
    @Autowired JdbcClient jdbc;

    @Test
    void aDeferredJobIsQueuedAgainWithItsAttemptBackAndRunsAfterThePause() {
        var t = newTenant();
        String project = aProject().createdBy(t.writer());
        GenerationJob job = jobs.enqueue(t.id(), project, false, 3, "test");
        // as a worker holds it after its second claim (kept away from this context's own workers)
        jdbc.sql("UPDATE generation_jobs SET status = 'running', attempts = 2, worker = 'w', lease_until = now() + interval '1 hour' WHERE id = ?")
                .param(job.id()).update();

        jobs.defer(job.id(), "another worker", "waiting", Duration.ofSeconds(30));
        assertThat(status(job.id())).as("only the job's own worker may put it back").isEqualTo("running");

        Instant before = Instant.now();
        jobs.defer(job.id(), "w", "waiting for a rate-limit token", Duration.ofSeconds(30));
        var row = jdbc.sql("SELECT status, attempts, error, next_attempt_at, lease_until FROM generation_jobs WHERE id = ?")
                .param(job.id()).query().singleRow();
        assertThat(row.get("status")).isEqualTo("queued");
        assertThat(row.get("attempts")).isEqualTo(1);
        assertThat((String) row.get("error")).startsWith("waiting for a rate-limit token");
        assertThat(row.get("lease_until")).isNull();
        Instant next = ((java.sql.Timestamp) row.get("next_attempt_at")).toInstant();
        assertThat(next).isAfter(before.plusSeconds(25)).isBefore(Instant.now().plusSeconds(31));
        // not claimable before its time
        jdbc.sql("UPDATE generation_jobs SET next_attempt_at = now() + interval '1 hour' WHERE id = ?").param(job.id()).update();
        assertThat(status(job.id())).isEqualTo("queued");
    }

    private String status(UUID id) {
        return jdbc.sql("SELECT status FROM generation_jobs WHERE id = ?").param(id).query(String.class).single();
    }
}
