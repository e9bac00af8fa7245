package dev.almanac.meta;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The history of project metadata: one row per change, appended by the service that makes the
 * change, in its transaction. Versions shown to clients are the position of a change in its
 * entry's history (1, 2, …), which, unlike the entry's own version, survives a delete and re-create.
 * Times come from the application's clock, so {@code ?as_of=} agrees with what tests and people see.
 */
@Repository
class MetaHistoryRepository {
    static final String PUT = "put", SUGGEST = "suggest", ACCEPT = "accept", EDIT_ACCEPT = "edit_accept",
            REJECT = "reject", DELETE = "delete", RESTORE = "restore", EXPIRE = "expire";

    private static final String NUMBERED = """
            SELECT row_number() OVER (ORDER BY id) AS revision, key, entry_version, change, value::text AS value, source,
                   review_status, provenance::text AS provenance, changed_by, changed_at
            FROM project_meta_history WHERE tenant_id = ? AND project_id = ? AND key = ?""";

    private final JdbcClient jdbc;
    private final InstantSource clock;

    MetaHistoryRepository(JdbcClient jdbc, InstantSource clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    private record Row(String key, MetaVersion version) {}

    void recordWrite(String tenantId, String projectId, String change, MetaEntry e) {
        insert(tenantId, projectId, e.key(), e.version(), change, e.value(), e.source(), e.reviewStatus(), e.provenance(),
                e.updatedBy());
    }

    /** {@link #recordWrite} of many entries (of one tenant, one kind of change) in one statement. */
    void recordWrites(String tenantId, String change, List<MetaRepository.Keyed> written) {
        if (written.isEmpty()) return;
        var entries = written.stream().map(k -> k.written().entry()).toList();
        jdbc.sql("""
                        INSERT INTO project_meta_history (tenant_id, project_id, key, entry_version, change, value, source,
                            review_status, provenance, changed_by, changed_at)
                        SELECT ?, u.project_id, u.key, u.entry_version, ?, u.value::jsonb, u.source, u.review_status,
                               u.provenance::jsonb, u.changed_by, ?
                        FROM unnest(?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                             WITH ORDINALITY AS u(project_id, key, entry_version, value, source, review_status, provenance,
                                                  changed_by, n)
                        ORDER BY u.n""")
                .params(tenantId, change, Timestamp.from(clock.instant()),
                        written.stream().map(MetaRepository.Keyed::projectId).toArray(String[]::new),
                        entries.stream().map(MetaEntry::key).toArray(String[]::new),
                        entries.stream().map(MetaEntry::version).toArray(Long[]::new),
                        entries.stream().map(MetaEntry::value).toArray(String[]::new),
                        entries.stream().map(MetaEntry::source).toArray(String[]::new),
                        entries.stream().map(MetaEntry::reviewStatus).toArray(String[]::new),
                        entries.stream().map(MetaEntry::provenance).toArray(String[]::new),
                        entries.stream().map(MetaEntry::updatedBy).toArray(String[]::new))
                .update();
    }

    void recordDeletion(String tenantId, String projectId, String change, MetaEntry deleted, String actor) {
        insert(tenantId, projectId, deleted.key(), deleted.version(), change, null, null, null, null, actor);
    }

    private void insert(String tenantId, String projectId, String key, long entryVersion, String change, String value,
            String source, String reviewStatus, String provenance, String actor) {
        jdbc.sql("""
                        INSERT INTO project_meta_history (tenant_id, project_id, key, entry_version, change, value, source,
                            review_status, provenance, changed_by, changed_at)
                        VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?::jsonb, ?, ?)""")
                .params(tenantId, projectId, key, entryVersion, change, value, source, reviewStatus, provenance, actor,
                        Timestamp.from(clock.instant()))
                .update();
    }

    /** Removed suggestions, recorded by the statement that removed them. */
    void recordExpired(List<SuggestionRepository.Expired> expired) {
        for (var e : expired) {
            jdbc.sql("""
                            INSERT INTO project_meta_history (tenant_id, project_id, key, entry_version, change, changed_by,
                                changed_at)
                            SELECT ?, ?, ?, coalesce(max(entry_version), 0), ?, 'schedule cleanup', ?
                            FROM project_meta_history WHERE tenant_id = ? AND project_id = ? AND key = ?""")
                    .params(e.tenantId(), e.projectId(), e.key(), EXPIRE, Timestamp.from(clock.instant()), e.tenantId(),
                            e.projectId(), e.key())
                    .update();
        }
    }

    /** The history of these (deleted, purged) projects' metadata goes with it. */
    void deleteOf(List<dev.almanac.project.ProjectRef> projects) {
        jdbc.sql("""
                        DELETE FROM project_meta_history
                        WHERE (tenant_id, project_id) IN (SELECT * FROM unnest(?::text[], ?::text[]))""")
                .params(projects.stream().map(dev.almanac.project.ProjectRef::tenantId).toArray(String[]::new),
                        projects.stream().map(dev.almanac.project.ProjectRef::id).toArray(String[]::new))
                .update();
    }

    /** Newest first, {@code limit} rows below revision {@code before} (null = from the newest). */
    List<MetaVersion> versions(String tenantId, String projectId, String key, Long before, int limit) {
        return jdbc.sql("SELECT * FROM (" + NUMBERED + ") h WHERE (?::bigint IS NULL OR revision < ?) ORDER BY revision DESC LIMIT ?")
                .params(tenantId, projectId, key, before, before, limit)
                .query(MetaHistoryRepository::map)
                .list()
                .stream()
                .map(Row::version)
                .toList();
    }

    Optional<MetaVersion> revision(String tenantId, String projectId, String key, long revision) {
        return jdbc.sql("SELECT * FROM (" + NUMBERED + ") h WHERE revision = ?")
                .params(tenantId, projectId, key, revision)
                .query(MetaHistoryRepository::map)
                .optional()
                .map(Row::version);
    }

    /** The entry as it was at {@code at}; empty if it did not exist then (never written, or deleted). */
    Optional<MetaEntry> asOf(String tenantId, String projectId, String key, Instant at) {
        return jdbc.sql("""
                        SELECT * FROM (%s ORDER BY id DESC LIMIT 1) h WHERE value IS NOT NULL""".formatted(
                        NUMBERED.replace("key = ?", "key = ? AND changed_at <= ?")))
                .params(tenantId, projectId, key, Timestamp.from(at))
                .query(MetaHistoryRepository::map)
                .optional()
                .map(MetaHistoryRepository::asEntry);
    }

    /** Every entry of the project as it was at {@code at}, by key, after {@code afterKey}. */
    List<MetaEntry> allAsOf(String tenantId, String projectId, Instant at, String afterKey, int limit) {
        return jdbc.sql("""
                        SELECT * FROM (
                            SELECT DISTINCT ON (key) 0 AS revision, key, entry_version, change, value::text AS value, source,
                                   review_status, provenance::text AS provenance, changed_by, changed_at
                            FROM project_meta_history
                            WHERE tenant_id = ? AND project_id = ? AND changed_at <= ? AND key > ?
                            ORDER BY key, id DESC) h
                        WHERE value IS NOT NULL ORDER BY key LIMIT ?""")
                .params(tenantId, projectId, Timestamp.from(at), afterKey == null ? "" : afterKey, limit)
                .query(MetaHistoryRepository::map)
                .list()
                .stream()
                .map(MetaHistoryRepository::asEntry)
                .toList();
    }

    /**
     * For each of these (project, key) pairs, the value left by its newest change that was not an open
     * suggestion: what a person or an import last decided, which a suggestion would replace. Absent
     * from the map: there is none (never decided, or deleted). One query for the whole inbox page.
     */
    Map<String, String> decidedValues(String tenantId, List<String> projectIds, List<String> keys) {
        Map<String, String> values = new HashMap<>();
        if (projectIds.isEmpty()) return values;
        jdbc.sql("""
                        SELECT * FROM (
                            SELECT DISTINCT ON (project_id, key) project_id, key, value::text AS value
                            FROM project_meta_history
                            WHERE tenant_id = ? AND (project_id, key) IN (SELECT * FROM unnest(?::text[], ?::text[]))
                              AND NOT (coalesce(source, '') = 'ai' AND coalesce(review_status, '') = 'suggested')
                            ORDER BY project_id, key, id DESC) h
                        WHERE value IS NOT NULL""")
                .params(tenantId, projectIds.toArray(String[]::new), keys.toArray(String[]::new))
                .query((rs, n) -> values.put(pairKey(rs.getString("project_id"), rs.getString("key")), rs.getString("value")))
                .list();
        return values;
    }

    static String pairKey(String projectId, String key) {
        return projectId + "\u0000" + key;
    }

    /** created_at is not kept per change: the time of the change stands in for both times. */
    private static MetaEntry asEntry(Row row) {
        MetaVersion v = row.version();
        return new MetaEntry(row.key(), v.value(), v.entryVersion(), v.source(), v.reviewStatus(), v.provenance(),
                v.changedAt(), v.changedAt(), v.changedBy());
    }

    private static Row map(ResultSet rs, int n) throws SQLException {
        return new Row(rs.getString("key"), new MetaVersion(rs.getLong("revision"), rs.getLong("entry_version"),
                rs.getString("change"), rs.getString("value"), rs.getString("source"), rs.getString("review_status"),
                rs.getString("provenance"), rs.getString("changed_by"), rs.getTimestamp("changed_at").toInstant()));
    }
}
