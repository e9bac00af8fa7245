package dev.almanac.generation;

import dev.almanac.audit.Audited;
import dev.almanac.web.Caller;
import dev.almanac.web.Page;
import dev.almanac.web.PageLimit;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class JobOperationsController {
    private final JobOperations jobs;
    private final PageLimit pageLimit;

    JobOperationsController(JobOperations jobs, PageLimit pageLimit) {
        this.jobs = jobs;
        this.pageLimit = pageLimit;
    }

    @GetMapping("/api/jobs")
    Page<GenerationJob> list(Caller caller, @RequestParam(required = false) String status,
            @RequestParam(name = "project_id", required = false) String projectId,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return jobs.list(caller, status, projectId, pageLimit.resolve(limit), cursor);
    }

    @PostMapping("/api/jobs/{jobId}/retry")
    @Audited(operation = "retry_job", resourceType = "generation_job", resourceIdVariable = "jobId")
    GenerationJob retry(Caller caller, @PathVariable UUID jobId) {
        return jobs.retry(caller, jobId);
    }

    @PostMapping("/api/jobs/{jobId}/cancel")
    @Audited(operation = "cancel_job", resourceType = "generation_job", resourceIdVariable = "jobId")
    GenerationJob cancel(Caller caller, @PathVariable UUID jobId) {
        return jobs.cancel(caller, jobId);
    }
}
