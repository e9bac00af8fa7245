package dev.almanac.generation;

import dev.almanac.audit.OperationLog;
import dev.almanac.web.ApiException;
import dev.almanac.web.Caller;
import dev.almanac.web.ErrorCode;
import dev.almanac.web.Page;
import dev.almanac.web.Role;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Operating the job queue (admin role): list jobs by status, retry a failed job, cancel a queued
 * one. A tenant's admin sees and touches only its tenant's jobs; the system key sees every tenant.
 * State rules: retry only {@code failed} → {@code queued}; cancel only {@code queued} →
 * {@code cancelled}; anything else is 409. The row is locked first, so a worker claiming the job
 * at the same moment either gets it before (cancel answers 409) or never.
 */
@Service
public class JobOperations {
    static final Set<String> STATUSES = Set.of(GenerationJob.QUEUED, GenerationJob.RUNNING, GenerationJob.SUCCEEDED,
            GenerationJob.FAILED, "cancelled");

    private final JobControl control;
    private final OperationLog operations;

    JobOperations(JobControl control, OperationLog operations) {
        this.control = control;
        this.operations = operations;
    }

    @Transactional(readOnly = true)
    public Page<GenerationJob> list(Caller caller, String status, String projectId, int limit, String cursor) {
        caller.require(Role.ADMIN);
        if (status != null && !STATUSES.contains(status)) {
            throw ApiException.invalidField("status", "one of " + String.join(", ", STATUSES.stream().sorted().toList()));
        }
        Instant afterCreated = null;
        UUID afterId = null;
        String after = Page.decode(cursor);
        if (after != null) {
            try {
                int bar = after.indexOf('|');
                afterCreated = Instant.parse(after.substring(0, bar));
                afterId = UUID.fromString(after.substring(bar + 1));
            } catch (RuntimeException e) {
                throw ApiException.invalidField("cursor", "not a cursor returned by this API");
            }
        }
        List<GenerationJob> rows = control.list(scope(caller), status, projectId, afterCreated, afterId, limit + 1);
        return Page.of(rows, limit, j -> j.createdAt() + "|" + j.id());
    }

    /** How many jobs are in each status (every status listed, 0 when none): the jobs page's tabs. */
    @Transactional(readOnly = true)
    public Map<String, Long> countByStatus(Caller caller) {
        caller.require(Role.ADMIN);
        Map<String, Long> found = control.countByStatus(scope(caller));
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        for (String s : List.of(GenerationJob.QUEUED, GenerationJob.RUNNING, GenerationJob.FAILED, GenerationJob.SUCCEEDED, "cancelled")) {
            counts.put(s, found.getOrDefault(s, 0L));
        }
        return counts;
    }

    @Transactional
    public GenerationJob retry(Caller caller, UUID id) {
        caller.require(Role.ADMIN);
        GenerationJob job = require(caller, id);
        if (!GenerationJob.FAILED.equals(job.status())) {
            throw new ApiException(ErrorCode.CONFLICT, "Job '" + id + "' is " + job.status() + "; only a failed job can be retried");
        }
        GenerationJob queued = control.requeue(id);
        operations.success(inTenantOf(caller, job), "retry_job", "generation_job", id.toString(), job.projectId(),
                Map.of("previous_attempts", job.attempts()));
        return queued;
    }

    @Transactional
    public GenerationJob cancel(Caller caller, UUID id) {
        caller.require(Role.ADMIN);
        GenerationJob job = require(caller, id);
        if (!GenerationJob.QUEUED.equals(job.status())) {
            throw new ApiException(ErrorCode.CONFLICT, "Job '" + id + "' is " + job.status() + "; only a queued job can be cancelled");
        }
        GenerationJob cancelled = control.cancel(id, "cancelled by " + caller.actor());
        operations.success(inTenantOf(caller, job), "cancel_job", "generation_job", id.toString(), job.projectId(),
                Map.of("attempts", job.attempts()));
        return cancelled;
    }

    private GenerationJob require(Caller caller, UUID id) {
        return control.findForUpdate(scope(caller), id).orElseThrow(() -> ApiException.notFound("Job '" + id + "'"));
    }

    /** null = all tenants, for the system key only. */
    private static String scope(Caller caller) {
        return caller.role() == Role.SYSTEM ? null : caller.tenantId();
    }

    /** The log entry belongs to the job's tenant, so its admins see who touched their job. */
    private static Caller inTenantOf(Caller caller, GenerationJob job) {
        return new Caller(job.tenantId(), caller.actor(), caller.role(), caller.requestId(), caller.startedNanos());
    }
}
