package dev.almanac.generation;

import dev.almanac.audit.Audited;
import dev.almanac.web.Caller;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class GenerationController {
    private final Generation generation;

    GenerationController(Generation generation) {
        this.generation = generation;
    }

    /** The seed's path ends with a slash; both spellings are served. */
    @PostMapping({"/api/projects/{projectId}/generate_metadata/", "/api/projects/{projectId}/generate_metadata"})
    @Audited(operation = "generate_metadata", resourceType = "generation_job")
    ResponseEntity<Map<String, Object>> generate(Caller caller, @PathVariable String projectId,
            @RequestParam(defaultValue = "false") boolean force) {
        Generation.Requested requested = generation.request(caller, projectId, force);
        if (requested.exists()) {
            return ResponseEntity.ok(Map.of("status", "exists", "project_id", projectId));
        }
        GenerationJob job = requested.job();
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .header("Location", "/api/jobs/" + job.id())
                .body(Map.of("job_id", job.id(), "status", job.status(), "project_id", projectId));
    }

    @GetMapping("/api/jobs/{jobId}")
    GenerationJob job(Caller caller, @PathVariable UUID jobId) {
        return generation.job(caller, jobId);
    }
}
