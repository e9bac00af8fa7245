-- Definitions (seed ADR-0002, database-driven metadata storage): typed, versioned JSON documents
-- per tenant. sys_metadata holds the current state of each (tenant, type, name); every version,
-- including the current one, is also in sys_metadata_history, which is never updated or pruned.

CREATE TABLE sys_metadata (
    tenant_id  VARCHAR(64)  NOT NULL REFERENCES tenants (id),
    type       VARCHAR(64)  NOT NULL,
    name       VARCHAR(128) NOT NULL,
    data       JSONB        NOT NULL,
    version    BIGINT       NOT NULL DEFAULT 1,
    -- MD5 of the canonical JSON form of data (sorted keys, no whitespace), hex.
    checksum   CHAR(32)     NOT NULL,
    -- How the row got here. 'database' is the default so that a row written by hand in SQL says so.
    source     VARCHAR(16)  NOT NULL DEFAULT 'database'
                            CHECK (source IN ('filesystem', 'database', 'api', 'migration')),
    is_active  BOOLEAN      NOT NULL DEFAULT TRUE,
    owner      TEXT,
    tags       TEXT[]       NOT NULL DEFAULT '{}',
    created_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    -- The seed's (type, name) key, made per tenant: the same name may exist in two tenants.
    PRIMARY KEY (tenant_id, type, name)
);
-- Lists of one type walk this index in name order (keyset pagination).
CREATE INDEX sys_metadata_by_type_active ON sys_metadata (tenant_id, type, is_active, name);

CREATE TABLE sys_metadata_history (
    tenant_id  VARCHAR(64)  NOT NULL,
    type       VARCHAR(64)  NOT NULL,
    name       VARCHAR(128) NOT NULL,
    version    BIGINT       NOT NULL,
    data       JSONB        NOT NULL,
    checksum   CHAR(32)     NOT NULL,
    source     VARCHAR(16)  NOT NULL,
    is_active  BOOLEAN      NOT NULL,
    tags       TEXT[]       NOT NULL,
    -- What made this version: put, delete, rollback, import.
    change     VARCHAR(16)  NOT NULL,
    changed_by TEXT,
    created_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, type, name, version),
    FOREIGN KEY (tenant_id, type, name) REFERENCES sys_metadata (tenant_id, type, name) ON DELETE CASCADE
);
-- ?as_of= finds the newest version created at or before a time.
CREATE INDEX sys_metadata_history_by_time ON sys_metadata_history (tenant_id, type, name, created_at);
