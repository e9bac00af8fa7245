package dev.almanac.client;

import dev.almanac.client.Models.GenerationRequest;
import dev.almanac.client.Models.Job;
import java.time.Duration;

/** AI metadata generation: request a job, wait for it. */
public final class Generation {
    private final Http http;
    private final Jobs jobs;

    Generation(Http http, Jobs jobs) {
        this.http = http;
        this.jobs = jobs;
    }

    /**
     * Asks for AI metadata of a project. Not retried (a POST), but safe to call again: the service
     * answers with the job already queued or running.
     */
    public GenerationRequest request(String projectId, boolean force) {
        return http.call("POST", "/api/projects/" + Http.segment(projectId) + "/generate_metadata")
                .query("force", force ? "true" : null).as(GenerationRequest.class);
    }

    /**
     * Polls the job until it has finished (succeeded, failed or cancelled) and returns it; throws
     * {@link AlmanacException.Timeout} if it has not within {@code timeout}.
     */
    public Job await(String jobId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 100;
        while (true) {
            Job job = jobs.get(jobId);
            if (job.isFinished()) return job;
            long left = deadline - System.nanoTime();
            if (left <= 0) throw new AlmanacException.Timeout("job " + jobId + " is still " + job.status() + " after " + timeout);
            try {
                Thread.sleep(Math.min(pause, Math.max(1, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AlmanacException.Timeout("interrupted while waiting for job " + jobId);
            }
            pause = Math.min(pause * 2, 2000);
        }
    }

    /** {@link #request} then {@link #await}; null when the service said the metadata is current (no job). */
    public Job generateAndWait(String projectId, Duration timeout) {
        GenerationRequest request = request(projectId, false);
        return request.jobId() == null ? null : await(request.jobId(), timeout);
    }
}
