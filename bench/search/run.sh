#!/usr/bin/env bash
# Almanac search benchmark: builds the service and the harness, starts the service on a fresh data
# directory, loads COUNT projects of real text through the API, then measures rebuild, freshness,
# recall/QPS against raw Lucene and brute force, and HTTP latency at 8 clients. Results go to
# $OUT (default /tmp/sbench-results.txt). Needs JDK 25 (found by ./almanac) and python3.
#   COUNT=10000 bench/search/run.sh
# PHASES picks the steps (default: all); MODES the order of the latency modes. With KEEP=1 the data directory of an earlier run is kept,
# so a long load can be measured later with a newer build:
#   COUNT=100000 PHASES="setup load" bash bench/search/run.sh
#   KEEP=1 PHASES="rebuild fresh recall latency" bash bench/search/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
COUNT=${COUNT:-10000}
CLIENTS=${CLIENTS:-16}
OUT=${OUT:-/tmp/sbench-results.txt}
DATA=${DATA:-/tmp/almanac-sbench-data}
STATE=${STATE:-/tmp/sbench-state}
CORPUS=${CORPUS:-/tmp/sbench-corpus.jsonl}
PORT=${PORT:-18090}
PGPORT=${PGPORT:-55433}
PHASES=${PHASES:-setup load rebuild fresh recall latency}
KEEP=${KEEP:-0}

./almanac mvn -q -DskipTests package
JDK=$(bash -c 'source <(sed -n "/^java_major()/,/^}/p;/^find_jdk()/,/^}/p" ./almanac); find_jdk')
JAVA=$JDK/bin/java
# the harness runs the service's own query code (dev.almanac.search.NearestProjects) from this jar
"$JDK/bin/jar" cf service/target/almanac-classes.jar -C service/target/classes dev
./almanac mvn -q -f bench/search/pom.xml -DskipTests package
[ -s "$CORPUS" ] || python3 bench/search/corpus.py "$CORPUS"

if [ "$KEEP" != 1 ]; then
  rm -rf "$DATA" "$STATE"; mkdir -p "$STATE"
  head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' > "$STATE/admin-token"; chmod 600 "$STATE/admin-token"
fi
export ALMANAC_ADMIN_TOKEN=$(cat "$STATE/admin-token")
# Per-tenant request limits are off: this measures the engine, not the limit (1,000 req/s by default).
ALMANAC_TENANT_LIMITS_ENABLED=false ALMANAC_DATA_DIR=$DATA SERVER_PORT=$PORT ALMANAC_DATABASE_EMBEDDEDPORT=$PGPORT \
  "$JAVA" $(./almanac jvm-options) -jar service/target/almanac.jar > "$STATE/service.log" 2>&1 &
SERVICE=$!
trap 'kill $SERVICE 2>/dev/null; wait $SERVICE 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$PORT/actuator/health/readiness" > /dev/null; do sleep 2; done

h() { # harness: h CMD [-Dprop=value ...]
  local cmd=$1; shift
  (cd bench/search && "$JAVA" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx6g \
    -Durl="http://127.0.0.1:$PORT" -Djdbc="jdbc:postgresql://127.0.0.1:$PGPORT/postgres" -Dindex="$DATA/index" \
    -Dcorpus="$CORPUS" -Dstate="$STATE" "$@" -cp "target/classes:$(cat target/classpath.txt)" bench.Bench "$cmd") 2>&1 \
    | grep --line-buffered -v 'WARNING\|SLF4J' | tee -a "$OUT"
}
{ echo "== $(date -u +%FT%TZ) COUNT=$COUNT on $(nproc) cores; $(uptime)"; java -version 2>&1 | head -1; } | tee -a "$OUT"
for phase in $PHASES; do
  case $phase in
    setup) h setup ;;
    load) h load -Dfrom=0 -Dcount="$COUNT" -Dclients="$CLIENTS" ;;
    catchup) h catchup ;;
    rebuild) h rebuild ;;
    fresh) h fresh -Dn=100 ;;
    recall) h recall -Dqueries=1000 ;;
    latency) h latency -Dmode="${MODES:-semantic,keyword,hybrid}" -Dclients=8 -Dwarmup=10 -Dseconds=30 ;;
    *) echo "unknown phase $phase"; exit 2 ;;
  esac
done
echo "== done $(uptime)" | tee -a "$OUT"
