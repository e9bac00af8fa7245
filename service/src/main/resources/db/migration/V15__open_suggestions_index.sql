-- The review inbox lists and counts a tenant's open AI suggestions on every visit. Without this
-- index both read every metadata row of the tenant (300,000 at 100k projects: bench/RESULTS-console.md);
-- with it they read the open suggestions only, in the inbox's order. Partial: the open suggestions
-- are a small part of project_meta, and an accepted or rejected one leaves the index.
CREATE INDEX project_meta_open_suggestions ON project_meta (tenant_id, project_id, key)
    WHERE source = 'ai' AND review_status = 'suggested';
