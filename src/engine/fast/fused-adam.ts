// Adam as tfjs computes it (tfjs-core adam_optimizer.ts), fused into one loop:
//   m ← β1·m + (1−β1)·g            v ← β2·v + (1−β2)·g²
//   w ← w + (−lr)·( (m / (1−β1ᵗ)) / (√(v / (1−β2ᵗ)) + ε) )
// ε is added to √v̂ (not inside the root), and β1ᵗ, β2ᵗ are float32 running products,
// exactly as tfjs keeps them in its `accBeta` scalars. tfjs rounds to float32 after each of
// its ~15 ops; this loop computes each element in double precision and rounds once when
// storing m, v and w (with the two bias corrections as reciprocals: one division per
// element instead of three). The results agree with tfjs to float32 rounding (tested).
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { FusedUpdater, SlotArrays } from './fused-updater';
import { HeapSlots } from './heap-slots';
import { simdKernels } from './simd/simd-kernels';

const f32 = Math.fround;

export interface AdamConfig {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

export class FusedAdam extends FusedUpdater {
  private readonly firstMoments = new SlotArrays();
  private readonly secondMoments = new SlotArrays();
  /** The moments of the wasm path (simd/adam.c, in float32), made on its first step. */
  private heapMoments: { first: HeapSlots; second: HeapSlots } | undefined;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly oneMinusBeta1: number;
  private readonly oneMinusBeta2: number;
  private readonly epsilon: number;
  private readonly negativeLearningRate: number;
  private accBeta1: number;
  private accBeta2: number;

  constructor(config: AdamConfig) {
    super();
    // tfjs turns each JavaScript number into a float32 scalar tensor before using it.
    this.beta1 = f32(config.beta1);
    this.beta2 = f32(config.beta2);
    this.oneMinusBeta1 = f32(1 - config.beta1);
    this.oneMinusBeta2 = f32(1 - config.beta2);
    this.epsilon = f32(config.epsilon);
    this.negativeLearningRate = f32(-config.learningRate);
    this.accBeta1 = f32(config.beta1);
    this.accBeta2 = f32(config.beta2);
  }

  protected override updateValues(index: number, weights: Float32Array, gradient: Float32Array, out: Float32Array): void {
    const m = this.firstMoments.get(index, weights.length);
    const v = this.secondMoments.get(index, weights.length);
    const { beta1, beta2, oneMinusBeta1, oneMinusBeta2, epsilon, negativeLearningRate } = this;
    const inverseBiasCorrection1 = 1 / f32(1 - this.accBeta1);
    const inverseBiasCorrection2 = 1 / f32(1 - this.accBeta2);
    for (let i = 0; i < weights.length; i++) {
      const g = gradient[i];
      const mNew = m[i] * beta1 + g * oneMinusBeta1;
      const vNew = v[i] * beta2 + g * g * oneMinusBeta2;
      m[i] = mNew;
      v[i] = vNew;
      out[i] = weights[i] + (negativeLearningRate * (mNew * inverseBiasCorrection1)) / (Math.sqrt(vNew * inverseBiasCorrection2) + epsilon);
    }
  }

  protected override updateByKernel(wasm: BackendWasm, index: number, weights: number, gradient: number, out: number, length: number): boolean {
    this.heapMoments ??= { first: new HeapSlots(wasm), second: new HeapSlots(wasm) };
    const m = this.heapMoments.first.address(index, length);
    const v = this.heapMoments.second.address(index, length);
    const { beta1, beta2, oneMinusBeta1, oneMinusBeta2, epsilon, negativeLearningRate } = this;
    simdKernels(wasm).adam_update(weights, gradient, m, v, out, length, beta1, beta2, oneMinusBeta1, oneMinusBeta2, epsilon, negativeLearningRate, f32(1 / f32(1 - this.accBeta1)), f32(1 / f32(1 - this.accBeta2)));
    return true;
  }

  override dispose(): void {
    this.heapMoments?.first.free();
    this.heapMoments?.second.free();
    this.heapMoments = undefined;
  }

  protected override afterStep(): void {
    this.accBeta1 = f32(this.accBeta1 * this.beta1);
    this.accBeta2 = f32(this.accBeta2 * this.beta2);
  }
}
