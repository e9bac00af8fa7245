package dev.almanac.meta;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One metadata entry of a project (seed ADR-001 {@code ProjectMeta}). */
public record MetaEntry(
        String key,
        @JsonRawValue String value,
        long version,
        String source,
        String reviewStatus,
        @JsonRawValue String provenance,
        Instant createdAt,
        Instant updatedAt,
        String updatedBy) {

    /** As the API shows it, for events that carry it to webhooks (value and provenance are raw JSON text, parsed here). */
    JsonNode asApiJson(JsonMapper json) {
        return json.readTree(json.writeValueAsString(this));
    }
}
