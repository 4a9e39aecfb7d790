#!/usr/bin/env bash
# JMH micro-benchmarks (the microbench module), on one or two single-threaded callers:
#   bench/microbench.sh [JMH ARGS]      e.g. FaceDetectBenchmark -p images=../shared/datasets/CK+48
# Without arguments: every benchmark, the seed CNN's forward pass with one and with two callers.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/microbench/target"
mkdir -p "$OUT"
(cd "$ROOT" && ./mvnw -B -q install -DskipTests -P '!containers' -pl microbench -am \
    > "$OUT/build.log" 2>&1 \
  && ./mvnw -B -q -pl microbench dependency:build-classpath -Dmdep.outputFile="$OUT/classpath" >> "$OUT/build.log" 2>&1) \
  || { echo "build failed: $OUT/build.log" >&2; exit 1; }
CP="$OUT/classes:$(cat "$OUT/classpath")"
export OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE MALLOC_ARENA_MAX=2
run() { java -cp "$CP" org.openjdk.jmh.Main "$@" 2>&1 | grep -v -E ' (INFO|WARN) '; }
cd "$ROOT"
if [[ $# -gt 0 ]]; then
  run "$@"
else
  run 'FrameDecodeBenchmark|FaceDetectBenchmark'
  run SeedForwardBenchmark -t 1
  run SeedForwardBenchmark -t 2
fi
