-- Project metadata history: every value an entry had, who wrote it, when, and what kind of change
-- it was. One row per change, written in the transaction of the change; rows are only appended
-- (and go with their project). A deletion is a row without a value.

CREATE TABLE project_meta_history (
    id            BIGSERIAL PRIMARY KEY,
    tenant_id     VARCHAR(64)  NOT NULL,
    project_id    VARCHAR(128) NOT NULL,
    key           VARCHAR(128) NOT NULL,
    -- The entry's version after the change (for a deletion: the version that was deleted).
    entry_version BIGINT       NOT NULL,
    -- put, suggest, accept, reject, delete, restore, expire, baseline (rows that existed before V9)
    change        VARCHAR(16)  NOT NULL,
    value         JSONB,
    source        VARCHAR(16),
    review_status VARCHAR(16),
    provenance    JSONB,
    changed_by    TEXT,
    changed_at    TIMESTAMPTZ  NOT NULL,
    FOREIGN KEY (tenant_id, project_id) REFERENCES projects (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX project_meta_history_by_key ON project_meta_history (tenant_id, project_id, key, id);

INSERT INTO project_meta_history (tenant_id, project_id, key, entry_version, change, value, source, review_status,
                                  provenance, changed_by, changed_at)
SELECT tenant_id, project_id, key, version, 'baseline', value, source, review_status, provenance, updated_by, updated_at
FROM project_meta ORDER BY id;

-- Console sessions: the cookie carries only the opaque id; the row says whose key signed in, so
-- revoking the key ends the session at the next request. Every instance reads the same table.
CREATE TABLE console_sessions (
    id           CHAR(64)    PRIMARY KEY,
    tenant_id    VARCHAR(64),
    key_id       TEXT        NOT NULL,
    api_key_hash TEXT        NOT NULL,
    csrf_token   CHAR(64)    NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX console_sessions_by_key ON console_sessions (key_id);
