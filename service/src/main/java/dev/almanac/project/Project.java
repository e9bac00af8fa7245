package dev.almanac.project;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;

/** A registered project (seed ADR-008 {@code projects}), as the API shows it. */
public record Project(
        String id,
        String name,
        String description,
        String status,
        @JsonRawValue String settings,
        long sizeBytes,
        int fileCount,
        int tableCount,
        int bucketCount,
        long version,
        Instant createdAt,
        Instant updatedAt,
        Instant deletedAt) {

    public static final String ACTIVE = "active";
    public static final String LOCKED = "locked";
    public static final String DELETED = "deleted";

    @JsonIgnore
    public boolean isDeleted() {
        return DELETED.equals(status);
    }
}
