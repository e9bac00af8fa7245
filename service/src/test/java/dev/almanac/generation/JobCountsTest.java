package dev.almanac.generation;

import static dev.almanac.testing.Fixtures.aProject;
import static org.assertj.core.api.Assertions.assertThat;

import dev.almanac.testing.ApiTestBase;
import dev.almanac.testing.TestBackends;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;

/** The jobs page's counts: per status, per tenant, and stopping at the cap instead of reading the whole ledger. */
@ContextConfiguration(initializers = TestBackends.Embedded.class)
class JobCountsTest extends ApiTestBase {
    @Autowired
    JobControl control;

    @Autowired
    JdbcClient jdbc;

    @Test
    void countsStopOneAboveTheCapAndStayInsideTheTenant() {
        var t = newTenant();
        var other = newTenant();
        String project = aProject().createdBy(t.writer());
        String elsewhere = aProject().createdBy(other.writer());
        for (int i = 0; i < 5; i++) finished(t.id(), project, "failed");
        finished(t.id(), project, "cancelled");
        for (int i = 0; i < 4; i++) finished(other.id(), elsewhere, "failed");

        List<String> statuses = List.of("failed", "cancelled", "succeeded");
        assertThat(control.countByStatus(t.id(), statuses, 100)).containsEntry("failed", 5L).containsEntry("cancelled", 1L)
                .containsEntry("succeeded", 0L);
        assertThat(control.countByStatus(t.id(), statuses, 3)).as("more than the cap reads as cap + 1")
                .containsEntry("failed", 4L).containsEntry("cancelled", 1L);
        assertThat(control.countByStatus(other.id(), statuses, 100)).containsEntry("failed", 4L).containsEntry("cancelled", 0L);
        assertThat(control.countByStatus(null, statuses, 100).get("failed")).as("the system key sees every tenant")
                .isGreaterThanOrEqualTo(9L);
    }

    private void finished(String tenantId, String projectId, String status) {
        jdbc.sql("""
                        INSERT INTO generation_jobs (id, tenant_id, project_id, status, attempts, max_attempts, finished_at)
                        VALUES (?, ?, ?, ?, 1, 1, now())""")
                .params(UUID.randomUUID(), tenantId, projectId, status)
                .update();
    }
}
