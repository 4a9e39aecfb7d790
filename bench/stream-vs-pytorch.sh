#!/usr/bin/env bash
# The stream app's throughput and latency (bench-stream) RUNS times in a row, beside the PyTorch reference's
# model-only rate measured just before on the same machine, as ratios (absolute numbers move between machines).
#   bench/stream-vs-pytorch.sh [RUNS=5] [EVENTS=60000] [RATE=500] [SECONDS=20]
# Writes reports/bench/pytorch.json, reports/bench/stream-N.json and prints one row per run.
# Needs Debian's PyTorch for the peer (sudo apt-get install python3-torch libopenblas0-pthread); without it the
# table has our figures only.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:-5}"
EVENTS="${2:-60000}"
RATE="${3:-500}"
SECONDS_LATENCY="${4:-20}"
REFERENCE="${PYTORCH_REFERENCE:-$ROOT/../shared/bench/pytorch_reference.py}"
DATA="${BENCH_DATA:-$ROOT/../shared/datasets}"
OUT="$ROOT/reports/bench"
mkdir -p "$OUT"
rm -f "$OUT"/stream-*.json "$OUT/pytorch.json"

if /usr/bin/python3 -c 'import torch' 2>/dev/null && [[ -f "$REFERENCE" ]]; then
  echo "== PyTorch reference (3 epochs, 2 threads)" >&2
  /usr/bin/python3 "$REFERENCE" --data "$DATA" --epochs 3 --threads 2 > "$OUT/pytorch.json"
else
  echo "== PyTorch reference not installed: our figures only" >&2
fi
for run in $(seq 1 "$RUNS"); do
  echo "== bench-stream run $run of $RUNS" >&2
  BENCH_REPORT="$OUT/stream-$run.json" "$ROOT/emotion-stream" bench-stream "$EVENTS" "$RATE" "$SECONDS_LATENCY" > /dev/null
done

/usr/bin/python3 - "$OUT" "$RUNS" <<'PY'
import json, os, sys
out, runs = sys.argv[1], int(sys.argv[2])
ref = None
if os.path.exists(os.path.join(out, "pytorch.json")):
    ref = json.load(open(os.path.join(out, "pytorch.json")))["inference_images_per_second"]["32"]
    print(f"PyTorch {ref:.0f} images/s at batch 32 (model only, 2 threads)")
def ratio(v):
    return f" ({v / ref:.2f}x)" if ref else ""
print("| run | model only, batch 32 | end to end warm | end to end cold | latency p50 / p99 at offered rate |")
print("|---|---|---|---|---|")
for run in range(1, runs + 1):
    r = json.load(open(os.path.join(out, f"stream-{run}.json")))
    m, w, c = r["model_only_images_per_second_batch32"], r["throughput"]["images_per_second"], r["throughput_cold"]["images_per_second"]
    lat = r["latency"]
    print(f"| {run} | {m:.0f}{ratio(m)} | {w:.0f}{ratio(w)} | {c:.0f}{ratio(c)} | {lat['p50_ms']} / {lat['p99_ms']} ms at {lat['offered_per_second']}/s |")
PY
