package dev.almanac.generation;

import dev.almanac.audit.OperationLog;
import dev.almanac.outbox.Outbox;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * Operating the job queue (admin role): list jobs by status, retry a failed job, cancel a queued or
 * running one. A tenant's admin sees and touches only its tenant's jobs; the system key sees every
 * tenant. State rules: retry only {@code failed} → {@code queued}; cancel {@code queued} or
 * {@code running} → {@code cancelled}; a finished job is 409.
 *
 * <p>Cancelling a running job is Flower's revoke-and-terminate as far as the outcome goes: the job
 * is {@code cancelled} at once, not {@code cancelling} first. The job row is the only place the
 * instances meet, and every way a worker ends a run ({@link GenerationJobs#succeed}, {@code fail},
 * {@code defer}) is an update conditioned on {@code status = 'running'} and its own worker name, in
 * the transaction that stores the run's suggestions. So once the cancel commits, the worker's
 * update matches no row and its transaction rolls back: nothing of the run is stored, whichever
 * instance runs it. An intermediate {@code cancelling} would only add a state someone has to finish
 * (and a worker that died would leave it hanging until its lease ran out) without making the
 * outcome any safer. What cancel cannot do is stop the provider call already in flight: the worker
 * waits for its answer (within the chain budget) and then throws it away.
 *
 * <p>The row is locked first ({@code FOR UPDATE}): a worker that is committing its result at that
 * moment either commits first (the job is {@code succeeded}: cancel answers 409) or waits for the
 * cancel and finds the job no longer its own. The end event {@code job.cancelled} is appended in
 * the cancel's transaction, so it is written once; the worker never writes one for a cancelled job.
 */
@Service
public class JobOperations {
    static final Set<String> STATUSES = Set.of(GenerationJob.QUEUED, GenerationJob.RUNNING, GenerationJob.SUCCEEDED,
            GenerationJob.FAILED, GenerationJob.CANCELLED);

    private final JobControl control;
    private final OperationLog operations;
    private final Outbox outbox;
    private final JsonMapper json;

    JobOperations(JobControl control, OperationLog operations, Outbox outbox, JsonMapper json) {
        this.control = control;
        this.operations = operations;
        this.outbox = outbox;
        this.json = json;
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

    /** Where {@link #countByStatus} stops counting: a larger count is shown as "more than this". */
    public static final long COUNT_CAP = 10_000;

    /**
     * How many jobs are in each status (every status listed, 0 when none; {@code COUNT_CAP + 1} means
     * more than {@link #COUNT_CAP}): the jobs page's tabs.
     */
    @Transactional(readOnly = true)
    public Map<String, Long> countByStatus(Caller caller) {
        caller.require(Role.ADMIN);
        List<String> statuses = List.of(GenerationJob.QUEUED, GenerationJob.RUNNING, GenerationJob.FAILED,
                GenerationJob.SUCCEEDED, GenerationJob.CANCELLED);
        Map<String, Long> found = control.countByStatus(scope(caller), statuses, COUNT_CAP);
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        for (String s : statuses) counts.put(s, found.getOrDefault(s, 0L));
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
        boolean running = GenerationJob.RUNNING.equals(job.status());
        if (!running && !GenerationJob.QUEUED.equals(job.status())) {
            throw new ApiException(ErrorCode.CONFLICT,
                    "Job '" + id + "' is " + job.status() + "; only a queued or running job can be cancelled");
        }
        GenerationJob cancelled = control.cancel(id,
                "cancelled by " + caller.actor() + (running ? " while running (attempt " + job.attempts() + ")" : ""));
        outbox.append(new JobFinished(job.tenantId(), JobFinished.CANCELLED, job.projectId(), id.toString(),
                json.valueToTree(cancelled)));
        operations.success(inTenantOf(caller, job), "cancel_job", "generation_job", id.toString(), job.projectId(),
                Map.of("attempts", job.attempts(), "was", job.status()));
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
