package dev.almanac.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.almanac.testing.Api;
import dev.almanac.testing.ApiTestBase;
import dev.almanac.testing.TcpProxy;
import dev.almanac.testing.TestBackends;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Issue #17's outage probe, repeated: three writers keep creating projects while the external
 * PostgreSQL is cut away four times behind a TCP proxy, twice refusing connections and twice
 * accepting them and never answering, about five seconds each. During each cut, once the service
 * knows, a write is a 503 with {@code Retry-After} within two seconds; after each restore writes work
 * again without a restart; at the end every acknowledged project is there, the search index holds
 * exactly the live projects, every outbox consumer is at the head and no background loop is still
 * failing.
 *
 * <p>A failsafe IT, not a surefire test: four cuts with their recoveries take over a minute.
 * Run it alone: {@code -Dit.test=RepeatedOutagesIT -Dtest=NONE}.
 */
@ContextConfiguration(initializers = RepeatedOutagesIT.BehindProxy.class)
@TestPropertySource(properties = {"almanac.schedules.enabled=false", "almanac.database.socket-timeout=5s"})
class RepeatedOutagesIT extends ApiTestBase {
    static final TcpProxy PROXY = new TcpProxy("127.0.0.1", 5432);
    private static final Duration CUT = Duration.ofSeconds(5);

    static final class BehindProxy extends TestBackends.External {
        @Override
        protected String url() {
            return "jdbc:postgresql://127.0.0.1:" + PROXY.port() + "/test";
        }
    }

    @Autowired
    DatabaseCircuit circuit;

    private final Queue<String> acknowledged = new ConcurrentLinkedQueue<>();
    private final Queue<String> unexpected = new ConcurrentLinkedQueue<>();
    private final AtomicInteger ambiguous = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final Queue<String> recoveries = new ConcurrentLinkedQueue<>();
    private final AtomicInteger names = new AtomicInteger();

    @Test
    void repeatedCutsUnderWriteLoadLoseNothingAndEverythingCatchesUp() throws Exception {
        TenantKeys t = newTenant();
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Thread> writers = new ArrayList<>();
        for (int i = 0; i < 3; i++) writers.add(Thread.ofPlatform().name("writer-" + i).start(() -> write(t.writer(), writing)));
        try {
            List<Runnable> cuts = List.of(PROXY::cut, PROXY::blackHole, PROXY::cut, PROXY::blackHole);
            for (Runnable cut : cuts) {
                int before = acknowledged.size();
                await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= before + 10);
                cutFor(cut, t.writer());
            }
        } finally {
            writing.set(false);
            PROXY.restore();
            for (Thread w : writers) w.join(Duration.ofSeconds(150));
        }

        assertThat(List.copyOf(unexpected)).as("answers other than 201 or 503 during the cuts").isEmpty();
        List<String> ids = List.copyOf(acknowledged);
        assertThat(ids).hasSizeGreaterThan(40);
        for (String id : ids) {
            assertThat(t.reader().get("/api/projects/" + id).status()).as("acknowledged project %s", id).isEqualTo(200);
        }
        // writes refused with "nothing was changed" were not applied: the tenant holds the acknowledged
        // ones and at most the ambiguous ones (no answer, or a 503 that says the commit's outcome is unknown)
        int listed = countProjects(t.reader());
        assertThat(listed).isBetween(ids.size(), ids.size() + ambiguous.get());

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode status = t.admin().get("/api/admin/search/status").json();
            assertThat(status.get("lag_events").asLong()).as("search index lag").isZero();
            JsonNode verify = system.get("/api/admin/search/verify").json();
            assertThat(verify.get("missing")).as("live projects missing from the index").isEmpty();
            assertThat(verify.get("extra")).as("index entries without a live project").isEmpty();
            JsonNode components = anonymous.get("/actuator/health").json().get("components");
            JsonNode loops = components.get("backgroundLoops");
            assertThat(loops.get("status").asString()).isEqualTo("UP");
            for (var loop : loops.get("details").properties()) {
                assertThat(loop.getValue().get("stalled").asBoolean()).as("%s still failing", loop.getKey()).isFalse();
            }
            JsonNode outbox = components.get("outbox");
            assertThat(outbox.get("status").asString()).isEqualTo("UP");
            for (var consumer : outbox.get("details").properties()) {
                assertThat(consumer.getValue().get("lag_events").asLong()).as("outbox lag of %s", consumer.getKey()).isZero();
            }
        });
        System.out.printf("repeated outages: %d writes acknowledged (all read back), %d refused with 503, %d without answer;"
                + " first write after each restore succeeded after %s%n", ids.size(), refused.get(), ambiguous.get(), List.copyOf(recoveries));
        String last = ids.getLast();
        String name = t.reader().get("/api/projects/" + last).json().get("name").asString();
        assertThat(t.reader().get("/api/search?q=" + name + "&mode=keyword").body()).contains(last);
    }

    /** One outage: cut, wait until the service knows, check it answers fast, restore, wait until writes work. */
    private void cutFor(Runnable cut, Api writer) {
        cut.run();
        long cutAt = System.nanoTime();
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> circuit.downSince() != null);
            while (System.nanoTime() - cutAt < CUT.toNanos()) {
                long start = System.nanoTime();
                Api.Response r = writer.post("/api/projects", "{\"name\":\"probe-" + names.incrementAndGet() + "\"}");
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertThat(r.status()).as(r.toString()).isEqualTo(503);
                assertThat(millis).as("a refused write is answered fast").isLessThan(2000);
                assertThat(r.header("Retry-After")).isNotBlank();
                assertThat(r.contentType()).startsWith("application/problem+json");
                pace(250);
            }
        } finally {
            PROXY.restore();
        }
        long restoredAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            return record(writer.post("/api/projects", "{\"name\":\"after-" + names.incrementAndGet() + "\"}")) == 201;
        });
        recoveries.add((System.nanoTime() - restoredAt) / 1_000_000 + " ms");
    }

    private void write(Api writer, AtomicBoolean writing) {
        while (writing.get()) {
            String name = "cut-" + names.incrementAndGet();
            try {
                record(writer.post("/api/projects", "{\"name\":\"" + name + "\"}"));
            } catch (IllegalStateException e) {
                ambiguous.incrementAndGet(); // no answer: may or may not have been applied
            }
            // about 5 writes a second each: the point is writes in flight at each cut, not load
            pace(200);
        }
    }

    /** Files one answer to a write: acknowledged, refused (nothing was changed) or of unknown outcome. */
    private int record(Api.Response r) {
        if (r.status() == 201) acknowledged.add(r.json().get("id").asString());
        else if (r.status() == 503 && r.header("Retry-After") != null && r.body().contains("may or may not have been applied")) {
            ambiguous.incrementAndGet(); // the connection broke at COMMIT, and the service says so
        } else if (r.status() == 503 && r.header("Retry-After") != null) refused.incrementAndGet();
        else unexpected.add(r.toString());
        return r.status();
    }

    /** Pacing, not synchronisation: nothing waits for anything here. */
    private static void pace(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int countProjects(Api reader) {
        int n = 0;
        String cursor = null;
        do {
            JsonNode page = reader.get("/api/projects?limit=500" + (cursor == null ? "" : "&cursor=" + cursor)).json();
            n += page.get("items").size();
            JsonNode next = page.get("next_cursor");
            cursor = next == null || next.isNull() ? null : next.asString();
        } while (cursor != null);
        return n;
    }
}
