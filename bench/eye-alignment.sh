#!/usr/bin/env bash
# Where the eye locator finds eyes in detected faces, and how often (docs/benchmarks.md, "People the model never
# saw: the seed CNN"); AlignedCrop's framing constants come from it:
#   bench/eye-alignment.sh [IMAGE_DIR ...]   (default: ../shared/datasets/CK+48 ../shared/datasets/JAFFE)
# Runs tools' EyeStatistics on one thread.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ $# -eq 0 ]]; then set -- "$ROOT/../shared/datasets/CK+48" "$ROOT/../shared/datasets/JAFFE"; fi
OUT="$ROOT/tools/target/eye-alignment"
mkdir -p "$OUT"
(cd "$ROOT" && ./mvnw -B -q install -DskipTests -P '!containers' -pl tools -am > "$OUT/build.log" \
  && ./mvnw -B -q -pl tools dependency:build-classpath -Dmdep.outputFile="$OUT/classpath" >> "$OUT/build.log")
CP="$ROOT/tools/target/classes:$(cat "$OUT/classpath")"
java -Xmx2g -cp "$CP" io.emotionstream.tools.bench.EyeStatistics "$@" 2>&1 | grep -v -E ' (INFO|WARN) '
