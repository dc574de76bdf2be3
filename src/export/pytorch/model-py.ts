// model.py of a PyTorch export: the model as a readable nn.Module (one attribute per layer,
// named after it; a forward that follows the graph, one line per layer), the helpers it
// needs, and build_model(), which loads the weights beside the file. Only torch is imported.
import type { ModelSpec } from '../../language/types';
import type { Helper } from './layers';
import type { ModelPlan } from './plan';
import { WEIGHTS_BIN, WEIGHTS_INDEX, WEIGHTS_STEM } from './weights';

const HELPERS: Record<Helper | 'channels_first' | 'channels_last', string> = {
  channels_first: `
def channels_first(x):
    """[N, ..., C] (Keras, the model's input) -> [N, C, ...] (PyTorch's convolutions)."""
    return x.movedim(-1, 1)
`,
  channels_last: `
def channels_last(x):
    """[N, C, ...] -> [N, ..., C]: what Keras layers such as Flatten and Dense read."""
    return x.movedim(1, -1)
`,
  average_pool_same: `
def average_pool_same(pool, x, padding):
    """Average pooling with TensorFlow's 'same' padding: padded positions are not counted."""
    ones = torch.ones_like(x[:1, :1])
    return pool(F.pad(x, padding)) / pool(F.pad(ones, padding))
`,
  GaussianNoise: `
class GaussianNoise(nn.Module):
    """Keras GaussianNoise: adds N(0, stddev^2) noise while training, nothing at inference."""

    def __init__(self, stddev):
        super().__init__()
        self.stddev = stddev

    def forward(self, x):
        return x + torch.randn_like(x) * self.stddev if self.training else x
`,
  GaussianDropout: `
class GaussianDropout(nn.Module):
    """Keras GaussianDropout: multiplies by N(1, rate / (1 - rate)) noise while training."""

    def __init__(self, rate):
        super().__init__()
        self.stddev = (rate / (1.0 - rate)) ** 0.5

    def forward(self, x):
        return x * (1.0 + torch.randn_like(x) * self.stddev) if self.training else x
`,
  SeparableConv2d: `
class SeparableConv2d(nn.Module):
    """Keras SeparableConv2D: a depthwise convolution, then a 1x1 convolution holding the bias."""

    def __init__(self, in_channels, out_channels, kernel_size, stride, dilation, depth_multiplier, bias):
        super().__init__()
        self.depthwise = nn.Conv2d(in_channels, in_channels * depth_multiplier, kernel_size, stride=stride,
                                   dilation=dilation, groups=in_channels, bias=False)
        self.pointwise = nn.Conv2d(in_channels * depth_multiplier, out_channels, 1, bias=bias)

    def forward(self, x):
        return self.pointwise(self.depthwise(x))
`,
  TfGRU: `
class TfGRU(nn.Module):
    """The GRU of Keras/tfjs (reset gate before the recurrent product; gates z, r, h; one bias),
    which is not nn.GRU's formulation. Weights in the tfjs layout: kernel [in, 3u], recurrent_kernel [u, 3u]."""

    def __init__(self, input_size, units, activation, recurrent_activation, bias, return_sequences):
        super().__init__()
        self.units = units
        self.activation = activation
        self.recurrent_activation = recurrent_activation
        self.return_sequences = return_sequences
        self.kernel = nn.Parameter(torch.zeros(input_size, 3 * units))
        self.recurrent_kernel = nn.Parameter(torch.zeros(units, 3 * units))
        self.bias = nn.Parameter(torch.zeros(3 * units)) if bias else None

    def forward(self, x):
        u = self.units
        inputs = x @ self.kernel
        if self.bias is not None:
            inputs = inputs + self.bias
        h = x.new_zeros(x.shape[0], u)
        states = []
        for t in range(x.shape[1]):
            x_z, x_r, x_h = inputs[:, t].split(u, dim=1)
            r_z, r_r = (h @ self.recurrent_kernel[:, :2 * u]).split(u, dim=1)
            z = self.recurrent_activation(x_z + r_z)
            r = self.recurrent_activation(x_r + r_r)
            candidate = self.activation(x_h + (r * h) @ self.recurrent_kernel[:, 2 * u:])
            h = z * h + (1 - z) * candidate
            states.append(h)
        return torch.stack(states, dim=1) if self.return_sequences else h
`,
};

