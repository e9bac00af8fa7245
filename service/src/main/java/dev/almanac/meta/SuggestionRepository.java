package dev.almanac.meta;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The statements behind reviewing AI suggestions and cleaning up after them. */
@Repository
class SuggestionRepository {
    private final JdbcClient jdbc;

    SuggestionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Writes an AI value. Unless {@code force}, an existing row is replaced only while it is an
     * open suggestion; the condition sits in the statement itself, so a person's write or an
     * accept that commits at the same moment cannot be overwritten. Empty when nothing was written.
     */
    Optional<MetaRepository.Written> putSuggestion(String tenantId, String projectId, String key,
            MetaRepository.Change c, boolean force) {
        return jdbc.sql("""
                        INSERT INTO project_meta (tenant_id, project_id, key, value, source, review_status, provenance, updated_by)
                        VALUES (?, ?, ?, ?::jsonb, ?, ?, ?::jsonb, ?)
                        ON CONFLICT (tenant_id, project_id, key) DO UPDATE SET
                            value = EXCLUDED.value, source = EXCLUDED.source, review_status = EXCLUDED.review_status,
                            provenance = EXCLUDED.provenance, updated_by = EXCLUDED.updated_by,
                            version = project_meta.version + 1, updated_at = now()
                        WHERE ? OR (project_meta.source = 'ai' AND project_meta.review_status = 'suggested')
                        RETURNING %s, (xmax = 0) AS created""".formatted(MetaRepository.COLUMNS))
                .params(tenantId, projectId, key, c.valueJson(), c.source(), c.reviewStatus(), c.provenanceJson(), c.actor(),
                        force)
                .query((rs, n) -> new MetaRepository.Written(MetaRepository.map(rs, n), rs.getBoolean("created")))
                .optional();
    }

    /** The entry, row-locked until the transaction ends, so a review and a generation run cannot interleave. */
    Optional<MetaEntry> findForUpdate(String tenantId, String projectId, String key) {
        return jdbc.sql("SELECT " + MetaRepository.COLUMNS
                        + " FROM project_meta WHERE tenant_id = ? AND project_id = ? AND key = ? FOR UPDATE")
                .params(tenantId, projectId, key)
                .query(MetaRepository::map)
                .optional();
    }

    List<MetaEntry> suggestionsForUpdate(String tenantId, String projectId) {
        return jdbc.sql("""
                        SELECT %s FROM project_meta WHERE tenant_id = ? AND project_id = ? AND source = 'ai'
                          AND review_status = 'suggested' ORDER BY key FOR UPDATE""".formatted(MetaRepository.COLUMNS))
                .params(tenantId, projectId)
                .query(MetaRepository::map)
                .list();
    }

    /** Marks the suggestion accepted: same value, same provenance, a new version. */
    MetaEntry accept(String tenantId, String projectId, String key, String actor) {
        return jdbc.sql("""
                        UPDATE project_meta SET review_status = 'accepted', updated_by = ?, version = version + 1,
                            updated_at = now()
                        WHERE tenant_id = ? AND project_id = ? AND key = ?
                        RETURNING %s""".formatted(MetaRepository.COLUMNS))
                .params(actor, tenantId, projectId, key)
                .query(MetaRepository::map)
                .single();
    }

    void delete(String tenantId, String projectId, String key) {
        jdbc.sql("DELETE FROM project_meta WHERE tenant_id = ? AND project_id = ? AND key = ?")
                .params(tenantId, projectId, key)
                .update();
    }

    record Expired(String tenantId, String projectId, String key) {}

    /**
     * Removes up to {@code limit} suggestions nobody reviewed since {@code cutoff} and remembers them
     * as expired for their input, so a later run that is not forced does not bring them back.
     */
    List<Expired> expireSuggestions(java.time.Instant cutoff, int limit) {
        return jdbc.sql("""
                        WITH gone AS (
                            DELETE FROM project_meta WHERE id IN (
                                SELECT id FROM project_meta
                                WHERE source = 'ai' AND review_status = 'suggested' AND updated_at < ?
                                LIMIT ?)
                            RETURNING tenant_id, project_id, key, value, provenance),
                        remembered AS (
                            INSERT INTO meta_rejections (tenant_id, project_id, key, input_hash, value, reason, rejected_by)
                            SELECT tenant_id, project_id, key, coalesce(provenance ->> 'input_hash', 'unknown'), value,
                                   'expired', 'schedule cleanup'
                            FROM gone
                            ON CONFLICT (tenant_id, project_id, key, input_hash) DO NOTHING)
                        SELECT tenant_id, project_id, key FROM gone""")
                .params(java.sql.Timestamp.from(cutoff), limit)
                .query((rs, n) -> new Expired(rs.getString(1), rs.getString(2), rs.getString(3)))
                .list();
    }

    /** Metadata of projects deleted before {@code cutoff}, removed; returns what was removed. */
    List<Expired> deleteMetaOfProjectsDeletedBefore(java.time.Instant cutoff) {
        return jdbc.sql("""
                        DELETE FROM project_meta m USING projects p
                        WHERE p.tenant_id = m.tenant_id AND p.id = m.project_id AND p.status = 'deleted'
                          AND p.deleted_at < ?
                        RETURNING m.tenant_id, m.project_id, m.key""")
                .param(java.sql.Timestamp.from(cutoff))
                .query((rs, n) -> new Expired(rs.getString(1), rs.getString(2), rs.getString(3)))
                .list();
    }

    /** Remembered rejections of projects deleted before {@code cutoff} (never read through a cache). */
    int deleteRejectionsOfProjectsDeletedBefore(java.time.Instant cutoff) {
        return jdbc.sql("""
                        DELETE FROM meta_rejections r USING projects p
                        WHERE p.tenant_id = r.tenant_id AND p.id = r.project_id AND p.status = 'deleted'
                          AND p.deleted_at < ?""")
                .param(java.sql.Timestamp.from(cutoff))
                .update();
    }

    /**
     * Live projects (status active) with no AI metadata at all and no rejected or expired
     * suggestion, in (tenant, id) order after {@code afterTenant/afterId}.
     */
    List<dev.almanac.project.ProjectRef> withoutAiMetadata(String afterTenant, String afterId, int limit) {
        return jdbc.sql("""
                        SELECT p.tenant_id, p.id FROM projects p
                        WHERE p.status = 'active' AND (p.tenant_id, p.id) > (?, ?)
                          AND NOT EXISTS (SELECT 1 FROM project_meta m WHERE m.tenant_id = p.tenant_id
                                          AND m.project_id = p.id AND m.source = 'ai')
                          AND NOT EXISTS (SELECT 1 FROM meta_rejections r WHERE r.tenant_id = p.tenant_id
                                          AND r.project_id = p.id)
                        ORDER BY p.tenant_id, p.id LIMIT ?""")
                .params(afterTenant, afterId, limit)
                .query((rs, n) -> new dev.almanac.project.ProjectRef(rs.getString(1), rs.getString(2)))
                .list();
    }
}
