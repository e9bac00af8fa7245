package dev.almanac.outbox;

import java.time.Instant;

/**
 * One change, as it was committed. {@code payload} is JSON text. Consumers that need the current
 * state should read it rather than trust the payload: events of two transactions that touched the
 * same row are ordered by transaction id, which is not always commit order.
 */
public record OutboxEvent(OutboxPosition position, String tenantId, String aggregateType, String aggregateId,
        String eventType, String payload, Instant createdAt) {}
