package dev.almanac.search;

import static dev.almanac.testing.Fixtures.aProject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.almanac.embedding.OpenAiCompatibleEmbeddings;
import dev.almanac.outbox.Outbox;
import dev.almanac.project.Projects;
import dev.almanac.testing.Api;
import dev.almanac.testing.ApiTestBase;
import dev.almanac.testing.TestBackends;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Switching the embedding model re-embeds every project in the background, with progress, and the
 * OpenAI-compatible provider speaks the wire format (tested against a local server, since the
 * remote API is the edge we do not own).
 */
@ContextConfiguration(initializers = TestBackends.Embedded.class)
class EmbeddingModelChangeTest extends ApiTestBase {
    private static final int DIM = 8;

    @Autowired SearchableProjects loader;
    @Autowired EmbeddingStore store;
    @Autowired Outbox outbox;
    @Autowired Projects projects;
    @Autowired JdbcClient jdbc;
    @Autowired TransactionTemplate tx;

    private HttpServer server;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicReference<String> lastAuthorization = new AtomicReference<>();
    private volatile int failWith = 0;

    @BeforeEach
    void startFakeEmbeddingServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/embeddings", exchange -> {
            calls.incrementAndGet();
            lastAuthorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            JsonNode request = Api.JSON.readTree(exchange.getRequestBody().readAllBytes());
            byte[] body;
            int status = failWith == 0 ? 200 : failWith;
            if (status == 200) {
                List<Map<String, Object>> data = new ArrayList<>();
                int i = 0;
                for (JsonNode input : request.get("input")) {
                    float[] v = new float[DIM];
                    for (char ch : input.asString().toCharArray()) v[ch % DIM] += 1; // deterministic, text-dependent
                    List<Float> values = new ArrayList<>();
                    for (float f : v) values.add(f);
                    data.add(Map.of("object", "embedding", "index", i++, "embedding", values));
                }
                body = Api.JSON.writeValueAsBytes(Map.of("object", "list", "data", data, "model", request.get("model").asString()));
            } else {
                body = "{\"error\":{\"message\":\"overloaded\"}}".getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private OpenAiCompatibleEmbeddings remote() {
        return new OpenAiCompatibleEmbeddings("http://127.0.0.1:" + server.getAddress().getPort() + "/v1", "sk-secret-test-key",
                "fake-embedder", DIM, Duration.ofSeconds(5));
    }

    @Test
    void changingTheModelReEmbedsEveryProjectWithProgress() {
        var t = newTenant();
        for (int i = 0; i < 12; i++) aProject().describedAs("project number " + i + " about things").createdBy(t.writer());
        await().atMost(Duration.ofSeconds(30)).until(() -> system.get("/api/admin/search/status").json().get("lag_events").asLong() == 0);

        OpenAiCompatibleEmbeddings remote = remote();
        ProjectEmbedder embedder = new ProjectEmbedder(loader, store, remote, outbox);
        EmbeddingBackfill backfill = new EmbeddingBackfill(projects, embedder, jdbc, tx, store);
        long live = backfillTarget();
        backfill.run();

        assertThat(backfill.progress().running()).isFalse();
        assertThat(backfill.progress().scanned()).isEqualTo(live);
        assertThat(backfill.progress().embedded()).isEqualTo(live);
        assertThat(store.countProjects(remote.modelName())).isEqualTo(live);
        assertThat(lastAuthorization.get()).isEqualTo("Bearer sk-secret-test-key");

        // a second pass finds nothing to do: unchanged text is not embedded again
        int before = calls.get();
        EmbeddingBackfill again = new EmbeddingBackfill(projects, embedder, jdbc, tx, store);
        again.run();
        assertThat(again.progress().embedded()).isZero();
        assertThat(calls.get()).isEqualTo(before);
    }

    @Test
    void providerErrorsNameNeitherKeyNorBody() {
        failWith = 503;
        assertThatThrownBy(() -> remote().embed("hello"))
                .hasMessageContaining("503")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("sk-secret-test-key").doesNotContain("overloaded"));
    }

    private long backfillTarget() {
        return jdbc.sql("SELECT count(*) FROM projects WHERE status <> 'deleted'").query(Long.class).single();
    }
}
