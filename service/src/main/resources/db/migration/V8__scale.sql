-- Per-tenant limits (issue 7). A NULL column means "the configured default"
-- (almanac.tenant-limits.*), so defaults can change without touching rows.
CREATE TABLE tenant_limits (
    tenant_id               VARCHAR(64) PRIMARY KEY REFERENCES tenants (id),
    requests_per_second     INTEGER CHECK (requests_per_second > 0),
    burst                   INTEGER CHECK (burst > 0),
    generation_jobs_per_day INTEGER CHECK (generation_jobs_per_day >= 0),
    updated_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_by              TEXT NOT NULL
);

-- The AI budget: generation jobs requested per tenant per UTC day. Counted in PostgreSQL, in the
-- transaction that enqueues the job, so it is exact across instances and survives a Redis restart.
CREATE TABLE ai_budget_usage (
    tenant_id       VARCHAR(64) NOT NULL REFERENCES tenants (id),
    day             DATE NOT NULL,
    generation_jobs INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, day)
);
