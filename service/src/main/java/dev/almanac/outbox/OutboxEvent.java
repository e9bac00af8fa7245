package dev.almanac.outbox;

import java.time.Instant;

/**
 * One change as it was committed, read back from the outbox. Consumers switch on the type of
 * {@link #event()}. Those that need the current state should read it rather than trust the event:
 * events of two transactions that touched the same row are ordered by transaction id, which is not
 * always commit order.
 */
public record OutboxEvent(OutboxPosition position, DomainEvent event, Instant createdAt) {
    public String tenantId() {
        return event.tenantId();
    }

    public String aggregateType() {
        return event.aggregateType();
    }

    public String aggregateId() {
        return event.aggregateId();
    }

    public String eventType() {
        return event.eventType();
    }
}
