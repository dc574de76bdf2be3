"""PyTorch baseline of examples/mnist-cnn.dnn: Conv2D(32, 3, relu), MaxPooling2D(2),
Conv2D(64, 3, relu), MaxPooling2D(2), Flatten, Dense(64, relu), Dense(10, softmax), on
28x28x1 images (NCHW here: PyTorch's own layout). Usage and output: see torch_reference.py."""
from torch import nn

from torch_reference import run


def build():
    return nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(5 * 5 * 64, 64), nn.ReLU(), nn.Linear(64, 10),
    )


run(build, (1, 28, 28), channels_last=True)
