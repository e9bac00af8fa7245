package dev.almanac.meta;

import static dev.almanac.testing.Fixtures.aProject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.almanac.testing.ApiTestBase;
import dev.almanac.testing.TestBackends;
import dev.almanac.web.Caller;
import dev.almanac.web.Role;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * A person writes a key at the very moment a generation run stores its suggestion for it. Whatever
 * the order of commits, the run must not overwrite the person's value (it is not forced).
 */
@ContextConfiguration(initializers = TestBackends.Embedded.class)
class SuggestionRaceTest extends ApiTestBase {
    @Autowired
    ProjectMetadata metadata;
    @Autowired
    SuggestionReview review;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    JsonMapper json;

    @Test
    void aSuggestionWaitingBehindAPersonsUncommittedWriteDoesNotOverwriteIt() throws Exception {
        var t = newTenant();
        String id = aProject().createdBy(t.writer());
        Caller person = new Caller(t.id(), "person", Role.WRITER, null, System.nanoTime());
        Caller job = new Caller(t.id(), "generation-job", Role.SYSTEM, null, System.nanoTime());
        CountDownLatch written = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);

        // own threads: the common pool may have a single thread on a small machine
        var threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        CompletableFuture<Void> personTx = CompletableFuture.runAsync(() -> tx.executeWithoutResult(s -> {
            metadata.put(person, id, "category", json.valueToTree("legal"), ProjectMetadata.Precondition.NONE);
            written.countDown();
            waitFor(commit);
        }), threads);
        waitFor(written);
        CompletableFuture<Boolean> jobTx = CompletableFuture.supplyAsync(() -> tx.execute(s ->
                metadata.putSuggestion(job, id, "category", json.valueToTree("finance"), Map.of("input_hash", "h1"), false)), threads);
        // the job's insert now waits for the person's row lock
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("""
                        SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()""")
                .query(Long.class).single() > 0);
        commit.countDown();
        personTx.get();

        assertThat(jobTx.get()).isFalse();
        threads.shutdown();
        var entry = t.reader().get("/api/projects/" + id + "/meta/category").json();
        assertThat(entry.get("value").asString()).isEqualTo("legal");
        assertThat(entry.get("source").asString()).isEqualTo("user");
    }

    @Test
    void anAcceptedSuggestionIsNotReplacedByTheNextRunUnlessForced() {
        var t = newTenant();
        String id = aProject().createdBy(t.writer());
        Caller job = new Caller(t.id(), "generation-job", Role.SYSTEM, null, System.nanoTime());
        Caller person = new Caller(t.id(), "person", Role.WRITER, null, System.nanoTime());
        assertThat(suggest(job, id, "first", "h1", false)).isTrue();
        assertThat(suggest(job, id, "second", "h2", false)).isTrue(); // an open suggestion is replaced
        review.accept(person, id, "summary", null);
        assertThat(suggest(job, id, "third", "h3", false)).isFalse();
        assertThat(t.reader().get("/api/projects/" + id + "/meta/summary").json().get("value").asString()).isEqualTo("second");
        assertThat(suggest(job, id, "forced", "h3", true)).isTrue();
        assertThat(t.reader().get("/api/projects/" + id + "/meta/summary").json().get("value").asString()).isEqualTo("forced");
    }

    private boolean suggest(Caller job, String id, String value, String hash, boolean force) {
        return Boolean.TRUE.equals(tx.execute(s ->
                metadata.putSuggestion(job, id, "summary", json.valueToTree(value), Map.of("input_hash", hash), force)));
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            if (!latch.await(60, java.util.concurrent.TimeUnit.SECONDS)) throw new IllegalStateException("timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
