package dev.almanac.project;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

@Repository
class ProjectRepository {
    private static final String COLUMNS = """
            id, name, description, status, settings::text AS settings, size_bytes, file_count, table_count,
            bucket_count, version, created_at, updated_at, deleted_at""";

    /** How long a bulk insert waits to refresh the planner's statistics before going on without. */
    private static final String ANALYZE_LOCK_TIMEOUT = "100ms";

    private final JdbcClient jdbc;
    private final TransactionTemplate savepoint;

    ProjectRepository(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    Optional<Project> insert(String tenantId, String id, String name, String description, String settingsJson, String actor) {
        return jdbc.sql("""
                        INSERT INTO projects (tenant_id, id, name, description, settings, created_by)
                        VALUES (?, ?, ?, ?, ?::jsonb, ?)
                        ON CONFLICT (tenant_id, id) DO NOTHING
                        RETURNING %s""".formatted(COLUMNS))
                .params(tenantId, id, name, description, settingsJson, actor)
                .query(ProjectRepository::map)
                .optional();
    }

    /** A new row for the chunk's import. */
    record NewRow(String id, String name, String description, String settingsJson) {}

    /**
     * Inserts many projects in one statement (one round trip instead of one per project). Ids that
     * already exist are skipped, as by {@link #insert}: only the rows inserted come back.
     */
    List<Project> insertAll(String tenantId, List<NewRow> rows, String actor) {
        return jdbc.sql("""
                        INSERT INTO projects (tenant_id, id, name, description, settings, created_by)
                        SELECT ?, u.id, u.name, u.description, u.settings::jsonb, ?
                        FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS u(id, name, description, settings, n)
                        ORDER BY u.n
                        ON CONFLICT (tenant_id, id) DO NOTHING
                        RETURNING %s""".formatted(COLUMNS))
                .params(tenantId, actor, rows.stream().map(NewRow::id).toArray(String[]::new),
                        rows.stream().map(NewRow::name).toArray(String[]::new),
                        rows.stream().map(NewRow::description).toArray(String[]::new),
                        rows.stream().map(NewRow::settingsJson).toArray(String[]::new))
                .query(ProjectRepository::map)
                .list();
    }

    /**
     * Refreshes the planner's statistics of {@code projects} when they know of fewer rows than a
     * bulk insert just added, inside the inserting transaction (where ANALYZE counts its own rows).
     *
     * <p>Why: every foreign key to {@code projects} is checked with a plan that each connection
     * caches. On a table that was never analyzed (a new database's first import) the planner sees
     * {@code projects_by_status (tenant_id, status, id)} and the primary key as equally good for
     * {@code tenant_id = ? AND id = ?} and may take the former, which walks every project of the
     * tenant per check: a 10,000-row import spent 27 of its 31 seconds there, growing with each
     * chunk. Once the statistics count rows, the primary key wins. Runs at most once per empty or
     * small table, because afterwards the statistics know at least a batch's rows.
     *
     * <p>ANALYZE holds a lock that another ANALYZE waits for until this transaction ends, so it
     * waits {@value #ANALYZE_LOCK_TIMEOUT} at most, in a savepoint, and is skipped when another
     * import holds it (that import's refresh serves this one too once it commits).
     */
    void refreshStatisticsIfBehind(int justInserted) {
        double known = jdbc.sql("SELECT reltuples FROM pg_class WHERE oid = 'projects'::regclass")
                .query(Double.class).single();
        if (known >= justInserted) return;
        try {
            savepoint.executeWithoutResult(status -> {
                String before = jdbc.sql("SELECT current_setting('lock_timeout')").query(String.class).single();
                jdbc.sql("SELECT set_config('lock_timeout', ?, true)").param(ANALYZE_LOCK_TIMEOUT).query(String.class).single();
                jdbc.sql("ANALYZE projects").update();
                jdbc.sql("SELECT set_config('lock_timeout', ?, true)").param(before).query(String.class).single();
            });
        } catch (DataAccessException busy) {
            // another transaction is analyzing (or holds the lock): its statistics will do
        }
    }

    /** Share-locks these projects' rows (in id order, so two batches cannot deadlock) and reads them. */
    List<Project> findAllShareLocked(String tenantId, java.util.Collection<String> ids) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM projects WHERE tenant_id = ? AND id = ANY(?) ORDER BY id FOR SHARE")
                .params(tenantId, ids.toArray(String[]::new))
                .query(ProjectRepository::map)
                .list();
    }

