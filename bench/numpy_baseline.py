#!/usr/bin/env python3
"""NumPy baseline of the default `deno task exp:04` job, for `bench/compare.ts`.

The book's chapter-4 training (§4.5, `ch04/train_neuralnet.py`) written from scratch for
this benchmark: a two-layer net 784-hidden-10 (sigmoid, softmax, cross-entropy), weights
`W1 = 0.01 * randn(784, hidden)` then `W2 = 0.01 * randn(hidden, 10)` after
`np.random.seed(seed)`, biases zero; per iteration a batch `np.random.choice(60000, batch)`
(with replacement), the backpropagation gradient of the book's chapter-5 two-layer net,
`params -= lr * grad`, the batch loss after the update, and at `i % iter_per_epoch == 0`
the accuracy on all 60000 training and 10000 test images.

Usage (from the repository root; needs numpy):

    python3 bench/numpy_baseline.py --data DIR [--seed 0] [--hidden 50] [--iters 10000]
        [--batch 100] [--lr 0.1] [--float64-inputs] [--json OUT.json | --json -] [--with-init]
        [--quiet]

Prints `train acc, test acc | a, b` per epoch like the book and a timing summary. The JSON
(to a file, or with `--json -` as the last line of standard output) holds the config,
per-epoch accuracies, all losses, the first batches' indices and wall times (a benchmark
output, not a results file); `--with-init` adds the initial W1 then W2 (row-major,
little-endian float64, base64) for comparing the initial weights bit by bit.

Inputs: the book's `x.astype(np.float32) / 255.0` stays float32, so every `np.dot(x, W1)`
converts its x to float64 first — 60000 × 784 values per training-set evaluation.
`--float64-inputs` converts x once after loading instead (the same numbers, since every
float32 is a float64): a faster NumPy run with identical results.

BLAS threads: NumPy's matrix products use OpenBLAS with as many threads as cores unless
OPENBLAS_NUM_THREADS (or OMP_NUM_THREADS) says otherwise; the thread count in effect is
printed and written to the JSON.
"""

import argparse
import base64
import gzip
import json
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

IDX_FILES = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}
IMAGE_MAGIC = 2051
LABEL_MAGIC = 2049
# How many of the first batches' indices go into the JSON.
BATCHES_KEPT = 3


def read_idx(directory, name):
    """Bytes of an IDX file, gunzipped when it ends in .gz (prefers name.gz)."""
    for candidate in (Path(directory) / (name + ".gz"), Path(directory) / name):
        if candidate.is_file():
            raw = candidate.read_bytes()
            return gzip.decompress(raw) if candidate.suffix == ".gz" else raw
    sys.exit(f"Cannot load MNIST as the file must exist: {Path(directory) / (name + '.gz')}")


def parse_images(buf):
    magic, count, rows, cols = np.frombuffer(buf, dtype=">u4", count=4)
    if magic != IMAGE_MAGIC:
        sys.exit(f"Cannot parse IDX images as the magic number must be {IMAGE_MAGIC}: {magic}")
    pixels = np.frombuffer(buf, dtype=np.uint8, offset=16, count=int(count * rows * cols))
    return pixels.reshape(int(count), int(rows * cols))


def parse_labels(buf):
    magic, count = np.frombuffer(buf, dtype=">u4", count=2)
    if magic != LABEL_MAGIC:
        sys.exit(f"Cannot parse IDX labels as the magic number must be {LABEL_MAGIC}: {magic}")
    return np.frombuffer(buf, dtype=np.uint8, offset=8, count=int(count))


def load_mnist(directory):
    """(x_train, t_train), (x_test, t_test): float32 pixels / 255, one-hot float64 labels."""
    def split(images, labels):
        x = parse_images(read_idx(directory, IDX_FILES[images])).astype(np.float32) / 255.0
        label = parse_labels(read_idx(directory, IDX_FILES[labels]))
        t = np.zeros((label.size, 10))
        t[np.arange(label.size), label] = 1
        return x, t

    return split("train_images", "train_labels"), split("test_images", "test_labels")


def sigmoid(a):
    return 1 / (1 + np.exp(-a))


def softmax(a):
    # Shift each row by its maximum so exp cannot overflow.
    e = np.exp(a - np.max(a, axis=1, keepdims=True))
    return e / np.sum(e, axis=1, keepdims=True)


def cross_entropy(y, t):
    # 1e-7 keeps log away from log(0); t is one-hot, so only the true class counts.
    n = y.shape[0]
    return -np.sum(np.log(y[np.arange(n), t.argmax(axis=1)] + 1e-7)) / n


