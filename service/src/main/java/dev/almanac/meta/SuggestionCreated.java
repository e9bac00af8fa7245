package dev.almanac.meta;

import dev.almanac.outbox.EventType;
import tools.jackson.databind.JsonNode;

/** AI generation stored a suggestion for a person to review ({@code entry}: as the API shows it, provenance included). */
@EventType("suggestion.created")
public record SuggestionCreated(String tenantId, String projectId, String key, long version, JsonNode entry)
        implements MetaEvent {}
