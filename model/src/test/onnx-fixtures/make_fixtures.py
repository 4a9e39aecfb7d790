#!/usr/bin/python3
"""Writes the tiny ONNX files the ONNX engine and import tests read (model/src/test/resources/.../network/).

Our own synthetic networks (random weights from a fixed seed, no dataset, no third-party weights), exported by
PyTorch's torch.onnx as a PyTorch user would export a model. Beside each good model it writes PyTorch's own outputs
for two fixed inputs: the import test holds ONNX Runtime's outputs, served through our bundle, to them. Needs Debian's
PyTorch and onnx (apt-get install python3-torch python3-onnx). Re-run after changing this script:

    /usr/bin/python3 model/src/test/onnx-fixtures/make_fixtures.py
"""
import json
import os

import onnx
import torch
import torch.nn as nn

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "io", "emotionstream", "model", "network")
SIDE = 16
CLASSES = 7
torch.manual_seed(20261206)


class Tiny(nn.Module):
    """conv 3x3 (4 filters) - relu - max-pool 2 - dense 7: NCHW input, logits out (as PyTorch classifiers are)."""

    def __init__(self, channels=1):
        super().__init__()
        self.conv = nn.Conv2d(channels, 4, 3)
        self.dense = nn.Linear(4 * 7 * 7, CLASSES)

    def forward(self, x):
        x = torch.max_pool2d(torch.relu(self.conv(x)), 2)
        return self.dense(torch.flatten(x, 1))


class WithSoftmax(nn.Module):
    def __init__(self, inner):
        super().__init__()
        self.inner = inner

    def forward(self, x):
        return torch.softmax(self.inner(x), dim=1)


class ChannelsLast(nn.Module):
    """The same network taking NHWC input, as models converted from TensorFlow do."""

    def __init__(self, inner):
        super().__init__()
        self.inner = inner

    def forward(self, x):
        return self.inner(x.permute(0, 3, 1, 2))


class TwoOutputs(nn.Module):
    def __init__(self, inner):
        super().__init__()
        self.inner = inner

    def forward(self, x):
        logits = self.inner(x)
        return logits, torch.softmax(logits, dim=1)


def export(model, example, name, dynamic_batch=True):
    model.eval()
    path = os.path.join(OUT, name)
    axes = {"image": {0: "batch"}} if dynamic_batch else None
    torch.onnx.export(model, example, path, input_names=["image"], opset_version=13, dynamic_axes=axes,
                      do_constant_folding=True)
    onnx.checker.check_model(onnx.load(path))
    return path


def expected(model, inputs, name):
    with torch.no_grad():
        outputs = model(inputs)
    with open(os.path.join(OUT, name), "w") as f:
        json.dump({"inputs": inputs.reshape(inputs.shape[0], -1).tolist(), "outputs": outputs.tolist()}, f)
        f.write("\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    tiny = Tiny()
    # Two images of 8-bit pixels scaled to 0..1, as a divide-255 preprocessing makes them.
    inputs = torch.randint(0, 256, (2, 1, SIDE, SIDE)).float() / 255.0

    export(tiny, inputs, "tiny-logits.onnx")
    expected(tiny, inputs, "tiny-logits.expected.json")
    export(tiny, inputs[:1], "tiny-batch-one.onnx", dynamic_batch=False)  # torch.onnx.export's default: batch fixed
    export(WithSoftmax(tiny), inputs, "tiny-softmax.onnx")
    expected(WithSoftmax(tiny), inputs, "tiny-softmax.expected.json")
    nhwc = ChannelsLast(tiny)
    export(nhwc, inputs.permute(0, 2, 3, 1), "tiny-nhwc.onnx")
    expected(nhwc, inputs.permute(0, 2, 3, 1), "tiny-nhwc.expected.json")

    # Refused: three colour channels; two outputs; a truncated file.
    export(Tiny(channels=3), torch.zeros(1, 3, SIDE, SIDE), "color-input.onnx")
    export(TwoOutputs(tiny), inputs, "two-outputs.onnx")
    with open(os.path.join(OUT, "tiny-logits.onnx"), "rb") as f:
        whole = f.read()
    with open(os.path.join(OUT, "truncated.onnx"), "wb") as f:
        f.write(whole[: len(whole) // 2])

    # Refused: weights kept outside the file (ONNX external data names a path a hostile file could point anywhere).
    external = onnx.load(os.path.join(OUT, "tiny-logits.onnx"))
    onnx.save_model(external, os.path.join(OUT, "external-data.onnx"), save_as_external_data=True,
                    all_tensors_to_one_file=True, location="external-data.bin", size_threshold=0)
    os.remove(os.path.join(OUT, "external-data.bin"))


if __name__ == "__main__":
    main()
