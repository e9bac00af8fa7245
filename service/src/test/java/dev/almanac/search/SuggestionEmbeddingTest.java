package dev.almanac.search;

import static dev.almanac.testing.Fixtures.aProject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.almanac.meta.ProjectMetadata;
import dev.almanac.testing.ApiTestBase;
import dev.almanac.testing.TestBackends;
import dev.almanac.web.Caller;
import dev.almanac.web.Role;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * An AI suggestion nobody has reviewed is found by its words at once, but leaves the project's
 * vectors as they were; accepted, it is embedded with the rest of the project.
 */
@ContextConfiguration(initializers = TestBackends.Embedded.class)
class SuggestionEmbeddingTest extends ApiTestBase {

    @Autowired EmbeddingStore store;
    @Autowired ProjectMetadata metadata;
    @Autowired TransactionTemplate tx;
    @Autowired JsonMapper json;

    @Test
    void anOpenSuggestionIsFoundByItsWordsAndEmbeddedOnlyOnceAccepted() {
        var t = newTenant();
        String id = aProject().named("Shop ledger").describedAs("Bookkeeping for small shops: invoices and receipts.")
                .createdBy(t.writer());
        await().atMost(Duration.ofSeconds(30)).until(() -> store.load(t.id(), List.of(id)).containsKey(id));
        EmbeddingStore.Stored before = store.load(t.id(), List.of(id)).get(id);

        Caller job = new Caller(t.id(), "generation-job", Role.SYSTEM, null, System.nanoTime());
        tx.executeWithoutResult(s -> metadata.putSuggestion(job, id, "summary",
                json.valueToTree("Tracks zebrafish feeding schedules."), Map.of("input_hash", "h1"), false));

        await().atMost(Duration.ofSeconds(30)).until(() -> foundByKeyword(t, "zebrafish"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> system.get("/api/admin/search/status").json().get("lag_events").asLong() == 0);
        EmbeddingStore.Stored whileOpen = store.load(t.id(), List.of(id)).get(id);
        assertThat(whileOpen.textHash()).isEqualTo(before.textHash());
        assertThat(whileOpen.chunks()).extracting(EmbeddingStore.Chunk::text).noneMatch(text -> text.contains("zebrafish"));

        assertThat(t.writer().post("/api/projects/" + id + "/meta/summary/accept", "").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> store.load(t.id(), List.of(id)).get(id).chunks().stream()
                .anyMatch(chunk -> chunk.text().contains("zebrafish")));
        assertThat(store.load(t.id(), List.of(id)).get(id).textHash()).isNotEqualTo(before.textHash());
    }

    private static boolean foundByKeyword(TenantKeys t, String word) {
        var items = t.reader().get("/api/search?mode=keyword&limit=5&q=" + URLEncoder.encode(word, StandardCharsets.UTF_8))
                .json().get("items");
        return items != null && items.size() == 1;
    }
}
