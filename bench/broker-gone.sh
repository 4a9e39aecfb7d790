#!/usr/bin/env bash
# What `serve` does when its cluster goes away, measured (docs/reliability.md, "Stopping, and when the cluster goes away"):
#   bench/broker-gone.sh gone [SECONDS_GONE=60]   the broker SIGKILLed under an idle app, then SIGTERM to the app
#   bench/broker-gone.sh together                 the app restarted (its stores restored) and classifying 100
#                                                 events/s, then SIGTERM to the app and the broker's process at
#                                                 the same moment (a node drain, under load)
# Process A: `serve` with its embedded broker on 127.0.0.1:19092 (the cluster). Process B, measured: `serve` against
# A's broker, defaults otherwise (two stream threads, the monitor on), after it has classified 200 events and idled
# 30 s (the JIT's compilations over). CPU is read from /proc, per thread from thread dumps (jstack).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODE="${1:-gone}"
SECONDS_GONE="${2:-60}"
W="$(mktemp -d)"
# shellcheck source=bench/lib/serve-fixture.sh
source "$ROOT/bench/lib/serve-fixture.sh"
TICKS=$(getconf CLK_TCK)

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
http_code() { curl -s -o /dev/null -w '%{http_code}' --max-time 1 "127.0.0.1:19464/$1" || true; }
predictions() { curl -s 127.0.0.1:19464/metrics | awk '/^emotion_predictions_total/ {s += $2} END {print int(s)}'; }
# "cpu-ms thread-name" per Java thread of process $1, from a thread dump; names with ids and numbers folded
# ("emotion-stream-<uuid>-StreamThread-1" -> "emotion-stream-*-StreamThread-N"), so runs can be compared.
thread_cpu() {
  jstack "$1" 2>/dev/null | awk '/^"/ && match($0, /cpu=[0-9.]+ms/) {
    cpu = substr($0, RSTART + 4, RLENGTH - 6); name = $0; sub(/^"/, "", name); sub(/".*/, "", name)
    gsub(/[0-9a-f]+-[0-9a-f]+-[0-9a-f]+-[0-9a-f]+-[0-9a-f]+/, "*", name); gsub(/[0-9]+/, "N", name)
    gsub(/ /, "_", name); print cpu, name }'
}
# The thread groups that used the most CPU between two thread_cpu snapshots ($1, $2: files).
top_threads() {
  awk 'NR == FNR {before[$2] += $1; next} {after[$2] += $1} END {for (n in after) if (after[n] - before[n] > 0) print after[n] - before[n], n}' \
    "$1" "$2" | sort -rn | head -6 | awk '{printf "    %s: %.2f s of CPU\n", $2, $1 / 1000}'
}
# Percent of one core used by process $1 over $2 seconds.
cpu_percent() {
  local before after
  before=$(cpu_ticks "$1"); sleep "$2"; after=$(cpu_ticks "$1")
  echo $(( (after - before) * 100 / TICKS / $2 ))
}
start_measured() {
  EMOTION_STREAM_BOOTSTRAP_SERVERS=127.0.0.1:19092 EMOTION_STREAM_MODEL_REGISTRY="$W/models" \
    EMOTION_STREAM_STATE_DIR="$W/b" EMOTION_STREAM_METRICS_PORT=19464 "$ROOT/emotion-stream" serve >> "$W/b.log" 2>&1 &
  MEASURED=$!
  PIDS+=($MEASURED)
  until [[ "$(http_code ready)" == 200 ]]; do sleep 1; done
}
# SIGTERM already sent to $1 at $2 (ns): waits up to 60 s, then prints how it ended and the CPU it used meanwhile.
report_stop() {
  local pid=$1 start=$2 before=$3 after=$3 code
  while kill -0 "$pid" 2>/dev/null && (( $(date +%s%N) - start < 60000000000 )); do
    after=$(cpu_ticks "$pid" 2>/dev/null || echo "$after"); sleep 0.1
  done
  local seconds=$(( ($(date +%s%N) - start) / 1000000000 ))
  if kill -0 "$pid" 2>/dev/null; then
    jstack "$pid" > "$W/b.jstack" 2>&1 || true
    echo "SIGTERM: still running after 60 s, at $(( (after - before) * 100 / TICKS / 60 ))% of a core (thread dump in $W/b.jstack; killed)"
  else
    wait "$pid" && code=0 || code=$?
    echo "SIGTERM: exit $code after $(( ($(date +%s%N) - start) / 1000000 )) ms, at $(( (after - before) * 100 / TICKS / (seconds + 1) ))% of a core meanwhile"
  fi
}

start_model_and_broker_host
BROKER_HOST=${PIDS[0]}
echo "== measured serve" >&2
start_measured
"$ROOT/emotion-stream" produce --data synthetic:a --rate 0 --limit 200 --quiet --bootstrap-servers 127.0.0.1:19092 \
  > "$W/produce.log" 2>&1
until (( $(predictions) >= 200 )); do sleep 1; done

case "$MODE" in
  gone)
    sleep 30
    echo "idle, cluster up: $(cpu_percent "$MEASURED" 20)% of a core over 20 s"
    echo "== cluster gone (SIGKILL to the broker's process)" >&2
    kill -KILL "$BROKER_HOST"
    lines_before=$(wc -l < "$W/b.log")
    before=$(cpu_ticks "$MEASURED")
    thread_cpu "$MEASURED" > "$W/threads.before"
    for s in $(seq 1 "$SECONDS_GONE"); do
      sleep 1
      (( s <= 5 || s % 10 == 0 )) && echo "  ${s} s gone: /ready $(http_code ready), /health $(http_code health)" >&2
    done
    after=$(cpu_ticks "$MEASURED")
    thread_cpu "$MEASURED" > "$W/threads.after"
    echo "cluster gone: $(( (after - before) * 100 / TICKS / SECONDS_GONE ))% of a core over ${SECONDS_GONE} s; busiest threads:"
    top_threads "$W/threads.before" "$W/threads.after"
    echo "log lines while the cluster was gone: $(( $(wc -l < "$W/b.log") - lines_before )) in ${SECONDS_GONE} s"
    echo "== SIGTERM to the measured serve" >&2
    start=$(date +%s%N)
    before=$(cpu_ticks "$MEASURED")
    kill -TERM "$MEASURED"
    report_stop "$MEASURED" "$start" "$before"
    ;;
  together)
    echo "== measured serve killed and started again on its state (exactly-once: stores wiped and restored)" >&2
    kill -KILL "$MEASURED"
    wait "$MEASURED" 2>/dev/null || true
    start_measured
    "$ROOT/emotion-stream" produce --data synthetic:a --rate 100 --limit 100000000 --quiet \
      --bootstrap-servers 127.0.0.1:19092 > "$W/produce.log" 2>&1 &
    PIDS+=($!)
    sleep 30
    echo "== SIGTERM to the measured serve and the broker's process at the same moment ($(predictions) predictions)" >&2
    start=$(date +%s%N)
    before=$(cpu_ticks "$MEASURED")
    kill -TERM "$MEASURED" "$BROKER_HOST"
    report_stop "$MEASURED" "$start" "$before"
    ;;
  *) echo "usage: bench/broker-gone.sh gone [SECONDS_GONE] | together" >&2; exit 2 ;;
esac
echo "(logs in $W)"
