// A hand-written forward and backward pass for the most common model of the language, a
// stack of Dense layers ending in softmax with categorical cross-entropy (the article's
// MLP), on the wasm backend. tfjs's autodiff runs ~110 kernels a step for it, each with
// engine bookkeeping, saved-tensor clones and tape nodes; this runs 3 matmuls forward and
// 5 backward straight on the backend (XNNPACK), with the small elementwise work in
// JavaScript over heap views. Results equal tfjs autodiff up to float32 rounding; the
// tests compare both. Any other model gets `undefined` and the engine keeps autodiff.
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { ModelSpec } from '../../language/types';
import { isChain } from '../spec-graph';
import { heapAddress, simdKernels } from './simd/simd-kernels';
import { softmaxCrossEntropy } from './softmax-crossentropy';

/** Hidden activations whose derivative we take from the layer's output. */
const HIDDEN_ACTIVATIONS = ['relu', 'linear', 'tanh', 'sigmoid'] as const;
type HiddenActivation = (typeof HIDDEN_ACTIVATIONS)[number];

const LOSSES: Record<string, { clipBeforeRescale: boolean }> = {
  categorical_crossentropy: { clipBeforeRescale: false },
  sparse_categorical_crossentropy: { clipBeforeRescale: true },
};

export interface DensePlan {
  /** Name of each Dense layer (the tfjs layer name), input to output. */
  layers: { name: string; units: number; activation: HiddenActivation | 'softmax'; useBias: boolean }[];
  inputSize: number;
  clipBeforeRescale: boolean;
}

/** The plan for a spec the fast path handles exactly, or undefined (autodiff then). */
export function planDenseModel(spec: ModelSpec): DensePlan | undefined {
  const loss = LOSSES[spec.compile.loss];
  if (!loss || spec.layers.length === 0 || !isChain(spec)) return undefined;
  const layers: DensePlan['layers'] = [];
  for (const [index, layer] of spec.layers.entries()) {
    // Flatten only reinterprets the row-major batch; allowed before the first Dense.
    if (layer.type === 'Flatten' && layers.length === 0) continue;
    if (layer.type !== 'Dense') return undefined;
    const { units, activation, use_bias: useBias, ...others } = layer.config;
    // Any other setting (regularisers, constraints, ...) is something we would ignore.
    if (Object.keys(others).length > 0) return undefined;
    if (typeof units !== 'number' || typeof useBias !== 'boolean' || typeof activation !== 'string') return undefined;
    const last = index === spec.layers.length - 1;
    if (last ? activation !== 'softmax' : !(HIDDEN_ACTIVATIONS as readonly string[]).includes(activation)) return undefined;
    layers.push({ name: layer.name, units, activation: activation as DensePlan['layers'][number]['activation'], useBias });
  }
  if (layers.length === 0) return undefined;
  if (spec.inputShape.length !== 1 && spec.layers[0].type !== 'Flatten') return undefined;
  return { layers, inputSize: spec.inputShape.reduce((a, b) => a * b, 1), clipBeforeRescale: loss.clipBeforeRescale };
}

export interface StepResult {
  /** Mean loss of the batch. */
  loss: number;
  /** The model's outputs, batch x classes. */
  predictions: Float32Array;
  /** Gradient of each trainable variable, in `model.trainableWeights` order; the caller disposes them. */
  grads: tf.Tensor[];
}

interface DenseWeights {
  kernel: tf.Variable;
  bias?: tf.Variable;
}

/** The fast gradient path for `model` (built from `spec`) on the active wasm backend, or undefined. */
export function createDenseGradients(spec: ModelSpec, model: tf.LayersModel): DenseGradients | undefined {
  if (tf.getBackend() !== 'wasm') return undefined;
  const plan = planDenseModel(spec);
  if (!plan) return undefined;
  const weights = plan.layers.map((layer): DenseWeights => {
    const [kernel, bias] = model.getLayer(layer.name).trainableWeights.map((w) => w.read() as tf.Variable);
    return { kernel, bias };
  });
  // The order the engine hands variables to the updater in: model.trainableWeights.
  const order = model.trainableWeights.map((w) => (w.read() as tf.Variable).name);
  const ours = weights.flatMap((w) => (w.bias ? [w.kernel.name, w.bias.name] : [w.kernel.name]));
  if (order.length !== ours.length || order.some((name) => !ours.includes(name))) return undefined;
  return new DenseGradients(plan, weights, order);
}

type Info = tf.TensorInfo;

/** dense_input_gradient's code for the derivative of each hidden activation. */
const DERIVATIVE: Record<HiddenActivation, number> = { linear: 0, relu: 1, tanh: 2, sigmoid: 3 };

export class DenseGradients {
  private readonly backend = tf.backend() as BackendWasm;
  private readonly kernels = simdKernels(this.backend);
  private readonly epsilon = tf.backend().epsilon();
  /** The widest layer input: the size of the kernels' scratch for a row's nonzero entries. */
  private readonly widestInput: number;
  /** Each layer's input width, the model's input first. */
  private readonly inputSizes: number[];

  constructor(
    private readonly plan: DensePlan,
    private readonly weights: DenseWeights[],
    private readonly variableOrder: string[],
  ) {
    this.inputSizes = [plan.inputSize, ...plan.layers.map((layer) => layer.units)];
    this.widestInput = Math.max(...this.inputSizes);
  }

