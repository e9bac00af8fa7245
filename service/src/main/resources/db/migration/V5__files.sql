-- Files registry (seed ADR-008 "files"): one row per stored content file. The content lives under
-- ALMANAC_DATA_DIR/files/<path>, named by the server-generated id; the client's name is metadata.
CREATE TABLE files (
    id              VARCHAR(36)  PRIMARY KEY,
    tenant_id       VARCHAR(64)  NOT NULL,
    project_id      VARCHAR(128) NOT NULL,
    bucket          VARCHAR(64)  NOT NULL DEFAULT 'default',
    name            TEXT         NOT NULL,
    path            TEXT         NOT NULL UNIQUE,
    size_bytes      BIGINT       NOT NULL CHECK (size_bytes > 0),
    content_type    TEXT         NOT NULL,
    checksum_md5    CHAR(32)     NOT NULL,
    checksum_sha256 CHAR(64)     NOT NULL,
    is_staged       BOOLEAN      NOT NULL DEFAULT false,
    expires_at      TIMESTAMPTZ,
    tags            JSONB        NOT NULL DEFAULT '{}'::jsonb,
    -- What AI generation and search read: extracted text (capped) and, for CSV/TSV/JSON-lines, a profile.
    extracted_text  TEXT,
    table_profile   JSONB,
    created_by      TEXT,
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    -- No ON DELETE CASCADE: projects are soft-deleted, and a hard delete must not drop rows whose
    -- content would then be orphaned on disk without anyone deleting it.
    FOREIGN KEY (tenant_id, project_id) REFERENCES projects (tenant_id, id),
    CHECK (is_staged OR expires_at IS NULL)
);
-- Keyset pagination of a project's files by id.
CREATE INDEX files_by_project ON files (tenant_id, project_id, id);
-- The cleanup job looks only at staged files, oldest expiry first.
CREATE INDEX files_staged_expiry ON files (expires_at) WHERE is_staged;
