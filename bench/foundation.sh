#!/usr/bin/env bash
# The foundation benchmark, start to finish: build the service and the harness, start the service on
# a fresh embedded PostgreSQL, seed 100,000 projects / 1,000,000 metadata entries, measure API reads
# next to raw SQL reads (JDBC and pgbench) at 16 clients, print the plan of the containment query,
# stop the service. The report goes to stdout and to bench/results/foundation-<time>.md.
#
#   bash bench/foundation.sh                 # full run (~10 minutes, most of it seeding and measuring)
#   DURATION=10 WARMUP=5 bash bench/foundation.sh   # quicker, noisier
#   HTTP_CLIENT=jdk bash bench/foundation.sh        # load with java.net.http.HttpClient instead
set -euo pipefail
cd "$(dirname "$0")/.."

DATA_DIR=${DATA_DIR:-/tmp/almanac-bench-data}
SERVER_PORT=${SERVER_PORT:-18080}
PG_PORT=${PG_PORT:-55432}
PROJECTS=${PROJECTS:-100000}
CLIENTS=${CLIENTS:-16}
WARMUP=${WARMUP:-10}
DURATION=${DURATION:-30}
HTTP_CLIENT=${HTTP_CLIENT:-lean}   # lean: minimal keep-alive client; jdk: java.net.http.HttpClient
OUT=bench/results/foundation-$(date -u +%Y%m%dT%H%M%SZ).md

if curl -fs "http://127.0.0.1:$SERVER_PORT/actuator/health" >/dev/null 2>&1; then
  echo "foundation.sh: something already answers on port $SERVER_PORT; stop it or set SERVER_PORT" >&2
  exit 1
fi

echo "== building the service and the harness" >&2
./almanac mvn -q -DskipTests package
./almanac mvn -q -f bench/pom.xml package
# Run both with the JDK the launcher picked (the machine's default java may be older).
JAVA="$(./almanac mvn -v 2>/dev/null | sed -n 's/.*runtime: \(.*\)$/\1/p' | head -1)/bin/java"

rm -rf "$DATA_DIR"
mkdir -p "$DATA_DIR" bench/results
ADMIN_TOKEN="bench_$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"

echo "== starting the service (log: $DATA_DIR/service.log)" >&2
# Per-tenant request limits are off: this measures the engine, not the limit (1,000 req/s by default).
ALMANAC_TENANT_LIMITS_ENABLED=false ALMANAC_DATA_DIR="$DATA_DIR" ALMANAC_DATABASE_EMBEDDEDPORT="$PG_PORT" ALMANAC_ADMIN_TOKEN="$ADMIN_TOKEN" \
  SERVER_PORT="$SERVER_PORT" \
  "$JAVA" $(./almanac jvm-options) ${ALMANAC_JAVA_OPTS:-} \
  -jar service/target/almanac.jar >"$DATA_DIR/service.log" 2>&1 &
SERVICE_PID=$!
stop_service() {
  # SIGTERM: graceful shutdown, which also stops the embedded PostgreSQL.
  kill "$SERVICE_PID" 2>/dev/null && wait "$SERVICE_PID" 2>/dev/null || true
}
trap stop_service EXIT

for _ in $(seq 1 180); do
  curl -fs "http://127.0.0.1:$SERVER_PORT/actuator/health" >/dev/null 2>&1 && break
  kill -0 "$SERVICE_PID" 2>/dev/null || { echo "the service died; see $DATA_DIR/service.log" >&2; exit 1; }
  sleep 1
done
curl -fs "http://127.0.0.1:$SERVER_PORT/actuator/health" >/dev/null || { echo "the service never became healthy" >&2; exit 1; }

echo "== running the harness" >&2
"$JAVA" -jar bench/target/almanac-bench.jar \
  --base-url="http://127.0.0.1:$SERVER_PORT" \
  --jdbc-url="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres" \
  --pg-port="$PG_PORT" --pg-data="$DATA_DIR/pg" \
  --service-pid="$SERVICE_PID" --admin-token="$ADMIN_TOKEN" \
  --projects="$PROJECTS" --clients="$CLIENTS" --warmup="$WARMUP" --duration="$DURATION" \
  --pgbench="$(command -v pgbench || echo /nonexistent)" \
  --http-client="$HTTP_CLIENT" \
  --out="$OUT"
echo "== report written to $OUT" >&2
