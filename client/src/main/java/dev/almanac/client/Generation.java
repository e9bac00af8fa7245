package dev.almanac.client;

import dev.almanac.client.Models.GenerationRequest;
import dev.almanac.client.Models.Job;
import dev.almanac.client.Models.JobEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

/** AI metadata generation: request a job, wait for it or follow its events. */
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

    /**
     * Follows the job over its project's event stream ({@code GET /api/projects/{id}/events},
     * server-sent events) instead of polling: calls {@code listener} with each of the job's state
     * changes and returns the one that finished it. The job is read once the stream is open, so a
     * job that finished before that is answered at once (with its state as an event). Throws
     * {@link AlmanacException.Timeout} when it has not finished within {@code timeout} (checked at
     * each event or heartbeat, so at least every 15 s), and reopens the stream when the service
     * ends it.
     */
    public JobEvent follow(String jobId, Duration timeout, Consumer<JobEvent> listener) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String projectId = jobs.get(jobId).projectId();
        while (true) {
            HttpResponse<InputStream> response = http.call("GET", "/api/projects/" + Http.segment(projectId) + "/events")
                    .header("Accept", "text/event-stream").timeout(timeout).stream();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String event = null;
                StringBuilder data = new StringBuilder();
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (System.nanoTime() > deadline) {
                        throw new AlmanacException.Timeout("job " + jobId + " has not finished after " + timeout);
                    }
                    if (line.startsWith("event:")) {
                        event = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).trim());
                    } else if (line.isEmpty() && event != null) {
                        JobEvent finished = "ready".equals(event) ? current(jobId)
                                : "job".equals(event) ? Http.JSON.readValue(data.toString(), JobEvent.class) : null;
                        event = null;
                        data.setLength(0);
                        if (finished == null || !jobId.equals(finished.jobId())) continue;
                        if (finished.isFinished()) {
                            listener.accept(finished);
                            return finished;
                        }
                        listener.accept(finished);
                    }
                }
            } catch (IOException e) {
                throw new AlmanacException.Unavailable("the event stream of project " + projectId + " broke: " + e, e);
            }
            if (System.nanoTime() > deadline) throw new AlmanacException.Timeout("job " + jobId + " has not finished after " + timeout);
        }
    }

    /** The job's state as an event, read after the stream is open: what happened before it is not lost. */
    private JobEvent current(String jobId) {
        Job job = jobs.get(jobId);
        return job.isFinished() ? new JobEvent(job.id(), job.projectId(), job.status(), job.attempts(), job.error(),
                job.finishedAt()) : null;
    }

    /** {@link #request} then {@link #await}; null when the service said the metadata is current (no job). */
    public Job generateAndWait(String projectId, Duration timeout) {
        GenerationRequest request = request(projectId, false);
        return request.jobId() == null ? null : await(request.jobId(), timeout);
    }
}
