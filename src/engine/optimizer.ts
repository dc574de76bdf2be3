// Weight updates. The training loop computes gradients and hands them to a WeightUpdater;
// `createWeightUpdater` is the one place that picks the implementation (the baseline wraps
// a tfjs optimizer built from the catalogue; faster fused updaters plug in here).
import * as tf from '@tensorflow/tfjs';
import { findOptimizer } from '../language/catalogue';
import type { ModelSpec } from '../language/types';
import { EngineError } from './errors';
import { createFusedUpdater } from './fast/select-updater';

export interface WeightUpdater {
  /** Applies one update step: `grads[i]` is the gradient of `variables[i]`. */
  apply(variables: tf.Variable[], grads: tf.Tensor[]): void;
  dispose(): void;
}

type OptimizerConfig = ModelSpec['compile']['optimizer'];

/** Picks the weight updater for the spec's optimizer on this backend. */
export function createWeightUpdater(spec: ModelSpec): WeightUpdater {
  // Adam and SGD/momentum: one JavaScript pass per variable instead of ~15 tfjs ops (fast/).
  const fused = createFusedUpdater(spec.compile.optimizer);
  if (fused) return fused;
  return new TfjsOptimizerUpdater(createTfjsOptimizer(spec.compile.optimizer));
}

/** The baseline: tfjs's own optimizer (`applyGradients`), exactly what `model.fit` would use. */
export class TfjsOptimizerUpdater implements WeightUpdater {
  constructor(readonly optimizer: tf.Optimizer) {}

  apply(variables: tf.Variable[], grads: tf.Tensor[]): void {
    this.optimizer.applyGradients(variables.map((variable, i) => ({ name: variable.name, tensor: grads[i] })));
  }

  dispose(): void {
    this.optimizer.dispose();
  }
}

/** `tf.train.<factory>(...)` with the arguments in the catalogue's positional order. */
function createTfjsOptimizer(config: OptimizerConfig): tf.Optimizer {
  // Keras spells SGD with momentum as `sgd(momentum=...)`; tfjs has a separate optimizer for it.
  const momentum = config.args.momentum;
  const name = config.name === 'sgd' && typeof momentum === 'number' && momentum > 0 ? 'momentum' : config.name;
  const entry = findOptimizer(name);
  if (!entry) throw new EngineError(`optimizer '${config.name}' is not available for training`);
  const defaults = Object.fromEntries(entry.args.map((arg) => [arg.name, arg.default]));
  const args = entry.tfjs.positional.map((argName) => config.args[argName] ?? defaults[argName]);
  const factory = (tf.train as unknown as Record<string, (...values: unknown[]) => tf.Optimizer>)[entry.tfjs.factory];
  if (typeof factory !== 'function') throw new EngineError(`optimizer '${config.name}': tfjs has no tf.train.${entry.tfjs.factory}`);
  return factory(...args);
}
