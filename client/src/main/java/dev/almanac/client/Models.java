package dev.almanac.client;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The resources as the API shows them (docs/api.md). Fields the service adds later are ignored. */
public final class Models {
    private Models() {}

    public record Project(String id, String name, String description, String status, JsonNode settings,
            long sizeBytes, int fileCount, int tableCount, int bucketCount, long version,
            Instant createdAt, Instant updatedAt, Instant deletedAt) {}

    public record MetaEntry(String key, JsonNode value, long version, String source, String reviewStatus,
            JsonNode provenance, Instant createdAt, Instant updatedAt, String updatedBy) {}

    public record Definition(String type, String name, JsonNode data, long version, String checksum, String source,
            boolean isActive, String owner, List<String> tags, String loadedFrom, Instant createdAt, Instant updatedAt) {}

    public record DefinitionVersion(long version, String checksum, String source, boolean isActive, List<String> tags,
            String change, String changedBy, Instant createdAt) {}

    public record SearchHit(String projectId, String name, double score, String snippet) {}

    public record SearchResult(List<SearchHit> items, long tookMs) {}

    /** What {@code POST …/generate_metadata} answered: a job to wait for, or {@code status: exists} (no job). */
    public record GenerationRequest(String jobId, String status, String projectId) {}

    /** One {@code event: job} of a project's event stream: a job changed state. */
    public record JobEvent(String jobId, String projectId, String status, int attempts, String error, Instant updatedAt) {
        public boolean isFinished() {
            return "succeeded".equals(status) || "failed".equals(status) || "cancelled".equals(status);
        }
    }

    /** An API key as listed (never its secret); {@code key} is set only in the answer that created it. */
    public record ApiKey(String id, String tenantId, String name, String role, String key, Instant createdAt,
            Instant revokedAt) {}

    /** A webhook as the API shows it (never its secret). */
    public record Webhook(String id, String url, List<String> events, Instant createdAt, String createdBy) {}

    public record Job(String id, String tenantId, String projectId, String status, boolean force, int attempts,
            int maxAttempts, String provider, String model, String error, Instant createdAt, Instant startedAt,
            Instant finishedAt) {
        public boolean isFinished() {
            return "succeeded".equals(status) || "failed".equals(status) || "cancelled".equals(status);
        }
    }

    public record RowError(long row, String message) {}

    public record ImportReport(String mode, boolean committed, long rows, long created, long updated, long unchanged,
            long failed, List<RowError> errors, boolean errorsTruncated) {}

    public record StoredFile(String id, String projectId, String bucket, String name, long sizeBytes, String contentType,
            String checksumMd5, String checksumSha256, boolean isStaged, Instant expiresAt, JsonNode tags, boolean hasText,
            JsonNode table, Instant createdAt) {}

    public record Operation(long id, Instant timestamp, String requestId, String projectId, String operation,
            String resourceType, String resourceId, JsonNode details, Long durationMs, String status, String errorMessage,
            String actor) {}

    /** One page of a list: {@code {items, next_cursor}}. */
    record Page<T>(List<T> items, String nextCursor) {}
}
