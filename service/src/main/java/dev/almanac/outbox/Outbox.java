package dev.almanac.outbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 * its transaction ({@code pg_current_xact_id()}), and a reader moves its position only up to the
 * oldest transaction still running: every row below it is final.
 *
 * <p>Why not simply up to {@code pg_snapshot_xmin}: that horizon is the whole PostgreSQL cluster's.
 * Any transaction anywhere on the server (another application's batch job, a {@code psql} left in
 * {@code BEGIN}, the server half of a connection a network cut mid-transaction) held every reader
 * still for as long as it lived, silently. So a transaction that has been running longer than
 * {@code almanac.outbox.gap-after} (5 s; ours are far shorter) no longer holds readers back: the
 * reader moves past it and records it as a <em>gap</em> in its position. Each read then also picks up
 * the rows of gap transactions that have committed meanwhile (delivered late, out of order) and
 * drops the gaps that have ended. Consumers therefore get every event once, in order, except the
 * events of a transaction that ran longer than the bound, which come when it commits; consumers that
 * re-read current state (the search index) are indifferent to that.
 */
@Component
public class Outbox {
    private final JdbcClient jdbc;
    private final EventCodec codec;
    private final ApplicationEventPublisher events;
    private final long gapAfterNanos;
    // When a reader first saw each running transaction; process memory on purpose: losing it (a
    // restart) only means waiting the bound once more. Wall time, not the application clock: it
    // measures real transactions.
    private final Map<Long, Long> runningSince = new ConcurrentHashMap<>();
    private volatile Snapshot lastSnapshot;

    Outbox(JdbcClient jdbc, EventCodec codec, ApplicationEventPublisher events, OutboxSettings settings) {
        Duration gapAfter = settings.gapAfter();
        this.jdbc = jdbc;
        this.codec = codec;
        this.events = events;
        this.gapAfterNanos = gapAfter.toNanos();
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

    /**
     * {@link #append} for many events in one statement (bulk imports): stored in the order given,
     * then published in process one by one in that order, inside the caller's transaction.
     */
    public void appendAll(List<? extends DomainEvent> batch) {
        if (batch.isEmpty()) return;
        jdbc.sql("""
                        INSERT INTO outbox (tenant_id, aggregate_type, aggregate_id, event_type, payload)
                        SELECT u.tenant_id, u.aggregate_type, u.aggregate_id, u.event_type, u.payload::jsonb
                        FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                             WITH ORDINALITY AS u(tenant_id, aggregate_type, aggregate_id, event_type, payload, n)
                        ORDER BY u.n
                        """)
                .params(batch.stream().map(DomainEvent::tenantId).toArray(String[]::new),
                        batch.stream().map(DomainEvent::aggregateType).toArray(String[]::new),
                        batch.stream().map(DomainEvent::aggregateId).toArray(String[]::new),
                        batch.stream().map(DomainEvent::eventType).toArray(String[]::new),
                        batch.stream().map(codec::encode).toArray(String[]::new))
                .update();
        batch.forEach(events::publishEvent);
    }

    /** Events read and the position to continue from (which may have moved even when no event came). */
    public record Batch(List<OutboxEvent> events, OutboxPosition next) {}

    /**
     * The next events after {@code after}: first those of its gap transactions that have committed,
     * then up to {@code limit} in order.
     */
    public Batch read(OutboxPosition after, int limit) {
        // one round trip for both: the snapshot, and how far old events have been pruned
        String[] row = jdbc.sql("""
                        SELECT pg_current_snapshot()::text AS snapshot,
                               (SELECT tx_id::text || ':' || seq FROM outbox_pruned) AS pruned""")
                .query((rs, n) -> new String[] {rs.getString("snapshot"), rs.getString("pruned")})
                .single();
        if (row[1] != null && after.compareTo(OutboxPosition.START) > 0) {
            OutboxPosition prunedUpTo = OutboxPosition.parse(row[1]);
            if (after.compareTo(prunedUpTo) < 0) throw new OutboxPositionExpired(after, prunedUpTo);
        }
        Snapshot snapshot = Snapshot.parse(row[0]);
        lastSnapshot = snapshot;
        long now = System.nanoTime();
        runningSince.keySet().retainAll(snapshot.running());
        long horizon = snapshot.xmax();
        for (long tx : snapshot.running()) {
            long since = runningSince.computeIfAbsent(tx, t -> now);
            if (now - since < gapAfterNanos) horizon = Math.min(horizon, tx);
        }
        // first the events of passed transactions that have ended since, a batch at a time: an
        // atomic import of 100,000 rows is one transaction of 400,000 events, too many to hold at once
        List<OutboxEvent> late = new ArrayList<>();
        List<OutboxPosition.Gap> gaps = new ArrayList<>();
        for (OutboxPosition.Gap gap : after.gaps()) {
            int room = limit - late.size();
            if (snapshot.running().contains(gap.txId()) || room <= 0) {
                gaps.add(gap); // still running, or read on the next call
                continue;
            }
            List<OutboxEvent> read = jdbc.sql("""
                            SELECT tx_id::text AS tx, seq, tenant_id, aggregate_type, aggregate_id, event_type,
                                   payload::text AS payload, created_at
                            FROM outbox
                            WHERE tx_id = ?::text::xid8 AND seq > ? AND pg_visible_in_snapshot(tx_id, ?::pg_snapshot)
                            ORDER BY seq
                            LIMIT ?""")
                    .params(Long.toString(gap.txId()), gap.seq(), snapshot.text(), room)
                    .query(this::map)
                    .list();
            late.addAll(read);
            if (read.size() == room) gaps.add(new OutboxPosition.Gap(gap.txId(), read.getLast().position().seq()));
        }
        int room = limit - late.size();
        List<OutboxEvent> inOrder = room <= 0 || horizon <= after.txId() ? List.of() : jdbc.sql("""
                        SELECT tx_id::text AS tx, seq, tenant_id, aggregate_type, aggregate_id, event_type,
                               payload::text AS payload, created_at
                        FROM outbox
                        WHERE (tx_id, seq) > (?::text::xid8, ?)
                          AND tx_id < ?::text::xid8
                          AND pg_visible_in_snapshot(tx_id, ?::pg_snapshot)
                        ORDER BY tx_id, seq
                        LIMIT ?""")
                .params(Long.toString(after.txId()), after.seq(), Long.toString(horizon), snapshot.text(), room)
                .query(this::map)
                .list();
        OutboxPosition reached = room <= 0 ? after
                : inOrder.size() == room ? inOrder.getLast().position()
                : horizon > after.txId() ? new OutboxPosition(horizon, 0) : after;
        for (long tx : snapshot.running()) {
            if (tx >= after.txId() && tx < reached.txId()) gaps.add(new OutboxPosition.Gap(tx, 0)); // moved past a long one
        }
        List<OutboxEvent> all = new ArrayList<>(late);
        all.addAll(inOrder);
        return new Batch(all, new OutboxPosition(reached.txId(), reached.seq(), gaps));
    }

    /** Up to {@code limit} finished events after {@code after}, in order (and late ones of its gaps). */
    public List<OutboxEvent> readAfter(OutboxPosition after, int limit) {
        return read(after, limit).events();
    }

    /**
     * The oldest transaction of the cluster still running, as the last read saw it, with how long
     * it has been running as far as this process knows: what would have held readers back.
     */
    public OldestTransaction oldestRunning() {
        Snapshot s = lastSnapshot;
        if (s == null || s.running().isEmpty()) return null;
        long oldest = s.running().stream().mapToLong(Long::longValue).min().orElseThrow();
        Long since = runningSince.get(oldest);
        return new OldestTransaction(oldest, since == null ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - since));
    }

