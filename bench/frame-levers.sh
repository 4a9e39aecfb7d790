#!/usr/bin/env bash
# Decode and face-detection levers for 640x480 camera frames, one thread (docs/benchmarks.md section 14):
#   bench/frame-levers.sh [IMAGE_DIR ...]   (default: ../shared/datasets/JAFFE ../shared/datasets/CK+48)
# Compiles bench/probes/FrameProbe.java against the built tools module and runs it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ $# -eq 0 ]]; then set -- "$ROOT/../shared/datasets/JAFFE" "$ROOT/../shared/datasets/CK+48"; fi
OUT="$ROOT/tools/target/frame-levers"
mkdir -p "$OUT"
(cd "$ROOT" && ./mvnw -B -q install -DskipTests -pl tools -am > "$OUT/build.log" \
  && ./mvnw -B -q -pl tools dependency:build-classpath -Dmdep.outputFile="$OUT/classpath" >> "$OUT/build.log")
CP="$ROOT/tools/target/classes:$(cat "$OUT/classpath")"
javac -d "$OUT/classes" -cp "$CP" "$ROOT/bench/probes/FrameProbe.java"
java -Xmx2g -cp "$OUT/classes:$CP" io.emotionstream.tools.benchstream.FrameProbe "$@" 2>&1 | grep -v -E ' (INFO|WARN) '
