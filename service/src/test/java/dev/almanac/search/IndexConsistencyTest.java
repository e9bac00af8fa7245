package dev.almanac.search;

import static dev.almanac.testing.Fixtures.aProject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.almanac.testing.ApiTestBase;
import dev.almanac.testing.TestBackends;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;

/**
 * After random concurrent creates, updates, locks and deletes the index holds exactly the
 * database's live projects; and a rebuild from the database gives the same answer.
 */
@ContextConfiguration(initializers = TestBackends.Embedded.class)
class IndexConsistencyTest extends ApiTestBase {

    @Test
    void indexHoldsExactlyTheLiveProjectsAfterRandomChanges() throws Exception {
        var t = newTenant();
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        try (var pool = Executors.newFixedThreadPool(6)) {
            List<Future<?>> work = new ArrayList<>();
            for (int w = 0; w < 6; w++) {
                long seed = 42 + w;
                work.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    for (int i = 0; i < 40; i++) {
                        int action = random.nextInt(10);
                        if (action < 4 || ids.isEmpty()) {
                            ids.add(aProject().describedAs("random project " + random.nextInt(1000)).createdBy(t.writer()));
                        } else {
                            String id = ids.get(random.nextInt(ids.size()));
                            switch (action) {
                                case 4, 5 -> t.writer().patch("/api/projects/" + id, "{\"description\":\"changed " + i + "\"}");
                                case 6 -> t.writer().put("/api/projects/" + id + "/meta/note", "\"note " + i + "\"");
                                case 7 -> t.writer().patch("/api/projects/" + id, "{\"status\":\"" + (random.nextBoolean() ? "locked" : "active") + "\"}");
                                default -> t.writer().delete("/api/projects/" + id);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) f.get();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> system.get("/api/admin/search/status").json().get("lag_events").asLong() == 0);
        assertConsistent();

        JsonNode rebuilt = system.post("/api/admin/search/rebuild", null).json();
        assertThat(rebuilt.get("lag_events").asLong()).isGreaterThanOrEqualTo(0);
        assertConsistent();
    }

    private void assertConsistent() {
        JsonNode verify = system.get("/api/admin/search/verify").json();
        assertThat(verify.get("missing")).as(verify.toString()).isEmpty();
        assertThat(verify.get("extra")).as(verify.toString()).isEmpty();
        assertThat(verify.get("duplicated")).as(verify.toString()).isEmpty();
        assertThat(verify.get("indexed").asLong()).isEqualTo(verify.get("live").asLong());
    }
}
