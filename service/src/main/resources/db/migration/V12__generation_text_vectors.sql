-- Issue 15: the local provider learns categories from the projects people labelled. Each project's
-- text vector (the embedding of the first 2,000 characters of what generation read) is kept here,
-- so a labelled project is an example without embedding it again. One row per project; the model
-- name says which embedding model made it (vectors of another model are recomputed).
CREATE TABLE generation_text_vectors (
    tenant_id  VARCHAR(64)  NOT NULL,
    project_id VARCHAR(128) NOT NULL,
    model      VARCHAR(64)  NOT NULL,
    vector     REAL[]       NOT NULL,
    updated_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, project_id),
    FOREIGN KEY (tenant_id, project_id) REFERENCES projects (tenant_id, id) ON DELETE CASCADE
);
