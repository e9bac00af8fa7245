package dev.almanac.meta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.almanac.testing.ApiTestBase;
import dev.almanac.testing.TestBackends;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;

/**
 * The {@code ?meta=} filter must be answered from the GIN (jsonb_path_ops) index. A tenant with
 * 5,000 projects and 25,000 entries (20 categories) is enough for the planner to pick the index on
 * its own; the benchmark shows the same plan on 1,000,000 entries.
 */
@ContextConfiguration(initializers = TestBackends.Embedded.class)
class ContainmentIndexTest extends ApiTestBase {
    @Autowired
    JdbcClient jdbc;

    @Autowired
    MetaContainmentFilter filter;

    @Test
    void metaFilterUsesTheGinIndex() {
        String tenant = newTenant().id();
        jdbc.sql("""
                INSERT INTO projects (tenant_id, id, name)
                SELECT ?, 'p' || g, 'Project ' || g FROM generate_series(1, 5000) g""").param(tenant).update();
        jdbc.sql("""
                INSERT INTO project_meta (tenant_id, project_id, key, value, source)
                SELECT ?, 'p' || g, k.key,
                       CASE k.key WHEN 'category' THEN to_jsonb('category-' || (g % 20))
                                  WHEN 'tags' THEN jsonb_build_array('t' || (g % 50), 't' || (g % 7))
                                  ELSE to_jsonb(g) END,
                       'user'
                FROM generate_series(1, 5000) g,
                     (VALUES ('category'), ('tags'), ('owner'), ('rows'), ('size')) AS k(key)""").param(tenant).update();
        jdbc.sql("ANALYZE project_meta").update();
        jdbc.sql("ANALYZE projects").update();

        var condition = filter.toCondition(tenant, "{\"category\":\"category-7\"}");
        String sql = "EXPLAIN SELECT p.id FROM projects p WHERE p.tenant_id = ? AND (" + condition.sql() + ")";
        List<Object> params = new java.util.ArrayList<>(List.of(tenant));
        params.addAll(condition.params());
        String plan = String.join("\n", jdbc.sql(sql).params(params).query(String.class).list());
        assertThat(plan).contains("project_meta_value");
        assertThat(jdbc.sql("SELECT count(*) FROM projects p WHERE p.tenant_id = ? AND (" + condition.sql() + ")")
                .params(params).query(Long.class).single()).isEqualTo(250);
    }
}
