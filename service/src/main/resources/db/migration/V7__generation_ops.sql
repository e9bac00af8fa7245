-- Operations around AI generation: review of suggestions, schedules, job events.

-- A rejected (or expired) AI suggestion, remembered per input: a run that is not forced does not
-- suggest this key again for the same input hash. A new input (the project changed) may.
CREATE TABLE meta_rejections (
    tenant_id   VARCHAR(64)  NOT NULL,
    project_id  VARCHAR(128) NOT NULL,
    key         VARCHAR(128) NOT NULL,
    input_hash  VARCHAR(64)  NOT NULL,
    value       JSONB,
    reason      VARCHAR(16)  NOT NULL CHECK (reason IN ('rejected', 'expired')),
    rejected_by TEXT,
    rejected_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, project_id, key, input_hash),
    FOREIGN KEY (tenant_id, project_id) REFERENCES projects (tenant_id, id) ON DELETE CASCADE
);

-- Every state change of a job, written by a trigger (so no writer of generation_jobs can forget
-- it) and read by each instance's event feed (server-sent events), so a client connected to one
-- instance sees jobs that run on another. Kept for a day (weekly cleanup and the feed prune it).
-- clock_timestamp(), not now(): the time of the change, not of the start of its transaction.
CREATE TABLE generation_job_events (
    id         BIGSERIAL PRIMARY KEY,
    job_id     UUID         NOT NULL,
    tenant_id  VARCHAR(64)  NOT NULL,
    project_id VARCHAR(128) NOT NULL,
    status     VARCHAR(16)  NOT NULL,
    attempts   INTEGER      NOT NULL,
    error      TEXT,
    at         TIMESTAMPTZ  NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX generation_job_events_by_time ON generation_job_events (at);

CREATE FUNCTION generation_job_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.status IS DISTINCT FROM OLD.status OR NEW.attempts IS DISTINCT FROM OLD.attempts THEN
        INSERT INTO generation_job_events (job_id, tenant_id, project_id, status, attempts, error)
        VALUES (NEW.id, NEW.tenant_id, NEW.project_id, NEW.status, NEW.attempts, NEW.error);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER generation_job_changed AFTER INSERT OR UPDATE ON generation_jobs
    FOR EACH ROW EXECUTE FUNCTION generation_job_changed();

-- Recurring tasks. One row per schedule; an instance runs a due schedule only after moving its
-- next_run_at forward in a conditional UPDATE, so of several instances exactly one wins each run.
CREATE TABLE schedules (
    name             VARCHAR(64) PRIMARY KEY,
    cron             TEXT        NOT NULL,
    next_run_at      TIMESTAMPTZ,
    running_on       TEXT,
    lease_until      TIMESTAMPTZ,
    last_started_at  TIMESTAMPTZ,
    last_finished_at TIMESTAMPTZ,
    last_outcome     VARCHAR(16) CHECK (last_outcome IN ('succeeded', 'failed')),
    last_detail      TEXT,
    runs             BIGINT      NOT NULL DEFAULT 0
);
