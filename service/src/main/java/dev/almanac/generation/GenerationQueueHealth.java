package dev.almanac.generation;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health component {@code generationQueue}: this instance's workers (configured, alive, failed
 * polls, last error) and the shared queue (backlog of queued + running jobs, age of the oldest job
 * waiting to run). DOWN when a worker thread died or the queue cannot be read; a disabled
 * instance ({@code almanac.generation.enabled=false}) is UP with 0 workers.
 */
@Component("generationQueue")
class GenerationQueueHealth implements HealthIndicator {
    private final GenerationWorker worker;
    private final GenerationJobs jobs;
    private final JobControl control;

    GenerationQueueHealth(GenerationWorker worker, GenerationJobs jobs, JobControl control) {
        this.worker = worker;
        this.jobs = jobs;
        this.control = control;
    }

    @Override
    public Health health() {
        GenerationWorker.Status w = worker.status();
        Health.Builder health = w.alive() < w.configured() && worker.isRunning() ? Health.down() : Health.up();
        health.withDetail("enabled", w.enabled())
                .withDetail("workers", w.configured())
                .withDetail("workers_alive", w.alive())
                .withDetail("failed_polls", w.failedPolls());
        if (w.lastError() != null) health.withDetail("last_error", w.lastError());
        if (w.lastProgress() != null) health.withDetail("last_progress", w.lastProgress().toString());
        try {
            return health.withDetail("backlog", jobs.backlog())
                    .withDetail("oldest_waiting_seconds", control.oldestRunnableAgeSeconds())
                    .build();
        } catch (RuntimeException e) {
            return health.down().withDetail("error", e.getClass().getSimpleName()).build();
        }
    }
}
