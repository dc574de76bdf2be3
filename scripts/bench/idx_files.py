"""Reads the MNIST IDX files for the Python baselines of `npm run bench` (numpy and PyTorch)."""
import numpy as np


def read_idx(path, magic, header_ints):
    with open(path, "rb") as f:
        data = f.read()
    header = np.frombuffer(data, dtype=">i4", count=header_ints)
    if header[0] != magic:
        raise SystemExit(f"{path}: not an IDX file with magic number {magic}")
    return np.frombuffer(data, dtype=np.uint8, offset=4 * header_ints)
