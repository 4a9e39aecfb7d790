"""Shared by the bench scripts that run a *Bench class through Maven beside the PyTorch reference (imported, not run):
the reference's model-only rate from its JSON report, the JSON lines a bench printed, and a ratio cell."""
import json
import os


def pytorch_rate(path):
    """The PyTorch reference's images/s at batch 32 (model only), printed as the table's caption; None if not run."""
    if not os.path.exists(path):
        print("PyTorch reference not run here (no torch): ratios left out\n")
        return None
    rate = json.load(open(path))["inference_images_per_second"]["32"]
    print(f"PyTorch {rate:.0f} images/s at batch 32 (model only, 2 threads)\n")
    return rate


def rows(path):
    """The JSON objects a bench printed, one per line."""
    with open(path) as lines:
        return [json.loads(line) for line in lines if line.strip()]


def ratio(rate, reference):
    return f"{rate / reference:.3f}x" if reference else "-"
