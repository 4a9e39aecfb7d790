#!/usr/bin/env bash
# Training mini-Xception from a given layer on, against PyTorch doing the same, in one sitting, two threads each (the
# machine is shared and noisy: compare within one run, never across runs). For each layer:
#   ours:    `trainer train --init` of the imported Keras file on DATA's subject split (the layers before LAYER frozen,
#            their activations computed once; every separable convolution from LAYER on trained as its two halves),
#            the median epoch of EPOCHS;
#   PyTorch: bench/keras_graph_reference.py rebuilds the same network from the same file and times one epoch of the
#            same number of images, batch 32, Adam, as PyTorch users fine-tune (frozen layers run forward every batch).
#   bench/finetune-speed.sh [LAYERS] [EPOCHS] [DATA...]
#   defaults: conv2d_7,separable_conv2d_7,conv2d_1 (the classifier, the last block, every layer), 6 epochs,
#             ../shared/datasets/JAFFE and ../shared/datasets/CK+48
# Needs Debian's PyTorch and h5py: apt-get install python3-torch python3-h5py libopenblas0-pthread
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LAYERS="${1:-conv2d_7,separable_conv2d_7,conv2d_1}"
EPOCHS="${2:-6}"
shift $(( $# > 2 ? 2 : $# ))
SHARED="${SHARED:-$ROOT/../shared}"
DATA=("$@")
[[ ${#DATA[@]} -gt 0 ]] || DATA=("$SHARED/datasets/JAFFE" "$SHARED/datasets/CK+48")
KERAS="$SHARED/pretrained/fer2013-mini-xception/fer2013_mini_XCEPTION.102-0.66.hdf5"
OUT="$ROOT/reports/bench/finetune"
REGISTRY="$OUT/models"
rm -rf "$OUT"
mkdir -p "$OUT"
DATA_ARGS=()
for d in "${DATA[@]}"; do DATA_ARGS+=(--data "$d"); done

"$ROOT/emotion-stream" trainer import --keras "$KERAS" --name mx --labels angry,disgust,fear,happy,sad,surprise,neutral \
  --scale minus-one-to-one --registry "$REGISTRY" > /dev/null
echo "| trained from | images | ours: frozen part once | ours: per epoch (median of $EPOCHS) | PyTorch: per epoch | ratio per epoch |"
echo "|---|---|---|---|---|---|"
for layer in ${LAYERS//,/ }; do
  "$ROOT/emotion-stream" trainer train --init mx --init-source "$KERAS" --registry "$REGISTRY" "${DATA_ARGS[@]}" \
    --split subject --epochs "$EPOCHS" --patience "$EPOCHS" --train-from "$layer" --no-publish \
    > "$OUT/$layer.out" 2> "$OUT/$layer.log"
  images=$(sed -n 's/.*: \([0-9]*\) train \/.*/\1/p' "$OUT/$layer.log" | head -1)
  frozen=$(sed -n 's/^frozen part run once per image on .*, \([0-9.]*\) s;.*/\1/p' "$OUT/$layer.log")
  ours=$(sed -n 's/.* median \([0-9.]*\) s each$/\1/p' "$OUT/$layer.log")
  torch=$(/usr/bin/python3 "$ROOT/bench/keras_graph_reference.py" --keras "$KERAS" --threads 2 --batch-sizes 32 \
    --seconds 1 --finetune-from "$layer" --finetune-images "$images" \
    | /usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin)["finetune"]["seconds_per_epoch"])')
  ratio=$(/usr/bin/python3 -c "print(f'{$ours / $torch:.2f}x')")
  echo "| \`$layer\` | $images | $frozen s | $ours s | $torch s | $ratio |"
done
