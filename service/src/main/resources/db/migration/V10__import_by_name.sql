-- A bulk import without an id column matches each row to the live project of that name in the
-- tenant (POST /api/projects/import): one index probe per row instead of a scan.
CREATE INDEX projects_live_by_name ON projects (tenant_id, name) WHERE status <> 'deleted';
