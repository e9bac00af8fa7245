package dev.almanac.search;

import static dev.almanac.testing.Fixtures.aProject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.almanac.testing.ApiTestBase;
import dev.almanac.testing.TestBackends;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ContextConfiguration;

/**
 * A steady stream of writes is made searchable in a few refreshes, not one per follower round:
 * every refresh writes a segment, and at generation speed refreshing per round cost more CPU than
 * the jobs' own Java work. The last write is still searchable soon after the stream ends.
 */
@ContextConfiguration(initializers = TestBackends.Embedded.class)
class IndexRefreshUnderLoadTest extends ApiTestBase {

    @Autowired
    IndexFollower follower;

    @Test
    void aSteadyStreamOfWritesIsSearchableAfterAFewRefreshes() throws Exception {
        var t = newTenant();
        String id = aProject().describedAs("a project written many times in a row").createdBy(t.writer());
        awaitCaughtUp();
        long before = follower.index().refreshes();
        long start = System.nanoTime();
        int writes = 60;
        for (int i = 0; i < writes; i++) {
            t.writer().put("/api/projects/" + id + "/meta/note", "\"streamnote" + i + "\"");
            Thread.sleep(40);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        awaitCaughtUp();
        long refreshes = follower.index().refreshes() - before;
        // a refresh per round would be one per 100-ms poll at least (dozens): spaced by the 1-s
        // interval, the first rounds of the stream plus one a second
        assertThat(refreshes).as("refreshes for %d writes in %.1f s", writes, seconds)
                .isBetween(1L, (long) Math.ceil(seconds) + 5);
        assertThat(t.reader().get("/api/search?mode=keyword&q=streamnote" + (writes - 1)).json().get("items"))
                .as("the last write is searchable").hasSize(1);
    }

    private void awaitCaughtUp() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> system.get("/api/admin/search/status").json().get("lag_events").asLong() == 0);
    }
}
