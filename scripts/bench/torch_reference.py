"""What the PyTorch baselines of `npm run bench` share: real MNIST from IDX files, Keras's
validation split (the LAST fraction, taken before shuffling), Keras's defaults (Glorot
uniform weights, zero biases, Adam with epsilon 1e-7), one shuffle of the training part per
epoch, the per-batch loss and accuracy a Keras progress bar shows, and the validation pass
counted in the epoch's time as Keras does. The per-model scripts (torch_mlp.py,
torch_cnn.py, ...) only build their model.

Usage of a model script: python3 torch_X.py IMAGES_IDX LABELS_IDX THREADS EPOCHS SAMPLES
  BATCH VALIDATION_SPLIT. Prints one JSON line: {"secondsPerEpoch": best, "epochs": [...]}.
"""
import json
import sys
import time

import numpy as np
import torch
from torch import nn

from idx_files import read_idx

VALIDATION_CHUNK = 1000  # the engine scores validation in chunks of 1,000 samples too


def keras_init(model):
    """Glorot uniform weights and zero biases, as Keras's Dense and Conv2D start."""
    for module in model.modules():
        if isinstance(module, (nn.Linear, nn.Conv2d)):
            nn.init.xavier_uniform_(module.weight)
            nn.init.zeros_(module.bias)


def run(build_model, input_shape, channels_last=False):
    """channels_last: keep images and convolution weights in NHWC memory order (PyTorch's
    recommended CPU layout for oneDNN convolutions; the tensors stay NCHW-shaped)."""
    images_path, labels_path = sys.argv[1], sys.argv[2]
    threads, epochs, samples, batch = (int(v) for v in sys.argv[3:7])
    validation_split = float(sys.argv[7])
    torch.set_num_threads(threads)
    torch.manual_seed(0)

    pixels = read_idx(images_path, 2051, 4).reshape(-1, *input_shape)[:samples]
    labels = read_idx(labels_path, 2049, 2)[:samples]
    x_all = torch.from_numpy(pixels.astype(np.float32) / np.float32(255))
    y_all = torch.from_numpy(labels.astype(np.int64))
    split = int(np.floor(samples * (1 - validation_split)))
    x, y = x_all[:split], y_all[:split]
    x_val, y_val = x_all[split:], y_all[split:]

    model = build_model()
    keras_init(model)
    if channels_last:
        model = model.to(memory_format=torch.channels_last)
        x = x.contiguous(memory_format=torch.channels_last)
        x_val = x_val.contiguous(memory_format=torch.channels_last)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001, betas=(0.9, 0.999), eps=1e-7)
    loss_fn = nn.CrossEntropyLoss()  # softmax + categorical cross-entropy on the logits
    records = []
    for _ in range(epochs):
        start = time.perf_counter()
        model.train()
        # One gather per epoch, then batches are views (as a DataLoader's would be copies).
        order = torch.randperm(split)
        x_shuffled, y_shuffled = x[order], y[order]
        if channels_last:
            x_shuffled = x_shuffled.contiguous(memory_format=torch.channels_last)
        loss_sum = 0.0
        correct = 0
        for i in range(0, split, batch):
            xb, yb = x_shuffled[i : i + batch], y_shuffled[i : i + batch]
            optimizer.zero_grad(set_to_none=True)
            logits = model(xb)
            loss = loss_fn(logits, yb)
            loss.backward()
            optimizer.step()
            loss_sum += loss.item() * len(yb)
            correct += int((logits.argmax(1) == yb).sum())
        record = {"loss": loss_sum / split, "accuracy": correct / split}
        if len(y_val) > 0:
            model.eval()
            with torch.no_grad():
                val_loss = 0.0
                val_correct = 0
                for i in range(0, len(y_val), VALIDATION_CHUNK):
                    logits = model(x_val[i : i + VALIDATION_CHUNK])
                    target = y_val[i : i + VALIDATION_CHUNK]
                    val_loss += float(loss_fn(logits, target)) * len(target)
                    val_correct += int((logits.argmax(1) == target).sum())
            record["valLoss"] = val_loss / len(y_val)
            record["valAccuracy"] = val_correct / len(y_val)
        record["seconds"] = time.perf_counter() - start
        records.append(record)
    print(json.dumps({"secondsPerEpoch": min(r["seconds"] for r in records), "threads": threads, "epochs": records}))
