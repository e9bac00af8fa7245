#!/usr/bin/env bash
# Tag precision (free and from a controlled vocabulary) and summary length of the local provider
# on the labelled package corpus (issue 15).
#   bench/generation/eval/run-tags.sh [out=bench/generation/eval/last-run-tags.md]
set -euo pipefail
cd "$(dirname "$0")/../../.."
OUT=${1:-bench/generation/eval/last-run-tags.md}
./almanac mvn -q test-compile exec:exec -pl service -Dexec.executable=java -Dexec.classpathScope=test \
  -Dexec.args="--enable-native-access=ALL-UNNAMED -Xmx1g -XX:ActiveProcessorCount=2 -cp %classpath dev.almanac.generation.local.TagEval $PWD/bench/generation/eval/packages.jsonl $PWD/bench/generation/eval/taxonomy.json $PWD/$OUT"
