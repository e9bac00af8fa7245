package dev.almanac.outbox;

import dev.almanac.schedule.ScheduledTask;
import java.time.Duration;
import java.time.InstantSource;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the outbox from growing forever: once a day deletes events older than
 * {@code almanac.outbox.retention} that every consumer has passed, and records how far it went
 * ({@code outbox_pruned}). A reader below that mark is told so ({@link OutboxPositionExpired}) instead
 * of silently missing events: the search index, which keeps its own position per instance, then
 * rebuilds from the database.
 */
@Component
class OutboxPruning implements ScheduledTask {
    static final String NAME = "outbox-pruning";
    /** Rows per delete: each batch is its own short transaction, so writers are never held up long. */
    private static final int BATCH = 5_000;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final InstantSource clock;
    private final List<OutboxConsumer> consumers;
    private final Outbox outbox;
    private final Duration retention;

    OutboxPruning(JdbcClient jdbc, TransactionTemplate tx, InstantSource clock, List<OutboxConsumer> consumers,
            Outbox outbox, OutboxSettings settings) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        this.consumers = consumers;
        this.outbox = outbox;
        this.retention = settings.retention();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Daily at 03:30 UTC, away from the nightly generation's start. */
    @Override
    public String cron() {
        return retention.isZero() ? DISABLED : "0 30 3 * * *";
    }

    @Override
    public Duration maxDuration() {
        return Duration.ofHours(1);
    }

    @Override
    public String run() {
        Optional<OutboxPosition> limit = slowestConsumer();
        if (limit.isEmpty()) return "nothing deleted: a consumer has not started yet";
        Timestamp cutoff = Timestamp.from(clock.instant().minus(retention));
        long deleted = 0;
        while (true) {
            Integer n = tx.execute(status -> deleteBatch(cutoff, limit.get()));
            if (n == null || n == 0) break;
            deleted += n;
        }
        return "deleted " + deleted + " events older than " + retention.toDays() + " days";
    }

    /**
     * The lowest position of the consumers this instance feeds; empty while one of them has no
     * checkpoint yet (it will read from the start). Gaps count too: a gap transaction's rows lie
     * below its reader's position but are still to be read.
     */
    Optional<OutboxPosition> slowestConsumer() {
        OutboxPosition slowest = null;
        for (OutboxConsumer consumer : consumers) {
            Optional<OutboxPosition> at = outbox.checkpoint(consumer.name());
            if (at.isEmpty()) return Optional.empty();
            OutboxPosition p = at.get();
            if (!p.gaps().isEmpty()) p = new OutboxPosition(p.gaps().getFirst().txId(), p.gaps().getFirst().seq());
            if (slowest == null || p.compareTo(slowest) < 0) slowest = p;
        }
        return Optional.ofNullable(slowest);
    }

    /** Deletes one batch below both bounds and raises the mark to the highest position deleted. */
    private int deleteBatch(Timestamp cutoff, OutboxPosition limit) {
        List<OutboxPosition> gone = jdbc.sql("""
                        DELETE FROM outbox WHERE (tx_id, seq) IN (
                            SELECT tx_id, seq FROM outbox
                            WHERE created_at < ? AND (tx_id, seq) < (?::text::xid8, ?)
                            ORDER BY created_at LIMIT ?)
                        RETURNING tx_id::text AS tx, seq""")
                .params(cutoff, Long.toString(limit.txId()), limit.seq(), BATCH)
                .query((rs, n) -> new OutboxPosition(Long.parseLong(rs.getString("tx")), rs.getLong("seq")))
                .list();
        if (gone.isEmpty()) return 0;
        OutboxPosition highest = gone.stream().max(OutboxPosition::compareTo).orElseThrow();
        jdbc.sql("""
                        INSERT INTO outbox_pruned (tx_id, seq, pruned_at) VALUES (?::text::xid8, ?, ?)
                        ON CONFLICT (id) DO UPDATE SET
                            tx_id = CASE WHEN (EXCLUDED.tx_id, EXCLUDED.seq) > (outbox_pruned.tx_id, outbox_pruned.seq)
                                         THEN EXCLUDED.tx_id ELSE outbox_pruned.tx_id END,
                            seq = CASE WHEN (EXCLUDED.tx_id, EXCLUDED.seq) > (outbox_pruned.tx_id, outbox_pruned.seq)
                                       THEN EXCLUDED.seq ELSE outbox_pruned.seq END,
                            pruned_at = EXCLUDED.pruned_at""")
                .params(Long.toString(highest.txId()), highest.seq(), Timestamp.from(clock.instant()))
                .update();
        return gone.size();
    }
}
