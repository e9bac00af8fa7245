package dev.almanac.database;

import static org.assertj.core.api.Assertions.assertThat;

import dev.almanac.testing.TestBackends;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Migrations that change rows, not only the schema: data written under an older version, migrated
 * step by step on the machine's PostgreSQL, in a schema of its own.
 */
class MigrationsTest {
    private final String schema = "almanac_mig_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @AfterEach
    void dropSchema() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Test
    void pendingQualitySuggestionsLeaveTheInboxWithAHistoryRowAndEverythingElseStays() throws Exception {
        migrateTo("19");
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schema);
            s.execute("INSERT INTO tenants (id, name) VALUES ('t1', 'T1')");
            s.execute("INSERT INTO projects (tenant_id, id, name) VALUES ('t1', 'p1', 'P1')");
            s.execute("""
                    INSERT INTO project_meta (tenant_id, project_id, key, value, version, source, review_status) VALUES
                      ('t1', 'p1', 'quality', '0.244', 3, 'ai', 'suggested'),
                      ('t1', 'p1', 'summary', '"Monthly books."', 1, 'ai', 'suggested'),
                      ('t1', 'p1', 'owner', '"finance"', 1, 'user', NULL)""");
            s.execute("INSERT INTO projects (tenant_id, id, name) VALUES ('t1', 'p2', 'P2')");
            s.execute("""
                    INSERT INTO project_meta (tenant_id, project_id, key, value, source, review_status)
                    VALUES ('t1', 'p2', 'quality', '0.9', 'ai', 'accepted')""");
        }

        migrateTo("latest");

        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schema);
            assertThat(rows(s, "SELECT project_id || '/' || key FROM project_meta ORDER BY 1"))
                    .containsExactly("p1/owner", "p1/summary", "p2/quality");
            assertThat(rows(s, "SELECT project_id || '/' || key || ' ' || change || ' v' || entry_version || ' '"
                    + " || coalesce(value::text, 'no value') FROM project_meta_history WHERE change <> 'baseline'"))
                    .containsExactly("p1/quality expire v3 no value");
        }
    }

    private void migrateTo(String target) {
        Flyway.configure()
                .dataSource(TestBackends.EXTERNAL_URL, TestBackends.EXTERNAL_USER, "")
                .schemas(schema)
                .locations("classpath:db/migration")
                .target(target)
                .load()
                .migrate();
    }

    private static Connection connect() throws Exception {
        return DriverManager.getConnection(TestBackends.EXTERNAL_URL, TestBackends.EXTERNAL_USER, "");
    }

    private static List<String> rows(Statement s, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }
}
