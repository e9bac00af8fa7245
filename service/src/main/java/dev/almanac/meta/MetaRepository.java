package dev.almanac.meta;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class MetaRepository {
    static final String COLUMNS = """
            key, value::text AS value, version, source, review_status, provenance::text AS provenance,
            created_at, updated_at, updated_by""";

    private final JdbcClient jdbc;

    MetaRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Written(MetaEntry entry, boolean created) {}

    record Change(String valueJson, String source, String reviewStatus, String provenanceJson, String actor) {}

    Optional<MetaEntry> find(String tenantId, String projectId, String key) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM project_meta WHERE tenant_id = ? AND project_id = ? AND key = ?")
                .params(tenantId, projectId, key)
                .query(MetaRepository::map)
                .optional();
    }

    List<MetaEntry> list(String tenantId, String projectId, String afterKey, int limit) {
        return jdbc.sql("""
                        SELECT %s FROM project_meta WHERE tenant_id = ? AND project_id = ? AND key > ?
                        ORDER BY key LIMIT ?""".formatted(COLUMNS))
                .params(tenantId, projectId, afterKey == null ? "" : afterKey, limit)
                .query(MetaRepository::map)
                .list();
    }

    /** Insert or overwrite; {@code created} tells which ({@code xmax = 0} only for a freshly inserted row). */
    Written upsert(String tenantId, String projectId, String key, Change c) {
        return jdbc.sql("""
                        INSERT INTO project_meta (tenant_id, project_id, key, value, source, review_status, provenance, updated_by)
                        VALUES (?, ?, ?, ?::jsonb, ?, ?, ?::jsonb, ?)
                        ON CONFLICT (tenant_id, project_id, key) DO UPDATE SET
                            value = EXCLUDED.value, source = EXCLUDED.source, review_status = EXCLUDED.review_status,
                            provenance = EXCLUDED.provenance, updated_by = EXCLUDED.updated_by,
                            version = project_meta.version + 1, updated_at = now()
                        RETURNING %s, (xmax = 0) AS created""".formatted(COLUMNS))
                .params(tenantId, projectId, key, c.valueJson(), c.source(), c.reviewStatus(), c.provenanceJson(), c.actor())
                .query((rs, n) -> new Written(map(rs, n), rs.getBoolean("created")))
                .single();
    }

    /** One entry of {@link #upsertAll}. */
    record KeyedValue(String projectId, String key, String valueJson) {}

    /**
     * {@link #upsert} of many entries with the same source and actor in one statement. Each
     * (project, key) at most once (PostgreSQL refuses to change one row twice in a statement).
     * Answers in the order given, each with the project it belongs to.
     */
    List<Keyed> upsertAll(String tenantId, List<KeyedValue> values, String source, String actor) {
        List<Keyed> written = jdbc.sql("""
                        INSERT INTO project_meta (tenant_id, project_id, key, value, source, review_status, provenance, updated_by)
                        SELECT ?, u.project_id, u.key, u.value::jsonb, ?, NULL, NULL, ?
                        FROM unnest(?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS u(project_id, key, value, n)
                        ORDER BY u.n
                        ON CONFLICT (tenant_id, project_id, key) DO UPDATE SET
                            value = EXCLUDED.value, source = EXCLUDED.source, review_status = EXCLUDED.review_status,
                            provenance = EXCLUDED.provenance, updated_by = EXCLUDED.updated_by,
                            version = project_meta.version + 1, updated_at = now()
                        RETURNING project_id, %s, (xmax = 0) AS created""".formatted(COLUMNS))
                .params(tenantId, source, actor, values.stream().map(KeyedValue::projectId).toArray(String[]::new),
                        values.stream().map(KeyedValue::key).toArray(String[]::new),
                        values.stream().map(KeyedValue::valueJson).toArray(String[]::new))
                .query((rs, n) -> new Keyed(rs.getString("project_id"), new Written(map(rs, n), rs.getBoolean("created"))))
                .list();
        // RETURNING's order is not promised: put the answers back in the order asked
        java.util.Map<String, Keyed> byKey = new java.util.HashMap<>();
        written.forEach(k -> byKey.put(k.projectId() + ":" + k.written().entry().key(), k));
        return values.stream().map(v -> byKey.get(v.projectId() + ":" + v.key())).toList();
    }

    record Keyed(String projectId, Written written) {}

    /** Overwrites only if the entry is still at {@code expectedVersion}: the compare-and-set behind If-Match. */
    Optional<MetaEntry> updateIfVersion(String tenantId, String projectId, String key, long expectedVersion, Change c) {
        return jdbc.sql("""
                        UPDATE project_meta SET value = ?::jsonb, source = ?, review_status = ?, provenance = ?::jsonb,
                            updated_by = ?, version = version + 1, updated_at = now()
                        WHERE tenant_id = ? AND project_id = ? AND key = ? AND version = ?
                        RETURNING %s""".formatted(COLUMNS))
                .params(c.valueJson(), c.source(), c.reviewStatus(), c.provenanceJson(), c.actor(), tenantId, projectId,
                        key, expectedVersion)
                .query(MetaRepository::map)
                .optional();
    }

    Optional<MetaEntry> insertIfAbsent(String tenantId, String projectId, String key, Change c) {
        return jdbc.sql("""
                        INSERT INTO project_meta (tenant_id, project_id, key, value, source, review_status, provenance, updated_by)
                        VALUES (?, ?, ?, ?::jsonb, ?, ?, ?::jsonb, ?)
                        ON CONFLICT (tenant_id, project_id, key) DO NOTHING
                        RETURNING %s""".formatted(COLUMNS))
                .params(tenantId, projectId, key, c.valueJson(), c.source(), c.reviewStatus(), c.provenanceJson(), c.actor())
                .query(MetaRepository::map)
                .optional();
    }

    Optional<MetaEntry> delete(String tenantId, String projectId, String key, Long expectedVersion) {
        return jdbc.sql("""
                        DELETE FROM project_meta WHERE tenant_id = ? AND project_id = ? AND key = ?
                          AND (?::bigint IS NULL OR version = ?)
                        RETURNING %s""".formatted(COLUMNS))
                .params(tenantId, projectId, key, expectedVersion, expectedVersion)
                .query(MetaRepository::map)
                .optional();
    }

    /** All entries of these projects, grouped by project id. */
    java.util.Map<String, List<MetaEntry>> entriesOf(String tenantId, java.util.Collection<String> projectIds) {
        java.util.Map<String, List<MetaEntry>> byProject = new java.util.HashMap<>();
        jdbc.sql("""
                        SELECT project_id, %s FROM project_meta WHERE tenant_id = ? AND project_id = ANY(?)
                        ORDER BY project_id, key""".formatted(COLUMNS))
                .params(tenantId, projectIds.toArray(String[]::new))
                .query((rs, n) -> {
                    byProject.computeIfAbsent(rs.getString("project_id"), k -> new java.util.ArrayList<>()).add(map(rs, n));
                    return null;
                })
                .list();
        return byProject;
    }

    List<String> valueKeys(String tenantId) {
        return jdbc.sql("""
                        SELECT DISTINCT key FROM project_meta
                        WHERE tenant_id = ? AND NOT (source = 'ai' AND review_status IS NOT DISTINCT FROM 'suggested')
                        ORDER BY key""")
                .param(tenantId)
                .query(String.class)
                .list();
    }

    long count(String tenantId) {
        return jdbc.sql("SELECT count(*) FROM project_meta WHERE tenant_id = ?").param(tenantId).query(Long.class).single();
    }

    static MetaEntry map(ResultSet rs, int row) throws SQLException {
        return new MetaEntry(rs.getString("key"), rs.getString("value"), rs.getLong("version"), rs.getString("source"),
                rs.getString("review_status"), rs.getString("provenance"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(), rs.getString("updated_by"));
    }

    /** Values of {@code key} people wrote, edited or accepted (see {@link ProjectMetadata#labelled}). */
    List<LabelledValue> decided(String tenantId, String key, int limit) {
        return jdbc.sql("""
                        SELECT project_id, value::text AS value FROM project_meta
                        WHERE tenant_id = ? AND key = ? AND (source = 'user' OR review_status = 'accepted')
                        ORDER BY updated_at DESC LIMIT ?""")
                .params(tenantId, key, limit)
                .query((rs, row) -> new LabelledValue(rs.getString("project_id"), rs.getString("value"), true))
                .list();
    }
}
