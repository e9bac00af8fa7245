package dev.almanac.definition;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One definition as the API shows it (seed ADR-0002 {@code sys_metadata}). {@code source} says how a
 * stored row got there ({@code api}, {@code migration}, {@code database}) or, for definitions that are
 * not stored, where they live ({@code registry}, {@code filesystem}); {@code loadedFrom} says which
 * link of the fallback chain answered: {@code database}, {@code registry} or {@code filesystem}.
 * Definitions that are not stored have version 0 and no timestamps.
 *
 * <p>{@code data} is shared with the cache: treat it as read-only.
 */
public record Definition(
        String type,
        String name,
        JsonNode data,
        long version,
        String checksum,
        String source,
        boolean isActive,
        String owner,
        List<String> tags,
        Instant createdAt,
        Instant updatedAt,
        String loadedFrom) {

    public static final String FROM_DATABASE = "database";
    public static final String FROM_REGISTRY = "registry";
    public static final String FROM_FILESYSTEM = "filesystem";

    public boolean isStored() {
        return FROM_DATABASE.equals(loadedFrom);
    }

    String key() {
        return type + "/" + name;
    }
}