  compute(xs: tf.Tensor, ys: tf.Tensor): StepResult {
    const { backend, plan, kernels } = this;
    const rows = xs.shape[0];
    const temporaries: Info[] = [];
    const keep = (info: Info) => (temporaries.push(info), info);
    const address = (info: Info) => heapAddress(backend, info);
    const grads = new Map<string, tf.Tensor>();
    try {
      const { inputs, outputs, offsets, values } = this.forward(xs, keep);
      const { inputSizes } = this;
      const logitsGradient = keep(backend.makeOutput([rows, plan.layers[plan.layers.length - 1].units], 'float32'));
      const head = this.head(outputs[outputs.length - 1], ys, logitsGradient);

      // Backward, last layer first.
      let gradient = logitsGradient;
      for (let l = plan.layers.length - 1; l >= 0; l--) {
        const { kernel, bias } = this.weights[l];
        const units = plan.layers[l].units;
        const kernelGradient = backend.makeOutput(kernel.shape, 'float32');
        grads.set(kernel.name, tensorOf(kernelGradient));
        const biasGradient = bias ? backend.makeOutput(bias.shape, 'float32') : undefined;
        if (bias && biasGradient) grads.set(bias.name, tensorOf(biasGradient));
        kernels.dense_weight_gradient(address(inputs[l]), rows, inputSizes[l], address(gradient), units, address(kernelGradient), biasGradient ? address(biasGradient) : 0, offsets, values);
        if (l > 0) {
          const inputGradient = keep(backend.makeOutput([rows, inputSizes[l]], 'float32'));
          const below = plan.layers[l - 1].activation as HiddenActivation;
          kernels.dense_input_gradient(address(gradient), rows, units, address(kernel), inputSizes[l], address(outputs[l - 1]), DERIVATIVE[below], address(inputGradient));
          gradient = inputGradient;
        }
      }
      return { loss: head.loss, predictions: head.probabilities, grads: this.variableOrder.map((name) => grads.get(name) as tf.Tensor) };
    } catch (error) {
      // The gradients made so far are the caller's only once we return them.
      tf.dispose([...grads.values()]);
      throw error;
    } finally {
      for (const info of temporaries) backend.disposeData(info.dataId);
    }
  }

  /** The batch's mean loss and the model's outputs (batch x classes), in inference mode (the same pass: Dense layers have no other). */
  evaluate(xs: tf.Tensor, ys: tf.Tensor): { loss: number; predictions: Float32Array } {
    const temporaries: Info[] = [];
    const keep = (info: Info) => (temporaries.push(info), info);
    try {
      const { outputs } = this.forward(xs, keep);
      const logits = outputs[outputs.length - 1];
      const head = this.head(logits, ys, keep(this.backend.makeOutput(logits.shape, 'float32')));
      return { loss: head.loss, predictions: head.probabilities };
    } finally {
      for (const info of temporaries) this.backend.disposeData(info.dataId);
    }
  }

  /** Every layer's output ([rows, units]) and input (xs first); `keep` takes each temporary. */
  private forward(xs: tf.Tensor, keep: (info: Info) => Info): { inputs: Info[]; outputs: Info[]; offsets: number; values: number } {
    const { backend, plan, kernels } = this;
    const rows = xs.shape[0];
    const address = (info: Info) => heapAddress(backend, info);
    const offsets = address(keep(backend.makeOutput([this.widestInput], 'int32')));
    const values = address(keep(backend.makeOutput([this.widestInput], 'float32')));
    const inputs: Info[] = [xs];
    const outputs: Info[] = [];
    plan.layers.forEach((layer, l) => {
      const { kernel, bias } = this.weights[l];
      let output = keep(backend.makeOutput([rows, layer.units], 'float32'));
      kernels.dense_forward(address(inputs[l]), rows, this.inputSizes[l], address(kernel), bias ? address(bias) : 0, layer.units, address(output), layer.activation === 'relu' ? 1 : 0, offsets, values);
      if (layer.activation === 'tanh' || layer.activation === 'sigmoid') output = keep(this.unary(layer.activation === 'tanh' ? 'Tanh' : 'Sigmoid', output));
      outputs.push(output);
      inputs.push(output);
    });
    return { inputs, outputs, offsets, values };
  }

  /** Softmax + cross-entropy of the logits against `ys`, and ∂loss/∂logits into `logitsGradient`. */
  private head(logits: Info, ys: tf.Tensor, logitsGradient: Info): { loss: number; probabilities: Float32Array } {
    const [rows, classes] = logits.shape;
    const targets = oneHotTargets(this.backend.readSync(ys.dataId) as Float32Array, rows, classes);
    return softmaxCrossEntropy(
      this.backend.typedArrayFromHeap(logits) as Float32Array,
      targets,
      classes,
      this.plan.clipBeforeRescale,
      this.epsilon,
      this.backend.typedArrayFromHeap(logitsGradient) as Float32Array,
    );
  }

  private unary(kernelName: string, x: Info): Info {
    return tf.getKernel(kernelName, 'wasm').kernelFunc({ inputs: { x }, backend: this.backend, attrs: {} }) as Info;
  }
}

function tensorOf(info: Info): tf.Tensor {
  return tf.engine().makeTensorFromTensorInfo(info);
}

/** Targets as rows x classes: one-hot rows as given, or class indices (sparse labels) expanded. */
function oneHotTargets(values: Float32Array, rows: number, classes: number): Float32Array {
  if (values.length === rows * classes) return values;
  const out = new Float32Array(rows * classes);
  for (let r = 0; r < rows; r++) out[r * classes + Math.floor(values[r])] = 1;
  return out;
}
