#!/usr/bin/env bash
# End-to-end generation throughput (issue 15): the real service jar on a fresh embedded database,
# one tenant with the default AI settings (local provider), N projects made from N distinct real
# texts (speed_texts.py: package texts, then Python's docstrings; no text repeats, so nothing cached
# across documents is helped by a repeat; the daily generation budget is raised for the run).
# Phase 1, generation workers off: the projects are created, search embeds them (as it would have
# long before a nightly run) and one generation request per project is queued. Phase 2:
# the service is started again on the same data with its workers on (default settings unless
# WORKERS is given); the time from the first job's start to the last job's end gives documents/s,
# so neither the start-up nor the request loop is counted. In the same run, afterwards, the raw model
# embeds the same texts (RawEmbeddingBench: LocalEmbeddings.embed of each text as generation reads
# it, on 2 threads).
#   N=400 WORKERS=2 bash bench/generation/throughput.sh
#   JAR=/tmp/other-build.jar N=1000 bash bench/generation/throughput.sh    # another build, same texts
#   JAVA_OPTS='-XX:StartFlightRecording=filename=/tmp/gen.jfr' N=1000 bash bench/generation/throughput.sh  # profile
#   CYCLE=1 N=20000 bash bench/generation/throughput.sh  # a scale run: past the ~3,200 distinct texts
#     they come again (speed_texts.py --cycle)
#   PGSS=1 N=1000 bash bench/generation/throughput.sh  # also print the embedded PostgreSQL's costliest
#     statements of phase 2 (pg_stat_statements, loaded for the run)
#   WARM=1 N=1000 bash bench/generation/throughput.sh   # no restart: the workers run from the start and
#     take the jobs as the requests queue them, in a JVM that phase 1 warmed (as in a service that has
#     been up all day); the CPU and the time then include the requests
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${N:-400}; WORKERS=${WORKERS:-}; WARM=${WARM:-}; PGSS=${PGSS:-}; PORT=${PORT:-18290}; PG_PORT=${PG_PORT:-18291} # PG_PORT: the embedded PostgreSQL's, with PGSS only
WORK=${WORK:-/tmp/almanac-gen-throughput}
rm -rf "$WORK"; mkdir -p "$WORK"
JAR=${JAR:-service/target/almanac.jar}
[ -f "$JAR" ] || ./almanac mvn -q -o -DskipTests package -pl service
JAVA=$(bash -c 'source <(sed -n "/^java_major()/,/^}/p;/^find_jdk()/,/^}/p" ./almanac); find_jdk')/bin/java
# the JVM options of the run command, so "default settings" include them
JVM_OPTIONS=$(./almanac jvm-options)
TOKEN=$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
start_service() { # $1: generation on (true, or empty for off)
  env ALMANAC_ADMIN_TOKEN=$TOKEN ALMANAC_DATA_DIR=$WORK/data ALMANAC_TENANTLIMITS_GENERATIONJOBSPERDAY=1000000 SERVER_PORT=$PORT ${PGSS:+ALMANAC_DATABASE_EMBEDDEDPORT=$PG_PORT} ALMANAC_GENERATION_ENABLED=${1:-false} \
    ${WORKERS:+ALMANAC_GENERATION_WORKERS=$WORKERS} \
    "$JAVA" -XX:ActiveProcessorCount=2 $JVM_OPTIONS ${JAVA_OPTS:-} \
    -jar "$JAR" >> "$WORK/service.log" 2>&1 &
  SERVICE=$!
  until curl -sf "http://127.0.0.1:$PORT/actuator/health/readiness" > /dev/null; do sleep 1; done
}
stop_service() { kill $SERVICE 2>/dev/null; wait $SERVICE 2>/dev/null || true; }
trap stop_service EXIT
start_service "${WARM:+true}"

