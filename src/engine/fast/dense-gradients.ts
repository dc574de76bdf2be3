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

export class DenseGradients {
  private readonly backend = tf.backend() as BackendWasm;
  private readonly fusedMatMul = tf.getKernel('_FusedMatMul', 'wasm').kernelFunc;
  private readonly batchMatMul = tf.getKernel('BatchMatMul', 'wasm').kernelFunc;
  private readonly epsilon = tf.backend().epsilon();

  constructor(
    private readonly plan: DensePlan,
    private readonly weights: DenseWeights[],
    private readonly variableOrder: string[],
  ) {}

  compute(xs: tf.Tensor, ys: tf.Tensor): StepResult {
    const { backend, plan } = this;
    const rows = xs.shape[0];
    const temporaries: Info[] = [];
    const keep = (info: Info) => (temporaries.push(info), info);
    const grads = new Map<string, tf.Tensor>();
    try {
      // Forward. outputs[l] is layer l's activation output, [1, rows, units].
      let input: Info = { dataId: xs.dataId, shape: [1, rows, plan.inputSize], dtype: 'float32' };
      const outputs: Info[] = [];
      plan.layers.forEach((layer, l) => {
        const { kernel, bias } = this.weights[l];
        const fused = layer.activation === 'relu' ? 'relu' : 'linear';
        let output = keep(
          this.fusedMatMul({
            inputs: { a: input, b: as3d(kernel), ...(bias ? { bias: bias as Info } : {}) },
            backend,
            attrs: { transposeA: false, transposeB: false, activation: fused, leakyreluAlpha: 0 },
          }) as Info,
        );
        if (layer.activation === 'tanh' || layer.activation === 'sigmoid') output = keep(this.unary(layer.activation === 'tanh' ? 'Tanh' : 'Sigmoid', output));
        outputs.push(output);
        input = output;
      });

      // Loss head: softmax + cross-entropy, and ∂loss/∂logits.
      const classes = plan.layers[plan.layers.length - 1].units;
      const logits = outputs[outputs.length - 1];
      const targets = oneHotTargets(backend.readSync(ys.dataId) as Float32Array, rows, classes);
      const logitsGradient = keep(backend.makeOutput([1, rows, classes], 'float32'));
      const head = softmaxCrossEntropy(
        backend.typedArrayFromHeap(logits) as Float32Array,
        targets,
        classes,
        plan.clipBeforeRescale,
        this.epsilon,
        backend.typedArrayFromHeap(logitsGradient) as Float32Array,
      );

      // Backward, last layer first.
      let gradient = logitsGradient;
      for (let l = plan.layers.length - 1; l >= 0; l--) {
        const { kernel, bias } = this.weights[l];
        const layerInput: Info = l === 0 ? { dataId: xs.dataId, shape: [1, rows, plan.inputSize], dtype: 'float32' } : outputs[l - 1];
        const kernelGradient = this.batchMatMul({ inputs: { a: layerInput, b: gradient }, backend, attrs: { transposeA: true, transposeB: false } }) as Info;
        grads.set(kernel.name, tensorOf({ ...kernelGradient, shape: kernel.shape }));
        if (bias) grads.set(bias.name, tensorOf(this.columnSums(gradient, rows, bias.shape)));
        if (l > 0) {
          const inputGradient = keep(this.batchMatMul({ inputs: { a: gradient, b: as3d(kernel) }, backend, attrs: { transposeA: false, transposeB: true } }) as Info);
          this.applyActivationDerivative(plan.layers[l - 1].activation as HiddenActivation, inputGradient, outputs[l - 1]);
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

  private unary(kernelName: string, x: Info): Info {
    return tf.getKernel(kernelName, 'wasm').kernelFunc({ inputs: { x }, backend: this.backend, attrs: {} }) as Info;
  }

  /** ∂/∂z = ∂/∂a · f'(z), with f' written in terms of the output a = f(z) (as tfjs's gradients do). */
  private applyActivationDerivative(activation: HiddenActivation, gradient: Info, output: Info): void {
    if (activation === 'linear') return;
    const g = this.backend.typedArrayFromHeap(gradient) as Float32Array;
    const a = this.backend.typedArrayFromHeap(output) as Float32Array;
    switch (activation) {
      case 'relu':
        for (let i = 0; i < g.length; i++) if (!(a[i] > 0)) g[i] = 0;
        break;
      case 'tanh':
        for (let i = 0; i < g.length; i++) g[i] *= 1 - a[i] * a[i];
        break;
      case 'sigmoid':
        for (let i = 0; i < g.length; i++) g[i] *= a[i] * (1 - a[i]);
        break;
    }
  }

  /** A new [units] tensor of the column sums of a [1, rows, units] gradient (the bias gradient). */
  private columnSums(gradient: Info, rows: number, shape: number[]): Info {
    const out = this.backend.makeOutput(shape, 'float32');
    const units = shape[0];
    const g = this.backend.typedArrayFromHeap(gradient) as Float32Array;
    const sums = new Float64Array(units);
    for (let r = 0; r < rows; r++) {
      const base = r * units;
      for (let j = 0; j < units; j++) sums[j] += g[base + j];
    }
    (this.backend.typedArrayFromHeap(out) as Float32Array).set(sums);
    return out;
  }
}

function as3d(t: tf.Tensor): Info {
  return { dataId: t.dataId, shape: [1, ...t.shape], dtype: t.dtype };
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
