package dev.almanac.generation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The job queue and ledger in one table. Claiming uses {@code FOR UPDATE SKIP LOCKED}, so any
 * number of workers on any number of instances take distinct jobs; a claimed job carries a lease,
 * and a job whose lease ran out (its worker died, e.g. kill -9) is claimed again. The status change
 * that ends a job commits together with the job's effects, so a finished job is never run again.
 */
@Repository
class GenerationJobs {
    static final String COLUMNS = """
            id, tenant_id, project_id, status, force, attempts, max_attempts, provider, model, prompt_version,
            input_hash, content_length, tokens, cost_usd, error, created_at, started_at, finished_at, cached""";

    private final JdbcClient jdbc;

    GenerationJobs(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    GenerationJob enqueue(String tenantId, String projectId, boolean force, int maxAttempts, String requestedBy) {
        return jdbc.sql("""
                        INSERT INTO generation_jobs (id, tenant_id, project_id, status, force, max_attempts, requested_by)
                        VALUES (?, ?, ?, 'queued', ?, ?, ?) RETURNING %s""".formatted(COLUMNS))
                .params(UUID.randomUUID(), tenantId, projectId, force, maxAttempts, requestedBy)
                .query(GenerationJobs::map)
                .single();
    }

    /** A job of this project that is still waiting or running, to answer a repeated request with it. */
    Optional<GenerationJob> pending(String tenantId, String projectId) {
        return jdbc.sql("""
                        SELECT %s FROM generation_jobs
                        WHERE tenant_id = ? AND project_id = ? AND status IN ('queued', 'running')
                        ORDER BY created_at DESC LIMIT 1""".formatted(COLUMNS))
                .params(tenantId, projectId)
                .query(GenerationJobs::map)
                .optional();
    }

    Optional<GenerationJob> find(String tenantId, UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM generation_jobs WHERE tenant_id = ? AND id = ?")
                .params(tenantId, id)
                .query(GenerationJobs::map)
                .optional();
    }

    /** Takes the next runnable job, if any, and leases it to {@code worker}. */
    Optional<GenerationJob> claim(String worker, Duration lease) {
        return jdbc.sql("""
                        UPDATE generation_jobs SET status = 'running', attempts = attempts + 1, worker = ?,
                            lease_until = now() + make_interval(secs => ?), started_at = coalesce(started_at, now())
                        WHERE id = (
                            SELECT id FROM generation_jobs
                            WHERE (status = 'queued' AND next_attempt_at <= now())
                               OR (status = 'running' AND lease_until < now())
                            ORDER BY next_attempt_at
                            FOR UPDATE SKIP LOCKED
                            LIMIT 1)
                        RETURNING %s""".formatted(COLUMNS))
                .params(worker, lease.toSeconds())
                .query(GenerationJobs::map)
                .optional();
    }

    /** Ends the job as succeeded and answers it as it ended; empty if it is no longer this worker's (its lease was taken over). */
    Optional<GenerationJob> succeed(UUID id, String worker, Run run, String resultJson) {
        return jdbc.sql("""
                        UPDATE generation_jobs SET status = 'succeeded', finished_at = now(), lease_until = NULL,
                            provider = ?, model = ?, prompt_version = ?, input_hash = ?, content_length = ?,
                            tokens = ?, cost_usd = ?, cached = ?, result = ?::jsonb, error = NULL
                        WHERE id = ? AND worker = ? AND status = 'running'
                        RETURNING\s""" + COLUMNS)
                .params(run.provider(), run.model(), run.promptVersion(), run.inputHash(), run.contentLength(),
                        run.tokens(), run.costUsd(), run.cached(), resultJson, id, worker)
                .query(GenerationJobs::map)
                .optional();
    }

    /** Records a failed attempt: back to the queue after {@code retryIn}, or failed for good when null; false if the job is no longer this worker's. */
    boolean fail(UUID id, String worker, String error, Duration retryIn) {
        return jdbc.sql("""
                        UPDATE generation_jobs SET status = ?, error = ?, lease_until = NULL,
                            next_attempt_at = now() + make_interval(secs => ?),
                            finished_at = CASE WHEN ? THEN now() ELSE NULL END
                        WHERE id = ? AND worker = ? AND status = 'running'""")
                .params(retryIn == null ? GenerationJob.FAILED : GenerationJob.QUEUED, error,
                        retryIn == null ? 0 : retryIn.toSeconds(), retryIn == null, id, worker)
                .update() == 1;
    }

    /**
     * Puts a running job back in the queue without spending an attempt: it did not fail, it had to
     * wait (no rate-limit token was free). Runs again after {@code pause}.
     */
    void defer(UUID id, String worker, String reason, Duration pause) {
        jdbc.sql("""
                        UPDATE generation_jobs SET status = 'queued', attempts = greatest(attempts - 1, 0), error = ?,
                            lease_until = NULL, next_attempt_at = now() + make_interval(secs => ?)
                        WHERE id = ? AND worker = ? AND status = 'running'""")
                .params(reason, pause.toMillis() / 1000.0, id, worker)
                .update();
    }

    long backlog() {
        return jdbc.sql("SELECT count(*) FROM generation_jobs WHERE status IN ('queued', 'running')").query(Long.class).single();
    }

    /** What one run used and produced, for the ledger. */
    record Run(String provider, String model, String promptVersion, String inputHash, int contentLength, int tokens,
            java.math.BigDecimal costUsd, boolean cached) {}

    static GenerationJob map(ResultSet rs, int row) throws SQLException {
        return new GenerationJob(rs.getObject("id", UUID.class), rs.getString("tenant_id"), rs.getString("project_id"),
                rs.getString("status"), rs.getBoolean("force"), rs.getInt("attempts"), rs.getInt("max_attempts"),
                rs.getString("provider"), rs.getString("model"), rs.getString("prompt_version"), rs.getString("input_hash"),
                (Integer) rs.getObject("content_length"), (Integer) rs.getObject("tokens"), rs.getBigDecimal("cost_usd"),
                rs.getString("error"), instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("started_at")),
                instant(rs.getTimestamp("finished_at")), rs.getBoolean("cached"));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
