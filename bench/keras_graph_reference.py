#!/usr/bin/python3
"""A Keras 2 image classifier (HDF5: architecture and weights) rebuilt in PyTorch, the peer our imported graphs are
measured against: same weights, same layers, run by PyTorch's own kernels. No Keras or TensorFlow needed.

Reads the file's model_config and builds the functional graph layer by layer (the layer kinds mini-Xception and
similar expression networks use: Conv2D, SeparableConv2D, BatchNormalization, Activation, MaxPooling2D,
AveragePooling2D, Add, GlobalAveragePooling2D, Dropout, Flatten, Dense), with TensorFlow's 'same' padding. Prints one
JSON object: model-only images/s at each batch size (random inputs, inference mode) and, with --images, the softmax
of those images so outputs can be compared with ours. Debian: apt-get install python3-torch python3-h5py.

    /usr/bin/python3 bench/keras_graph_reference.py --keras FILE [--threads 1] [--batch-sizes 1,32] [--seconds 3]
        [--ckplus ../shared/datasets/CK+48]
"""
import argparse, json, math, os, sys, time

_threads = sys.argv[sys.argv.index("--threads") + 1] if "--threads" in sys.argv else "1"
os.environ.setdefault("OMP_NUM_THREADS", _threads)

import h5py
import numpy as np
import torch
import torch.nn.functional as F


