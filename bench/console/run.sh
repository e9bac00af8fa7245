#!/usr/bin/env bash
# Console page benchmark (issue 13): server-side time of the main console pages next to the JSON API
# calls for the same data, same run, on a large data set.
#   COUNT=100000 ROUNDS=300 bash bench/console/run.sh [OUT]
# Builds the jar, makes a fresh database in the machine's PostgreSQL (127.0.0.1:5432, user postgres),
# starts the service on it (ALMANAC_ROLE=api: no generation worker competes for the cores), creates a
# tenant and an admin key through the API, loads COUNT projects with plain SQL (load.sql: rows of
# bench/import/generate.py, three metadata values each, open suggestions on 5 % of them, with
# history), 300 definitions with two versions each through the API, rebuilds the search index
# (POST /api/admin/search/rebuild: words; no vectors are computed for SQL-loaded projects here), then
# runs ConsolePageBench.java. Everything it started is stopped on exit and the database dropped.
set -euo pipefail
cd "$(dirname "$0")/../.."
COUNT=${COUNT:-100000}
ROUNDS=${ROUNDS:-300}
WARMUP=${WARMUP:-30}
OUT=${1:-bench/console/last-run.md}
PORT=${BENCH_PORT:-18095}
DB=${DB:-almanac_console_bench}
TENANT=bench
TOKEN="bench_$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
PSQL=(psql -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres)
WORK=$(mktemp -d /tmp/console-bench-XXXX)

[ "${SKIP_BUILD:-0}" = 1 ] || ./almanac mvn -q -o -DskipTests package
JAVA="$(./almanac mvn -v 2>/dev/null | sed -n 's/.*runtime: \(.*\)$/\1/p' | head -1)/bin/java"

cleanup() {
  if [ -n "${PID:-}" ]; then kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null || true; fi
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

python3 bench/import/generate.py "$COUNT" "$WORK/projects.csv"
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
ALMANAC_DATABASE_URL="jdbc:postgresql://127.0.0.1:5432/$DB" ALMANAC_DATABASE_USER=postgres ALMANAC_ROLE=api \
  ALMANAC_TENANT_LIMITS_ENABLED=false ALMANAC_DATA_DIR="$WORK/data" SERVER_PORT=$PORT ALMANAC_ADMIN_TOKEN=$TOKEN \
  "$JAVA" -Xmx1g $(./almanac jvm-options) \
  -jar service/target/almanac.jar > "$WORK/service.log" 2>&1 &
PID=$!
until curl -sf "localhost:$PORT/actuator/health/readiness" >/dev/null; do
  kill -0 "$PID" 2>/dev/null || { tail -50 "$WORK/service.log"; exit 1; }
  sleep 1
done
api() { curl -sf -H "Authorization: Bearer $1" -H 'Content-Type: application/json' -X "$2" "localhost:$PORT$3" ${4:+-d "$4"}; }
api "$TOKEN" POST /api/admin/tenants "{\"id\":\"$TENANT\",\"name\":\"Console bench\"}" >/dev/null
KEY=$(api "$TOKEN" POST "/api/admin/tenants/$TENANT/keys" '{"name":"bench","role":"admin"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')

T0=$(date +%s)
"${PSQL[@]}" -d "$DB" -v tenant="$TENANT" -f bench/console/load.sql < "$WORK/projects.csv"
T1=$(date +%s)
for type in report pipeline dashboard; do
  for i in $(seq 0 99); do
    for v in 1 2; do
      api "$KEY" PUT "/api/v1/metadata/$type/def-$i" \
        "{\"data\":{\"title\":\"$type $i v$v\",\"owner\":\"team-$((i % 7))\",\"version\":$v,\"steps\":[\"extract\",\"load\",\"check-$v\"]}}" >/dev/null
    done
  done
done
T2=$(date +%s)
REBUILD=$(api "$TOKEN" POST /api/admin/search/rebuild)
T3=$(date +%s)
"${PSQL[@]}" -d "$DB" -At -c "SELECT id FROM projects WHERE tenant_id = '$TENANT' ORDER BY random() LIMIT 2000" > "$WORK/ids.txt"
COUNTS=$("${PSQL[@]}" -d "$DB" -At -F ' ' -c "SELECT (SELECT count(*) FROM projects), (SELECT count(*) FROM project_meta),
  (SELECT count(*) FROM project_meta WHERE review_status = 'suggested'), (SELECT count(*) FROM project_meta_history),
  (SELECT count(*) FROM sys_metadata)")

{
  echo "## Run $(date -u +%Y-%m-%dT%H:%MZ) at $(git rev-parse --short HEAD) — $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "Data (projects, metadata entries, open suggestions, history rows, definitions): $COUNTS."
  echo "Loading: SQL $((T1 - T0)) s, definitions through the API $((T2 - T1)) s, index rebuild $((T3 - T2)) s."
  echo "$ROUNDS measured rounds after $WARMUP warm-up rounds, every target once a round, one client."
  echo
  "$JAVA" bench/console/ConsolePageBench.java "http://127.0.0.1:$PORT" "$KEY" "$WORK/ids.txt" "$ROUNDS" "$WARMUP"
  echo
  echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "The review inbox has no JSON API; its two queries in plain SQL, with the partial index of V15 and"
  echo "without it (dropped inside a transaction that is rolled back):"
  echo
  echo '```'
  INBOX="SELECT project_id, key FROM project_meta WHERE tenant_id = '$TENANT' AND source = 'ai' AND review_status = 'suggested' ORDER BY project_id, key LIMIT 100"
  COUNT_Q="SELECT count(*) FROM project_meta WHERE tenant_id = '$TENANT' AND source = 'ai' AND review_status = 'suggested'"
  for q in "$INBOX" "$COUNT_Q"; do
    for i in 1 2 3; do "${PSQL[@]}" -d "$DB" -At -c "EXPLAIN (ANALYZE, TIMING OFF) $q" | grep -E 'Execution Time'; done | tail -1 | sed "s/^/with the index:    ${q:0:40}…  /"
    { echo "BEGIN; DROP INDEX project_meta_open_suggestions;"
      for i in 1 2 3; do echo "EXPLAIN (ANALYZE, TIMING OFF) $q;"; done; echo "ROLLBACK;"; } \
      | "${PSQL[@]}" -d "$DB" -At | grep -E 'Execution Time' | tail -1 | sed "s/^/without the index: ${q:0:40}…  /"
  done
  echo '```'
} | tee "$OUT"
