package dev.almanac.generation;

import static dev.almanac.testing.Fixtures.aProject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.almanac.testing.ApiTestBase;
import dev.almanac.testing.TcpProxy;
import dev.almanac.testing.TestBackends;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The external PostgreSQL behind a TCP proxy that the test cuts: every connection drops and new
 * ones are refused, as in a network or database outage. Jobs queued before it must finish after
 * it without a restart, and the workers must survive it, saying so once rather than every poll.
 */
@ContextConfiguration(initializers = QueueOutageRecoveryTest.BehindProxy.class)
@TestPropertySource(properties = {"almanac.generation.workers=2", "almanac.generation.lease=5s",
        "almanac.schedules.enabled=false"})
class QueueOutageRecoveryTest extends ApiTestBase {
    static final TcpProxy PROXY = new TcpProxy("127.0.0.1", 5432);

    static final class BehindProxy extends TestBackends.External {
        @Override
        protected String url() {
            return "jdbc:postgresql://127.0.0.1:" + PROXY.port() + "/test";
        }
    }

    private static final String TEXT = "The finance team closed the quarterly books and reconciled the general ledger "
            + "against supplier invoices. Revenue grew while operating expenses fell. The auditors found no issue.";

    @Autowired
    GenerationWorker worker;

    @Test
    void queuedJobsFinishAfterADatabaseOutageWithoutARestart() {
        Logger log = (Logger) LoggerFactory.getLogger(GenerationWorker.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        log.addAppender(logged);
        try {
            var t = newTenant();
            List<String> jobs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String id = aProject().describedAs(TEXT).createdBy(t.writer());
                jobs.add(t.writer().post("/api/projects/" + id + "/generate_metadata/", null).json().get("job_id").asString());
            }
            long failedBefore = worker.status().failedPolls();

            PROXY.cut();
            try {
                // both workers keep trying (and failing) for a while
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                        .until(() -> worker.status().failedPolls() >= failedBefore + 6);
                assertThat(worker.status().alive()).isEqualTo(2);
            } finally {
                PROXY.restore();
            }

            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(() -> jobs.stream()
                    .allMatch(j -> "succeeded".equals(t.reader().get("/api/jobs/" + j).json().path("status").asString(""))));
            for (String j : jobs) {
                assertThat(t.reader().get("/api/jobs/" + j).json().get("error").isNull()).isTrue();
            }

            GenerationWorker.Status status = worker.status();
            assertThat(status.alive()).isEqualTo(2);
            long warnings = logged.list.stream().filter(e -> e.getLevel() == Level.WARN).count();
            long failures = status.failedPolls() - failedBefore;
            assertThat(warnings).as("warnings for %d failed polls", failures).isBetween(1L, 2L);
            assertThat(logged.list).anyMatch(e -> e.getLevel() == Level.INFO
                    && e.getFormattedMessage().contains("database reachable again"));
            JsonNode health = anonymous.get("/actuator/health").json().get("components").get("generationQueue");
            assertThat(health.get("status").asString()).isEqualTo("UP");
            assertThat(health.get("details").get("workers_alive").asInt()).isEqualTo(2);
        } finally {
            log.detachAppender(logged);
        }
    }
}
