package dev.almanac.generation;

import static dev.almanac.testing.Fixtures.aProject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.almanac.testing.Api;
import dev.almanac.testing.ApiTestBase;
import dev.almanac.testing.TestBackends;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;

/**
 * A tenant's controlled tag vocabulary (issue 15), through the real API: validated on
 * {@code PUT /api/settings/ai}, and once set the local provider's tags are drawn from it, several
 * per project with a confidence each, free keyphrases only when the vocabulary allows them.
 */
@ContextConfiguration(initializers = TestBackends.Embedded.class)
class GenerationTagVocabularyTest extends ApiTestBase {
    static final String LEDGER = "Year-end closing of the general ledger: depreciation is booked, intercompany balances "
            + "are reconciled and the auditors receive the financial statements with the notes. The finance team "
            + "also prepares the tax provision and the cash flow forecast for the board.";
    static final String TERMS = """
            [{"term": "accounting", "description": "bookkeeping, ledgers, closing the books, financial statements"},
             {"term": "tax"},
             {"term": "hiking", "description": "trails, mountains, walking and camping"},
             {"term": "cardiology", "description": "the heart, its diseases and their treatment"},
             {"term": "software testing", "description": "unit tests, test runners and test coverage"}]""";
    static final List<String> VOCABULARY = List.of("accounting", "tax", "hiking", "cardiology", "software testing");

    @Test
    void badVocabulariesAreRefusedAsProblemsAndNothingIsWritten() {
        var t = newTenant();
        JsonNode before = t.admin().get("/api/settings/ai").json();
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i <= 500; i++) tooMany.add("{\"term\": \"term " + i + "\"}");
        for (String bad : List.of(
                "{\"tag_vocabulary\": {\"terms\": []}}",
                "{\"tag_vocabulary\": {\"terms\": [" + String.join(",", tooMany) + "]}}",
                "{\"tag_vocabulary\": {\"terms\": [{\"term\": \"\"}]}}",
                "{\"tag_vocabulary\": {\"terms\": [{\"term\": \"" + "x".repeat(65) + "\"}]}}",
                "{\"tag_vocabulary\": {\"terms\": [{\"term\": \"Tax\"}, {\"term\": \"tax\"}]}}",
                "{\"tag_vocabulary\": {\"terms\": [{\"term\": \"tax\", \"description\": \"" + "d".repeat(301) + "\"}]}}",
                "{\"tag_vocabulary\": {\"terms\": [{\"term\": \"tab\\there\"}]}}",
                "{\"tag_vocabulary\": {\"terms\": [{\"term\": \"tax\", \"weight\": 3}]}}",
                "{\"tag_vocabulary\": [\"tax\"]}")) {
            Api.Response r = t.admin().put("/api/settings/ai", bad);
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.contentType()).as(bad).startsWith("application/problem+json");
        }
        assertThat(t.admin().get("/api/settings/ai").json()).isEqualTo(before);
        assertThat(t.writer().put("/api/settings/ai", "{\"tag_vocabulary\": {\"terms\": " + TERMS + "}}").status())
                .as("admin only").isEqualTo(403);
    }

    @Test
    void tagsAreDrawnFromTheVocabularyWithAConfidenceEach() {
        var t = newTenant();
        Api.Response put = t.admin().put("/api/settings/ai", "{\"tag_vocabulary\": {\"terms\": " + TERMS + "}}");
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        JsonNode vocabulary = t.admin().get("/api/settings/ai").json().get("tag_vocabulary");
        assertThat(vocabulary.get("terms").size()).isEqualTo(5);
        assertThat(vocabulary.get("allow_free_tags").asBoolean()).isFalse();

        JsonNode tags = generatedTags(t, LEDGER);
        List<String> names = names(tags.get("value"));
        assertThat(names).as("only vocabulary terms").isNotEmpty().isSubsetOf(VOCABULARY);
        assertThat(names).contains("accounting", "tax").doesNotContain("hiking", "cardiology");
        JsonNode confidences = tags.get("provenance").get("tag_confidences");
        assertThat(confidences.size()).isEqualTo(names.size());
        for (JsonNode c : confidences) assertThat(c.asDouble()).isBetween(0.0, 1.0);
    }

    @Test
    void freeKeyphrasesJoinOnlyWhenTheVocabularyAllowsThem() {
        var t = newTenant();
        assertThat(t.admin().put("/api/settings/ai",
                "{\"tag_vocabulary\": {\"terms\": " + TERMS + ", \"allow_free_tags\": true}}").status()).isEqualTo(200);
        List<String> names = names(generatedTags(t, LEDGER).get("value"));
        assertThat(names.getFirst()).as("vocabulary terms first").isIn(VOCABULARY);
        assertThat(names).as("and keyphrases of the text").anyMatch(n -> !VOCABULARY.contains(n));
        assertThat(names.size()).isBetween(3, 8);
    }

    private static JsonNode generatedTags(TenantKeys t, String text) {
        String id = aProject().named("Closing").describedAs(text).createdBy(t.writer());
        Api.Response r = t.writer().post("/api/projects/" + id + "/generate_metadata/", null);
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        String job = r.json().get("job_id").asString();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> t.reader().get("/api/jobs/" + job).json().get("status").asString().equals("succeeded"));
        return t.reader().get("/api/projects/" + id + "/meta/tags").json();
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }
}