    Optional<Project> find(String tenantId, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM projects WHERE tenant_id = ? AND id = ?")
                .params(tenantId, id)
                .query(ProjectRepository::map)
                .optional();
    }

    /** Reads and locks the row: {@code FOR UPDATE} before changing it, {@code FOR SHARE} to keep it as it is. */
    Optional<Project> findLocked(String tenantId, String id, boolean exclusive) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM projects WHERE tenant_id = ? AND id = ? FOR "
                        + (exclusive ? "UPDATE" : "SHARE"))
                .params(tenantId, id)
                .query(ProjectRepository::map)
                .optional();
    }

    Project update(String tenantId, String id, String name, String description, String settingsJson, String status) {
        return jdbc.sql("""
                        UPDATE projects SET name = ?, description = ?, settings = ?::jsonb, status = ?,
                            version = version + 1, updated_at = now(),
                            deleted_at = CASE WHEN ? = 'deleted' THEN now() ELSE NULL END
                        WHERE tenant_id = ? AND id = ?
                        RETURNING %s""".formatted(COLUMNS))
                .params(name, description, settingsJson, status, status, tenantId, id)
                .query(ProjectRepository::map)
                .single();
    }

    void setContentCounters(String tenantId, String id, Projects.ContentCounters c) {
        jdbc.sql("""
                        UPDATE projects SET size_bytes = ?, file_count = ?, table_count = ?, bucket_count = ?
                        WHERE tenant_id = ? AND id = ?""")
                .params(c.sizeBytes(), c.fileCount(), c.tableCount(), c.bucketCount(), tenantId, id)
                .update();
    }

    List<Project> list(String tenantId, List<String> statuses, String text, List<ProjectFilter.Condition> conditions,
            String afterId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM projects p WHERE p.tenant_id = ? AND p.status = ANY(?)");
        List<Object> params = new ArrayList<>();
        params.add(tenantId);
        params.add(statuses.toArray(String[]::new));
        if (text != null && !text.isBlank()) {
            sql.append(" AND (p.name ILIKE ? ESCAPE '\\' OR p.description ILIKE ? ESCAPE '\\')");
            String pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            params.add(pattern);
            params.add(pattern);
        }
        for (ProjectFilter.Condition condition : conditions) {
            sql.append(" AND (").append(condition.sql()).append(')');
            params.addAll(condition.params());
        }
        if (afterId != null) {
            sql.append(" AND p.id > ?");
            params.add(afterId);
        }
        sql.append(" ORDER BY p.id LIMIT ?");
        params.add(limit + 1);
        if (!conditions.isEmpty()) {
            // The statement text is the same for every filter value, so after a few executions the
            // driver's prepared statement gets PostgreSQL's generic plan, which cannot know whether a
            // value is common (walk the id order) or rare (probe the GIN index): measured 800x slower
            // for rare values. Plan each execution for its actual values.
            jdbc.sql("SET LOCAL plan_cache_mode = force_custom_plan").update();
        }
        return jdbc.sql(sql.toString()).params(params).query(ProjectRepository::map).list();
    }

    List<Project> findAll(String tenantId, java.util.Collection<String> ids) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM projects WHERE tenant_id = ? AND id = ANY(?)")
                .params(tenantId, ids.toArray(String[]::new))
                .query(ProjectRepository::map)
                .list();
    }

    List<Project> findLiveByName(String tenantId, String name, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM projects WHERE tenant_id = ? AND name = ? AND status <> 'deleted' ORDER BY id LIMIT ?")
                .params(tenantId, name, limit)
                .query(ProjectRepository::map)
                .list();
    }

    /** Live (not deleted) projects of all tenants, in (tenant, id) order, after the given one. */
    List<ProjectRef> scanLive(ProjectRef after, int limit) {
        return jdbc.sql("""
                        SELECT tenant_id, id FROM projects
                        WHERE (tenant_id, id) > (?, ?) AND status <> 'deleted'
                        ORDER BY tenant_id, id LIMIT ?""")
                .params(after == null ? "" : after.tenantId(), after == null ? "" : after.id(), limit)
                .query((rs, n) -> new ProjectRef(rs.getString(1), rs.getString(2)))
                .list();
    }

    /** Projects of all tenants in one status, in (tenant, id) order, after the given one. */
    List<ProjectRef> scanStatus(String status, ProjectRef after, int limit) {
        return jdbc.sql("""
                        SELECT tenant_id, id FROM projects
                        WHERE (tenant_id, id) > (?, ?) AND status = ?
                        ORDER BY tenant_id, id LIMIT ?""")
                .params(after == null ? "" : after.tenantId(), after == null ? "" : after.id(), status, limit)
                .query((rs, n) -> new ProjectRef(rs.getString(1), rs.getString(2)))
                .list();
    }

    /** Projects of all tenants deleted before {@code cutoff}, in (tenant, id) order, after the given one. */
    List<ProjectRef> scanDeletedBefore(java.time.Instant cutoff, ProjectRef after, int limit) {
        return jdbc.sql("""
                        SELECT tenant_id, id FROM projects
                        WHERE (tenant_id, id) > (?, ?) AND status = 'deleted' AND deleted_at < ?
                        ORDER BY tenant_id, id LIMIT ?""")
                .params(after == null ? "" : after.tenantId(), after == null ? "" : after.id(),
                        java.sql.Timestamp.from(cutoff), limit)
                .query((rs, n) -> new ProjectRef(rs.getString(1), rs.getString(2)))
                .list();
    }

    boolean anyRegistered() {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM projects)").query(Boolean.class).single();
    }

    long countLive() {
        return jdbc.sql("SELECT count(*) FROM projects WHERE status <> 'deleted'").query(Long.class).single();
    }

    ProjectStats stats(String tenantId) {
        return jdbc.sql("""
                        SELECT count(*) FILTER (WHERE status <> 'deleted') AS total,
                               count(*) FILTER (WHERE status = 'active') AS active,
                               count(*) FILTER (WHERE status = 'locked') AS locked,
                               count(*) FILTER (WHERE status = 'deleted') AS deleted,
                               coalesce(sum(file_count) FILTER (WHERE status <> 'deleted'), 0) AS files,
                               coalesce(sum(table_count) FILTER (WHERE status <> 'deleted'), 0) AS tables,
                               coalesce(sum(bucket_count) FILTER (WHERE status <> 'deleted'), 0) AS buckets,
                               coalesce(sum(size_bytes) FILTER (WHERE status <> 'deleted'), 0) AS size
                        FROM projects WHERE tenant_id = ?
                        """)
                .param(tenantId)
                .query((rs, n) -> new ProjectStats(rs.getLong("total"), rs.getLong("active"), rs.getLong("locked"),
                        rs.getLong("deleted"), rs.getLong("files"), rs.getLong("tables"), rs.getLong("buckets"),
                        rs.getLong("size")))
                .single();
    }

    private static Project map(ResultSet rs, int row) throws SQLException {
        Timestamp deleted = rs.getTimestamp("deleted_at");
        return new Project(rs.getString("id"), rs.getString("name"), rs.getString("description"),
                rs.getString("status"), rs.getString("settings"), rs.getLong("size_bytes"), rs.getInt("file_count"),
                rs.getInt("table_count"), rs.getInt("bucket_count"), rs.getLong("version"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
                deleted == null ? null : deleted.toInstant());
    }
}
