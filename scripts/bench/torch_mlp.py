"""PyTorch baseline of the article's MLP (examples/mnist-mlp.dnn): 784-64-64-10, relu,
softmax (inside the cross-entropy). Usage and output: see torch_reference.py."""
from torch import nn

from torch_reference import run

run(lambda: nn.Sequential(nn.Linear(784, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10)), (784,))
