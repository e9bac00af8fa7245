package dev.almanac.generation;

import dev.almanac.project.Projects;
import dev.almanac.web.Caller;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
class JobEventsController {
    private final JobEventStreams streams;
    private final Projects projects;

    JobEventsController(JobEventStreams streams, Projects projects) {
        this.streams = streams;
        this.projects = projects;
    }

    /** {@code event: job} with {job_id, project_id, status, attempts, error, updated_at} on every change. */
    @GetMapping(value = "/api/projects/{projectId}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(Caller caller, @PathVariable String projectId) {
        projects.require(caller.tenantId(), projectId);
        return streams.open(caller.tenantId(), projectId);
    }
}
