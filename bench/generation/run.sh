#!/usr/bin/env bash
# Local generation benchmark (issue 3): documents/second of LocalMetadataGenerator.generate next to
# raw embedding throughput of the same model on the same texts, same JVM, same run.
#   bench/generation/run.sh [documents=1000] [threads=2] [report=bench/generation/last-run.md]
# Needs documentation present on a Debian machine (/usr/share/doc, /usr/share/common-licenses, …).
set -euo pipefail
cd "$(dirname "$0")/../.."
DOCS=${1:-1000} THREADS=${2:-2} OUT=${3:-bench/generation/last-run.md}
# ./almanac puts a JDK >= 21 first on PATH, so exec:exec's "java" is that JDK.
./almanac mvn -q -o test-compile exec:exec -pl service -Dexec.executable=java -Dexec.classpathScope=test \
  -Dexec.args="--enable-native-access=ALL-UNNAMED -Xmx2g -XX:ActiveProcessorCount=$THREADS -cp %classpath dev.almanac.generation.local.LocalGenerationBench $DOCS $THREADS $PWD/$OUT"
