package dev.almanac.background;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.almanac.testing.ApiTestBase;
import dev.almanac.testing.TestBackends;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;

/** Every background loop shows in health ({@code backgroundLoops}) with the time of its last progress. */
@ContextConfiguration(initializers = TestBackends.Embedded.class)
class BackgroundLoopsHealthTest extends ApiTestBase {

    @Test
    void everyLoopShowsItsLastProgress() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            JsonNode component = anonymous.get("/actuator/health").json().get("components").get("backgroundLoops");
            assertThat(component.get("status").asString()).isEqualTo("UP");
            JsonNode loops = component.get("details");
            assertThat(loops.propertyNames()).contains("Outbox dispatcher", "Search index follower", "Job event feed");
            assertThat(loops.propertyNames()).anyMatch(name -> name.startsWith("Generation worker"));
            for (String name : loops.propertyNames()) {
                JsonNode loop = loops.get(name);
                assertThat(loop.get("alive").asBoolean()).as("%s alive", name).isTrue();
                // a real timestamp: each loop has completed a round since it started
                assertThat(Instant.parse(loop.get("last_progress").asString())).as("%s last progress", name).isNotNull();
            }
        });
    }
}
