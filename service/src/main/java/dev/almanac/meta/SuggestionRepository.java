package dev.almanac.meta;

import dev.almanac.project.ProjectRef;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The statements behind reviewing AI suggestions and cleaning up after them. */
@Repository
class SuggestionRepository {
    private final JdbcClient jdbc;

    SuggestionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One AI value for {@link #putSuggestions}. */
    record Keyed(String key, MetaRepository.Change change) {}

    /**
     * Writes AI values of one project, all in one statement. Unless {@code force}, an existing row is
     * replaced only while it is an open suggestion; the condition sits in the statement itself, so a
     * person's write or an accept that commits at the same moment cannot be overwritten. Answers what
     * was written, in the order given (keys must differ); a key left out was not written.
     */
    List<MetaRepository.Written> putSuggestions(String tenantId, String projectId, List<Keyed> values, boolean force) {
        if (values.isEmpty()) return List.of();
        List<MetaRepository.Written> written = jdbc.sql("""
                        INSERT INTO project_meta (tenant_id, project_id, key, value, source, review_status, provenance, updated_by)
                        SELECT ?, ?, u.key, u.value::jsonb, u.source, u.review_status, u.provenance::jsonb, u.updated_by
                        FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                             AS u(key, value, source, review_status, provenance, updated_by)
                        ORDER BY u.key
                        ON CONFLICT (tenant_id, project_id, key) DO UPDATE SET
                            value = EXCLUDED.value, source = EXCLUDED.source, review_status = EXCLUDED.review_status,
                            provenance = EXCLUDED.provenance, updated_by = EXCLUDED.updated_by,
                            version = project_meta.version + 1, updated_at = now()
                        WHERE ? OR (project_meta.source = 'ai' AND project_meta.review_status = 'suggested')
                        RETURNING %s, (xmax = 0) AS created""".formatted(MetaRepository.COLUMNS))
                .params(tenantId, projectId,
                        values.stream().map(Keyed::key).toArray(String[]::new),
                        values.stream().map(v -> v.change().valueJson()).toArray(String[]::new),
                        values.stream().map(v -> v.change().source()).toArray(String[]::new),
                        values.stream().map(v -> v.change().reviewStatus()).toArray(String[]::new),
                        values.stream().map(v -> v.change().provenanceJson()).toArray(String[]::new),
                        values.stream().map(v -> v.change().actor()).toArray(String[]::new),
                        force)
                .query((rs, n) -> new MetaRepository.Written(MetaRepository.map(rs, n), rs.getBoolean("created")))
                .list();
        // rows are locked in key order, as a review of all of a project's suggestions locks them, so the
        // two cannot deadlock; RETURNING gives no order: put the answer back in the caller's
        List<String> order = values.stream().map(Keyed::key).toList();
        return written.stream().sorted(Comparator.comparingInt(w -> order.indexOf(w.entry().key()))).toList();
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

    /** Open suggestions across the tenant, oldest first, after (project, key); and how many there are. */
    List<Suggestion> openSuggestions(String tenantId, int limit) {
        return jdbc.sql("""
                        SELECT project_id, %s FROM project_meta WHERE tenant_id = ? AND source = 'ai' AND review_status = 'suggested'
                        ORDER BY project_id, key LIMIT ?""".formatted(MetaRepository.COLUMNS))
                .params(tenantId, limit)
                .query((rs, n) -> new Suggestion(rs.getString("project_id"), MetaRepository.map(rs, n)))
                .list();
    }

    long countOpenSuggestions(String tenantId) {
        return jdbc.sql("SELECT count(*) FROM project_meta WHERE tenant_id = ? AND source = 'ai' AND review_status = 'suggested'")
                .param(tenantId)
                .query(Long.class)
                .single();
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

    /** Every metadata entry of these projects, removed; returns what was removed. */
    List<Expired> deleteMetaOf(List<ProjectRef> projects) {
        return jdbc.sql("""
                        DELETE FROM project_meta WHERE (tenant_id, project_id) IN (SELECT * FROM unnest(?::text[], ?::text[]))
                        RETURNING tenant_id, project_id, key""")
                .params(tenants(projects), ids(projects))
                .query((rs, n) -> new Expired(rs.getString(1), rs.getString(2), rs.getString(3)))
                .list();
    }

    /** The remembered rejections of these projects (never read through a cache), removed; returns how many. */
    int deleteRejectionsOf(List<ProjectRef> projects) {
        return jdbc.sql("DELETE FROM meta_rejections WHERE (tenant_id, project_id) IN (SELECT * FROM unnest(?::text[], ?::text[]))")
                .params(tenants(projects), ids(projects))
                .update();
    }

    /** Those of these projects that have AI metadata, or a rejected or expired suggestion remembered. */
    Set<ProjectRef> withAiHistory(List<ProjectRef> projects) {
        return new HashSet<>(jdbc.sql("""
                        WITH wanted (tenant_id, project_id) AS (SELECT * FROM unnest(?::text[], ?::text[]))
                        SELECT m.tenant_id, m.project_id FROM project_meta m JOIN wanted w USING (tenant_id, project_id)
                        WHERE m.source = 'ai'
                        UNION
                        SELECT r.tenant_id, r.project_id FROM meta_rejections r JOIN wanted w USING (tenant_id, project_id)""")
                .params(tenants(projects), ids(projects))
                .query((rs, n) -> new ProjectRef(rs.getString(1), rs.getString(2)))
                .list());
    }

    private static String[] tenants(List<ProjectRef> projects) {
        return projects.stream().map(ProjectRef::tenantId).toArray(String[]::new);
    }

    private static String[] ids(List<ProjectRef> projects) {
        return projects.stream().map(ProjectRef::id).toArray(String[]::new);
    }
}
