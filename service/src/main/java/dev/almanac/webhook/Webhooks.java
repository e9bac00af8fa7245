package dev.almanac.webhook;

import dev.almanac.outbox.OutboxPosition;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code webhooks} and {@code webhook_deliveries} tables. Every query names the tenant. */
@Repository
class Webhooks {
    private final JdbcClient jdbc;

    Webhooks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Webhook(String id, String tenantId, String url, List<String> events, String secret, OutboxPosition start,
            Instant createdAt, String createdBy) {}

    record Delivery(String id, long seq, String webhookId, String tenantId, String eventId, String eventType, String stream,
            String projectId, String status, int attempts, Instant nextAttemptAt, Instant lastAttemptAt,
            Integer lastStatusCode, String lastError, String payload, Instant createdAt, Instant deliveredAt) {}

    static String newId(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "");
    }

    Webhook insert(String tenantId, String url, List<String> events, String secret, OutboxPosition start, Instant now,
            String actor) {
        String id = newId("wh_");
        jdbc.sql("""
                        INSERT INTO webhooks (id, tenant_id, url, events, secret, start_tx, start_seq, created_at, created_by)
                        VALUES (?, ?, ?, ?::text[], ?, ?, ?, ?, ?)""")
                .params(id, tenantId, url, toArrayLiteral(events), secret, start.txId(), start.seq(), Timestamp.from(now), actor)
                .update();
        return new Webhook(id, tenantId, url, List.copyOf(events), secret, start, now, actor);
    }

    int countFor(String tenantId) {
        return jdbc.sql("SELECT count(*) FROM webhooks WHERE tenant_id = ?").param(tenantId).query(Integer.class).single();
    }

    List<Webhook> list(String tenantId) {
        return jdbc.sql("SELECT * FROM webhooks WHERE tenant_id = ? ORDER BY created_at, id")
                .param(tenantId).query(this::webhook).list();
    }

    /** Every webhook of every tenant: the outbox follower matches events against them. */
    List<Webhook> all() {
        return jdbc.sql("SELECT * FROM webhooks ORDER BY id").query(this::webhook).list();
    }

    Optional<Webhook> find(String tenantId, String id) {
        return jdbc.sql("SELECT * FROM webhooks WHERE tenant_id = ? AND id = ?")
                .params(tenantId, id).query(this::webhook).optional();
    }

    Optional<Webhook> byId(String id) {
        return jdbc.sql("SELECT * FROM webhooks WHERE id = ?").param(id).query(this::webhook).optional();
    }

    boolean delete(String tenantId, String id) {
        return jdbc.sql("DELETE FROM webhooks WHERE tenant_id = ? AND id = ?").params(tenantId, id).update() == 1;
    }

    Delivery enqueue(Webhook hook, String eventId, String eventType, String stream, String projectId, String payload, Instant now) {
        String id = newId("dlv_");
        return jdbc.sql("""
                        INSERT INTO webhook_deliveries (id, webhook_id, tenant_id, event_id, event_type, stream, project_id,
                                                        status, next_attempt_at, payload, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)
                        RETURNING *""")
                .params(id, hook.id(), hook.tenantId(), eventId, eventType, stream, projectId, Timestamp.from(now), payload,
                        Timestamp.from(now))
                .query(this::delivery)
                .single();
    }

    /** Newest first; {@code beforeSeq} continues a page. */
    List<Delivery> deliveries(String tenantId, String webhookId, Long beforeSeq, int limit) {
        return jdbc.sql("""
                        SELECT * FROM webhook_deliveries
                        WHERE tenant_id = ? AND webhook_id = ? AND (?::bigint IS NULL OR seq < ?::bigint)
                        ORDER BY seq DESC LIMIT ?""")
                .params(tenantId, webhookId, beforeSeq, beforeSeq, limit)
                .query(this::delivery)
                .list();
    }

    Optional<Delivery> delivery(String tenantId, String webhookId, String id) {
        return jdbc.sql("SELECT * FROM webhook_deliveries WHERE tenant_id = ? AND webhook_id = ? AND id = ?")
                .params(tenantId, webhookId, id).query(this::delivery).optional();
    }

    /**
     * Deliveries that may be attempted now: pending, due, and first of their stream (an earlier
     * pending delivery of the same webhook and project holds the later ones back, in flight or not).
     */
    List<Delivery> due(Instant now, int perWebhook, int limit) {
        // at most perWebhook per webhook, so a backlog at one receiver cannot fill the round
        return jdbc.sql("""
                        SELECT * FROM (
                            SELECT d.*, row_number() OVER (PARTITION BY d.webhook_id ORDER BY d.seq) AS rank
                            FROM webhook_deliveries d
                            WHERE d.status = 'pending' AND d.next_attempt_at <= ?
                              AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e
                                              WHERE e.webhook_id = d.webhook_id AND e.stream = d.stream
                                                AND e.status = 'pending' AND e.seq < d.seq)) ranked
                        WHERE rank <= ?
                        ORDER BY seq LIMIT ?""")
                .params(Timestamp.from(now), perWebhook, limit)
                .query(this::delivery)
                .list();
    }

    /**
     * Takes a due delivery for one attempt: pushes its next attempt past the lease, so no other
     * instance (or round) picks it up meanwhile, and an instance that dies mid-attempt leaves it to be
     * retried when the lease runs out. False when someone else took it first.
     */
    boolean claim(Delivery d, Instant now, Instant leaseUntil) {
        return jdbc.sql("""
                        UPDATE webhook_deliveries SET next_attempt_at = ?, attempts = attempts + 1, last_attempt_at = ?
                        WHERE id = ? AND status = 'pending' AND attempts = ? AND next_attempt_at <= ?""")
                .params(Timestamp.from(leaseUntil), Timestamp.from(now), d.id(), d.attempts(), Timestamp.from(now))
                .update() == 1;
    }

    void delivered(String id, int statusCode, Instant now) {
        jdbc.sql("""
                        UPDATE webhook_deliveries SET status = 'delivered', last_status_code = ?, last_error = NULL, delivered_at = ?
                        WHERE id = ?""")
                .params(statusCode, Timestamp.from(now), id)
                .update();
    }

    void failedAttempt(String id, Integer statusCode, String error, Instant nextAttemptAt) {
        jdbc.sql("""
                        UPDATE webhook_deliveries SET last_status_code = ?, last_error = ?,
                               status = CASE WHEN ?::timestamptz IS NULL THEN 'failed' ELSE 'pending' END,
                               next_attempt_at = COALESCE(?::timestamptz, next_attempt_at)
                        WHERE id = ?""")
                .params(statusCode, error, nextAttemptAt == null ? null : Timestamp.from(nextAttemptAt),
                        nextAttemptAt == null ? null : Timestamp.from(nextAttemptAt), id)
                .update();
    }

    private Webhook webhook(ResultSet rs, int n) throws SQLException {
        Array events = rs.getArray("events");
        return new Webhook(rs.getString("id"), rs.getString("tenant_id"), rs.getString("url"),
                Arrays.asList((String[]) events.getArray()), rs.getString("secret"),
                new OutboxPosition(rs.getLong("start_tx"), rs.getLong("start_seq")),
                rs.getTimestamp("created_at").toInstant(), rs.getString("created_by"));
    }

    private Delivery delivery(ResultSet rs, int n) throws SQLException {
        Integer code = rs.getObject("last_status_code", Integer.class);
        return new Delivery(rs.getString("id"), rs.getLong("seq"), rs.getString("webhook_id"), rs.getString("tenant_id"),
                rs.getString("event_id"), rs.getString("event_type"), rs.getString("stream"), rs.getString("project_id"),
                rs.getString("status"), rs.getInt("attempts"), instant(rs, "next_attempt_at"), instant(rs, "last_attempt_at"),
                code, rs.getString("last_error"), rs.getString("payload"), instant(rs, "created_at"),
                instant(rs, "delivered_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static String toArrayLiteral(List<String> values) {
        StringBuilder s = new StringBuilder("{");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) s.append(',');
            s.append('"').append(values.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return s.append('}').toString();
    }
}
