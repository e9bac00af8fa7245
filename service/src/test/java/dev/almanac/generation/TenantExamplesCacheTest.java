package dev.almanac.generation;

import static dev.almanac.testing.Fixtures.aProject;
import static org.assertj.core.api.Assertions.assertThat;

import dev.almanac.meta.ProjectMetadata;
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
 * A tenant's examples are read once and kept: a person's decision on a category or tags drops them,
 * a generation job's new suggestions do not (every job writes some, and reading the examples again
 * for each job grew with the tenant). The row is changed behind the cache's back with SQL, so what
 * {@link TenantExamples#guidance} answers shows whether it read the database again.
 */
@ContextConfiguration(initializers = TestBackends.Embedded.class)
class TenantExamplesCacheTest extends ApiTestBase {
    @Autowired
    TenantExamples examples;
    @Autowired
    ProjectMetadata metadata;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    JsonMapper json;

    @Test
    void aNewSuggestionKeepsTheTenantsExamplesAndAPersonsDecisionDropsThem() {
        var t = newTenant();
        String generated = aProject().createdBy(t.writer());
        String reviewed = aProject().createdBy(t.writer());
        Caller person = new Caller(t.id(), "person", Role.WRITER, null, System.nanoTime());
        Caller job = new Caller(t.id(), "generation-job", Role.SYSTEM, null, System.nanoTime());

        assertThat(vocabulary(t.id(), generated)).isEmpty();
        metadata.put(person, reviewed, "tags", json.valueToTree(List.of("ledger")), ProjectMetadata.Precondition.NONE);
        assertThat(vocabulary(t.id(), generated)).containsExactly("ledger");

        // behind the cache's back: only a reload would see it
        jdbc.sql("UPDATE project_meta SET value = '[\"accounts\"]'::jsonb WHERE tenant_id = ? AND project_id = ? AND key = 'tags'")
                .params(t.id(), reviewed).update();
        assertThat(vocabulary(t.id(), generated)).containsExactly("ledger");

        tx.executeWithoutResult(s -> metadata.putSuggestions(job, generated, List.of(
                suggestion("category", "finance"), suggestion("tags", List.of("invoices"))), false));
        assertThat(vocabulary(t.id(), generated)).as("a suggestion is not a decision").containsExactly("ledger");

        metadata.put(person, generated, "category", json.valueToTree("finance"), ProjectMetadata.Precondition.NONE);
        assertThat(vocabulary(t.id(), generated)).as("a person's category is").containsExactly("accounts");
    }

    private List<String> vocabulary(String tenantId, String projectId) {
        return examples.guidance(tenantId, projectId, 10).vocabulary();
    }

    private ProjectMetadata.NewSuggestion suggestion(String key, Object value) {
        return new ProjectMetadata.NewSuggestion(key, json.valueToTree(value), Map.of("input_hash", "h1"));
    }
}
