-- The console benchmark's data set, loaded with plain SQL into the service's own tables (loading
-- 100k projects through the HTTP import takes ~30 minutes here: bench/import). Rows from
-- bench/import/generate.py (on standard input), for tenant :'tenant': projects, three metadata values each (as the import
-- writes them, with the history rows the service writes), and open AI suggestions on one project in
-- 25 (a summary, where there was none) and on one in 100 (a category over the imported one, as a
-- forced regeneration does) — each with its history.
\set ON_ERROR_STOP on
BEGIN;
CREATE TEMP TABLE staging (id text, name text, description text, status text, category text, owner text, tags text);
\copy staging FROM pstdin WITH (FORMAT csv, HEADER true)
INSERT INTO projects (tenant_id, id, name, description, status, created_by)
  SELECT :'tenant', id, name, description, status, 'bench-load' FROM staging;
INSERT INTO project_meta (tenant_id, project_id, key, value, source, updated_by)
  SELECT :'tenant', s.id, m.key, m.value::jsonb, 'import', 'bench-load' FROM staging s
  CROSS JOIN LATERAL (VALUES ('category', s.category), ('owner', s.owner), ('tags', s.tags)) AS m(key, value);
INSERT INTO project_meta_history (tenant_id, project_id, key, entry_version, change, value, source, changed_by, changed_at)
  SELECT tenant_id, project_id, key, 1, 'put', value, source, updated_by, updated_at FROM project_meta WHERE tenant_id = :'tenant';

-- which projects get suggestions: a hash of the id, so no join (a join on a fresh temp table made
-- PostgreSQL pick a nested loop over 300,000 rows here)
INSERT INTO project_meta (tenant_id, project_id, key, value, source, review_status, provenance, updated_by)
  SELECT :'tenant', id, 'summary', to_jsonb('A generated summary of project ' || id || ', in a sentence or two.'),
         'ai', 'suggested', jsonb_build_object('provider', 'local', 'model', 'keyphrases', 'confidence', 0.62,
         'input_hash', md5(id)), 'generation-job'
  FROM staging WHERE abs(hashtext(id)) % 25 = 0;
UPDATE project_meta SET value = '"uncategorized"', source = 'ai', review_status = 'suggested', version = 2,
       provenance = jsonb_build_object('provider', 'local', 'model', 'keyphrases', 'confidence', 0.41, 'input_hash', md5(project_id)),
       updated_by = 'generation-job'
  WHERE tenant_id = :'tenant' AND key = 'category' AND abs(hashtext(project_id)) % 100 = 7;
INSERT INTO project_meta_history (tenant_id, project_id, key, entry_version, change, value, source, review_status, provenance,
                                  changed_by, changed_at)
  SELECT tenant_id, project_id, key, version, 'suggest', value, source, review_status, provenance, updated_by, updated_at
  FROM project_meta WHERE tenant_id = :'tenant' AND source = 'ai';
-- what the service's own writes leave behind for each project, so the project page's "Recent changes"
-- and the jobs page read tables of a realistic size: the operations log (create + three values) and
-- one finished generation job per project (a few failed)
INSERT INTO operations_log (tenant_id, project_id, operation, resource_type, resource_id, status, actor)
  SELECT :'tenant', s.id, o.operation, o.rtype, o.rid, 'success', 'bench-load' FROM staging s
  CROSS JOIN LATERAL (VALUES ('create_project', 'project', s.id), ('put_meta', 'meta', 'category'),
                             ('put_meta', 'meta', 'owner'), ('put_meta', 'meta', 'tags')) AS o(operation, rtype, rid);
INSERT INTO generation_jobs (id, tenant_id, project_id, status, attempts, provider, model, error, requested_by,
                             created_at, started_at, finished_at)
  SELECT md5(id)::uuid, :'tenant', id, CASE WHEN abs(hashtext(id)) % 50 = 3 THEN 'failed' ELSE 'succeeded' END, 1,
         'local', 'all-MiniLM-L6-v2-q', CASE WHEN abs(hashtext(id)) % 50 = 3 THEN 'provider timed out' END,
         'bench-load', now() - interval '1 day', now() - interval '1 day', now() - interval '1 day'
  FROM staging;
COMMIT;
ANALYZE projects; ANALYZE project_meta; ANALYZE project_meta_history; ANALYZE operations_log; ANALYZE generation_jobs;
