#!/usr/bin/env bash
# Imported networks against their PyTorch peers, in one sitting, one thread each (the machine is shared and noisy:
# compare within one run, never across runs). For the seed CNN and mini-Xception:
#   1. bench/export_onnx.py exports the network from PyTorch to ONNX (with PyTorch's outputs on 8 random inputs)
#      and measures PyTorch's model-only images/s;
#   2. `trainer import --onnx ... --expect-outputs ...` makes it a bundle, refused unless ONNX Runtime, as served,
#      computes what PyTorch computed; mini-Xception is also imported from its Keras file, as `trainer import --keras`
#      serves it (DL4J's import written as ONNX) and with --dl4j-graph (DL4J's own graph);
#   3. `trainer bench --model` measures each bundle's forward pass as serving runs it.
#   bench/compare-onnx.sh [SECONDS] [BATCH_SIZES]
# Needs Debian's PyTorch and h5py: apt-get install python3-torch python3-h5py libopenblas0-pthread
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_PER_SIZE="${1:-3}"
BATCHES="${2:-1,32}"
SHARED="${SHARED:-$ROOT/../shared}"
KERAS="$SHARED/pretrained/fer2013-mini-xception/fer2013_mini_XCEPTION.102-0.66.hdf5"
OUT="$ROOT/reports/bench/onnx"
REGISTRY="$OUT/models"
rm -rf "$OUT"
mkdir -p "$OUT"
export OMP_NUM_THREADS=1

py() { /usr/bin/python3 "$ROOT/bench/export_onnx.py" --threads 1 --seconds "$SECONDS_PER_SIZE" --batch-sizes "$BATCHES" "$@"; }
import_onnx() { # NAME SCALE
  "$ROOT/emotion-stream" trainer import --onnx "$OUT/$1.onnx" --name "$1" --scale "$2" --licence "$3" \
    --expect-outputs "$OUT/$1.onnx.expected.json" --registry "$REGISTRY" >&2
}
bench() { # NAME
  "$ROOT/emotion-stream" trainer bench --model "$1" --registry "$REGISTRY" --batch-sizes "$BATCHES" \
    --seconds "$SECONDS_PER_SIZE" --report "$OUT/$1.bench.json" > /dev/null
}

echo "== export from PyTorch, PyTorch's speed" >&2
py --seed-cnn "$SHARED/bench/pytorch_reference.py" --out "$OUT/seed-onnx.onnx" > "$OUT/seed-onnx.pytorch.json"
py --keras "$KERAS" --out "$OUT/mini-xception-onnx.onnx" > "$OUT/mini-xception-onnx.pytorch.json"
echo "== import" >&2
import_onnx seed-onnx divide-255 "MIT (our export, Keras' initial weights)"
import_onnx mini-xception-onnx minus-one-to-one MIT
for engine in keras dl4j; do
  "$ROOT/emotion-stream" trainer import --keras "$KERAS" --name "mini-xception-$engine" $([[ $engine == dl4j ]] && echo --dl4j-graph) \
    --labels angry,disgust,fear,happy,sad,surprise,neutral --scale minus-one-to-one --registry "$REGISTRY" >&2
done
echo "== our speed" >&2
for name in seed-onnx mini-xception-onnx mini-xception-keras mini-xception-dl4j; do bench "$name"; done

/usr/bin/python3 - "$OUT" <<'PY'
import json, os, sys
out = sys.argv[1]
load = lambda name: json.load(open(os.path.join(out, name)))
rows = [("seed CNN (609,094 parameters), ONNX Runtime", "seed-onnx.bench.json", "seed-onnx.pytorch.json"),
        ("mini-Xception, ONNX Runtime", "mini-xception-onnx.bench.json", "mini-xception-onnx.pytorch.json"),
        ("mini-Xception, `import --keras`: DL4J's import written as ONNX, ONNX Runtime", "mini-xception-keras.bench.json",
         "mini-xception-onnx.pytorch.json"),
        ("mini-Xception, `import --keras --dl4j-graph`: DL4J's graph", "mini-xception-dl4j.bench.json",
         "mini-xception-onnx.pytorch.json")]
torch_version = load("seed-onnx.pytorch.json")["torch"]
print(f"| network, our engine | batch | PyTorch {torch_version} images/s | ours images/s | ratio (ours / PyTorch) |")
print("|---|---|---|---|---|")
for label, ours_file, ref_file in rows:
    ours, ref = load(ours_file)["inference_images_per_second"], load(ref_file)["inference_images_per_second"]
    for batch, r in ref.items():
        o = ours.get(batch)
        if o:
            print(f"| {label} | {batch} | {r:.0f} | {o:.0f} | {o / r:.2f} |")
PY
