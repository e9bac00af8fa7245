#!/usr/bin/env bash
# Provider rate limit shared by instances (issue 3): two limiter instances, each with its own
# connection pool, draw tokens of one provider from one PostgreSQL (Bucket4j, SELECT … FOR UPDATE).
#   bench/generation/ratelimit.sh [rate/min=60] [seconds=30] [threads per instance=4] [pause ms=20] [report=bench/generation/ratelimit-last-run.md]
# Needs PostgreSQL at 127.0.0.1:5432, database test, user postgres (trust auth) — as the external tests.
set -euo pipefail
cd "$(dirname "$0")/../.."
RATE=${1:-60} SECONDS_=${2:-30} THREADS=${3:-4} PAUSE=${4:-20} OUT=${5:-bench/generation/ratelimit-last-run.md}
./almanac mvn -q test-compile exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
  -Dexec.args="-Xmx512m -cp %classpath dev.almanac.generation.provider.RateLimitBench jdbc:postgresql://127.0.0.1:5432/test postgres $RATE $SECONDS_ $THREADS $PAUSE $OUT"
