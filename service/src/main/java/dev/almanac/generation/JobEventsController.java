package dev.almanac.generation;

import dev.almanac.web.Caller;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
class JobEventsController {
    private final JobEvents events;

    JobEventsController(JobEvents events) {
        this.events = events;
    }

    /** {@code event: job} with {job_id, project_id, status, attempts, error, updated_at} on every change. */
    @GetMapping(value = "/api/projects/{projectId}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(Caller caller, @PathVariable String projectId) {
        return events.open(caller, projectId);
    }
}
