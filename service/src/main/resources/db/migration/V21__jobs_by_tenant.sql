-- The jobs list without a status or project filter (the console's jobs page, GET /api/jobs), newest
-- first: without this it read every job of the tenant to sort them (about 60 ms at 100k jobs, on
-- every 2-second refresh of an open jobs page). Measured in bench/RESULTS-jobs-page.md.
CREATE INDEX generation_jobs_by_tenant ON generation_jobs (tenant_id, created_at, id);
