package dev.almanac.meta;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Suggestions that were rejected (or expired unreviewed), per input hash: the memory that keeps a
 * run that is not forced from suggesting the same key again for the same input.
 */
@Repository
class MetaRejections {
    static final String UNKNOWN_INPUT = "unknown";

    private final JdbcClient jdbc;

    MetaRejections(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Of the given keys, each with the input hash it would be suggested for, those rejected (or
     * expired unreviewed) for that same hash: one statement for all of them.
     */
    Set<String> rejectedKeys(String tenantId, String projectId, Map<String, String> inputHashByKey) {
        if (inputHashByKey.isEmpty()) return Set.of();
        List<String> keys = List.copyOf(inputHashByKey.keySet());
        return new HashSet<>(jdbc.sql("""
                        SELECT r.key FROM meta_rejections r
                        JOIN unnest(?::text[], ?::text[]) AS u(key, input_hash) ON r.key = u.key AND r.input_hash = u.input_hash
                        WHERE r.tenant_id = ? AND r.project_id = ?""")
                .params(keys.toArray(String[]::new), keys.stream().map(inputHashByKey::get).toArray(String[]::new),
                        tenantId, projectId)
                .query(String.class)
                .list());
    }

    void remember(String tenantId, String projectId, String key, String inputHash, String valueJson, String reason,
            String actor) {
        jdbc.sql("""
                        INSERT INTO meta_rejections (tenant_id, project_id, key, input_hash, value, reason, rejected_by)
                        VALUES (?, ?, ?, ?, ?::jsonb, ?, ?)
                        ON CONFLICT (tenant_id, project_id, key, input_hash) DO UPDATE SET
                            value = EXCLUDED.value, reason = EXCLUDED.reason, rejected_by = EXCLUDED.rejected_by,
                            rejected_at = now()""")
                .params(tenantId, projectId, key, inputHash == null ? UNKNOWN_INPUT : inputHash, valueJson, reason, actor)
                .update();
    }

    /** Rejected values of {@code key} in the tenant, newest first (reason "rejected": not the expired ones). */
    List<LabelledValue> rejected(String tenantId, String key, int limit) {
        return jdbc.sql("""
                        SELECT project_id, value::text AS value FROM meta_rejections
                        WHERE tenant_id = ? AND key = ? AND reason = 'rejected' AND value IS NOT NULL
                        ORDER BY rejected_at DESC LIMIT ?""")
                .params(tenantId, key, limit)
                .query((rs, row) -> new LabelledValue(rs.getString("project_id"), rs.getString("value"), false))
                .list();
    }
}
