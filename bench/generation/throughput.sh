#!/usr/bin/env bash
# End-to-end generation throughput (issue 15): the real service jar on a fresh embedded database,
# one tenant with the default AI settings (local provider), N projects made from the labelled
# package texts (bench/generation/eval/packages.jsonl, cycled; every name is unique so no input
# repeats). Search embeds them first (as it would have long before a nightly run); then one
# generation request per project, and the time from the first job's creation to the last job's
# end gives documents/s. In the same run, afterwards, the raw model embeds the same texts
# (RawEmbeddingBench: LocalEmbeddings.embed of each text as generation reads it, WORKERS threads).
#   N=400 WORKERS=2 bash bench/generation/throughput.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${N:-400}; WORKERS=${WORKERS:-}; PORT=${PORT:-18290}
WORK=${WORK:-/tmp/almanac-gen-throughput}
rm -rf "$WORK"; mkdir -p "$WORK"
[ -f service/target/almanac.jar ] || ./almanac mvn -q -o -DskipTests package -pl service
JAVA=$(bash -c 'source <(sed -n "/^java_major()/,/^}/p;/^find_jdk()/,/^}/p" ./almanac); find_jdk')/bin/java
TOKEN=$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
env ALMANAC_ADMIN_TOKEN=$TOKEN ALMANAC_DATA_DIR=$WORK/data SERVER_PORT=$PORT \
  ${WORKERS:+ALMANAC_GENERATION_WORKERS=$WORKERS} \
  "$JAVA" -XX:ActiveProcessorCount=2 --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
  -jar service/target/almanac.jar > "$WORK/service.log" 2>&1 &
SERVICE=$!
trap 'kill $SERVICE 2>/dev/null; wait $SERVICE 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$PORT/actuator/health/readiness" > /dev/null; do sleep 1; done

api() { curl -sf -X "$1" "http://127.0.0.1:$PORT$2" -H "Authorization: Bearer $3" -H 'Content-Type: application/json' ${4:+-d "$4"}; }
api POST /api/admin/tenants "$TOKEN" '{"id":"speed","name":"Throughput benchmark"}' > /dev/null
ADMIN=$(api POST /api/admin/tenants/speed/keys "$TOKEN" '{"role":"admin","name":"bench"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')
python3 - "$N" > "$WORK/projects.jsonl" <<'PY'
import json, sys
n = int(sys.argv[1])
docs = [json.loads(l) for l in open("bench/generation/eval/packages.jsonl") if l.strip()]
for i in range(n):
    d = docs[i % len(docs)]
    name = d["name"] if i < len(docs) else f'{d["name"]} {i // len(docs) + 1}'
    print(json.dumps({"id": f"p{i}", "name": name, "description": d["text"][:10000]}))
PY
while read -r body; do api POST /api/projects "$ADMIN" "$body" > /dev/null; done < "$WORK/projects.jsonl"
# search embeds the projects first: in a nightly run they were embedded when they were written
until api GET /api/admin/search/status "$TOKEN" | python3 -c "
import json,sys; s=json.load(sys.stdin); sys.exit(0 if s['embeddedProjects' if 'embeddedProjects' in s else 'embedded_projects'] >= $N and s.get('lagEvents', s.get('lag_events', 1)) == 0 else 1)"; do sleep 2; done
echo "== $(date -u +%FT%TZ) N=$N workers=${WORKERS:-default} on $(nproc) cores; $(uptime)"
for i in $(seq 0 $((N - 1))); do
  api POST "/api/projects/p$i/generate_metadata" "$ADMIN" | python3 -c 'import json,sys; print(json.load(sys.stdin)["job_id"])' >> "$WORK/jobs.txt"
done
while :; do
  : > "$WORK/finished.txt"
  while read -r job; do api GET "/api/jobs/$job" "$ADMIN" >> "$WORK/finished.txt"; echo >> "$WORK/finished.txt"; done < "$WORK/jobs.txt"
  open=$(grep -c '"status":"\(queued\|running\)"' "$WORK/finished.txt" || true)
  [ "$open" = 0 ] && break
  sleep 5
done
echo "after: $(uptime)"
python3 - "$WORK" <<'PY'
import json, sys, datetime
work = sys.argv[1]
jobs = [json.loads(l) for l in open(f"{work}/finished.txt") if l.strip()]
ts = lambda s: datetime.datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()
by_status = {}
for j in jobs: by_status[j["status"]] = by_status.get(j["status"], 0) + 1
first = min(ts(j["created_at"]) for j in jobs)
last = max(ts(j["finished_at"]) for j in jobs if j.get("finished_at"))
ok = by_status.get("succeeded", 0)
print(f"jobs: {by_status}; first created -> last finished: {last - first:.1f} s; end to end: {ok / (last - first):.2f} docs/s")
PY
kill $SERVICE; wait $SERVICE 2>/dev/null || true
python3 -c '
import json,sys
for l in open(sys.argv[1]):
    p = json.loads(l); print(json.dumps(p["name"] + ".\n" + p["description"]))' "$WORK/projects.jsonl" > "$WORK/texts.jsonl"
./almanac mvn -q test-compile exec:exec -pl service -Dexec.executable=java -Dexec.classpathScope=test \
  -Dexec.args="--enable-native-access=ALL-UNNAMED -Xmx1g -XX:ActiveProcessorCount=2 -cp %classpath dev.almanac.generation.local.RawEmbeddingBench $WORK/texts.jsonl ${WORKERS:-2}" 2>&1 | grep '^raw'
