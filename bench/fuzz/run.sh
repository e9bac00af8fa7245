#!/usr/bin/env bash
# The hostile-input fuzzer of the test suite (HostileInputFuzzTest), run longer and counting instead
# of stopping at the first finding.
#   bench/fuzz/run.sh [tries=3000]                 against a fresh test context (embedded PostgreSQL)
#   bench/fuzz/run.sh [tries=3000] jar [port=18080] against the packaged jar, started here as `./almanac run`
#                                                   starts it (java -jar service/target/almanac.jar), in a
#                                                   temporary data directory; build it first with
#                                                   ./almanac mvn -q -o package -DskipTests -pl client,service
#   bench/fuzz/run.sh [tries=3000] http://host:port against a service already running; admin token from
#                                                   $ALMANAC_ADMIN_TOKEN or ./data/admin-token
# Prints the counts (requests, 5xx, errors outside problem+json, missing request ids, internals named,
# cross-tenant reads and changes) and leaves them in service/target/fuzz-report.txt.
set -euo pipefail
cd "$(dirname "$0")/../.."
TRIES=${1:-3000}
TARGET=${2:-context}
ARGS=()
PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null || true; }
trap cleanup EXIT

if [ "$TARGET" = jar ]; then
  PORT=${3:-18080}
  DATA=$(mktemp -d /tmp/almanac-fuzz-XXXXXX)
  TOKEN="fuzz-admin-token-$(date +%s)-0123456789"
  # a copy: the Maven run below packages service/target/almanac.jar again while this one runs
  cp service/target/almanac.jar "$DATA/almanac.jar"
  # the JDK ./almanac picks (the machine's default java may be older); the flags are those of ./almanac run
  JAVA="$(./almanac mvn -v | sed -n 's/^Java version.*runtime: //p')/bin/java"
  ALMANAC_DATA_DIR="$DATA" ALMANAC_ADMIN_TOKEN="$TOKEN" SERVER_PORT="$PORT" \
    "$JAVA" $(./almanac jvm-options) -jar "$DATA/almanac.jar" \
    > "$DATA/service.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 180); do
    curl -sf "http://127.0.0.1:$PORT/actuator/health/readiness" >/dev/null 2>&1 && break
    kill -0 "$PID" 2>/dev/null || { echo "the service did not start; see $DATA/service.log" >&2; exit 1; }
    sleep 1
  done
  ARGS=(-Dalmanac.fuzz.url="http://127.0.0.1:$PORT" -Dalmanac.fuzz.admin-token="$TOKEN")
elif [ "$TARGET" != context ]; then
  TOKEN=${ALMANAC_ADMIN_TOKEN:-$(cat data/admin-token)}
  ARGS=(-Dalmanac.fuzz.url="$TARGET" -Dalmanac.fuzz.admin-token="$TOKEN")
fi

START=$(date +%s)
./almanac mvn -q -o verify -pl service -Dtest=HostileInputFuzzTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=NONE -Dfailsafe.failIfNoSpecifiedTests=false -Dalmanac.fuzz.count-only=true \
  -Djqwik.tries.default="$TRIES" "${ARGS[@]}" >/dev/null
echo "target: $TARGET, tries: $TRIES, wall time (build, start and run): $(( $(date +%s) - START )) s"
cat service/target/fuzz-report.txt