    public record OldestTransaction(long txId, Duration runningFor) {}

    /** {@code pg_current_snapshot()}: "xmin:xmax:running,running,…". */
    record Snapshot(String text, long xmax, Set<Long> running) {
        static Snapshot parse(String text) {
            String[] parts = text.split(":", 3);
            Set<Long> running = new HashSet<>();
            if (parts.length == 3 && !parts[2].isBlank()) {
                for (String tx : parts[2].split(",")) running.add(Long.parseLong(tx.trim()));
            }
            return new Snapshot(text, Long.parseLong(parts[1]), running);
        }
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
        return jdbc.sql("SELECT tx_id::text AS tx, seq, gaps FROM outbox_checkpoints WHERE consumer = ?")
                .param(consumer)
                .query((rs, n) -> new OutboxPosition(Long.parseLong(rs.getString("tx")), rs.getLong("seq"),
                        OutboxPosition.parseGaps(rs.getString("gaps"))))
                .optional();
    }

    void saveCheckpoint(String consumer, OutboxPosition position) {
        jdbc.sql("""
                        INSERT INTO outbox_checkpoints (consumer, tx_id, seq, gaps) VALUES (?, ?::text::xid8, ?, ?)
                        ON CONFLICT (consumer) DO UPDATE
                        SET tx_id = EXCLUDED.tx_id, seq = EXCLUDED.seq, gaps = EXCLUDED.gaps, updated_at = now()
                        """)
                .params(consumer, Long.toString(position.txId()), position.seq(), position.gapsText())
                .update();
    }

    private OutboxEvent map(ResultSet rs, int row) throws SQLException {
        DomainEvent event = codec.decode(rs.getString("tenant_id"), rs.getString("aggregate_type"),
                rs.getString("aggregate_id"), rs.getString("event_type"), rs.getString("payload"));
        return new OutboxEvent(new OutboxPosition(Long.parseLong(rs.getString("tx")), rs.getLong("seq")), event,
                rs.getTimestamp("created_at").toInstant());
    }
}
