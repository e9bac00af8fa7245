package dev.almanac.client;

import dev.almanac.client.Models.Job;
import java.util.stream.Stream;

/** {@code /api/jobs}. Listing, retrying and cancelling need an admin key. */
public final class Jobs {
    private final Http http;

    Jobs(Http http) {
        this.http = http;
    }

    public Job get(String jobId) {
        return http.call("GET", "/api/jobs/" + Http.segment(jobId)).as(Job.class);
    }

    public Stream<Job> list(String status, String projectId) {
        return Paging.stream(cursor -> http.call("GET", "/api/jobs").query("status", status).query("project_id", projectId)
                .query("limit", http.pageSize()).query("cursor", cursor).page(Job.class));
    }

    public Job retry(String jobId) {
        return http.call("POST", "/api/jobs/" + Http.segment(jobId) + "/retry").as(Job.class);
    }

    public Job cancel(String jobId) {
        return http.call("POST", "/api/jobs/" + Http.segment(jobId) + "/cancel").as(Job.class);
    }
}
