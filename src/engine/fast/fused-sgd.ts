// Plain SGD and SGD with (Nesterov) momentum as tfjs computes them
// (tfjs-core sgd_optimizer.ts, momentum_optimizer.ts), fused into one loop:
//   sgd:       w ← w + (−lr)·g
//   momentum:  a ← μ·a + g;  w ← w + (−lr)·a            (nesterov: w ← w + (−lr)·(g + μ·a))
import { FusedUpdater, SlotArrays } from './fused-updater';

const f32 = Math.fround;

export class FusedSgd extends FusedUpdater {
  private readonly negativeLearningRate: number;

  constructor(learningRate: number) {
    super();
    this.negativeLearningRate = f32(-learningRate);
  }

  protected override updateValues(_index: number, weights: Float32Array, gradient: Float32Array, out: Float32Array): void {
    const c = this.negativeLearningRate;
    for (let i = 0; i < weights.length; i++) out[i] = f32(c * gradient[i]) + weights[i];
  }
}

export interface MomentumConfig {
  learningRate: number;
  momentum: number;
  nesterov: boolean;
}

export class FusedMomentum extends FusedUpdater {
  private readonly accumulations = new SlotArrays();
  private readonly negativeLearningRate: number;
  private readonly momentum: number;
  private readonly nesterov: boolean;

  constructor(config: MomentumConfig) {
    super();
    this.negativeLearningRate = f32(-config.learningRate);
    this.momentum = f32(config.momentum);
    this.nesterov = config.nesterov;
  }

  protected override updateValues(index: number, weights: Float32Array, gradient: Float32Array, out: Float32Array): void {
    const accumulation = this.accumulations.get(index, weights.length);
    const { negativeLearningRate: c, momentum: mu } = this;
    for (let i = 0; i < weights.length; i++) {
      const g = gradient[i];
      const a = f32(f32(mu * accumulation[i]) + g);
      accumulation[i] = a;
      const direction = this.nesterov ? f32(g + f32(a * mu)) : a;
      out[i] = f32(c * direction) + weights[i];
    }
  }
}
