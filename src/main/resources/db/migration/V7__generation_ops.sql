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

-- Job state changes are followed by polling this column (server-sent events, on every instance).
-- A trigger keeps it, so no writer of the table can forget it. clock_timestamp(), not now(): the
-- time of the change, not of the start of a long transaction.
ALTER TABLE generation_jobs ADD COLUMN updated_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp();
CREATE FUNCTION generation_jobs_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := clock_timestamp();
    RETURN NEW;
END $$;
CREATE TRIGGER generation_jobs_touch BEFORE UPDATE ON generation_jobs
    FOR EACH ROW EXECUTE FUNCTION generation_jobs_touch();
CREATE INDEX generation_jobs_by_update ON generation_jobs (updated_at);

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
