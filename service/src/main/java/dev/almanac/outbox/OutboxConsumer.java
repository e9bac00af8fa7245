package dev.almanac.outbox;

import java.util.List;

/**
 * A module that follows the outbox with a checkpoint kept in the database. Declare it as a bean; the
 * {@link OutboxDispatcher} hands it every event once, in order, in batches. {@code handle} runs in
 * the transaction that then advances the checkpoint, so database work done in it is exactly-once;
 * anything outside the database must be idempotent (delivery is at-least-once across crashes).
 *
 * <p>Consumers that keep their checkpoint elsewhere (a per-instance search index stores it in its own
 * commit) use {@link Outbox#readAfter} directly instead.
 */
public interface OutboxConsumer {
    /** Unique, stable: it names the checkpoint. */
    String name();

    void handle(List<OutboxEvent> events) throws Exception;

    /** Events per batch, i.e. per transaction; lower it when handling an event is slow. */
    default int batchSize() {
        return 500;
    }
}
