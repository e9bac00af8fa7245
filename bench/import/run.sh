#!/usr/bin/env bash
# Bulk import throughput: N generated rows (3 metadata keys each) imported through HTTP
# (POST /api/projects/import, atomic and then again to show re-import), next to plain SQL loading
# the same CSV into copies of the same tables (COPY into a staging table, then INSERT … SELECT into
# projects and project_meta, one transaction) on the same PostgreSQL in the same run.
#   bench/import/run.sh [ROWS=100000] [OUT=bench/import/last-run.md]
# BENCH_JAR=path runs another build (e.g. one of an earlier commit, for a before/after table).
# Needs the packaged jar (./almanac mvn -q -DskipTests package), curl, psql, python3, and the
# machine's PostgreSQL at 127.0.0.1:5432 as user postgres (as the external-PostgreSQL tests).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS=${1:-100000}
OUT=${2:-bench/import/last-run.md}
PORT=${BENCH_PORT:-18090}
DB=bench_import
TOKEN=bench-import-admin-token-0123456789
PSQL=(psql -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres)
JAVA=$(./almanac mvn -v 2>/dev/null | sed -n 's/^Java version.*runtime: //p')/bin/java
[ -x "$JAVA" ] || JAVA=java
JAR=${BENCH_JAR:-service/target/almanac.jar}
[ -f "$JAR" ] || ./almanac mvn -q -DskipTests package
WORK=$(mktemp -d "${BENCH_DIR:-$PWD/target}/import-bench-XXXX")

cleanup() { [ -n "${PID:-}" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

python3 bench/import/generate.py "$ROWS" "$WORK/projects.csv"
SIZE_MB=$(du -m "$WORK/projects.csv" | cut -f1)
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"

ALMANAC_DATABASE_URL="jdbc:postgresql://127.0.0.1:5432/$DB" ALMANAC_DATABASE_USER=postgres \
  ALMANAC_DATA_DIR="$WORK/data" SERVER_PORT=$PORT ALMANAC_ADMIN_TOKEN=$TOKEN \
  "$JAVA" -Xmx512m $(./almanac jvm-options) \
  -jar "$JAR" > "$WORK/service.log" 2>&1 &
PID=$!
for _ in $(seq 1 240); do
  curl -sf "localhost:$PORT/actuator/health/readiness" >/dev/null && break
  sleep 0.5
done

import() {
  curl -s -X POST "localhost:$PORT/api/projects/import?mode=atomic" -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: text/csv' --data-binary "@$WORK/projects.csv"
}
T0=$(date +%s.%N); FIRST=$(import || echo "import failed: curl exit $?"); T1=$(date +%s.%N)
HTTP_S=$(echo "$T1 - $T0" | bc -l)
T0=$(date +%s.%N); SECOND=$(import || echo "import failed: curl exit $?"); T1=$(date +%s.%N)
AGAIN_S=$(echo "$T1 - $T0" | bc -l)
T0=$(date +%s.%N)
EXPORTED=$(curl -s "localhost:$PORT/api/projects/export?format=csv" -H "Authorization: Bearer $TOKEN" | wc -l)
T1=$(date +%s.%N)
EXPORT_S=$(echo "$T1 - $T0" | bc -l)
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null || true; PID=

# plain SQL: the same rows into tables shaped like projects and project_meta, with their indexes
T0=$(date +%s.%N)
"${PSQL[@]}" -d $DB <<SQL
BEGIN;
CREATE TABLE plain_projects (LIKE projects INCLUDING ALL);
CREATE TABLE plain_meta (LIKE project_meta INCLUDING ALL);
CREATE TEMP TABLE staging (id text, name text, description text, status text, category text, owner text, tags text);
\copy staging FROM '$WORK/projects.csv' WITH (FORMAT csv, HEADER true)
INSERT INTO plain_projects (tenant_id, id, name, description, status) SELECT 'default', id, name, description, status FROM staging;
INSERT INTO plain_meta (tenant_id, project_id, key, value, source)
  SELECT 'default', s.id, m.key, m.value::jsonb, 'import' FROM staging s
  CROSS JOIN LATERAL (VALUES ('category', s.category), ('owner', s.owner), ('tags', s.tags)) AS m(key, value);
COMMIT;
SQL
T1=$(date +%s.%N)
SQL_S=$(echo "$T1 - $T0" | bc -l)
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB"

{
  echo "## Run $(date -u +%Y-%m-%dT%H:%MZ) — $(basename "$JAR"), $ROWS rows ($SIZE_MB MB CSV, 3 metadata keys a row), load average after the HTTP runs $LOAD"
  echo
  echo "| measure | time | rows/s |"
  echo "|---|---|---|"
  printf "| HTTP import, atomic, new projects | %.1f s | %.0f |\n" "$HTTP_S" "$(echo "$ROWS / $HTTP_S" | bc -l)"
  printf "| HTTP import of the same file again (all unchanged) | %.1f s | %.0f |\n" "$AGAIN_S" "$(echo "$ROWS / $AGAIN_S" | bc -l)"
  printf "| HTTP export, CSV (%d lines) | %.1f s | %.0f |\n" "$EXPORTED" "$EXPORT_S" "$(echo "$ROWS / $EXPORT_S" | bc -l)"
  printf "| plain SQL: COPY + INSERT … SELECT into copies of the tables | %.1f s | %.0f |\n" "$SQL_S" "$(echo "$ROWS / $SQL_S" | bc -l)"
  printf "\nHTTP import / plain SQL time: %.1fx\n\n" "$(echo "$HTTP_S / $SQL_S" | bc -l)"
  echo "First import's report: \`$(echo "$FIRST" | cut -c1-200)\`"
  echo
  echo "Second import's report: \`$(echo "$SECOND" | cut -c1-200)\`"
} | tee "$OUT"
