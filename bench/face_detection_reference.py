#!/usr/bin/env python3
"""Peer for emotion-stream's face location: the same OpenCV cascade, parameters and crop, from Python (cv2).

Reads every image file of --images, then on one thread: decode to grayscale, shrink so the smallest face (15% of
the short side) is one 24-pixel window, pad 15% with replicated edges, detectMultiScale(1.1, 4), take the largest
box, crop the square of 0.96 x its side (edges replicated), resize to 48x48, scale to [0, 1]. Prints JSON:
images/s and how many images had a face. See bench/compare-face-detection.sh.
"""
import argparse
import json
import os
import sys
import time

import cv2
import numpy as np

MIN_FACE_FRACTION, WINDOW, PADDING, SCALE_FACTOR, MIN_NEIGHBORS, BOX_TO_CROP = 0.15, 24, 0.15, 1.1, 4, 0.96


def prepare(data, cascade):
    gray = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_GRAYSCALE)
    h, w = gray.shape
    min_face = max(1.0, MIN_FACE_FRACTION * min(w, h))
    shrink = min(1.0, WINDOW / min_face)
    small = gray if shrink >= 1 else cv2.resize(gray, (max(1, round(w * shrink)), max(1, round(h * shrink))),
                                                interpolation=cv2.INTER_AREA)
    pad = round(PADDING * min(small.shape))
    padded = cv2.copyMakeBorder(small, pad, pad, pad, pad, cv2.BORDER_REPLICATE)
    size = max(WINDOW, int(min_face * shrink))
    faces = cascade.detectMultiScale(padded, SCALE_FACTOR, MIN_NEIGHBORS, 0, (size, size))
    if len(faces) == 0:
        crop = gray
    else:
        x, y, bw, bh = max(faces, key=lambda r: r[2] * r[3])
        sx, sy = w / small.shape[1], h / small.shape[0]
        cx, cy = (x - pad + bw / 2) * sx, (y - pad + bh / 2) * sy
        side = max(1, round(max(bw * sx, bh * sy) * BOX_TO_CROP))
        left, top = round(cx - side / 2), round(cy - side / 2)
        rows = np.clip(np.arange(top, top + side), 0, h - 1)
        cols = np.clip(np.arange(left, left + side), 0, w - 1)
        crop = gray[np.ix_(rows, cols)]
    return cv2.resize(crop, (48, 48), interpolation=cv2.INTER_AREA).astype(np.float32) / 255.0, len(faces) > 0


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--images", required=True)
    parser.add_argument("--cascade", required=True)
    parser.add_argument("--seconds", type=float, default=2.0)
    args = parser.parse_args()
    cv2.setNumThreads(1)
    cascade = cv2.CascadeClassifier(args.cascade)
    if cascade.empty():
        sys.exit(f"cannot load cascade {args.cascade}")
    files = sorted(os.path.join(args.images, f) for f in os.listdir(args.images))
    images = [open(f, "rb").read() for f in files if os.path.isfile(f)]
    found = sum(prepare(data, cascade)[1] for data in images)  # also the warm-up
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < args.seconds:
        for data in images:
            prepare(data, cascade)
            n += 1
    rate = n / (time.perf_counter() - start)
    print(json.dumps({"opencv": cv2.__version__, "images": len(images), "faces_found": found,
                      "images_per_second": round(rate, 1)}))


if __name__ == "__main__":
    main()
