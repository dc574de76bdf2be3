"""The article's MLP trained by hand in numpy: the baseline `npm run bench` compares the
engine against. The same loop as the engine's epoch: 784-64-64-10, relu, softmax and
categorical cross-entropy, Adam (lr 0.001, beta1 0.9, beta2 0.999, eps 1e-7, as Keras and
tfjs), batch 128, float32 throughout, the first 48,000 images shuffled each epoch, then
loss and accuracy on the last 12,000 (validation_split = 0.2).

Usage: python3 reference_mlp.py TRAIN_IMAGES_IDX TRAIN_LABELS_IDX [EPOCHS]
Prints one JSON line: {"secondsPerEpoch": best epoch, "epochs": [...], "valAccuracy": last}.
The BLAS thread count is whatever the environment sets (OPENBLAS_NUM_THREADS etc.).
"""
import json
import sys
import time

import numpy as np

from idx_files import read_idx

TRAIN = 48000
BATCH = 128


def forward(x, weights, biases):
    z1 = x @ weights[0] + biases[0]
    h1 = np.maximum(z1, 0)
    z2 = h1 @ weights[1] + biases[1]
    h2 = np.maximum(z2, 0)
    z3 = h2 @ weights[2] + biases[2]
    z3 -= z3.max(axis=1, keepdims=True)
    e = np.exp(z3)
    return z1, h1, z2, h2, e / e.sum(axis=1, keepdims=True)


def cross_entropy(p, y):
    return float(-np.sum(y * np.log(np.clip(p, 1e-7, 1 - 1e-7))) / len(p))


def main():
    images_path, labels_path = sys.argv[1], sys.argv[2]
    epochs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    pixels = read_idx(images_path, 2051, 4)
    labels = read_idx(labels_path, 2049, 2)
    x_all = pixels.reshape(-1, 784).astype(np.float32) / np.float32(255)
    y_all = np.eye(10, dtype=np.float32)[labels]
    x, y = x_all[:TRAIN], y_all[:TRAIN]
    x_val, y_val = x_all[TRAIN:], y_all[TRAIN:]

    rng = np.random.default_rng(0)
    sizes = [784, 64, 64, 10]
    # Glorot uniform weights, zero biases (the Keras defaults).
    weights = [(rng.uniform(-1, 1, (a, b)) * np.sqrt(6 / (a + b))).astype(np.float32) for a, b in zip(sizes[:-1], sizes[1:])]
    biases = [np.zeros(b, dtype=np.float32) for b in sizes[1:]]
    params = [weights[0], biases[0], weights[1], biases[1], weights[2], biases[2]]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    lr, b1, b2, eps = np.float32(0.001), np.float32(0.9), np.float32(0.999), np.float32(1e-7)
    step = 0
    records = []
    for _ in range(epochs):
        start = time.perf_counter()
        order = rng.permutation(TRAIN)
        xs, ys = x[order], y[order]
        for i in range(0, TRAIN, BATCH):
            xb, yb = xs[i : i + BATCH], ys[i : i + BATCH]
            z1, h1, z2, h2, p = forward(xb, weights, biases)
            d3 = (p - yb) / np.float32(len(xb))
            d2 = (d3 @ weights[2].T) * (z2 > 0)
            d1 = (d2 @ weights[1].T) * (z1 > 0)
            grads = [xb.T @ d1, d1.sum(0), h1.T @ d2, d2.sum(0), h2.T @ d3, d3.sum(0)]
            step += 1
            c1 = 1 - b1**step
            c2 = 1 - b2**step
            for k, g in enumerate(grads):
                m[k] = b1 * m[k] + (1 - b1) * g
                v[k] = b2 * v[k] + (1 - b2) * g * g
                params[k] -= lr * (m[k] / c1) / (np.sqrt(v[k] / c2) + eps)
        p_val = forward(x_val, weights, biases)[-1]
        val_loss = cross_entropy(p_val, y_val)
        val_accuracy = float(np.mean(p_val.argmax(1) == y_val.argmax(1)))
        records.append({"seconds": time.perf_counter() - start, "valLoss": val_loss, "valAccuracy": val_accuracy})
    print(json.dumps({"secondsPerEpoch": min(r["seconds"] for r in records), "epochs": records, "valAccuracy": records[-1]["valAccuracy"]}))


if __name__ == "__main__":
    main()
