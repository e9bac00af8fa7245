package dev.almanac.generation;

import dev.almanac.outbox.EventType;
import dev.almanac.project.ProjectEvent;
import tools.jackson.databind.JsonNode;

/**
 * A generation job ended: {@code job.succeeded} (its suggestions were stored in the same
 * transaction) or {@code job.failed} (for good: no attempt is left, or retrying cannot help).
 * {@code job}: the job as the API shows it. Part of its project's stream, after the suggestions.
 */
@EventType({"job.succeeded", "job.failed", "job.cancelled"})
public record JobFinished(String tenantId, String eventType, String projectId, String jobId, JsonNode job)
        implements ProjectEvent {
    static final String SUCCEEDED = "job.succeeded";
    static final String FAILED = "job.failed";
    static final String CANCELLED = "job.cancelled";

    @Override
    public boolean changesProjectRow() {
        return false;
    }
}
