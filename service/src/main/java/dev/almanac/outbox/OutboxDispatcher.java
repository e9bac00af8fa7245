package dev.almanac.outbox;

import dev.almanac.background.BackgroundSettings;
import dev.almanac.background.BackgroundLoop;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Feeds every {@link OutboxConsumer} bean. Each round, per consumer, in one transaction: take a
 * transaction-scoped advisory lock on the consumer's name (so with several instances only one feeds
 * it at a time), read the checkpoint, hand over the next batch, advance the checkpoint. A failing
 * batch rolls back and is retried next round; the checkpoint never moves past an unhandled event.
 */
@Component
class OutboxDispatcher implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);

    private final List<OutboxConsumer> consumers;
    private final Outbox outbox;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final long intervalMillis;
    /**
     * Most events handed over in one transaction, whatever a consumer asks for: a bound on how long
     * a batch holds its transaction. A constant, not a setting: each consumer already names the
     * batch it wants ({@link OutboxConsumer#batchSize}), and nobody should need to turn this one.
     */
    static final int MAX_BATCH = 500;
    private final int batchSize;
    private BackgroundLoop loop;
    private final boolean background;

    /** CLI processes do not dispatch: a short-lived command must not start consuming the outbox. */
    @Override
    public boolean isAutoStartup() {
        return background;
    }

    OutboxDispatcher(List<OutboxConsumer> consumers, Outbox outbox, JdbcClient jdbc, TransactionTemplate tx,
            OutboxSettings settings, BackgroundSettings background) {
        this.background = background.enabled();
        this.consumers = consumers;
        this.outbox = outbox;
        this.jdbc = jdbc;
        this.tx = tx;
        this.intervalMillis = settings.pollInterval().toMillis();
        this.batchSize = MAX_BATCH;
    }

    /**
     * Runs one round for every consumer; returns how many events were handed over. A failing
     * consumer does not keep the others from their round; its failure is reported (thrown) after
     * them when nobody made progress, so the loop logs it once and backs off.
     */
    int dispatchOnce() {
        int total = 0;
        RuntimeException failure = null;
        for (OutboxConsumer consumer : consumers) {
            try {
                Integer n = tx.execute(status -> feed(consumer));
                total += n == null ? 0 : n;
            } catch (RuntimeException e) {
                if (failure == null) failure = new IllegalStateException("consumer " + consumer.name() + " failed: " + e, e);
            }
        }
        if (failure != null && total == 0) throw failure;
        return total;
    }

    private int feed(OutboxConsumer consumer) {
        boolean mine = jdbc.sql("SELECT pg_try_advisory_xact_lock(hashtext('outbox:' || ?))")
                .param(consumer.name())
                .query(Boolean.class)
                .single();
        if (!mine) return 0;
        OutboxPosition from = outbox.checkpoint(consumer.name()).orElse(OutboxPosition.START);
        Outbox.Batch batch;
        try {
            batch = outbox.read(from, Math.min(batchSize, consumer.batchSize()));
        } catch (OutboxPositionExpired e) {
            // Pruning waits for every consumer it knows; this one was not known to the instance that
            // pruned (switched off there, or new). What was pruned is gone: say so and go on from there.
            log.error("Outbox consumer {} missed events: {}; continuing after them", consumer.name(), e.getMessage());
            outbox.saveCheckpoint(consumer.name(), e.prunedUpTo());
            return 0;
        }
        List<OutboxEvent> events = batch.events();
        if (!events.isEmpty()) {
            try {
                consumer.handle(events);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        // without events the position only needs saving when its gaps changed: re-reading from the
        // old one finds nothing either, and a write every poll would be waste
        if (!events.isEmpty() || !batch.next().gaps().equals(from.gaps())) outbox.saveCheckpoint(consumer.name(), batch.next());
        return events.size();
    }

    @Override
    public void start() {
        if (consumers.isEmpty()) return;
        // a round with events is followed at once by the next (draining a backlog); an empty one waits
        loop = BackgroundLoop.named("Outbox dispatcher", log)
                .thread("outbox-dispatcher-0")
                .lowPriority()
                .pollInterval(Duration.ofMillis(intervalMillis))
                .backoff(Duration.ofMillis(intervalMillis), Duration.ofSeconds(30))
                .step(() -> dispatchOnce() > 0)
                .build();
        loop.start();
    }

    @Override
    public void stop() {
        if (loop != null) {
            loop.stop(Duration.ofSeconds(10));
            loop = null;
        }
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }
}
