-- What one refresh of the jobs page (/jobs/live, every 2 s per open page) asks the database, on a
-- tenant with 100k jobs (and 100k of other tenants). Run: psql -h 127.0.0.1 -U postgres -d test -f refresh-queries.sql
DROP SCHEMA IF EXISTS console_ops_bench CASCADE;
CREATE SCHEMA console_ops_bench;
SET search_path = console_ops_bench;
CREATE TABLE generation_jobs (id uuid PRIMARY KEY, tenant_id text NOT NULL, project_id text NOT NULL, status text NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), error text);
CREATE INDEX ON generation_jobs (tenant_id, status, created_at);
CREATE INDEX ON generation_jobs (tenant_id, project_id, created_at);
CREATE INDEX ON generation_jobs (tenant_id, created_at, id); -- V21
INSERT INTO generation_jobs SELECT gen_random_uuid(), 'acme', 'p' || (i % 5000),
  (ARRAY['succeeded','succeeded','succeeded','failed','cancelled','queued'])[1 + i % 6], now() - (i || ' seconds')::interval, NULL
  FROM generate_series(1, 100000) i;
INSERT INTO generation_jobs SELECT gen_random_uuid(), 't' || (i % 50), 'p', 'succeeded', now() FROM generate_series(1, 100000) i;
VACUUM ANALYZE generation_jobs;
\timing on
\echo counts per status
SELECT status, count(*) FROM generation_jobs WHERE ('acme'::text IS NULL OR tenant_id = 'acme') GROUP BY status;
SELECT status, count(*) FROM generation_jobs WHERE ('acme'::text IS NULL OR tenant_id = 'acme') GROUP BY status;
SELECT status, count(*) FROM generation_jobs WHERE ('acme'::text IS NULL OR tenant_id = 'acme') GROUP BY status;
SELECT status, count(*) FROM generation_jobs WHERE ('acme'::text IS NULL OR tenant_id = 'acme') GROUP BY status;
SELECT status, count(*) FROM generation_jobs WHERE ('acme'::text IS NULL OR tenant_id = 'acme') GROUP BY status;
SELECT status, count(*) FROM generation_jobs WHERE ('acme'::text IS NULL OR tenant_id = 'acme') GROUP BY status;
SELECT status, count(*) FROM generation_jobs WHERE ('acme'::text IS NULL OR tenant_id = 'acme') GROUP BY status;
\echo list, no filter
SELECT id FROM generation_jobs WHERE tenant_id = 'acme' ORDER BY created_at DESC, id DESC LIMIT 26;
SELECT id FROM generation_jobs WHERE tenant_id = 'acme' ORDER BY created_at DESC, id DESC LIMIT 26;
SELECT id FROM generation_jobs WHERE tenant_id = 'acme' ORDER BY created_at DESC, id DESC LIMIT 26;
SELECT id FROM generation_jobs WHERE tenant_id = 'acme' ORDER BY created_at DESC, id DESC LIMIT 26;
SELECT id FROM generation_jobs WHERE tenant_id = 'acme' ORDER BY created_at DESC, id DESC LIMIT 26;
SELECT id FROM generation_jobs WHERE tenant_id = 'acme' ORDER BY created_at DESC, id DESC LIMIT 26;
SELECT id FROM generation_jobs WHERE tenant_id = 'acme' ORDER BY created_at DESC, id DESC LIMIT 26;
\echo list, status=failed
SELECT id FROM generation_jobs WHERE tenant_id = 'acme' AND status = 'failed' ORDER BY created_at DESC, id DESC LIMIT 26;
SELECT id FROM generation_jobs WHERE tenant_id = 'acme' AND status = 'failed' ORDER BY created_at DESC, id DESC LIMIT 26;
SELECT id FROM generation_jobs WHERE tenant_id = 'acme' AND status = 'failed' ORDER BY created_at DESC, id DESC LIMIT 26;
SELECT id FROM generation_jobs WHERE tenant_id = 'acme' AND status = 'failed' ORDER BY created_at DESC, id DESC LIMIT 26;
SELECT id FROM generation_jobs WHERE tenant_id = 'acme' AND status = 'failed' ORDER BY created_at DESC, id DESC LIMIT 26;
SELECT id FROM generation_jobs WHERE tenant_id = 'acme' AND status = 'failed' ORDER BY created_at DESC, id DESC LIMIT 26;
SELECT id FROM generation_jobs WHERE tenant_id = 'acme' AND status = 'failed' ORDER BY created_at DESC, id DESC LIMIT 26;
\echo list, project=p42
SELECT id FROM generation_jobs WHERE tenant_id = 'acme' AND project_id = 'p42' ORDER BY created_at DESC, id DESC LIMIT 26;
SELECT id FROM generation_jobs WHERE tenant_id = 'acme' AND project_id = 'p42' ORDER BY created_at DESC, id DESC LIMIT 26;
SELECT id FROM generation_jobs WHERE tenant_id = 'acme' AND project_id = 'p42' ORDER BY created_at DESC, id DESC LIMIT 26;
SELECT id FROM generation_jobs WHERE tenant_id = 'acme' AND project_id = 'p42' ORDER BY created_at DESC, id DESC LIMIT 26;
SELECT id FROM generation_jobs WHERE tenant_id = 'acme' AND project_id = 'p42' ORDER BY created_at DESC, id DESC LIMIT 26;
SELECT id FROM generation_jobs WHERE tenant_id = 'acme' AND project_id = 'p42' ORDER BY created_at DESC, id DESC LIMIT 26;
SELECT id FROM generation_jobs WHERE tenant_id = 'acme' AND project_id = 'p42' ORDER BY created_at DESC, id DESC LIMIT 26;
\timing off
DROP SCHEMA console_ops_bench CASCADE;
