"""Reads IDX files (MNIST's, Fashion-MNIST's gzipped ones) for the Python baselines of `npm run bench` (numpy and PyTorch)."""
import gzip

import numpy as np


def read_idx(path, magic, header_ints):
    with (gzip.open if path.endswith(".gz") else open)(path, "rb") as f:
        data = f.read()
    header = np.frombuffer(data, dtype=">i4", count=header_ints)
    if header[0] != magic:
        raise SystemExit(f"{path}: not an IDX file with magic number {magic}")
    return np.frombuffer(data, dtype=np.uint8, offset=4 * header_ints)
