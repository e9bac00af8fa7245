package dev.almanac.meta;

import dev.almanac.outbox.EventType;
import tools.jackson.databind.JsonNode;

/**
 * A metadata entry was written by a person or a program, or a suggestion was accepted ({@code entry}:
 * the entry as the API showed it after the change, with its source and review status). Written as
 * {@code meta.updated}; {@code meta.put} is the name versions before typed events wrote.
 */
@EventType({"meta.updated", "meta.put"})
public record MetaChanged(String tenantId, String projectId, String key, long version, JsonNode entry)
        implements MetaEvent {}
