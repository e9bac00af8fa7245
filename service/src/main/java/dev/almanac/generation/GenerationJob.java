package dev.almanac.generation;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** One generation run: a queued job while it waits, a ledger entry once it ran (seed: Celery task). */
public record GenerationJob(
        UUID id,
        String tenantId,
        String projectId,
        String status,
        boolean force,
        int attempts,
        int maxAttempts,
        String provider,
        String model,
        String promptVersion,
        String inputHash,
        Integer contentLength,
        Integer tokens,
        BigDecimal costUsd,
        String error,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        /** The answer came from the response cache: no provider was called. */
        boolean cached) {

    public static final String QUEUED = "queued";
    public static final String RUNNING = "running";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";
}
