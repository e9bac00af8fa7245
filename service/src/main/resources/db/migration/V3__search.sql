-- Search: sentence embeddings of each project's searchable text, one row per chunk.
-- The source of truth for vectors; every instance's Lucene index is rebuilt from here.
CREATE TABLE project_embeddings (
    tenant_id  VARCHAR(64)  NOT NULL,
    project_id VARCHAR(128) NOT NULL,
    chunk      INTEGER      NOT NULL,
    model      VARCHAR(128) NOT NULL,
    dimension  INTEGER      NOT NULL,
    text_hash  VARCHAR(64)  NOT NULL,
    chunk_text TEXT         NOT NULL,
    vector     REAL[]       NOT NULL,
    updated_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, project_id, chunk),
    FOREIGN KEY (tenant_id, project_id) REFERENCES projects (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX project_embeddings_by_model ON project_embeddings (model);
