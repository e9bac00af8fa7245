-- Foundation schema: tenants, API keys, projects registry, project metadata, operations log, outbox.
-- Every table holding user data carries tenant_id; project ids are unique per tenant.

CREATE TABLE tenants (
    id         VARCHAR(64) PRIMARY KEY,
    name       TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE api_keys (
    id         VARCHAR(40) PRIMARY KEY,
    tenant_id  VARCHAR(64) NOT NULL REFERENCES tenants (id),
    name       TEXT        NOT NULL,
    role       VARCHAR(16) NOT NULL CHECK (role IN ('reader', 'writer', 'admin', 'system')),
    -- SHA-256 of the whole key; the key itself is never stored.
    key_hash   BYTEA       NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by TEXT,
    revoked_at TIMESTAMPTZ
);
CREATE INDEX api_keys_by_tenant ON api_keys (tenant_id, created_at, id);

CREATE TABLE projects (
    tenant_id    VARCHAR(64)  NOT NULL REFERENCES tenants (id),
    id           VARCHAR(128) NOT NULL,
    name         TEXT         NOT NULL,
    description  TEXT,
    status       VARCHAR(16)  NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'locked', 'deleted')),
    settings     JSONB        NOT NULL DEFAULT '{}'::jsonb,
    size_bytes   BIGINT       NOT NULL DEFAULT 0,
    file_count   INTEGER      NOT NULL DEFAULT 0,
    table_count  INTEGER      NOT NULL DEFAULT 0,
    bucket_count INTEGER      NOT NULL DEFAULT 0,
    version      BIGINT       NOT NULL DEFAULT 1,
    created_by   TEXT,
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    deleted_at   TIMESTAMPTZ,
    PRIMARY KEY (tenant_id, id)
);
-- Keyset pagination by status walks this index only.
CREATE INDEX projects_by_status ON projects (tenant_id, status, id);
CREATE INDEX projects_by_created ON projects (tenant_id, created_at);

CREATE TABLE project_meta (
    id            BIGSERIAL PRIMARY KEY,
    tenant_id     VARCHAR(64)  NOT NULL,
    project_id    VARCHAR(128) NOT NULL,
    key           VARCHAR(128) NOT NULL,
    value         JSONB        NOT NULL,
    version       BIGINT       NOT NULL DEFAULT 1,
    source        VARCHAR(16)  NOT NULL CHECK (source IN ('user', 'ai', 'import')),
    review_status VARCHAR(16) CHECK (review_status IN ('suggested', 'accepted', 'rejected')),
    provenance    JSONB,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_by    TEXT,
    UNIQUE (tenant_id, project_id, key),
    FOREIGN KEY (tenant_id, project_id) REFERENCES projects (tenant_id, id) ON DELETE CASCADE
);
-- Containment filters (?meta={"category":"finance"}) probe this index.
CREATE INDEX project_meta_value ON project_meta USING GIN (value jsonb_path_ops);

CREATE TABLE operations_log (
    id            BIGSERIAL PRIMARY KEY,
    tenant_id     VARCHAR(64) NOT NULL,
    timestamp     TIMESTAMPTZ NOT NULL DEFAULT now(),
    request_id    VARCHAR(128),
    project_id    VARCHAR(128),
    operation     VARCHAR(64) NOT NULL,
    resource_type VARCHAR(32),
    resource_id   TEXT,
    details       JSONB,
    duration_ms   INTEGER,
    status        VARCHAR(16) NOT NULL CHECK (status IN ('success', 'failed', 'denied', 'in_progress')),
    error_message TEXT,
    actor         TEXT
);
CREATE INDEX operations_by_tenant ON operations_log (tenant_id, id);
CREATE INDEX operations_by_project ON operations_log (tenant_id, project_id, id);
CREATE INDEX operations_by_request ON operations_log (tenant_id, request_id);
CREATE INDEX operations_by_operation ON operations_log (tenant_id, operation, id);
CREATE INDEX operations_by_time ON operations_log (tenant_id, timestamp);

-- Outbox: ordered by (tx_id, seq). Readers only see rows whose transaction id is below the oldest
-- running transaction, so a row can never appear behind a reader's checkpoint (see Outbox.java).
CREATE TABLE outbox (
    seq            BIGSERIAL,
    tx_id          XID8        NOT NULL DEFAULT pg_current_xact_id(),
    tenant_id      VARCHAR(64) NOT NULL,
    aggregate_type VARCHAR(32) NOT NULL,
    aggregate_id   TEXT        NOT NULL,
    event_type     VARCHAR(64) NOT NULL,
    payload        JSONB       NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tx_id, seq)
);
CREATE INDEX outbox_by_time ON outbox (created_at);

CREATE TABLE outbox_checkpoints (
    consumer   VARCHAR(128) PRIMARY KEY,
    tx_id      XID8         NOT NULL,
    seq        BIGINT       NOT NULL,
    updated_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);