const LOADER = `
def load_weights(module, stem=WEIGHTS):
    """Copies the weights in <stem>.json / <stem>.bin (raw float32, little-endian) into module."""
    with open(stem + '.json') as f:
        index = json.load(f)
    with open(stem + '.bin', 'rb') as f:
        data = bytearray(f.read())
    values = torch.frombuffer(data, dtype=torch.uint8) if data else torch.zeros(0, dtype=torch.uint8)
    if sys.byteorder == 'big':
        values = values.reshape(-1, 4).flip(1).reshape(-1)
    values = values.view(torch.float32)
    state = module.state_dict()
    expected = {name for name in state if not name.endswith('num_batches_tracked')}
    given = {tensor['name'] for tensor in index['tensors']}
    if expected != given:
        raise ValueError('the weights in %s do not fit this model: missing %s, unexpected %s'
                         % (stem, sorted(expected - given), sorted(given - expected)))
    with torch.no_grad():
        for tensor in index['tensors']:
            start = tensor['offset'] // 4
            count = math.prod(tensor['shape'])
            state[tensor['name']].copy_(values[start:start + count].reshape(tensor['shape']))


def save_weights(module, stem=WEIGHTS):
    """Writes module's weights in the format load_weights reads (train.py saves with it)."""
    tensors, chunks, offset = [], [], 0
    for name, value in module.state_dict().items():
        if name.endswith('num_batches_tracked'):
            continue
        flat = value.detach().to('cpu', torch.float32).reshape(-1).tolist()
        chunks.append(struct.pack('<%df' % len(flat), *flat))
        tensors.append({'name': name, 'shape': list(value.shape), 'offset': offset})
        offset += 4 * len(flat)
    with open(stem + '.bin', 'wb') as f:
        f.write(b''.join(chunks))
    with open(stem + '.json', 'w') as f:
        json.dump({'format': 'dnn-torch-weights', 'version': 1, 'dtype': 'float32', 'byteOrder': 'little',
                   'tensors': tensors}, f, indent=1)
`;

function indent(lines: string[], by: string): string {
  return lines.map((line) => by + line).join('\n');
}

export function modelPy(spec: ModelSpec, plan: ModelPlan, source: string): string {
  const shape = `[N, ${spec.inputShape.join(', ')}]`;
  const output = `[N, ${spec.outputShape.slice(1).join(', ')}]`;
  const modules = plan.layers.filter((p) => p.torch.module).map((p) => `self.${p.site.attr} = ${p.torch.module}`);
  const helpers = (Object.keys(HELPERS) as (keyof typeof HELPERS)[]).filter((name) => plan.helpers.has(name)).map((name) => HELPERS[name]);
  return `"""${spec.name}, exported from dnn (${source}).

    import model
    m = model.build_model()   # torch.nn.Module in eval mode, weights loaded
    y = m(x)                  # x: float32 ${shape}, channels last, pixels in [0, 1]
                              # y: ${output}, after the last layer's activation

The weights are ${WEIGHTS_BIN} (raw float32) and ${WEIGHTS_INDEX} beside this file.
Generated code: only torch is needed.
"""
import json
import math
import os
import struct
import sys

import torch
import torch.nn.functional as F
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
WEIGHTS = os.path.join(HERE, '${WEIGHTS_STEM}')
INPUT_SHAPE = (${spec.inputShape.join(', ')}${spec.inputShape.length === 1 ? ',' : ''})
${helpers.join('')}

class ${plan.className}(nn.Module):
    def __init__(self):
        super().__init__()
${modules.length > 0 ? indent(modules, '        ') : '        pass'}

    def forward(self, ${plan.inputVar}):
${indent(plan.forwardLines, '        ')}
        return ${plan.returned}

${LOADER}

def build_model():
    """The model with its exported weights, in eval mode (Dropout off, BatchNorm on its moving statistics)."""
    model = ${plan.className}()
    load_weights(model)
    return model.eval()
`;
}
