"""The article's MLP trained by hand in numpy: the baseline `npm run bench` compares the
engine against. 784-64-64-10, relu, softmax + categorical cross-entropy, Adam (lr 0.001,
beta1 0.9, beta2 0.999, eps 1e-7, as Keras/tfjs), batch 128, float32 throughout, one
shuffle per epoch. Prints one JSON line: {"secondsPerEpoch": s, "epochs": n, "loss": l}.

Usage: python3 reference_mlp.py TRAIN_IMAGES_IDX TRAIN_LABELS_IDX [EPOCHS] [SAMPLES]
"""
import json
import sys
import time

import numpy as np


def read_idx(path, magic, header_ints):
    with open(path, "rb") as f:
        data = f.read()
    header = np.frombuffer(data, dtype=">i4", count=header_ints)
    if header[0] != magic:
        raise SystemExit(f"{path}: not an IDX file with magic {magic}")
    return header, np.frombuffer(data, dtype=np.uint8, offset=4 * header_ints)


def main():
    images_path, labels_path = sys.argv[1], sys.argv[2]
    epochs = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    samples = int(sys.argv[4]) if len(sys.argv) > 4 else 48000
    _, pixels = read_idx(images_path, 2051, 4)
    _, labels = read_idx(labels_path, 2049, 2)
    x = (pixels.reshape(-1, 784)[:samples].astype(np.float32)) / np.float32(255)
    y = np.eye(10, dtype=np.float32)[labels[:samples]]

    rng = np.random.default_rng(0)
    sizes = [784, 64, 64, 10]
    # Glorot uniform weights, zero biases (Keras defaults).
    weights = [
        (rng.uniform(-1, 1, (a, b)) * np.sqrt(6 / (a + b))).astype(np.float32)
        for a, b in zip(sizes[:-1], sizes[1:])
    ]
    biases = [np.zeros(b, dtype=np.float32) for b in sizes[1:]]
    params = [p for pair in zip(weights, biases) for p in pair]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    lr, b1, b2, eps = np.float32(0.001), np.float32(0.9), np.float32(0.999), np.float32(1e-7)
    step = 0
    batch = 128
    times = []
    loss = 0.0
    for _ in range(epochs):
        start = time.perf_counter()
        order = rng.permutation(len(x))
        xs, ys = x[order], y[order]
        losses = []
        for i in range(0, len(x), batch):
            xb, yb = xs[i : i + batch], ys[i : i + batch]
            n = np.float32(len(xb))
            # forward
            z1 = xb @ weights[0] + biases[0]
            h1 = np.maximum(z1, 0)
            z2 = h1 @ weights[1] + biases[1]
            h2 = np.maximum(z2, 0)
            z3 = h2 @ weights[2] + biases[2]
            z3 -= z3.max(axis=1, keepdims=True)
            e = np.exp(z3)
            p = e / e.sum(axis=1, keepdims=True)
            losses.append(float(-np.sum(yb * np.log(np.clip(p, 1e-7, 1))) / n))
            # backward
            d3 = (p - yb) / n
            d2 = (d3 @ weights[2].T) * (z2 > 0)
            d1 = (d2 @ weights[1].T) * (z1 > 0)
            grads = [xb.T @ d1, d1.sum(0), h1.T @ d2, d2.sum(0), h2.T @ d3, d3.sum(0)]
            # Adam
            step += 1
            c1 = 1 - b1**step
            c2 = 1 - b2**step
            for k, g in enumerate(grads):
                m[k] = b1 * m[k] + (1 - b1) * g
                v[k] = b2 * v[k] + (1 - b2) * g * g
                params[k] -= lr * (m[k] / c1) / (np.sqrt(v[k] / c2) + eps)
            weights = params[0::2]
            biases = params[1::2]
        times.append(time.perf_counter() - start)
        loss = sum(losses) / len(losses)
    # The first epoch warms caches up like the others; report the fastest (least disturbed).
    print(json.dumps({"secondsPerEpoch": min(times), "epochs": epochs, "loss": loss}))


if __name__ == "__main__":
    main()