api() { curl -sf -X "$1" "http://127.0.0.1:$PORT$2" -H "Authorization: Bearer $3" -H 'Content-Type: application/json' ${4:+-d "$4"}; }
api POST /api/admin/tenants "$TOKEN" '{"id":"speed","name":"Throughput benchmark"}' > /dev/null
ADMIN=$(api POST /api/admin/tenants/speed/keys "$TOKEN" '{"role":"admin","name":"bench"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')
python3 bench/generation/speed_texts.py "$N" ${CYCLE:+--cycle} | python3 -c '
import json, sys
for i, line in enumerate(sys.stdin):
    d = json.loads(line)
    print(json.dumps({"id": f"p{i}", "name": d["name"][:200], "description": d["text"]}))' > "$WORK/projects.jsonl"
curl -s -X POST "http://127.0.0.1:$PORT/api/projects/import?mode=atomic" -H "Authorization: Bearer $ADMIN" \
  -H 'Content-Type: application/x-ndjson' --data-binary "@$WORK/projects.jsonl" -o "$WORK/import.json" -w '%{http_code}' \
  | grep -q '^200$' || { echo "import failed: $(cat "$WORK/import.json")" >&2; exit 1; }
# search embeds the projects first: in a nightly run they were embedded when they were written
until api GET /api/admin/search/status "$TOKEN" | python3 -c "
import json,sys; s=json.load(sys.stdin); sys.exit(0 if s['embeddedProjects' if 'embeddedProjects' in s else 'embedded_projects'] >= $N and s.get('lagEvents', s.get('lag_events', 1)) == 0 else 1)"; do sleep 2; done
queue_jobs() { # one generation request per project, 4 at a time on kept-alive connections
  python3 - "$PORT" "$ADMIN" "$N" >> "$WORK/jobs.txt" <<'PY'
import concurrent.futures, http.client, json, sys, threading
port, key, n = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
local = threading.local()
def queue(i):
    if not hasattr(local, "connection"):
        local.connection = http.client.HTTPConnection("127.0.0.1", port)
    local.connection.request("POST", f"/api/projects/p{i}/generate_metadata", headers={"Authorization": "Bearer " + key})
    response = local.connection.getresponse()
    body = response.read()
    if response.status != 202:
        raise RuntimeError(f"generate p{i}: {response.status} {body[:300]}")
    return json.loads(body)["job_id"]
with concurrent.futures.ThreadPoolExecutor(4) as pool:
    for job in pool.map(queue, range(n)):
        print(job)
PY
}
PSQL=(psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres)
if [ -z "$WARM" ]; then
  queue_jobs
  [ -z "$PGSS" ] || "${PSQL[@]}" -c "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'" # from the restart on
  stop_service
fi
echo "== $(date -u +%FT%TZ) N=$N workers=${WORKERS:-default} ${WARM:+warm JVM (no restart)} on $(nproc) cores; $(uptime)"
[ -n "$WARM" ] || start_service true
cpu() { awk '{print $14 + $15}' /proc/$SERVICE/stat; } # user + system clock ticks of the service
# the embedded PostgreSQL's processes (its postmaster and the pooled backends under it): their CPU
# is the service's too, though not in its own /proc stat
pg_cpu() {
  local pm; pm=$(pgrep -f -- "-D $WORK/data/pg" | head -1)
  [ -n "$pm" ] || { echo 0; return; }
  for p in $pm $(pgrep -P "$pm"); do awk '{print $14 + $15}' /proc/$p/stat 2>/dev/null; done | paste -sd+ | bc
}
CPU_START=$(cpu); PG_START=$(pg_cpu)
[ -z "$PGSS" ] || "${PSQL[@]}" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
[ -z "$WARM" ] || queue_jobs # the workers take the jobs as they come
# a cheap poll (two list calls a second: polling every job would compete with the workers), then
# every job read once
open_jobs() {
  for status in queued running; do
    api GET "/api/jobs?status=$status&limit=1" "$ADMIN" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["items"]))'
  done | paste -sd+ | bc
}
while [ "$(open_jobs)" != 0 ]; do sleep 1; done
CPU_END=$(cpu); PG_END=$(pg_cpu)
[ -z "$PGSS" ] || "${PSQL[@]}" -c "SELECT calls, round(total_exec_time) AS total_ms, round(mean_exec_time::numeric, 3) AS mean_ms,
    left(regexp_replace(query, '\s+', ' ', 'g'), 160) AS statement FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 8"
