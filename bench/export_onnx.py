#!/usr/bin/python3
"""Exports a PyTorch network to ONNX as a PyTorch user would (torch.onnx, dynamic batch axis), beside what PyTorch
computes, for `trainer import --onnx` and the speed comparison of bench/compare-onnx.sh. One of:

    --seed-cnn REFERENCE   the seed CNN of ../shared/bench/pytorch_reference.py (its CK+ architecture, Keras' initial
                           weights from --seed; ends in logits, as PyTorch classifiers do)
    --keras FILE           a Keras 2 HDF5 classifier rebuilt in PyTorch by bench/keras_graph_reference.py (the same
                           weights; ends in its softmax)

Writes OUT (the ONNX file), OUT.labels (class order) and OUT.expected.json (8 random scaled inputs and PyTorch's
outputs for them: `trainer import --expect-outputs` holds the import to them), then prints one JSON object with
PyTorch's model-only images/s at each batch size on --threads threads (random inputs, inference mode, no autograd).
Debian: apt-get install python3-torch python3-h5py.

    /usr/bin/python3 bench/export_onnx.py --seed-cnn ../shared/bench/pytorch_reference.py --out /tmp/seed.onnx
"""
import argparse, importlib.util, json, os, sys, time

_threads = sys.argv[sys.argv.index("--threads") + 1] if "--threads" in sys.argv else "1"
os.environ.setdefault("OMP_NUM_THREADS", _threads)

import torch

SEED_LABELS = "anger,disgust,fear,happiness,sadness,surprise"


def load_module(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def seed_cnn(reference, seed):
    ref = load_module(reference, "pytorch_reference")
    torch.manual_seed(seed)
    arch = {k: v for k, v in ref.BEST["ckplus"].items() if k not in ("optimizer", "lr")}
    model = ref.seed_cnn(**arch)
    model.apply(ref.keras_init)
    return model, 48, "divide-255", SEED_LABELS


def keras_graph(path, labels, scale):
    graphs = load_module(os.path.join(os.path.dirname(os.path.abspath(__file__)), "keras_graph_reference.py"),
                         "keras_graph_reference")
    model = graphs.KerasGraph(path)
    side = model.layers[0]["config"]["batch_input_shape"][1]
    return model, side, scale, labels


def random_inputs(count, side, scale, seed):
    generator = torch.Generator().manual_seed(seed)
    pixels = torch.randint(0, 256, (count, 1, side, side), generator=generator).float() / 255.0
    return (pixels - 0.5) * 2 if scale == "minus-one-to-one" else pixels


def parameters(model):
    own = sum(p.numel() for p in model.parameters())
    rebuilt = getattr(model, "params", {})  # keras_graph_reference keeps the file's weights as plain tensors
    return own or sum(t.numel() for ws in rebuilt.values() for t in (ws if isinstance(ws, (list, tuple)) else [ws])
                      if isinstance(t, torch.Tensor))


def images_per_second(model, side, batch, seconds):
    x = torch.rand(batch, 1, side, side)
    for _ in range(3):
        model(x)
    start, images = time.perf_counter(), 0
    while time.perf_counter() - start < seconds:
        model(x)
        images += batch
    return round(images / (time.perf_counter() - start), 1)


def main():
    parser = argparse.ArgumentParser()
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--seed-cnn", metavar="REFERENCE")
    source.add_argument("--keras", metavar="FILE")
    parser.add_argument("--out", required=True)
    parser.add_argument("--labels", default="angry,disgust,fear,happy,sad,surprise,neutral",
                        help="--keras: the network's classes in output order")
    parser.add_argument("--scale", default="minus-one-to-one", choices=["minus-one-to-one", "divide-255"],
                        help="--keras: how the network expects 8-bit pixels")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--batch-sizes", default="1,32")
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    if args.seed_cnn:
        model, side, scale, labels = seed_cnn(args.seed_cnn, args.seed)
    else:
        model, side, scale, labels = keras_graph(args.keras, args.labels, args.scale)
    model.eval()
    inputs = random_inputs(8, side, scale, args.seed)
    torch.onnx.export(model, inputs, args.out, input_names=["image"], output_names=["classes"], opset_version=13,
                      dynamic_axes={"image": {0: "batch"}, "classes": {0: "batch"}})
    with torch.no_grad():
        outputs = model(inputs)
        speed = {str(b): images_per_second(model, side, int(b), args.seconds) for b in args.batch_sizes.split(",")}
    with open(args.out + ".labels", "w") as f:
        f.write(labels.replace(",", "\n") + "\n")
    with open(args.out + ".expected.json", "w") as f:
        json.dump({"inputs": inputs.reshape(8, -1).tolist(), "outputs": outputs.tolist()}, f)
    print(json.dumps({"torch": torch.__version__, "threads": args.threads, "onnx": args.out, "input_side": side,
                      "scale": scale, "parameters": parameters(model),
                      "inference_images_per_second": speed}, indent=1))


if __name__ == "__main__":
    main()
