// The activations of the catalogue in PyTorch, written to compute exactly what tfjs computes:
// where PyTorch's built-in differs (hard_sigmoid is x/6 + 1/2 in PyTorch, clip(0.2x + 0.5) in
// tfjs) the formula is spelled out. `dim` is the axis softmax normalises: the channels.
import { UnsupportedExport } from './unsupported';

type ActivationCode = (x: string, dim: number) => string;

/** Keyed by the catalogue's Keras names; a test checks every catalogue activation has one. */
export const TORCH_ACTIVATIONS: Record<string, ActivationCode> = {
  linear: (x) => x,
  relu: (x) => `F.relu(${x})`,
  relu6: (x) => `torch.clamp(${x}, 0.0, 6.0)`,
  elu: (x) => `F.elu(${x})`,
  // PyTorch's constants are tfjs's (1.0507009873554805, 1.6732632423543772).
  selu: (x) => `F.selu(${x})`,
  sigmoid: (x) => `torch.sigmoid(${x})`,
  hard_sigmoid: (x) => `torch.clamp(0.2 * ${x} + 0.5, 0.0, 1.0)`,
  tanh: (x) => `torch.tanh(${x})`,
  softmax: (x, dim) => `torch.softmax(${x}, dim=${dim})`,
  log_softmax: (x, dim) => `torch.log_softmax(${x}, dim=${dim})`,
  softplus: (x) => `F.softplus(${x})`,
  softsign: (x) => `F.softsign(${x})`,
  swish: (x) => `F.silu(${x})`,
  mish: (x) => `${x} * torch.tanh(F.softplus(${x}))`,
  gelu: (x) => `F.gelu(${x})`,
  gelu_new: (x) => `F.gelu(${x}, approximate='tanh')`,
};

/** tfjs spellings the analyzer accepts for the same functions (`hardSigmoid`). */
const TFJS_SPELLINGS: Record<string, string> = { hardSigmoid: 'hard_sigmoid', logSoftmax: 'log_softmax' };

/** The Python expression applying `name` to `x`; an activation without a mapping is refused by name. */
export function torchActivation(name: unknown, x: string, dim = -1): string {
  const key = TFJS_SPELLINGS[String(name)] ?? String(name);
  const code = Object.hasOwn(TORCH_ACTIVATIONS, key) ? TORCH_ACTIVATIONS[key] : undefined;
  if (!code) throw new UnsupportedExport(`the activation '${String(name)}' has no PyTorch export`);
  return code(x, dim);
}

