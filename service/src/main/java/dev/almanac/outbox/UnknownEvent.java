package dev.almanac.outbox;

/**
 * A row whose event type this version does not know (written by a newer version during a rolling
 * upgrade, or a type since removed). Consumers skip it; it is never written.
 */
public record UnknownEvent(String tenantId, String aggregateType, String aggregateId, String type, String payload)
        implements DomainEvent {
    @Override
    public String eventType() {
        return type;
    }
}
