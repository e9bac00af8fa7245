package dev.almanac.meta;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;

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
        String updatedBy) {}
