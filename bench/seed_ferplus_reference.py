#!/usr/bin/python3
"""The PyTorch peer of `trainer train --data FER2013Train` for the seed CNN: seconds per training epoch on FER+.

Loads one FER+ split folder with the trainer's rule (the majority of the ten crowd votes; ties, unknown, NF, neutral
and contempt left out), keeps as many images as the trainer's training split holds (--images), and times epochs of
the seed CNN built and trained by ../shared/bench/pytorch_reference.py (same layers, Keras' initialisation, batch 32,
the hyperparameters the trainer uses for a dataset that is not CK+: the seed's JAFFE trial). Prints one JSON object.

    /usr/bin/python3 bench/seed_ferplus_reference.py --reference ../shared/bench/pytorch_reference.py \\
        --data ../shared/datasets/FERPlus/FER2013Train --images 12538 --epochs 2 --threads 2
"""
import argparse
import importlib.util
import json
import os
import sys

_threads = sys.argv[sys.argv.index("--threads") + 1] if "--threads" in sys.argv else "2"
os.environ.setdefault("OMP_NUM_THREADS", _threads)

import numpy as np  # noqa: E402
import torch  # noqa: E402

COLUMNS = ["neutral", "happiness", "surprise", "sadness", "anger", "disgust", "fear", "contempt", "unknown", "NF"]


def majority(votes):
    best = max(votes)
    if best == 0 or votes.count(best) > 1:
        return None
    column = COLUMNS[votes.index(best)]
    return None if column in ("neutral", "contempt", "unknown", "NF") else column


def load(folder, reference, limit):
    xs, ys = [], []
    with open(os.path.join(folder, "label.csv")) as f:
        for line in f:
            if not line.strip():
                continue
            image, rest = line.split(",", 1)
            votes = [int(v) for v in rest.rsplit('"', 1)[1].strip(",").split(",")]
            label = majority(votes)
            if label is None or not os.path.exists(os.path.join(folder, image)):
                continue
            xs.append(reference.load_image(os.path.join(folder, image)))
            ys.append(reference.LABELS.index(label))
            if len(ys) == limit:
                break
    return np.stack(xs), np.array(ys)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reference", default="../shared/bench/pytorch_reference.py")
    ap.add_argument("--data", default="../shared/datasets/FERPlus/FER2013Train")
    ap.add_argument("--images", type=int, default=12538)
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    spec = importlib.util.spec_from_file_location("pytorch_reference", args.reference)
    reference = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(reference)
    x, y = load(args.data, reference, args.images)
    _, seconds = reference.train(x, y, args.epochs, reference.BEST["jaffe"], 32, 42)
    print(json.dumps({"images": int(len(y)), "epochs": args.epochs, "epoch_seconds": [round(s, 2) for s in seconds],
                      "threads": args.threads, "torch": torch.__version__}))


if __name__ == "__main__":
    main()
