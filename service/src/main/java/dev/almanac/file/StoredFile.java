package dev.almanac.file;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;

/**
 * A file as the API shows it (API.md "File"), plus {@code has_text} and {@code table} (the profile of
 * a CSV/TSV/JSON-lines file, null otherwise). {@code path} is where the content lives in the store.
 */
public record StoredFile(
        String id,
        String projectId,
        String bucket,
        String name,
        long sizeBytes,
        String contentType,
        String checksumMd5,
        String checksumSha256,
        boolean isStaged,
        Instant expiresAt,
        @JsonRawValue String tags,
        Instant createdAt,
        boolean hasText,
        @JsonRawValue String table,
        @JsonIgnore String path) {

    boolean isExpired(Instant now) {
        return isStaged && expiresAt != null && !expiresAt.isAfter(now);
    }
}