echo "embedded PostgreSQL CPU while the jobs ran: $(echo "($PG_END - $PG_START) / $(getconf CLK_TCK)" | bc -l | cut -c1-6) s"
: > "$WORK/finished.txt"
while read -r job; do api GET "/api/jobs/$job" "$ADMIN" >> "$WORK/finished.txt"; echo >> "$WORK/finished.txt"; done < "$WORK/jobs.txt"
# where that CPU went, per thread (cumulative since the restart; the model runs on its callers' threads)
JSTACK=$(dirname "$JAVA")/jstack
"$JSTACK" $SERVICE > "$WORK/threads.txt" 2>/dev/null || true
top -H -b -n 1 -w 200 -o TIME+ -p $SERVICE | awk 'NR > 7 {print $1, $11}' | head -8 | while read -r tid time; do
  name=$(grep -o "^\"[^\"]*\".* nid=\($tid\|$(printf '0x%x' "$tid")\) " "$WORK/threads.txt" | cut -d'"' -f2 || true)
  [ "$tid" = "$SERVICE" ] && name="(the process: all threads, start-up included)"
  echo "  thread cpu $time ${name:-"(not a Java thread)"}"
done
echo "after: $(uptime)"
python3 - "$WORK" "$((CPU_END - CPU_START))" "$(getconf CLK_TCK)" <<'PY'
import json, sys, datetime
work, ticks, hz = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
jobs = [json.loads(l) for l in open(f"{work}/finished.txt") if l.strip()]
ts = lambda s: datetime.datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()
by_status = {}
for j in jobs: by_status[j["status"]] = by_status.get(j["status"], 0) + 1
first = min(ts(j["started_at"]) for j in jobs if j.get("started_at"))
last = max(ts(j["finished_at"]) for j in jobs if j.get("finished_at"))
ok = by_status.get("succeeded", 0)
print(f"jobs: {by_status}; first started -> last finished: {last - first:.1f} s; end to end: {ok / (last - first):.2f} docs/s")
# a freshly started JVM compiles its hot code first (C2 used 20-30 s of CPU in the first minute);
# a nightly run in a service that has been up all day does not pay that, so also the second half
ends = sorted(ts(j["finished_at"]) for j in jobs if j.get("finished_at"))
half = len(ends) // 2
if half > 1:
    print(f"second half of the jobs (by finish time): {len(ends) - half} in {ends[-1] - ends[half - 1]:.1f} s = "
          f"{(len(ends) - half) / (ends[-1] - ends[half - 1]):.2f} docs/s")
# on a shared machine the wall clock says as much about the neighbours as about us: the service's
# own CPU time per document says what 2 cores would do for it alone
cpu = ticks / hz
print(f"service CPU time while the jobs ran: {cpu:.1f} s = {1000 * cpu / ok:.0f} ms per document; "
      f"2 cores at that cost: {2 * ok / cpu:.1f} docs/s")
PY
stop_service
python3 -c '
import json,sys
for l in open(sys.argv[1]):
    p = json.loads(l); print(json.dumps(p["name"] + ".\n" + p["description"]))' "$WORK/projects.jsonl" > "$WORK/texts.jsonl"
./almanac mvn -q test-compile exec:exec -pl service -Dexec.executable=java -Dexec.classpathScope=test \
  -Dexec.args="--enable-native-access=ALL-UNNAMED -Xmx1g -XX:ActiveProcessorCount=2 -cp %classpath dev.almanac.generation.local.RawEmbeddingBench $WORK/texts.jsonl 2" 2>&1 | grep '^raw\|^phrases'
