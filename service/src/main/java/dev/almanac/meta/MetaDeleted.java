package dev.almanac.meta;

import dev.almanac.outbox.EventType;

/**
 * A metadata entry is gone. {@code reason}: {@code deleted} (by a person or program), {@code rejected}
 * (a suggestion a person rejected), {@code expired} (an unreviewed suggestion past its age) or
 * {@code purged} (its project was deleted long ago); null in rows of versions before it was recorded.
 */
@EventType("meta.deleted")
public record MetaDeleted(String tenantId, String projectId, String key, String reason) implements MetaEvent {
    public static final String DELETED = "deleted";
    public static final String REJECTED = "rejected";
    public static final String EXPIRED = "expired";
    public static final String PURGED = "purged";
}
