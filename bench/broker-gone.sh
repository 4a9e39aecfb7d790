#!/usr/bin/env bash
# What `serve` does when its cluster goes away, measured (docs/reliability.md, "When the cluster goes away"):
#   bench/broker-gone.sh [SECONDS_GONE=60] [KILL_SIGNAL=KILL]
# Process A: `serve` with its embedded broker on 127.0.0.1:19092 (the cluster). Process B, measured: `serve` against
# A's broker, defaults otherwise (two stream threads, the monitor on), after it has classified 200 events and then
# idled 30 s (the JIT's compilations over); its CPU is read over 20 s with the cluster up.
# Then A is stopped with KILL_SIGNAL and B's CPU is read from /proc over SECONDS_GONE, with /health and /ready polled
# each second; finally B gets SIGTERM and the time to its exit is measured.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_GONE="${1:-60}"
KILL_SIGNAL="${2:-KILL}"
W="$(mktemp -d)"
# shellcheck source=bench/lib/serve-fixture.sh
source "$ROOT/bench/lib/serve-fixture.sh"
start_model_and_broker_host
BROKER_HOST=${PIDS[0]}
TICKS=$(getconf CLK_TCK)

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# "ticks thread-name" per thread of process $1 (names as the JVM set them, at most 15 characters).
thread_ticks() {
  for t in /proc/"$1"/task/*; do
    printf '%s %s\n' "$(awk '{print $14 + $15}' "$t/stat" 2>/dev/null || echo 0)" "$(tr ' ' '_' < "$t/comm" 2>/dev/null)"
  done
}
# The threads that used the most CPU between two thread_ticks snapshots ($1, $2: files), summed per name.
top_threads() {
  awk 'NR == FNR {before[$2] += $1; next} {after[$2] += $1} END {for (n in after) if (after[n] - before[n] > 0) print after[n] - before[n], n}' \
    "$1" "$2" | sort -rn | head -6 | awk -v t="$TICKS" '{printf "    %s: %.1f s of CPU\n", $2, $1 / t}'
}
http_code() { curl -s -o /dev/null -w '%{http_code}' --max-time 1 "127.0.0.1:19464/$1" || true; }
# Percent of one core used by process $1 over $2 seconds.
cpu_percent() {
  local before after
  before=$(cpu_ticks "$1"); sleep "$2"; after=$(cpu_ticks "$1")
  echo $(( (after - before) * 100 / TICKS / $2 ))
}

echo "== measured serve" >&2
EMOTION_STREAM_BOOTSTRAP_SERVERS=127.0.0.1:19092 EMOTION_STREAM_MODEL_REGISTRY="$W/models" \
  EMOTION_STREAM_STATE_DIR="$W/b" EMOTION_STREAM_METRICS_PORT=19464 "$ROOT/emotion-stream" serve > "$W/b.log" 2>&1 &
MEASURED=$!
PIDS+=($MEASURED)
until [[ "$(http_code ready)" == 200 ]]; do sleep 1; done
"$ROOT/emotion-stream" produce --data synthetic:a --rate 0 --limit 200 --quiet --bootstrap-servers 127.0.0.1:19092 \
  > "$W/produce.log" 2>&1
until (( $(curl -s 127.0.0.1:19464/metrics | awk '/^emotion_predictions_total/ {s += $2} END {print int(s)}') >= 200 )); do
  sleep 1
done
sleep 30
echo "idle, cluster up: $(cpu_percent "$MEASURED" 20)% of a core over 20 s"

echo "== cluster gone (SIG$KILL_SIGNAL to the broker's process)" >&2
kill "-$KILL_SIGNAL" "$BROKER_HOST"
gone_at=$(date +%s)
lines_before=$(wc -l < "$W/b.log")
before=$(cpu_ticks "$MEASURED")
thread_ticks "$MEASURED" > "$W/threads.before"
for s in $(seq 1 "$SECONDS_GONE"); do
  sleep 1
  (( s <= 5 || s % 5 == 0 )) && echo "  ${s} s gone: /ready $(http_code ready), /health $(http_code health)" >&2
done
after=$(cpu_ticks "$MEASURED")
thread_ticks "$MEASURED" > "$W/threads.after"
echo "cluster gone: $(( (after - before) * 100 / TICKS / SECONDS_GONE ))% of a core over ${SECONDS_GONE} s; busiest threads:"
top_threads "$W/threads.before" "$W/threads.after"
echo "log lines while the cluster was gone: $(( $(wc -l < "$W/b.log") - lines_before )) in ${SECONDS_GONE} s"

echo "== SIGTERM to the measured serve" >&2
start=$(date +%s%N)
before=$(cpu_ticks "$MEASURED")
kill -TERM "$MEASURED"
while kill -0 "$MEASURED" 2>/dev/null && (( $(date +%s%N) - start < 60000000000 )); do
  after=$(cpu_ticks "$MEASURED" 2>/dev/null || echo "$after"); sleep 0.1
done
if kill -0 "$MEASURED" 2>/dev/null; then
  jstack "$MEASURED" > "$W/b.jstack" 2>&1 || true
  echo "SIGTERM, cluster gone: still running after 60 s at $(( (after - before) * 100 / TICKS / 60 ))% of a core (thread dump in $W/b.jstack; killed)"
else
  wait "$MEASURED" && code=0 || code=$?
  echo "SIGTERM, cluster gone: exit $code after $(( ($(date +%s%N) - start) / 1000000 )) ms"
fi
echo "(logs in $W)"
