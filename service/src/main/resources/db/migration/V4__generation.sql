-- AI metadata generation: the job queue and the ledger of generation runs are one table.
-- Workers claim queued jobs with FOR UPDATE SKIP LOCKED and hold a lease while they run; a job
-- whose lease expired (its worker died) is claimed again, so every job runs at least once.
CREATE TABLE generation_jobs (
    id             UUID PRIMARY KEY,
    tenant_id      VARCHAR(64)  NOT NULL,
    project_id     VARCHAR(128) NOT NULL,
    status         VARCHAR(16)  NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    force          BOOLEAN      NOT NULL DEFAULT false,
    attempts       INTEGER      NOT NULL DEFAULT 0,
    max_attempts   INTEGER      NOT NULL DEFAULT 5,
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    lease_until    TIMESTAMPTZ,
    worker         TEXT,
    provider       VARCHAR(64),
    model          VARCHAR(128),
    prompt_version VARCHAR(32),
    input_hash     VARCHAR(64),
    content_length INTEGER,
    tokens         INTEGER,
    cost_usd       NUMERIC(12, 6),
    result         JSONB,
    error          TEXT,
    requested_by   TEXT,
    created_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    started_at     TIMESTAMPTZ,
    finished_at    TIMESTAMPTZ,
    FOREIGN KEY (tenant_id, project_id) REFERENCES projects (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX generation_jobs_claimable ON generation_jobs (next_attempt_at) WHERE status IN ('queued', 'running');
CREATE INDEX generation_jobs_by_project ON generation_jobs (tenant_id, project_id, created_at);
CREATE INDEX generation_jobs_by_status ON generation_jobs (tenant_id, status, created_at);
