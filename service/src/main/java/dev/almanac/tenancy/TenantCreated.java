package dev.almanac.tenancy;

import dev.almanac.outbox.DomainEvent;
import dev.almanac.outbox.EventType;

/** A tenant was created (its id is also {@code tenantId}). */
@EventType("tenant.created")
public record TenantCreated(String tenantId, String id) implements DomainEvent {
    @Override
    public String aggregateType() {
        return "tenant";
    }

    @Override
    public String aggregateId() {
        return id;
    }
}
