"""PyTorch baseline of examples/mnist-resnet.dnn: a stride-2 Conv2D(8) stem, a residual block
of two Conv2D(8, 3) added to the stem, ReLU, MaxPooling2D(2), a second block of two
Conv2D(16, 3) added to a 1x1 Conv2D(16) projection of the pooled map, ReLU, Flatten,
Dense(10, softmax) (12,730 parameters), on 28x28x1 images in PyTorch's own layout (NCHW
shapes, channels-last memory). Keras's `padding=same` is `padding=1` here: for the stride-2
stem Keras pads only the bottom and right, PyTorch every side; the work is the same.
Usage and output: see torch_reference.py."""
import torch
from torch import nn

from torch_reference import run


class MnistResNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(1, 8, 3, stride=2, padding=1)
        self.a = nn.Conv2d(8, 8, 3, padding=1)
        self.b = nn.Conv2d(8, 8, 3, padding=1)
        self.pool = nn.MaxPool2d(2)
        self.c = nn.Conv2d(8, 16, 3, padding=1)
        self.d = nn.Conv2d(16, 16, 3, padding=1)
        self.shortcut = nn.Conv2d(8, 16, 1)
        self.dense = nn.Linear(7 * 7 * 16, 10)

    def forward(self, x):
        stem = torch.relu(self.stem(x))
        block1 = torch.relu(stem + self.b(torch.relu(self.a(stem))))
        pool = self.pool(block1)
        block2 = torch.relu(self.shortcut(pool) + self.d(torch.relu(self.c(pool))))
        return self.dense(torch.flatten(block2, 1))


run(MnistResNet, (1, 28, 28), channels_last=True)
