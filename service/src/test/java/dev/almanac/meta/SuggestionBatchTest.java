package dev.almanac.meta;

import static dev.almanac.testing.Fixtures.aProject;
import static org.assertj.core.api.Assertions.assertThat;

import dev.almanac.testing.ApiTestBase;
import dev.almanac.testing.TestBackends;
import dev.almanac.web.Caller;
import dev.almanac.web.Role;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * A generation job's answer stored in one call ({@link ProjectMetadata#putSuggestions}): the rules
 * of one suggestion hold for each key, and each stored key gets its history row, audit entry and
 * event, in the order given.
 */
@ContextConfiguration(initializers = TestBackends.Embedded.class)
class SuggestionBatchTest extends ApiTestBase {
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
    void aPersonsValueAndAKeyRejectedForTheSameInputAreLeftAloneAndTheRestIsStoredInOrder() {
        var t = newTenant();
        String id = aProject().createdBy(t.writer());
        Caller person = new Caller(t.id(), "person", Role.WRITER, null, System.nanoTime());
        Caller job = new Caller(t.id(), "generation-job", Role.SYSTEM, null, System.nanoTime());
        metadata.put(person, id, "category", json.valueToTree("legal"), ProjectMetadata.Precondition.NONE);
        tx.executeWithoutResult(s -> metadata.putSuggestion(job, id, "tags", json.valueToTree(List.of("old")), Map.of("input_hash", "h1"), false));
        review.reject(person, id, "tags", null);
        long eventsBefore = events(t.id(), id);

        List<String> stored = tx.execute(s -> metadata.putSuggestions(job, id, List.of(
                suggestion("summary", "A ledger.", "h1"), suggestion("tags", List.of("ledger"), "h1"),
                suggestion("category", "finance", "h1"), suggestion("owner", "ai-guess", "h1")), false));

        assertThat(stored).containsExactly("summary", "owner");
        assertThat(t.reader().get("/api/projects/" + id + "/meta/category").json().get("value").asString()).isEqualTo("legal");
        assertThat(t.reader().get("/api/projects/" + id + "/meta/tags").status()).isEqualTo(404);
        assertThat(t.reader().get("/api/projects/" + id + "/meta/summary").json().get("review_status").asString()).isEqualTo("suggested");
        assertThat(jdbc.sql("SELECT payload->>'key' FROM outbox WHERE tenant_id = ? AND aggregate_id = ? AND event_type = 'suggestion.created' ORDER BY seq")
                .params(t.id(), id).query(String.class).list()).endsWith("summary", "owner");
        assertThat(events(t.id(), id) - eventsBefore).isEqualTo(2);
        assertThat(jdbc.sql("SELECT count(*) FROM project_meta_history WHERE tenant_id = ? AND project_id = ? AND change = 'suggest' AND key IN ('summary', 'owner')")
                .params(t.id(), id).query(Long.class).single()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT count(*) FROM operations_log WHERE tenant_id = ? AND project_id = ? AND operation = 'put_meta' AND resource_id IN ('summary', 'owner')")
                .params(t.id(), id).query(Long.class).single()).isEqualTo(2);

        // a different input: the rejected key may be suggested again; a forced run overwrites the person's value
        List<String> forced = tx.execute(s -> metadata.putSuggestions(job, id, List.of(
                suggestion("tags", List.of("ledger"), "h2"), suggestion("category", "finance", "h2")), true));
        assertThat(forced).containsExactly("tags", "category");
    }

    private ProjectMetadata.NewSuggestion suggestion(String key, Object value, String inputHash) {
        return new ProjectMetadata.NewSuggestion(key, json.valueToTree(value), Map.of("input_hash", inputHash));
    }

    private long events(String tenantId, String projectId) {
        return jdbc.sql("SELECT count(*) FROM outbox WHERE tenant_id = ? AND aggregate_id = ? AND event_type = 'suggestion.created'")
                .params(tenantId, projectId).query(Long.class).single();
    }
}
