#!/usr/bin/env bash
# Resident memory of `serve` under full load, with the broker in another process (as in a deployment):
#   bench/serve-memory.sh [SECONDS=90] [JAVA_OPTS of the measured serve, default: the launcher's]
# Process A: `serve` with its embedded broker on 127.0.0.1:19092, idle (no monitor, an unused images topic).
# Process B, measured: `serve` against A's broker, defaults otherwise (two stream threads, the monitor on).
# A producer sends synthetic faces as fast as it can for SECONDS; B's VmRSS is sampled every second.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_LOAD="${1:-90}"
MEASURED_OPTS="${2:-${JAVA_OPTS:-}}"
W="$(mktemp -d)"
PIDS=()
# Stop the producer and the measured app before the broker they talk to; whatever still runs after 30 s is killed.
cleanup() {
  for (( i = ${#PIDS[@]} - 1; i >= 0; i-- )); do
    kill "${PIDS[$i]}" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "${PIDS[$i]}" 2>/dev/null || break; sleep 1; done
    kill -9 "${PIDS[$i]}" 2>/dev/null || true
  done
}
trap cleanup EXIT

echo "== model (untrained weights cost the same)" >&2
"$ROOT/emotion-stream" trainer train --data synthetic:a --epochs 1 --registry "$W/models" --name faces > "$W/train.log" 2>&1

echo "== broker host" >&2
EMOTION_STREAM_MODEL_REGISTRY="$W/models" EMOTION_STREAM_STATE_DIR="$W/a" EMOTION_STREAM_EMBEDDED_PORT=19092 \
  EMOTION_STREAM_TOPIC_IMAGES=idle-images EMOTION_STREAM_MONITOR_ENABLED=false EMOTION_STREAM_METRICS_PORT=0 \
  EMOTION_STREAM_APPLICATION_ID=broker-host "$ROOT/emotion-stream" serve > "$W/a.log" 2>&1 &
PIDS+=($!)
until (echo > /dev/tcp/127.0.0.1/19092) 2>/dev/null; do sleep 1; done

echo "== measured serve (JAVA_OPTS=${MEASURED_OPTS:-launcher default})" >&2
JAVA_OPTS="$MEASURED_OPTS" EMOTION_STREAM_BOOTSTRAP_SERVERS=127.0.0.1:19092 EMOTION_STREAM_MODEL_REGISTRY="$W/models" \
  EMOTION_STREAM_STATE_DIR="$W/b" EMOTION_STREAM_METRICS_PORT=19464 "$ROOT/emotion-stream" serve > "$W/b.log" 2>&1 &
MEASURED=$!
PIDS+=($MEASURED)
until curl -sf 127.0.0.1:19464/health > /dev/null; do sleep 1; done

echo "== load for ${SECONDS_LOAD} s" >&2
"$ROOT/emotion-stream" produce --data synthetic:a --rate 0 --limit 100000000 --quiet --bootstrap-servers 127.0.0.1:19092 \
  > "$W/produce.log" 2>&1 &
PIDS+=($!)
max=0
for s in $(seq 1 "$SECONDS_LOAD"); do
  sleep 1
  rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$MEASURED/status")
  (( rss > max )) && max=$rss
  (( s % 10 == 0 )) && echo "  ${s} s: RSS ${rss} MB (max ${max} MB), predictions $(curl -s 127.0.0.1:19464/metrics \
    | awk '/^emotion_predictions_total/ {sum += $2} END {print sum + 0}')" >&2
done
echo "serve RSS under load: max ${max} MB over ${SECONDS_LOAD} s (logs in $W)"
