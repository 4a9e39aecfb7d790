#!/usr/bin/env bash
# Face location cost: emotion-stream's preprocessing (Java, OpenCV through JavaCPP) against the same cascade,
# parameters and crop in Python's cv2, back to back, one thread each, on the same files: JAFFE's 256x256 TIFFs and
# the same faces pasted into 640x480 JPEG frames. Prints ratios (compare within one run, never across runs).
#   bench/compare-face-detection.sh [DATA_ROOT]
# Needs Debian's OpenCV for Python: sudo apt-get install python3-opencv
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="${1:-$ROOT/../shared/datasets}"
OUT="$ROOT/reports/bench/faces"
mkdir -p "$OUT/frames" "$OUT/cascades"
"$ROOT/mvnw" -q -B -DskipTests package >&2

# the cascades our build ships (from the OpenCV natives jar), so both sides load the very same files
JAR="$(ls "$ROOT"/trainer/target/lib/opencv-*-linux-x86_64.jar)"
for c in haarcascades/haarcascade_frontalface_default.xml lbpcascades/lbpcascade_frontalface.xml; do
  unzip -p "$JAR" "org/bytedeco/opencv/linux-x86_64/share/opencv4/$c" > "$OUT/cascades/$(basename "$c")"
done

# 640x480 frames: each JAFFE face at 30-60% of the frame height, somewhere in it (deterministic)
/usr/bin/python3 - "$DATA/JAFFE" "$OUT/frames" <<'PY'
import os, random, sys
import cv2, numpy as np
src, dst = sys.argv[1:3]
rng = random.Random(7)
for name in sorted(f for f in os.listdir(src) if f.endswith(".tiff")):
    face = cv2.imread(os.path.join(src, name))
    frame = np.full((480, 640, 3), [rng.randint(90, 150) for _ in range(3)], np.uint8)
    side = int(480 * (0.3 + rng.random() * 0.3))
    x, y = rng.randrange(640 - side), rng.randrange(480 - side)
    frame[y:y + side, x:x + side] = cv2.resize(face, (side, side), interpolation=cv2.INTER_AREA)
    cv2.imwrite(os.path.join(dst, name.replace(".tiff", ".jpg")), frame)
PY

run_ours() { OMP_NUM_THREADS=1 "$ROOT/emotion-stream" trainer bench --preprocess-only --face "$1" --images "$2" 2>/dev/null; }
run_peer() { /usr/bin/python3 "$ROOT/bench/face_detection_reference.py" --images "$2" --cascade "$OUT/cascades/$1"; }

echo "| images | face location | emotion-stream images/s (faces found) | Python cv2 images/s (faces found) | ratio (ours / cv2) |"
echo "|---|---|---|---|---|"
for set in "JAFFE 256x256 TIFF:$DATA/JAFFE" "640x480 JPEG frames:$OUT/frames"; do
  label="${set%%:*}"; dir="${set#*:}"
  for mode in detect:haarcascade_frontalface_default.xml detect-fast:lbpcascade_frontalface.xml; do
    face="${mode%%:*}"; cascade="${mode#*:}"
    ours="$(run_ours "$face" "$dir")"; peer="$(run_peer "$cascade" "$dir")"
    /usr/bin/python3 - "$label" "$face" "$ours" "$peer" <<'PY'
import json, sys
label, face, ours, peer = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), json.loads(sys.argv[4])
o, p = ours["preprocessing"]["images_dir"], peer["images_per_second"]
print(f"| {label} | {face} | {o:.0f} ({ours['preprocessing']['images_dir_faces_found']}) | {p:.0f} ({peer['faces_found']}) | {o / p:.2f} |")
PY
  done
done
