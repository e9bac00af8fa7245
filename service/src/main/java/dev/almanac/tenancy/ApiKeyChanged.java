package dev.almanac.tenancy;

import dev.almanac.outbox.DomainEvent;
import dev.almanac.outbox.EventType;

/**
 * An API key was issued ({@code api_key.created}) or revoked ({@code api_key.revoked}). A revoked
 * key stops working on every instance at once; this event is for the audit trail and for modules
 * that hold something per key (e.g. console sessions), which must end with it.
 */
@EventType({"api_key.created", "api_key.revoked"})
public record ApiKeyChanged(String tenantId, String eventType, String id) implements DomainEvent {
    static ApiKeyChanged created(String tenantId, String id) {
        return new ApiKeyChanged(tenantId, "api_key.created", id);
    }

    static ApiKeyChanged revoked(String tenantId, String id) {
        return new ApiKeyChanged(tenantId, "api_key.revoked", id);
    }

    public boolean isRevocation() {
        return "api_key.revoked".equals(eventType);
    }

    @Override
    public String aggregateType() {
        return "api_key";
    }

    @Override
    public String aggregateId() {
        return id;
    }
}
