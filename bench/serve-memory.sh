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
# shellcheck source=bench/lib/serve-fixture.sh
source "$ROOT/bench/lib/serve-fixture.sh"
start_model_and_broker_host

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
