#!/usr/bin/env bash
# The scale-out load test (issue 7): the mix of 40% project reads, 40% metadata reads (Zipf keys),
# 10% search, 8% metadata writes, 2% generation requests, at 32 clients, on
#   one   - one instance, caches on (Redis as second level)
#   two   - two instances behind "client i -> instance i mod 2", one PostgreSQL, one Redis
#   nocache - one instance with ALMANAC_CACHE_ENABLED=false: every read goes to PostgreSQL
# Everything runs on this machine: a fresh database in the machine's PostgreSQL, a redis-server of
# our own (never the machine's), the packaged jar. Instances run as ALMANAC_ROLE=api (generation jobs
# queue up for dedicated workers, of which there are none here: the local model would otherwise eat
# the CPU the API is measured with; set ROLE=all to include it).
#
#   bash bench/load/run.sh                                  # the full run: 5 minutes per scenario
#   DURATION=60 WARMUP=15 PROJECTS=300 bash bench/load/run.sh   # a short look
set -euo pipefail
cd "$(dirname "$0")/../.."

DURATION=${DURATION:-300}
WARMUP=${WARMUP:-30}
CLIENTS=${CLIENTS:-32}
PROJECTS=${PROJECTS:-1000}
TENANTS=${TENANTS:-2}
ROLE=${ROLE:-api}
SCENARIOS=${SCENARIOS:-"one two nocache"}
PG_HOST=${PG_HOST:-127.0.0.1}
DB=${DB:-almanac_scale_bench}
REDIS_PORT=${REDIS_PORT:-16390}
PORT_A=${PORT_A:-18091}
PORT_B=${PORT_B:-18092}
WORK=${WORK:-/tmp/almanac-scale-bench}
OUT=bench/load/results-$(date -u +%Y%m%dT%H%M%SZ).md
ADMIN_TOKEN="bench_$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"

echo "== building the service and the harness" >&2
./almanac mvn -q -DskipTests package
./almanac mvn -q -f bench/pom.xml package
JAVA="$(./almanac mvn -v 2>/dev/null | sed -n 's/.*runtime: \(.*\)$/\1/p' | head -1)/bin/java"

rm -rf "$WORK" && mkdir -p "$WORK"
cleanup() { # every process we started left its pid in $WORK/*.pid
  for f in "$WORK"/*.pid; do [ -f "$f" ] && stop_instance "$(cat "$f")"; done
  psql -h "$PG_HOST" -U postgres -d test -qc "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
}
trap cleanup EXIT

stop_instance() { # SIGTERM, then wait for it to go (it may not be our child: started in $(...))
  kill "$1" 2>/dev/null || return 0
  for _ in $(seq 1 60); do kill -0 "$1" 2>/dev/null || return 0; sleep 1; done
  kill -9 "$1" 2>/dev/null || true
}
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$WORK" >"$WORK/redis.log" 2>&1 &
echo $! >"$WORK/redis.pid"
psql -h "$PG_HOST" -U postgres -d test -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null

start_instance() { # name port [extra env...]
  local name=$1 port=$2; shift 2
  env ALMANAC_DATA_DIR="$WORK/$name" ALMANAC_DATABASE_URL="jdbc:postgresql://$PG_HOST:5432/$DB" \
    ALMANAC_DATABASE_USER=postgres ALMANAC_REDIS_URL="redis://127.0.0.1:$REDIS_PORT" \
    ALMANAC_ADMIN_TOKEN="$ADMIN_TOKEN" ALMANAC_ROLE="$ROLE" SERVER_PORT="$port" "$@" \
    "$JAVA" $(./almanac jvm-options) ${ALMANAC_JAVA_OPTS:--Xmx1g} \
    -jar service/target/almanac.jar >"$WORK/$name.log" 2>&1 &
  local pid=$!
  echo "$pid" >"$WORK/$name.pid"
  for _ in $(seq 1 240); do
    curl -fs "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null 2>&1 && { echo "$pid"; return; }
    kill -0 "$pid" 2>/dev/null || { echo "$name died; see $WORK/$name.log" >&2; exit 1; }
    sleep 1
  done
  echo "$name never became ready" >&2; exit 1
}

harness() { # label urls [--seed]
  local label=$1 urls=$2; shift 2
  "$JAVA" -cp bench/target/almanac-bench.jar dev.almanac.bench.ScaleLoad --urls="$urls" --admin-token="$ADMIN_TOKEN" \
    --projects="$PROJECTS" --tenants="$TENANTS" --clients="$CLIENTS" --warmup="$WARMUP" --duration="$DURATION" \
    --label="$label" --out="$OUT" "$@"
}

{ echo "# Scale-out load test, $(date -u +%FT%TZ)"; echo; echo "\`DURATION=$DURATION WARMUP=$WARMUP CLIENTS=$CLIENTS PROJECTS=$PROJECTS TENANTS=$TENANTS ROLE=$ROLE bash bench/load/run.sh\`, $(nproc) cores."; } >"$OUT"
A=$(start_instance a "$PORT_A")
harness "seeding" "http://127.0.0.1:$PORT_A" --seed --duration=1 --warmup=0 >/dev/null
for scenario in $SCENARIOS; do
  case $scenario in
    one) harness "one instance, caches on" "http://127.0.0.1:$PORT_A" ;;
    two)
      B=$(start_instance b "$PORT_B")
      harness "two instances, caches on" "http://127.0.0.1:$PORT_A,http://127.0.0.1:$PORT_B"
      stop_instance "$B" ;;
    nocache)
      stop_instance "$A"
      A=$(start_instance a-nocache "$PORT_A" ALMANAC_CACHE_ENABLED=false)
      harness "one instance, caches off (every read from PostgreSQL)" "http://127.0.0.1:$PORT_A" ;;
  esac
done
echo "== report: $OUT" >&2