class Net:
    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01):
        self.params = {
            "W1": weight_init_std * np.random.randn(input_size, hidden_size),
            "b1": np.zeros(hidden_size),
            "W2": weight_init_std * np.random.randn(hidden_size, output_size),
            "b2": np.zeros(output_size),
        }

    def predict(self, x):
        p = self.params
        z1 = sigmoid(np.dot(x, p["W1"]) + p["b1"])
        return softmax(np.dot(z1, p["W2"]) + p["b2"])

    def loss(self, x, t):
        return cross_entropy(self.predict(x), t)

    def accuracy(self, x, t):
        y = self.predict(x)
        return np.sum(np.argmax(y, axis=1) == np.argmax(t, axis=1)) / float(x.shape[0])

    def gradient(self, x, t):
        p = self.params
        n = x.shape[0]
        # forward
        a1 = np.dot(x, p["W1"]) + p["b1"]
        z1 = sigmoid(a1)
        a2 = np.dot(z1, p["W2"]) + p["b2"]
        y = softmax(a2)
        # backward
        dy = (y - t) / n
        grads = {"W2": np.dot(z1.T, dy), "b2": np.sum(dy, axis=0)}
        da1 = np.dot(dy, p["W2"].T)
        dz1 = (1.0 - z1) * z1 * da1  # sigmoid_grad(a1) * da1
        grads["W1"] = np.dot(x.T, dz1)
        grads["b1"] = np.sum(dz1, axis=0)
        return grads


def blas_threads():
    try:
        from threadpoolctl import threadpool_info  # optional
        return max(i["num_threads"] for i in threadpool_info() if i.get("user_api") == "blas")
    except Exception:
        for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
            if os.environ.get(var):
                return int(os.environ[var])
        return os.cpu_count()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", required=True, help="folder with the four MNIST IDX files")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--hidden", type=int, default=50)
    ap.add_argument("--iters", type=int, default=10000)
    ap.add_argument("--batch", type=int, default=100)
    ap.add_argument("--lr", type=float, default=0.1)
    ap.add_argument("--json", help="write per-epoch accuracies, losses, batches and timings "
                    "to this file, or to standard output with -")
    ap.add_argument("--with-init", action="store_true",
                    help="add the initial W1 and W2 (float64, base64) to the JSON")
    ap.add_argument("--float64-inputs", action="store_true",
                    help="convert the float32 inputs to float64 once, not in every np.dot")
    ap.add_argument("--quiet", action="store_true", help="no per-epoch lines")
    args = ap.parse_args()

    t_start = time.perf_counter()
    (x_train, t_train), (x_test, t_test) = load_mnist(args.data)
    if args.float64_inputs:
        x_train, x_test = x_train.astype(np.float64), x_test.astype(np.float64)
    t_loaded = time.perf_counter()

    np.random.seed(args.seed)
    net = Net(784, args.hidden, 10)
    init = np.concatenate([net.params["W1"].ravel(), net.params["W2"].ravel()]).astype("<f8")

    train_size = x_train.shape[0]
    iter_per_epoch = max(train_size / args.batch, 1)
    losses, epochs, batches = [], [], []
    eval_seconds = 0.0
    t_train_start = time.perf_counter()
    for i in range(args.iters):
        batch_mask = np.random.choice(train_size, args.batch)
        if i < BATCHES_KEPT:
            batches.append(batch_mask.tolist())
        x_batch, t_batch = x_train[batch_mask], t_train[batch_mask]
        grad = net.gradient(x_batch, t_batch)
        for key in ("W1", "b1", "W2", "b2"):
            net.params[key] -= args.lr * grad[key]
        losses.append(float(net.loss(x_batch, t_batch)))
        if i % iter_per_epoch == 0:
            t0 = time.perf_counter()
            train_acc = float(net.accuracy(x_train, t_train))
            test_acc = float(net.accuracy(x_test, t_test))
            eval_seconds += time.perf_counter() - t0
            epochs.append({"epoch": len(epochs), "iteration": i, "trainAcc": train_acc,
                           "testAcc": test_acc})
            if not args.quiet:
                print(f"train acc, test acc | {train_acc}, {test_acc}", flush=True)
    t_end = time.perf_counter()

    train_seconds = t_end - t_train_start
    iter_ms = (train_seconds - eval_seconds) / max(args.iters, 1) * 1000
    eval_pass = eval_seconds / max(len(epochs), 1)
    threads = blas_threads()
    inputs = "float64" if args.float64_inputs else "float32"
    summary = (f"numpy {np.__version__}, BLAS threads {threads}, {inputs} inputs: {train_seconds:.2f} s "
               f"({iter_ms:.3f} ms/iteration, {eval_pass:.3f} s per evaluation pass), "
               f"load {t_loaded - t_start:.2f} s")
    print(summary, file=sys.stderr if args.json == "-" else sys.stdout, flush=True)
    if args.json:
        out = {
            "config": {"seed": args.seed, "hidden": args.hidden, "iters": args.iters,
                       "batch": args.batch, "lr": args.lr,
                       "inputs": "float64" if args.float64_inputs else "float32"},
            "versions": {"python": platform.python_version(), "numpy": np.__version__},
            "blasThreads": threads,
            "epochs": epochs,
            "losses": losses,
            "firstBatches": batches,
            "timings": {"loadSeconds": t_loaded - t_start, "trainSeconds": train_seconds,
                        "evalSeconds": eval_seconds, "msPerIteration": iter_ms,
                        "secondsPerEvaluation": eval_pass},
        }
        if args.with_init:
            out["initialWeightsF64"] = base64.b64encode(init.tobytes()).decode("ascii")
        if args.json == "-":
            print(json.dumps(out), flush=True)
        else:
            Path(args.json).write_text(json.dumps(out))


if __name__ == "__main__":
    main()
