package dev.almanac.meta;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;

/**
 * One change in the history of a metadata entry. {@code version} numbers the changes of the entry
 * (1, 2, …, never reused, also across a delete and re-create); {@code entryVersion} is the entry's
 * own version (its ETag) after the change. A deletion has no value.
 */
public record MetaVersion(
        long version,
        long entryVersion,
        String change,
        @JsonRawValue String value,
        String source,
        String reviewStatus,
        @JsonRawValue String provenance,
        String changedBy,
        Instant changedAt) {

    public boolean isDeletion() {
        return value == null;
    }
}
