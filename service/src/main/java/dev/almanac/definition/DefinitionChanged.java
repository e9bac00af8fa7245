package dev.almanac.definition;

import dev.almanac.outbox.DomainEvent;
import dev.almanac.outbox.EventType;

/**
 * A definition was created, changed or deleted: {@code definition.created}, {@code .updated} or
 * {@code .deleted} on the wire ({@code eventType}). {@code change} is the kind of write ({@code put},
 * {@code rollback}, {@code import}, {@code delete}).
 */
@EventType({"definition.updated", "definition.created", "definition.deleted"})
public record DefinitionChanged(String tenantId, String eventType, String type, String name, long version,
        String checksum, boolean isActive, String change) implements DomainEvent {

    static DefinitionChanged of(String tenantId, Definition d, String change, boolean created) {
        String eventType = created ? "definition.created" : "delete".equals(change) ? "definition.deleted" : "definition.updated";
        return new DefinitionChanged(tenantId, eventType, d.type(), d.name(), d.version(), d.checksum(), d.isActive(), change);
    }

    @Override
    public String aggregateType() {
        return "definition";
    }

    @Override
    public String aggregateId() {
        return type + "/" + name;
    }
}
