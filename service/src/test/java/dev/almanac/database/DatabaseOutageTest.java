package dev.almanac.database;

import static dev.almanac.testing.Fixtures.aProject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.almanac.testing.Api;
import dev.almanac.testing.ConsoleSignIn;
import dev.almanac.testing.ApiTestBase;
import dev.almanac.testing.TcpProxy;
import dev.almanac.testing.TestBackends;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The external PostgreSQL behind a TCP proxy that the test cuts in both ways an outage looks from
 * here: connections refused, and connections accepted but never answered. While it is away, anything
 * that needs it is a 503 problem with {@code Retry-After}, answered fast once the service knows; health
 * answers fast; readiness stays up (see docs/operations.md); nothing refused was written; and the
 * service recovers by itself.
 */
@ContextConfiguration(initializers = DatabaseOutageTest.BehindProxy.class)
@TestPropertySource(properties = {"almanac.schedules.enabled=false", "almanac.database.socket-timeout=5s"})
class DatabaseOutageTest extends ApiTestBase {
    static final TcpProxy PROXY = new TcpProxy("127.0.0.1", 5432);

    static final class BehindProxy extends TestBackends.External {
        @Override
        protected String url() {
            return "jdbc:postgresql://127.0.0.1:" + PROXY.port() + "/test";
        }
    }

    private final AtomicInteger names = new AtomicInteger();

    @Autowired
    DatabaseCircuit circuit;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void writesCommitThroughTheManagerThatReportsABrokenCommit() {
        // BrokenCommitTest shows why: Spring Boot's own manager hides a broken COMMIT
        assertThat(transactions).isInstanceOf(CommitAwareTransactionManager.class);
    }

    @Test
    void refusedDatabaseIsAFast503AndRecoversWithoutARestart() {
        outage(PROXY::cut);
    }

    @Test
    void silentDatabaseIsAFast503AndRecoversWithoutARestart() {
        outage(PROXY::blackHole);
    }

    private void outage(Runnable cut) {
        var t = newTenant();
        String before = aProject().createdBy(t.writer());
        int created = 1;
        cut.run();
        try {
            // the first requests may wait for the pool's connection timeout (or, on a connection the
            // network swallowed, the socket timeout) or fail at once on a dead pooled connection; once
            // the circuit is open, answers are immediate
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                Timed w = write(t.writer());
                assertThat(w.response.status()).as(w.response.toString()).isIn(201, 503);
                return circuit.downSince() != null;
            });
            for (int i = 0; i < 3; i++) {
                Timed w = write(t.writer());
                assertThat(w.millis).isLessThan(1000);
                assertThat(w.response.status()).isEqualTo(503);
                assertThat(w.response.contentType()).startsWith("application/problem+json");
                assertThat(w.response.header("Retry-After")).isNotBlank();
                assertThat(w.response.header("X-Request-ID")).isNotBlank();
                assertThat(w.response.json().get("detail").asString()).contains("database");
            }
            long start = System.nanoTime();
            Api.Response health = anonymous.get("/actuator/health");
            assertThat((System.nanoTime() - start) / 1_000_000).as("health answers fast").isLessThan(3000);
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.json().get("components").get("db").get("status").asString()).isEqualTo("DOWN");
            assertThat(anonymous.get("/actuator/health/readiness").status()).isEqualTo(200);
        } finally {
            PROXY.restore();
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> write(t.writer()).response.status() == 201);
        created++;
        assertThat(t.reader().get("/api/projects/" + before).status()).isEqualTo(200);
        // nothing refused was written: only the project before and the one after exist
        assertThat(t.reader().get("/api/projects?limit=500").json().get("items")).hasSize(created);
    }

    /**
     * Reads served from the cache (a project by id, with the API key that asks: both in
     * {@code TwoLevelCache}s) keep answering while the database is away; what is not cached (a list)
     * is a 503 like a write.
     */
    @Test
    void cachedReadsKeepAnsweringDuringAnOutage() {
        var t = newTenant();
        String id = aProject().createdBy(t.writer());
        Api.Response before = t.reader().get("/api/projects/" + id);
        assertThat(before.status()).isEqualTo(200);
        assertThat(t.reader().get("/api/projects/" + id).status()).isEqualTo(200); // now from the cache
        PROXY.cut();
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                write(t.writer());
                return circuit.downSince() != null;
            });
            Api.Response during = t.reader().get("/api/projects/" + id);
            assertThat(during.status()).as(during.toString()).isEqualTo(200);
            assertThat(during.json().get("name")).isEqualTo(before.json().get("name"));
            Api.Response list = t.reader().get("/api/projects?limit=10");
            assertThat(list.status()).as(list.toString()).isEqualTo(503);
            assertThat(list.header("Retry-After")).isNotBlank();
        } finally {
            PROXY.restore();
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> write(t.writer()).response.status() == 201);
    }

    /** A person on the console gets a readable 503 page with Retry-After, not a 500 and not JSON. */
    @Test
    void consolePagesAreAReadable503DuringAnOutage() {
        var t = newTenant();
        String cookie = ConsoleSignIn.sessionCookie("http://127.0.0.1:" + port, t.admin().bearer());
        Api browser = anonymous.header("Cookie", cookie).header("Accept", "text/html");
        assertThat(browser.get("/projects").status()).isEqualTo(200);
        PROXY.cut();
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                write(t.writer());
                return circuit.downSince() != null;
            });
            Api.Response page = browser.get("/projects");
            assertThat(page.status()).as(page.toString()).isEqualTo(503);
            assertThat(page.contentType()).startsWith("text/html");
            assertThat(page.header("Retry-After")).isNotBlank();
            assertThat(page.header("X-Request-ID")).isNotBlank();
        } finally {
            PROXY.restore();
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> browser.get("/projects").status() == 200);
    }

    /**
     * The database is fine but every pooled connection is in use: a request waits the pool's
     * connection timeout (2 s) and is answered 503 "busy" with {@code Retry-After}, and the outage
     * circuit stays closed, so the next request is served as soon as a connection comes free.
     */
    @Test
    void exhaustedPoolIsABusy503WithoutOpeningTheCircuit() throws Exception {
        var t = newTenant();
        aProject().createdBy(t.writer());
        java.util.List<java.sql.Connection> held = new java.util.ArrayList<>();
        try {
            int max = circuit.pool().getMaximumPoolSize();
            // background loops borrow connections briefly: keep taking until every one is ours
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                try {
                    held.add(circuit.pool().getConnection());
                } catch (java.sql.SQLException e) {
                    // all busy for the connection timeout; one comes back when its loop is done
                }
                return held.size() >= max;
            });
            Timed w = write(t.writer());
            assertThat(w.response.status()).as(w.response.toString()).isEqualTo(503);
            assertThat(w.response.contentType()).startsWith("application/problem+json");
            assertThat(w.response.header("Retry-After")).isEqualTo("1");
            assertThat(w.response.json().get("detail").asString()).contains("busy");
            assertThat(w.millis).as("answered after the pool's wait, not later").isLessThan(5000);
            assertThat(circuit.downSince()).as("a busy pool is not an outage").isNull();
        } finally {
            for (java.sql.Connection c : held) c.close();
        }
        assertThat(write(t.writer()).response.status()).isEqualTo(201);
    }

    private record Timed(Api.Response response, long millis) {}

    private Timed write(Api writer) {
        long start = System.nanoTime();
        Api.Response r = writer.post("/api/projects", "{\"name\":\"outage-" + names.incrementAndGet() + "\"}");
        return new Timed(r, (System.nanoTime() - start) / 1_000_000);
    }
}
