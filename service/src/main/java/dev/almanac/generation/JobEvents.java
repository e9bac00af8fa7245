package dev.almanac.generation;

import dev.almanac.project.Projects;
import dev.almanac.web.Caller;
import org.springframework.stereotype.Service;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Opens a project's stream of job events (see {@link JobEventStreams}) for any caller of the
 * tenant: the API's {@code /api/projects/{id}/events} and the console's project page use the same
 * streams, so both count against the tenant's cap.
 */
@Service
public class JobEvents {
    private final JobEventStreams streams;
    private final Projects projects;

    JobEvents(JobEventStreams streams, Projects projects) {
        this.streams = streams;
        this.projects = projects;
    }

    /** 404 for another tenant's project, 429 past the tenant's stream cap. */
    public SseEmitter open(Caller caller, String projectId) {
        projects.require(caller.tenantId(), projectId);
        return streams.open(caller.tenantId(), projectId);
    }
}
