package dev.almanac.outbox;

import static dev.almanac.testing.Fixtures.aProject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.almanac.testing.ApiTestBase;
import dev.almanac.testing.TestBackends;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;

/** Every outbox consumer's lag, in events and seconds, in health ({@code outbox}) and in the metrics. */
@ContextConfiguration(initializers = TestBackends.Embedded.class)
class OutboxLagTest extends ApiTestBase {

    @Test
    void everyConsumerShowsItsLagInHealthAndMetrics() {
        var t = newTenant();
        aProject().createdBy(t.writer());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            JsonNode outbox = anonymous.get("/actuator/health").json().get("components").get("outbox");
            assertThat(outbox.get("status").asString()).isEqualTo("UP");
            JsonNode details = outbox.get("details");
            assertThat(details.propertyNames()).contains("webhooks", "search-embedder");
            for (String consumer : details.propertyNames()) {
                JsonNode lag = details.get(consumer);
                assertThat(lag.get("position").asString()).isNotBlank();
                assertThat(lag.get("lag_seconds").asLong()).isGreaterThanOrEqualTo(0);
                // the project's events were handed to every consumer
                assertThat(lag.get("lag_events").asLong()).as("lag of %s", consumer).isZero();
            }
            // other tests share this context and keep writing: read the metrics in the same poll
            String metrics = anonymous.get("/actuator/prometheus").body();
            assertThat(metrics).containsPattern("almanac_outbox_lag_events\\{[^}]*consumer=\"webhooks\"[^}]*} 0.0")
                    .containsPattern("almanac_outbox_lag_events\\{[^}]*consumer=\"search-embedder\"[^}]*} 0.0")
                    .containsPattern("almanac_outbox_lag_seconds\\{[^}]*consumer=\"webhooks\"[^}]*} ");
        });
    }
}
