package dev.almanac.definition;

import java.time.Instant;
import java.util.List;

/** One entry of a definition's history; {@code change} is put, delete, rollback or import. */
public record DefinitionVersion(
        long version,
        String checksum,
        String source,
        boolean isActive,
        List<String> tags,
        String change,
        String changedBy,
        Instant createdAt) {}
