#!/usr/bin/env bash
# Upload throughput of one large file through the service, next to a plain copy of the same file on
# the same disk in the same run, and the service's heap sampled while the upload streams.
#   bench/files/run.sh [SIZE_MB=500] [OUT=bench/files/last-run.md]
# Needs the packaged jar (./almanac mvn -q -DskipTests package), curl, sha256sum.
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZE_MB=${1:-500}
OUT=${2:-bench/files/last-run.md}
HEAP=${BENCH_HEAP:-256m}
WORK=$(mktemp -d "${BENCH_DIR:-$PWD/target}/files-bench-XXXX")
DATA="$WORK/data"
PORT=${BENCH_PORT:-18089}
TOKEN=bench-files-admin-token-0123456789
JAVA=$(./almanac mvn -v 2>/dev/null | sed -n 's/^Java version.*runtime: //p')/bin/java
[ -x "$JAVA" ] || JAVA=java
[ -f service/target/almanac.jar ] || ./almanac mvn -q -DskipTests package

cleanup() { [ -n "${PID:-}" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

echo "generating $SIZE_MB MB of random data in $WORK"
head -c "$((SIZE_MB * 1024 * 1024))" /dev/urandom > "$WORK/input.bin"
SHA=$(sha256sum "$WORK/input.bin" | cut -d' ' -f1)

# 1. plain copy on the same disk, flushed to it (the upload fsyncs too)
sync
T0=$(date +%s.%N)
cp "$WORK/input.bin" "$WORK/copy.bin" && sync "$WORK/copy.bin"
T1=$(date +%s.%N)
CP_S=$(echo "$T1 - $T0" | bc -l)
rm -f "$WORK/copy.bin"

# 2. the service, with a small heap: a whole-file buffer would not fit
ALMANAC_DATA_DIR="$DATA" SERVER_PORT=$PORT ALMANAC_ADMIN_TOKEN=$TOKEN ALMANAC_FILES_MAXUPLOADSIZE=2GB \
  "$JAVA" -Xmx"$HEAP" $(./almanac jvm-options) \
  -jar service/target/almanac.jar > "$WORK/service.log" 2>&1 &
PID=$!
for _ in $(seq 1 240); do
  curl -sf "localhost:$PORT/actuator/health/readiness" >/dev/null && break
  sleep 0.5
done
curl -sf -X POST "localhost:$PORT/api/projects" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"id":"bench","name":"Bench"}' >/dev/null

heap() { curl -s "localhost:$PORT/actuator/prometheus" | awk '/^jvm_memory_used_bytes.*area="heap"/ {s+=$NF} END {printf "%.0f", s/1048576}'; }
IDLE_HEAP=$(heap)
: > "$WORK/heap.txt"
( while kill -0 "$PID" 2>/dev/null; do heap >> "$WORK/heap.txt"; echo >> "$WORK/heap.txt"; sleep 0.5; done ) &
SAMPLER=$!
T0=$(date +%s.%N)
RESPONSE=$(curl -s -X POST "localhost:$PORT/api/projects/bench/files" -H "Authorization: Bearer $TOKEN" \
  -F "file=@$WORK/input.bin;filename=input.bin")
T1=$(date +%s.%N)
kill "$SAMPLER" 2>/dev/null || true
UP_S=$(echo "$T1 - $T0" | bc -l)
echo "$RESPONSE" | grep -q "\"checksum_sha256\":\"$SHA\"" && CHECK=match || CHECK="MISMATCH: $RESPONSE"
HEAP_MIN=$(grep -v '^$' "$WORK/heap.txt" | sort -n | head -1)
HEAP_MAX=$(grep -v '^$' "$WORK/heap.txt" | sort -n | tail -1)
SAMPLES=$(grep -cv '^$' "$WORK/heap.txt" || true)
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null || true; PID=
HASH_MBS=$("$JAVA" bench/files/HashSpeed.java "$SIZE_MB")

{
  echo "## Run $(date -u +%Y-%m-%dT%H:%MZ) — ${SIZE_MB} MB, -Xmx$HEAP, load average $LOAD"
  echo
  echo "| measure | value |"
  echo "|---|---|"
  printf "| plain copy (cp + sync, same disk) | %.2f s, %.0f MB/s |\n" "$CP_S" "$(echo "$SIZE_MB / $CP_S" | bc -l)"
  printf "| upload (curl multipart → service → store, fsynced, MD5+SHA-256) | %.2f s, %.0f MB/s |\n" "$UP_S" "$(echo "$SIZE_MB / $UP_S" | bc -l)"
  printf "| upload / copy throughput | %.2f |\n" "$(echo "$CP_S / $UP_S" | bc -l)"
  echo "| MD5 + SHA-256 alone, one thread, same JVM (bench/files/HashSpeed.java) | $HASH_MBS MB/s |"
  echo "| heap used before upload | $IDLE_HEAP MB |"
  echo "| heap used during upload (min / max over $SAMPLES samples, 0.5 s apart) | $HEAP_MIN / $HEAP_MAX MB |"
  echo "| SHA-256 reported by the service vs sha256sum | $CHECK |"
  echo
  echo "Heap samples (MB): $(grep -v '^$' "$WORK/heap.txt" | tr '\n' ' ')"
} | tee "$OUT"
