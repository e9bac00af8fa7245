package dev.almanac.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.almanac.testing.Api;
import dev.almanac.testing.ApiTestBase;
import dev.almanac.testing.RealTextCorpus;
import dev.almanac.testing.TestBackends;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ContextConfiguration;

/**
 * Known-item search on real documents: each project holds one document from /usr/share/doc; the
 * query is a run of twelve words from the second half of that document, so the model must match
 * a passage to its document. The document must come back in the top 10.
 */
@ContextConfiguration(initializers = TestBackends.Embedded.class)
class SearchRelevanceTest extends ApiTestBase {
    private static final int DOCUMENTS = 200;

    @Test
    void knownItemQueriesFindTheirDocumentInTheTopTen() {
        var t = newTenant();
        List<RealTextCorpus.Document> docs = RealTextCorpus.load(DOCUMENTS, 250);
        assertThat(docs).as("real documents on this machine").hasSizeGreaterThan(100);
        Map<String, RealTextCorpus.Document> byId = new HashMap<>();
        for (int i = 0; i < docs.size(); i++) {
            String id = "doc-" + i;
            byId.put(id, docs.get(i));
            var body = Map.of("id", id, "name", docs.get(i).title(), "description", docs.get(i).text());
            assertThat(t.writer().post("/api/projects", Api.JSON.writeValueAsString(body)).status()).isEqualTo(201);
        }
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() ->
                system.get("/api/admin/search/status").json().get("lag_events").asLong() == 0
                        && system.get("/api/admin/search/status").json().get("embedded_projects").asLong() >= docs.size());

        Map<String, Integer> found = new HashMap<>(Map.of("semantic", 0, "keyword", 0, "hybrid", 0));
        List<String> missedSemantic = new ArrayList<>();
        for (var e : byId.entrySet()) {
            String[] words = e.getValue().text().split("\\s+");
            int from = words.length / 2;
            String query = String.join(" ", java.util.Arrays.copyOfRange(words, from, Math.min(words.length, from + 12)));
            for (String mode : found.keySet()) {
                List<String> top = new ArrayList<>();
                t.reader().get("/api/search?limit=10&mode=" + mode + "&q=" + URLEncoder.encode(query, StandardCharsets.UTF_8))
                        .json().get("items").forEach(i -> top.add(i.get("project_id").asString()));
                if (top.contains(e.getKey())) found.merge(mode, 1, Integer::sum);
                else if (mode.equals("semantic")) missedSemantic.add(query);
            }
        }
        double n = byId.size();
        System.out.printf("known-item top-10 on %d real documents: semantic %.3f, keyword %.3f, hybrid %.3f%n",
                byId.size(), found.get("semantic") / n, found.get("keyword") / n, found.get("hybrid") / n);
        assertThat(found.get("semantic") / n).as("semantic, missed e.g. %s", missedSemantic.stream().limit(5).toList()).isGreaterThan(0.8);
        assertThat(found.get("keyword") / n).isGreaterThan(0.9);
        assertThat(found.get("hybrid") / n).isGreaterThan(0.9);
    }
}
