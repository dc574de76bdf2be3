// Picks a fused updater for an optimizer of the spec, or none (the caller then keeps the
// tfjs optimizer). Arguments are the Keras names the language uses; any argument we do
// not implement exactly makes us decline rather than silently ignore it.
import { FusedAdam } from './fused-adam';
import type { FusedUpdater } from './fused-updater';
import { FusedMomentum, FusedSgd } from './fused-sgd';

export interface OptimizerConfig {
  name: string;
  args: Record<string, number | boolean>;
}

/** Keras / tfjs defaults (tfjs-layers uses epsilon 1e-7 like Keras). */
const ADAM_DEFAULTS = { learning_rate: 0.001, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 };
const SGD_DEFAULTS = { learning_rate: 0.01, momentum: 0, nesterov: false };

export function createFusedUpdater(optimizer: OptimizerConfig): FusedUpdater | undefined {
  const name = optimizer.name.toLowerCase();
  if (name === 'adam') {
    const args = readArgs(optimizer.args, ADAM_DEFAULTS);
    if (args === undefined) return undefined;
    return new FusedAdam({ learningRate: args.learning_rate, beta1: args.beta_1, beta2: args.beta_2, epsilon: args.epsilon });
  }
  if (name === 'sgd' || name === 'momentum') {
    const args = readArgs(optimizer.args, SGD_DEFAULTS);
    if (args === undefined) return undefined;
    if (name === 'sgd' && args.momentum === 0 && !args.nesterov) return new FusedSgd(args.learning_rate);
    return new FusedMomentum({ learningRate: args.learning_rate, momentum: args.momentum, nesterov: args.nesterov });
  }
  return undefined;
}

/** The arguments with defaults filled in, or undefined if one is unknown or of the wrong type. */
function readArgs<T extends Record<string, number | boolean>>(given: Record<string, number | boolean>, defaults: T): T | undefined {
  const result: Record<string, number | boolean> = { ...defaults };
  for (const [key, value] of Object.entries(given)) {
    if (!(key in defaults) || typeof value !== typeof defaults[key]) return undefined;
    result[key] = value;
  }
  return result as T;
}
