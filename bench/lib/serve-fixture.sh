# Shared by the scripts that measure `serve` against a broker in another process (sourced, not run):
# a model registry with an untrained seed model, process A (`serve` with its embedded broker on 127.0.0.1:19092, idle:
# no monitor, an unused images topic) and a cleanup that stops every process in PIDS, last started first.
# Expects ROOT and W (a work directory) to be set.
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

# SERVE_MODEL_IMPORT="--keras FILE --scale ... [--labels ...]" serves that imported model instead of the seed CNN.
start_model_and_broker_host() {
  if [[ -n "${SERVE_MODEL_IMPORT:-}" ]]; then
    echo "== model: trainer import $SERVE_MODEL_IMPORT" >&2
    # shellcheck disable=SC2086 # the options are meant to split
    "$ROOT/emotion-stream" trainer import $SERVE_MODEL_IMPORT --registry "$W/models" --name faces > "$W/train.log" 2>&1
  else
    echo "== model (untrained weights cost the same)" >&2
    "$ROOT/emotion-stream" trainer train --data synthetic:a --epochs 1 --registry "$W/models" --name faces > "$W/train.log" 2>&1
  fi
  echo "== broker host" >&2
  EMOTION_STREAM_MODEL_REGISTRY="$W/models" EMOTION_STREAM_STATE_DIR="$W/a" EMOTION_STREAM_EMBEDDED_PORT=19092 \
    EMOTION_STREAM_TOPIC_IMAGES=idle-images EMOTION_STREAM_MONITOR_ENABLED=false EMOTION_STREAM_METRICS_PORT=0 \
    EMOTION_STREAM_APPLICATION_ID=broker-host "$ROOT/emotion-stream" serve > "$W/a.log" 2>&1 &
  PIDS+=($!)
  until (echo > /dev/tcp/127.0.0.1/19092) 2>/dev/null; do sleep 1; done
}
