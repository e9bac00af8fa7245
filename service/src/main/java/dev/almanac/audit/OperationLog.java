package dev.almanac.audit;

import dev.almanac.web.Caller;
import dev.almanac.web.Page;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operations log (seed ADR-008). Modules call {@link #success} inside the transaction of the
 * change itself, so an entry exists exactly when the change does.
 */
@Component
public class OperationLog {
    private final JdbcClient jdbc;
    private final JsonMapper json;

    OperationLog(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public record Entry(long id, Instant timestamp, String requestId, String projectId, String operation,
            String resourceType, String resourceId, @com.fasterxml.jackson.annotation.JsonRawValue String details,
            Integer durationMs, String status, String errorMessage, String actor) {}

    public record Filter(String projectId, String requestId, String operation, String status) {}

    public void success(Caller caller, String operation, String resourceType, String resourceId, String projectId,
            Map<String, ?> details) {
        insert(caller, operation, resourceType, resourceId, projectId, details, "success", null);
    }

    /** One entry of {@link #successAll}. */
    public record Logged(String operation, String resourceType, String resourceId, String projectId, Map<String, ?> details) {}

    /** {@link #success} for many changes of one caller, in one statement (bulk imports). In the order given. */
    public void successAll(Caller caller, List<Logged> entries) {
        if (entries.isEmpty()) return;
        jdbc.sql("""
                        INSERT INTO operations_log (tenant_id, request_id, project_id, operation, resource_type,
                            resource_id, details, duration_ms, status, error_message, actor)
                        SELECT ?, ?, u.project_id, u.operation, u.resource_type, u.resource_id, u.details::jsonb, ?,
                               'success', NULL, ?
                        FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                             WITH ORDINALITY AS u(project_id, operation, resource_type, resource_id, details, n)
                        ORDER BY u.n
                        """)
                .params(caller.tenantId(), caller.requestId(), caller.elapsedMillis(), caller.actor(),
                        entries.stream().map(Logged::projectId).toArray(String[]::new),
                        entries.stream().map(Logged::operation).toArray(String[]::new),
                        entries.stream().map(Logged::resourceType).toArray(String[]::new),
                        entries.stream().map(Logged::resourceId).toArray(String[]::new),
                        entries.stream().map(e -> e.details() == null ? null : json.writeValueAsString(e.details()))
                                .toArray(String[]::new))
                .update();
    }

    void failure(Caller caller, String operation, String resourceType, String resourceId, String projectId,
            boolean denied, String error) {
        insert(caller, operation, resourceType, resourceId, projectId, null, denied ? "denied" : "failed", error);
    }

    private void insert(Caller caller, String operation, String resourceType, String resourceId, String projectId,
            Map<String, ?> details, String status, String error) {
        jdbc.sql("""
                        INSERT INTO operations_log (tenant_id, request_id, project_id, operation, resource_type,
                            resource_id, details, duration_ms, status, error_message, actor)
                        VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)
                        """)
                .params(caller.tenantId(), caller.requestId(), projectId, operation, resourceType, resourceId,
                        details == null ? null : json.writeValueAsString(details), caller.elapsedMillis(), status,
                        error, caller.actor())
                .update();
    }

    public Page<Entry> list(String tenantId, Filter filter, int limit, String cursor) {
        StringBuilder sql = new StringBuilder("""
                SELECT id, timestamp, request_id, project_id, operation, resource_type, resource_id, details::text,
                       duration_ms, status, error_message, actor
                FROM operations_log WHERE tenant_id = ?""");
        List<Object> params = new ArrayList<>(List.of(tenantId));
        addFilter(sql, params, "project_id", filter.projectId());
        addFilter(sql, params, "request_id", filter.requestId());
        addFilter(sql, params, "operation", filter.operation());
        addFilter(sql, params, "status", filter.status());
        String after = Page.decode(cursor);
        if (after != null) {
            sql.append(" AND id < ?");
            params.add(parseCursor(after));
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        params.add(limit + 1);
        List<Entry> rows = jdbc.sql(sql.toString()).params(params).query(OperationLog::map).list();
        return Page.of(rows, limit, e -> Long.toString(e.id()));
    }

    public long countSince(String tenantId, Instant since, String status) {
        return jdbc.sql("SELECT count(*) FROM operations_log WHERE tenant_id = ? AND timestamp >= ? AND (?::text IS NULL OR status = ?)")
                .params(tenantId, java.sql.Timestamp.from(since), status, status)
                .query(Long.class)
                .single();
    }

    private static long parseCursor(String after) {
        try {
            return Long.parseLong(after);
        } catch (NumberFormatException e) {
            throw dev.almanac.web.ApiException.invalidField("cursor", "not a cursor returned by this API");
        }
    }

    private static void addFilter(StringBuilder sql, List<Object> params, String column, String value) {
        if (value != null && !value.isEmpty()) {
            sql.append(" AND ").append(column).append(" = ?");
            params.add(value);
        }
    }

    private static Entry map(ResultSet rs, int row) throws SQLException {
        Integer duration = (Integer) rs.getObject("duration_ms");
        return new Entry(rs.getLong("id"), rs.getTimestamp("timestamp").toInstant(), rs.getString("request_id"),
                rs.getString("project_id"), rs.getString("operation"), rs.getString("resource_type"),
                rs.getString("resource_id"), rs.getString("details"), duration, rs.getString("status"),
                rs.getString("error_message"), rs.getString("actor"));
    }
}