def same_padding(size, kernel, stride):
    out = math.ceil(size / stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


def pad_same(x, kernel, stride, value=0.0):
    top, bottom = same_padding(x.shape[2], kernel[0], stride[0])
    left, right = same_padding(x.shape[3], kernel[1], stride[1])
    return F.pad(x, (left, right, top, bottom), value=value)


class KerasGraph(torch.nn.Module):
    def __init__(self, path):
        super().__init__()
        with h5py.File(path, "r") as f:
            config = json.loads(f.attrs["model_config"])
            weights_root = f["model_weights"] if "model_weights" in f else f
            inner = config["config"]
            self.layers = inner["layers"] if isinstance(inner, dict) else inner
            self.weights = {}
            for layer in self.layers:
                name = layer["config"]["name"]
                if name not in weights_root:
                    continue
                group = weights_root[name]
                names = [n.decode() if isinstance(n, bytes) else n for n in group.attrs.get("weight_names", [])]
                self.weights[name] = {n.split("/")[-1].split(":")[0]: torch.from_numpy(np.array(group[n])) for n in names}
        self.params = self._convert()
        self.sequential = config["class_name"] == "Sequential"

    def _convert(self):
        out = {}
        for layer in self.layers:
            kind, name = layer["class_name"], layer["config"]["name"]
            w = self.weights.get(name, {})
            if kind == "Conv2D":
                out[name] = (w["kernel"].permute(3, 2, 0, 1).contiguous(), w.get("bias"))
            elif kind == "SeparableConv2D":
                depth = w["depthwise_kernel"]  # (kh, kw, in, mult)
                kh, kw, cin, mult = depth.shape
                out[name] = (depth.permute(2, 3, 0, 1).reshape(cin * mult, 1, kh, kw).contiguous(),
                             w["pointwise_kernel"].permute(3, 2, 0, 1).contiguous(), w.get("bias"))
            elif kind == "BatchNormalization":
                out[name] = (w.get("gamma"), w.get("beta"), w["moving_mean"], w["moving_variance"])
            elif kind == "Dense":
                out[name] = (w["kernel"].t().contiguous(), w.get("bias"))
        return out

    def _apply(self, layer, inputs):
        kind, c = layer["class_name"], layer["config"]
        name = c["name"]
        x = inputs[0]
        if kind == "InputLayer":
            return x
        if kind in ("Conv2D", "SeparableConv2D"):
            stride = tuple(c["strides"])
            kernel = tuple(c["kernel_size"])
            if c["padding"] == "same":
                x = pad_same(x, kernel, stride)
            if kind == "Conv2D":
                weight, bias = self.params[name]
                x = F.conv2d(x, weight, bias, stride)
            else:
                depth, point, bias = self.params[name]
                x = F.conv2d(x, depth, None, stride, groups=x.shape[1])
                x = F.conv2d(x, point, bias)
            return activation(x, c.get("activation", "linear"))
        if kind == "BatchNormalization":
            gamma, beta, mean, var = self.params[name]
            return F.batch_norm(x, mean, var, gamma, beta, False, 0.0, c.get("epsilon", 1e-3))
        if kind == "Activation":
            return activation(x, c["activation"])
        if kind in ("MaxPooling2D", "AveragePooling2D"):
            kernel, stride = tuple(c["pool_size"]), tuple(c.get("strides") or c["pool_size"])
            if kind == "MaxPooling2D":
                if c["padding"] == "same":
                    x = pad_same(x, kernel, stride, value=float("-inf"))
                return F.max_pool2d(x, kernel, stride)
            if c["padding"] == "same":
                raise SystemExit("AveragePooling2D with 'same' padding is not rebuilt here")
            return F.avg_pool2d(x, kernel, stride)
        if kind == "Add":
            return sum(inputs)
        if kind == "GlobalAveragePooling2D":
            return x.mean(dim=(2, 3))
        if kind == "Dropout":
            return x
        if kind == "Flatten":
            return x.permute(0, 2, 3, 1).reshape(x.shape[0], -1)  # Keras flattens channels-last
        if kind == "Dense":
            weight, bias = self.params[name]
            return activation(F.linear(x, weight, bias), c.get("activation", "linear"))
        raise SystemExit(f"layer kind {kind} ({name}) is not rebuilt here")

    def forward(self, x):
        values = {}
        previous = x
        for layer in self.layers:
            if self.sequential or not layer.get("inbound_nodes"):
                inputs = [previous]
            else:
                inputs = [values[node[0]] for node in layer["inbound_nodes"][0]]
            previous = self._apply(layer, inputs)
            values[layer["config"]["name"]] = previous
        return previous


def activation(x, kind):
    if kind in (None, "linear"):
        return x
    if kind == "relu":
        return F.relu(x)
    if kind == "softmax":
        return F.softmax(x, dim=1)
    raise SystemExit(f"activation {kind} is not rebuilt here")


CK_FOLDERS = {"anger": "angry", "disgust": "disgust", "fear": "fear", "happy": "happy", "sadness": "sad",
              "surprise": "surprise"}


def ckplus_accuracy(model, side, args):
    from PIL import Image
    labels = args.labels.split(",")
    emotions = [labels.index(name) for name in CK_FOLDERS.values()]
    images, truth = [], []
    for index, folder in enumerate(CK_FOLDERS):
        directory = os.path.join(args.ckplus, folder)
        for name in sorted(os.listdir(directory)):
            gray = Image.open(os.path.join(directory, name)).convert("L").resize((side, side), Image.BILINEAR)
            unit = np.asarray(gray, dtype=np.float32) / 255.0
            images.append((unit - 0.5) * 2 if args.scale == "minus-one-to-one" else unit)
            truth.append(index)
    probabilities = model(torch.from_numpy(np.stack(images)).unsqueeze(1)).numpy()[:, emotions]
    correct = int((probabilities.argmax(axis=1) == np.array(truth)).sum())
    return {"images": len(truth), "correct": correct, "accuracy": round(correct / len(truth), 4)}


def finetune_seconds_per_epoch(model, side, images, first_trained, batch=32):
    """One epoch of fine-tuning as PyTorch users write it: every layer from first_trained on trainable (Adam), the
    layers before it frozen (no gradient) but run forward on every batch; random images and labels."""
    names = [layer["config"]["name"] for layer in model.layers]
    if first_trained not in names:
        raise SystemExit(f"no layer {first_trained}")
    trained = set(names[names.index(first_trained):])
    params = []
    kinds = {layer["config"]["name"]: layer["class_name"] for layer in model.layers}
    for name, tensors in model.params.items():
        # batch norm: scale and shift learn; the moving mean and variance are statistics, not parameters
        learned = tensors[:2] if kinds[name] == "BatchNormalization" else tensors
        for t in learned:
            if t is not None:
                t.requires_grad_(name in trained)
                if name in trained:
                    params.append(t)
    optimizer = torch.optim.Adam(params, lr=1e-3)
    x = torch.rand(images, 1, side, side) * 2 - 1
    y = torch.randint(0, 6, (images,))
    def epoch():
        for start in range(0, images, batch):
            optimizer.zero_grad()
            probabilities = model(x[start:start + batch])
            loss = F.nll_loss(torch.log(probabilities.clamp_min(1e-7)), y[start:start + batch])
            loss.backward()
            optimizer.step()
    epoch()  # warm-up
    began = time.perf_counter()
    epoch()
    return round(time.perf_counter() - began, 3)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--keras", required=True)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--batch-sizes", default="1,32")
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--tensors", help="a .npy array [n, side, side] of preprocessed inputs: print their softmax")
    parser.add_argument("--ckplus", help="CK+48 directory: accuracy over its six emotions (PIL bilinear resize, the "
                        "scale of --scale; any neutral output left out of the argmax)")
    parser.add_argument("--scale", default="minus-one-to-one", choices=["minus-one-to-one", "divide-255"])
    parser.add_argument("--labels", default="angry,disgust,fear,happy,sad,surprise,neutral",
                        help="the network's classes in output order")
    parser.add_argument("--finetune-from", metavar="LAYER", help="also time one epoch of fine-tuning from this layer "
                        "on --finetune-images random images (batch 32, Adam; earlier layers frozen)")
    parser.add_argument("--finetune-images", type=int, default=791)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    model = KerasGraph(args.keras).eval()
    side = model.layers[0]["config"]["batch_input_shape"][1]
    result = {"torch": torch.__version__, "threads": args.threads, "keras": os.path.basename(args.keras),
              "input_side": side, "inference_images_per_second": {}}
    with torch.no_grad():
        if args.tensors:
            tensors = torch.from_numpy(np.load(args.tensors).astype(np.float32)).unsqueeze(1)
            result["probabilities"] = model(tensors).numpy().round(6).tolist()
        if args.ckplus:
            result["ckplus"] = ckplus_accuracy(model, side, args)
        for batch in [int(b) for b in args.batch_sizes.split(",")]:
            x = torch.rand(batch, 1, side, side) * 2 - 1
            for _ in range(3):
                model(x)
            start, images = time.perf_counter(), 0
            while time.perf_counter() - start < args.seconds:
                model(x)
                images += batch
            result["inference_images_per_second"][str(batch)] = round(images / (time.perf_counter() - start), 1)
    if args.finetune_from:
        result["finetune"] = {"from": args.finetune_from, "images": args.finetune_images,
                              "seconds_per_epoch": finetune_seconds_per_epoch(model, side, args.finetune_images,
                                                                              args.finetune_from)}
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
