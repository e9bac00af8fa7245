-- AI providers (issue 3, part A): tenant AI settings, the shared provider rate limits, the response
-- cache, and whether a job's answer came from that cache.

-- A tenant without a row gets the defaults: enabled, chain [local], the default taxonomy, 4,000 chars.
CREATE TABLE tenant_ai_settings (
    tenant_id          VARCHAR(64) PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    enabled            BOOLEAN     NOT NULL,
    chain              JSONB       NOT NULL,
    taxonomy           JSONB,
    input_budget_chars INTEGER     NOT NULL,
    updated_by         TEXT,
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Bucket4j token buckets, one row per provider, shared by every instance on this database
-- (rows are locked with SELECT ... FOR UPDATE while a token is taken).
CREATE TABLE ai_rate_limits (
    id    VARCHAR(128) PRIMARY KEY,
    state BYTEA
);

-- Remote answers by (tenant, input hash, prompt version, model): the same input is not paid twice.
-- The tenant is part of the key so one tenant can never learn what another one generated.
CREATE TABLE generation_cache (
    tenant_id      VARCHAR(64)  NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    input_hash     VARCHAR(64)  NOT NULL,
    prompt_version VARCHAR(32)  NOT NULL,
    model          VARCHAR(128) NOT NULL,
    provider       VARCHAR(64)  NOT NULL,
    result         JSONB        NOT NULL,
    tokens         INTEGER      NOT NULL,
    created_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, input_hash, prompt_version, model)
);

ALTER TABLE generation_jobs ADD COLUMN cached BOOLEAN NOT NULL DEFAULT false;
