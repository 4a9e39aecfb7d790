#!/usr/bin/env bash
# How fast a fresh `serve` gets going: a restart with a backlog waiting, broker in another process (as in a deployment).
#   bench/serve-cold-start.sh [EVENTS=200000] [JAVA_OPTS of the measured serve, default: the launcher's]
# Process A: `serve` with its embedded broker on 127.0.0.1:19092, idle (no monitor, an unused images topic).
# Process B, measured: `serve` against A's broker, defaults otherwise (two stream threads, the monitor on). B runs once
# to provision its topics and is stopped; EVENTS synthetic faces are then produced into the images topic; B starts
# again in a fresh JVM and its predictions counter is read every 5 s from the moment the process starts.
# Prints the rate over the first 60 s and over 120-180 s (warm), and their ratio (issue 15's target: >= 0.80).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
EVENTS="${1:-200000}"
MEASURED_OPTS="${2:-${JAVA_OPTS:-}}"
W="$(mktemp -d)"
# shellcheck source=bench/lib/serve-fixture.sh
source "$ROOT/bench/lib/serve-fixture.sh"
start_model_and_broker_host

measured_serve() {
  JAVA_OPTS="$MEASURED_OPTS" EMOTION_STREAM_BOOTSTRAP_SERVERS=127.0.0.1:19092 EMOTION_STREAM_MODEL_REGISTRY="$W/models" \
    EMOTION_STREAM_STATE_DIR="$W/b" EMOTION_STREAM_METRICS_PORT=19464 "$ROOT/emotion-stream" serve > "$W/b-$1.log" 2>&1 &
}
predictions() { # 0 until the metrics endpoint answers
  { curl -s 127.0.0.1:19464/metrics 2>/dev/null || true; } | awk '/^emotion_predictions_total/ {sum += $2} END {print sum + 0}'
}

echo "== measured serve, first run: provisions its topics" >&2
measured_serve provision
FIRST=$!
until curl -sf 127.0.0.1:19464/health > /dev/null; do sleep 1; done
kill "$FIRST"; wait "$FIRST" || true

echo "== backlog: $EVENTS events" >&2
"$ROOT/emotion-stream" produce --data synthetic:a --rate 0 --limit "$EVENTS" --quiet --bootstrap-servers 127.0.0.1:19092 \
  > "$W/produce.log" 2>&1

echo "== measured serve, fresh JVM (JAVA_OPTS=${MEASURED_OPTS:-launcher default})" >&2
START=$(date +%s%N)
measured_serve measured
PIDS+=($!)
declare -A AT
first_seen=""
for s in $(seq 5 5 180); do
  while (( $(date +%s%N) - START < s * 1000000000 )); do sleep 0.2; done
  AT[$s]=$(predictions)
  if [[ -z "$first_seen" && "${AT[$s]}" -gt 0 ]]; then first_seen=$s; fi
  echo "  ${s} s: ${AT[$s]} predictions" >&2
done
python3 - "${AT[60]}" "${AT[120]}" "${AT[180]}" "$first_seen" "$EVENTS" <<'PY'
import sys
at60, at120, at180, first, events = (float(v) if v else 0.0 for v in sys.argv[1:6])
cold = at60 / 60
warm = (at180 - at120) / 60
print(f"first 60 s: {cold:.0f} images/s; warm (120-180 s): {warm:.0f} images/s; ratio {cold / warm:.2f} "
      f"(first predictions by {first:.0f} s; backlog {events:.0f}, {'enough' if at180 < events else 'EXHAUSTED: raise EVENTS'})")
PY
echo "(logs in $W)"
