#!/usr/bin/env python3
"""Writes the tiny Keras 2 HDF5 files the import tests read (trainer/src/test/resources/.../imported/).

Our own synthetic networks (random weights from a fixed seed, no dataset, no third-party weights), written in the
layout Keras 2.0-2.3's model.save() uses, without Keras: h5py and numpy only (Debian: python3-h5py). Beside the good
model it writes the expected softmax for two fixed inputs, computed here in numpy, independently of DL4J:
the import test holds DL4J's imported graph to them. Re-run after changing this script:

    /usr/bin/python3 trainer/src/test/keras-fixtures/make_fixtures.py
"""
import json
import os

import h5py
import numpy as np

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "io", "emotionstream", "trainer", "imported")
SIDE = 16
CLASSES = 7
rng = np.random.default_rng(20261206)
KERNEL = rng.normal(0, 0.5, (3, 3, 1, 4)).astype(np.float32)  # Keras: (kh, kw, in, out)
BIAS = rng.normal(0, 0.1, (4,)).astype(np.float32)
DENSE = rng.normal(0, 0.2, (14 * 14 * 4, CLASSES)).astype(np.float32)
DENSE_BIAS = rng.normal(0, 0.1, (CLASSES,)).astype(np.float32)


WEIGHTED = dict(kernel_initializer={"class_name": "VarianceScaling",
                                   "config": {"scale": 1.0, "mode": "fan_avg", "distribution": "uniform", "seed": None}},
                bias_initializer={"class_name": "Zeros", "config": {}}, kernel_regularizer=None, bias_regularizer=None,
                activity_regularizer=None, kernel_constraint=None, bias_constraint=None)


def layer(class_name, name, inbound, **config):
    config["name"] = name
    if class_name in ("Conv2D", "Dense"):
        config.update(WEIGHTED)
    entry = {"class_name": class_name, "name": name, "config": config}
    entry["inbound_nodes"] = [[[inbound, 0, 0, {}]]] if inbound else []
    return entry


def functional(input_shape=(None, SIDE, SIDE, 1), extra=None):
    layers = [
        layer("InputLayer", "input_1", None, batch_input_shape=list(input_shape), dtype="float32", sparse=False),
        layer("Conv2D", "conv2d_1", "input_1", filters=4, kernel_size=[3, 3], strides=[1, 1], padding="valid",
              data_format="channels_last", dilation_rate=[1, 1], activation="relu", use_bias=True, trainable=True),
        layer("Flatten", "flatten_1", "conv2d_1", trainable=True),
        layer("Dense", "predictions", "flatten_1", units=CLASSES, activation="softmax", use_bias=True, trainable=True),
    ]
    if extra:
        extra(layers)
    return {"class_name": "Model", "config": {"name": "tiny", "layers": layers,
                                              "input_layers": [["input_1", 0, 0]],
                                              "output_layers": [[layers[-1]["name"], 0, 0]]}}


def write(name, config, weights=True, huge=False):
    path = os.path.join(OUT, name)
    with h5py.File(path, "w") as f:
        f.attrs["keras_version"] = b"2.0.5"
        f.attrs["backend"] = b"tensorflow"
        if config is not None:
            f.attrs["model_config"] = json.dumps(config).encode()
        weights_group = f.create_group("model_weights")
        weights_group.attrs["keras_version"] = b"2.0.5"
        weights_group.attrs["backend"] = b"tensorflow"
        names = [b"input_1", b"conv2d_1", b"flatten_1", b"predictions"]
        weights_group.attrs["layer_names"] = names
        tensors = {"conv2d_1": [("kernel:0", KERNEL), ("bias:0", BIAS)],
                   "predictions": [("kernel:0", DENSE), ("bias:0", DENSE_BIAS)]}
        for layer_name in names:
            group = weights_group.create_group(layer_name.decode())
            own = tensors.get(layer_name.decode(), []) if weights else []
            group.attrs["weight_names"] = [f"{layer_name.decode()}/{n}".encode() for n, _ in own]
            for n, value in own:
                if huge and layer_name == b"predictions" and n == "kernel:0":
                    # declared as 2^32 floats (16 GiB) but never written: the file stays a few KB
                    group.create_dataset(f"{layer_name.decode()}/{n}", shape=(1 << 20, 1 << 12), dtype="float32",
                                         chunks=(1, 1 << 12))
                else:
                    group.create_dataset(f"{layer_name.decode()}/{n}", data=value)


def expected(image):
    x = image.reshape(SIDE, SIDE)
    out = np.zeros((14, 14, 4), np.float32)
    for i in range(14):
        for j in range(14):
            patch = x[i:i + 3, j:j + 3]
            for k in range(4):
                out[i, j, k] = np.sum(patch * KERNEL[:, :, 0, k]) + BIAS[k]
    out = np.maximum(out, 0).reshape(-1)  # Keras' Flatten of channels-last: (h, w, c) row-major
    logits = out @ DENSE + DENSE_BIAS
    e = np.exp(logits - logits.max())
    return e / e.sum()


def main():
    os.makedirs(OUT, exist_ok=True)
    write("tiny-functional.h5", functional())

    def add_lambda(layers):
        layers.insert(2, layer("Lambda", "lambda_1", "conv2d_1", function=["(marshalled Python bytecode in a real file; never run)", None, None],
                                   function_type="lambda", arguments={}))
        layers[3]["inbound_nodes"] = [[["lambda_1", 0, 0, {}]]]
    write("lambda.h5", functional(extra=add_lambda))
    write("color-input.h5", functional(input_shape=(None, SIDE, SIDE, 3)))
    write("weights-only.h5", None)
    write("huge-declared.h5", functional(), huge=True)

    inputs = [np.linspace(-1, 1, SIDE * SIDE, dtype=np.float32),
              np.cos(np.arange(SIDE * SIDE, dtype=np.float32) / 7.0)]
    with open(os.path.join(OUT, "tiny-functional.expected.json"), "w") as f:
        json.dump({"inputs": [x.tolist() for x in inputs],
                   "probabilities": [expected(x).astype(float).tolist() for x in inputs]}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
