#!/usr/bin/env bash
# Runs the PyTorch reference and emotion-stream's bench back to back on the same data and threads, then prints
# ratios (the machine is shared and noisy: compare within one run, never across runs).
#   bench/compare-pytorch.sh [DATA_ROOT] [EPOCHS] [THREADS]
# Needs Debian's PyTorch: sudo apt-get install python3-torch python3-pil libopenblas0-pthread
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="${1:-$ROOT/../shared/datasets}"
EPOCHS="${2:-10}"
THREADS="${3:-2}"
REFERENCE="${PYTORCH_REFERENCE:-$ROOT/../shared/bench/pytorch_reference.py}"
OUT="$ROOT/reports/bench"
mkdir -p "$OUT"

echo "== PyTorch reference ($EPOCHS epochs, $THREADS threads)" >&2
/usr/bin/python3 "$REFERENCE" --data "$DATA" --epochs "$EPOCHS" --threads "$THREADS" > "$OUT/pytorch.json"
echo "== emotion-stream ($EPOCHS epochs, $THREADS threads)" >&2
OMP_NUM_THREADS="$THREADS" "$ROOT/emotion-stream" trainer bench --data "$DATA" --epochs "$EPOCHS" \
  --report "$OUT/emotion-stream.json" > /dev/null

/usr/bin/python3 - "$OUT/pytorch.json" "$OUT/emotion-stream.json" <<'PY'
import json, sys
ref, ours = (json.load(open(p)) for p in sys.argv[1:3])
print(f"| measure | PyTorch {ref['torch']} | emotion-stream (DL4J) | ratio (ours / PyTorch) |")
print("|---|---|---|---|")
r, o = ref["ckplus"]["epoch_seconds_median"], ours["epoch_seconds_median"]
print(f"| CK+ training, s/epoch (741 images, batch 32; lower is better) | {r:.3f} | {o:.3f} | {o / r:.2f} |")
if "epoch_seconds_median_augmented" in ours:
    a = ours["epoch_seconds_median_augmented"]
    print(f"| same, ours with the standard augmentation (PyTorch without) | {r:.3f} | {a:.3f} | {a / r:.2f} |")
    print(f"| augmentation alone, images/s on one thread | - | {ours['augmentation_images_per_second_one_thread']:.0f} | - |")
for b, rv in ref["inference_images_per_second"].items():
    ov = ours["inference_images_per_second"].get(b)
    if ov:
        print(f"| inference images/s, batch {b} (higher is better) | {rv:.0f} | {ov:.0f} | {ov / rv:.2f} |")
PY
