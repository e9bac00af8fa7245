package dev.almanac.outbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The transactional outbox: every mutation appends its event in its own transaction, readers follow
 * it in order.
 *
 * <p>Why order by transaction id and not by a plain sequence: sequence numbers are taken when a row
 * is inserted but become visible when its transaction commits, so a reader that has seen seq 7 can
 * later find seq 6 commit behind its checkpoint and would skip it. Instead each row records the id of
 * its transaction ({@code pg_current_xact_id()}) and readers only look at rows of transactions older
 * than every transaction still running ({@code pg_snapshot_xmin}). Those are all finished, and no new
 * row can ever get a smaller transaction id, so nothing can appear behind a checkpoint. The price: a
 * long-running transaction delays what readers see until it ends.
 */
@Component
public class Outbox {
    private final JdbcClient jdbc;
    private final EventCodec codec;
    private final ApplicationEventPublisher events;

    Outbox(JdbcClient jdbc, EventCodec codec, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.codec = codec;
        this.events = events;
    }

    /**
     * Must be called inside the transaction of the change it describes. The event is also published
     * in process right away, so listeners of its type (cache evictions, clean-ups) run in the same
     * transaction.
     */
    public void append(DomainEvent event) {
        jdbc.sql("""
                        INSERT INTO outbox (tenant_id, aggregate_type, aggregate_id, event_type, payload)
                        VALUES (?, ?, ?, ?, ?::jsonb)
                        """)
                .params(event.tenantId(), event.aggregateType(), event.aggregateId(), event.eventType(), codec.encode(event))
                .update();
        events.publishEvent(event);
    }

    /** Up to {@code limit} finished events after {@code after}, in order. */
    public List<OutboxEvent> readAfter(OutboxPosition after, int limit) {
        return jdbc.sql("""
                        SELECT tx_id::text AS tx, seq, tenant_id, aggregate_type, aggregate_id, event_type,
                               payload::text AS payload, created_at
                        FROM outbox
                        WHERE (tx_id, seq) > (?::text::xid8, ?)
                          AND tx_id < pg_snapshot_xmin(pg_current_snapshot())
                        ORDER BY tx_id, seq
                        LIMIT ?
                        """)
                .params(Long.toString(after.txId()), after.seq(), limit)
                .query(this::map)
                .list();
    }

    /** Where the newest finished event is: a new consumer can start here to skip history. */
    public OutboxPosition head() {
        return jdbc.sql("""
                        SELECT tx_id::text AS tx, seq FROM outbox
                        WHERE tx_id < pg_snapshot_xmin(pg_current_snapshot())
                        ORDER BY tx_id DESC, seq DESC LIMIT 1
                        """)
                .query((rs, n) -> new OutboxPosition(Long.parseLong(rs.getString("tx")), rs.getLong("seq")))
                .optional()
                .orElse(OutboxPosition.START);
    }

    /** How far a reader at {@code after} is behind: events not yet read (counted up to {@code cap}) and the age of the oldest. */
    public Lag lagAfter(OutboxPosition after, int cap) {
        return jdbc.sql("""
                        SELECT count(*) AS n, min(created_at) AS oldest FROM (
                            SELECT created_at FROM outbox WHERE (tx_id, seq) > (?::text::xid8, ?) LIMIT ?) pending""")
                .params(Long.toString(after.txId()), after.seq(), cap)
                .query((rs, n) -> new Lag(rs.getLong("n"),
                        rs.getTimestamp("oldest") == null ? null : rs.getTimestamp("oldest").toInstant()))
                .single();
    }

    public record Lag(long events, java.time.Instant oldestPending) {}

    Optional<OutboxPosition> checkpoint(String consumer) {
        return jdbc.sql("SELECT tx_id::text AS tx, seq FROM outbox_checkpoints WHERE consumer = ?")
                .param(consumer)
                .query((rs, n) -> new OutboxPosition(Long.parseLong(rs.getString("tx")), rs.getLong("seq")))
                .optional();
    }

    void saveCheckpoint(String consumer, OutboxPosition position) {
        jdbc.sql("""
                        INSERT INTO outbox_checkpoints (consumer, tx_id, seq) VALUES (?, ?::text::xid8, ?)
                        ON CONFLICT (consumer) DO UPDATE SET tx_id = EXCLUDED.tx_id, seq = EXCLUDED.seq, updated_at = now()
                        """)
                .params(consumer, Long.toString(position.txId()), position.seq())
                .update();
    }

    private OutboxEvent map(ResultSet rs, int row) throws SQLException {
        DomainEvent event = codec.decode(rs.getString("tenant_id"), rs.getString("aggregate_type"),
                rs.getString("aggregate_id"), rs.getString("event_type"), rs.getString("payload"));
        return new OutboxEvent(new OutboxPosition(Long.parseLong(rs.getString("tx")), rs.getLong("seq")), event,
                rs.getTimestamp("created_at").toInstant());
    }
}
