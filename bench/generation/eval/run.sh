#!/usr/bin/env bash
# Category accuracy of the local provider on the labelled package corpus (issue 15).
#   bench/generation/eval/run.sh [out=bench/generation/eval/last-run.md]
set -euo pipefail
cd "$(dirname "$0")/../../.."
OUT=${1:-bench/generation/eval/last-run.md}
./almanac mvn -q test-compile exec:exec -pl service -Dexec.executable=java -Dexec.classpathScope=test \
  -Dexec.args="--enable-native-access=ALL-UNNAMED -Xmx1g -XX:ActiveProcessorCount=2 -cp %classpath dev.almanac.generation.local.CategoryEval $PWD/bench/generation/eval/packages.jsonl $PWD/bench/generation/eval/taxonomy.json $PWD/$OUT"
