#!/usr/bin/env bash
# Scale-out figures for deploy/README.md's capacity guide (docs/benchmarks.md, "Scaling"), in one sitting:
#   1. the PyTorch reference's model-only rate (the peer every rate here is a ratio to);
#   2. ScaleOutBench: 1, 2 and 3 app processes (and 1 process with 2 threads) working off a backlog in 6 partitions
#      on a broker process, and 2 processes on a 3-node cluster (RF 3, min ISR 2) without and with standby replicas:
#      steady committed rate, time to the first prediction, cores the instances kept busy;
#   3. StateSizeBench: the bias monitor's state per prediction waiting for its label and per label held.
#   bench/scale-out.sh [EVENTS]      (default 6000 events per configuration)
# On 2 cores the app is CPU-bound: more instances share the same two cores, so the figure says what coordination
# costs, not what more machines would add (each instance on its own machine is the 1-instance row, times N).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REFERENCE="${PYTORCH_REFERENCE:-$ROOT/../shared/bench/pytorch_reference.py}"
DATA="${BENCH_DATA:-$ROOT/../shared/datasets}"
EVENTS="${1:-6000}"
OUT="$ROOT/reports/bench"
mkdir -p "$OUT"
rm -f "$OUT/scale-out.jsonl" "$OUT/state-size.jsonl" "$OUT/pytorch-scale.json"
if /usr/bin/python3 -c 'import torch' 2>/dev/null && [[ -f "$REFERENCE" ]]; then
  echo "== PyTorch reference (1 epoch, 2 threads)" >&2
  /usr/bin/python3 "$REFERENCE" --data "$DATA" --epochs 1 --threads 2 > "$OUT/pytorch-scale.json"
fi
(cd "$ROOT" && ./mvnw -B -q -P '!containers' install -DskipTests > "$OUT/scale-build.log")
bench() { # test-class jsonl-tag output [-Dkey=value ...]
  local test="$1" tag="$2" out="$3"
  shift 3
  (cd "$ROOT" && ./mvnw -B -q -P '!containers' verify -pl stream-app -Dit.test="$test" -Dtest=NONE \
     -Dsurefire.failIfNoSpecifiedTests=false "$@" 2>&1) | sed -n "s/.*$tag //p" >> "$out"
}
for config in "1 1 1 0" "1 2 1 0" "2 1 1 0" "3 1 1 0" "2 1 3 0" "2 1 3 1"; do
  set -- $config
  echo "== $1 instance(s) x $2 thread(s), $3 broker node(s), $4 standby replica(s)" >&2
  bench ScaleOutBench SCALE-BENCH "$OUT/scale-out.jsonl" -Dbench.instances="$1" -Dbench.threads="$2" \
    -Dbench.nodes="$3" -Dbench.standbys="$4" -Dbench.events="$EVENTS"
done
echo "== state per prediction" >&2
bench StateSizeBench STATE-BENCH "$OUT/state-size.jsonl"
/usr/bin/python3 - "$OUT" "$ROOT/bench/lib" <<'PY'
import os, sys
sys.path.insert(0, sys.argv[2])
from stream_bench import pytorch_rate, rows, ratio
out = sys.argv[1]
ref = pytorch_rate(os.path.join(out, "pytorch-scale.json"))
print("| instances x threads | broker nodes | standbys | steady predictions/s | ratio to PyTorch | first prediction after "
      "| app cores busy | CPU ms per prediction |")
print("|---|---|---|---|---|---|---|---|")
for r in rows(os.path.join(out, "scale-out.jsonl")):
    print(f"| {r['instances']} x {r['threads']} | {r['nodes']} | {r.get('standbys', 0)} | {r['steady_per_second']:.0f} "
          f"| {ratio(r['steady_per_second'], ref)} | {r['first_prediction_s']:.1f} s | {r['app_busy_cores']:.2f} "
          f"| {r['cpu_ms_per_prediction']:.2f} |")
print()
for r in rows(os.path.join(out, "state-size.jsonl")):
    print(f"after {r['events']} predictions, {r['phase']}:")
    for store, s in r["stores"].items():
        per = s["bytes"] / s["live_keys"] if s["live_keys"] else 0
        print(f"  {store}: {s['live_keys']} keys, {s['bytes']} bytes ({per:.0f} bytes per key)")
PY
