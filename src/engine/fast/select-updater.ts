// Picks a fused updater for the spec's optimizer, or none (the caller then keeps the tfjs
// optimizer). Defaults come from the optimizer catalogue, like the tfjs path's; any
// argument we do not implement exactly makes us decline rather than ignore it.
import { findOptimizer } from '../../language/catalogue';
import type { ModelSpec } from '../../language/types';
import { FusedAdam } from './fused-adam';
import type { FusedUpdater } from './fused-updater';
import { FusedMomentum, FusedSgd } from './fused-sgd';

type OptimizerConfig = ModelSpec['compile']['optimizer'];

const IMPLEMENTED_ARGS: Record<string, string[]> = {
  adam: ['learning_rate', 'beta_1', 'beta_2', 'epsilon'],
  sgd: ['learning_rate', 'momentum', 'nesterov'],
  momentum: ['learning_rate', 'momentum', 'nesterov'],
};

export function createFusedUpdater(optimizer: OptimizerConfig): FusedUpdater | undefined {
  const args = resolveArgs(optimizer);
  if (args === undefined) return undefined;
  const number = (name: string) => args[name] as number;
  switch (optimizer.name) {
    case 'adam':
      return new FusedAdam({ learningRate: number('learning_rate'), beta1: number('beta_1'), beta2: number('beta_2'), epsilon: number('epsilon') });
    case 'sgd':
    case 'momentum':
      // Keras writes SGD with momentum as `sgd(momentum=...)`; tfjs (and we) then use the momentum optimizer.
      if (number('momentum') > 0) return new FusedMomentum({ learningRate: number('learning_rate'), momentum: number('momentum'), nesterov: args.nesterov === true });
      // tfjs's momentum optimizer with momentum 0 is plain SGD whatever `nesterov` says.
      return new FusedSgd(number('learning_rate'));
    default:
      return undefined;
  }
}

/** The catalogue defaults overridden by the given arguments; undefined if one is not implemented or not of the default's type. */
function resolveArgs(optimizer: OptimizerConfig): Record<string, number | boolean> | undefined {
  const implemented = IMPLEMENTED_ARGS[optimizer.name];
  const entry = findOptimizer(optimizer.name);
  if (!implemented || !entry) return undefined;
  const args: Record<string, number | boolean> = {};
  for (const arg of entry.args) {
    if (typeof arg.default === 'number' || typeof arg.default === 'boolean') args[arg.name] = arg.default;
  }
  for (const [name, value] of Object.entries(optimizer.args)) {
    if (!implemented.includes(name) || typeof value !== typeof args[name]) return undefined;
    args[name] = value;
  }
  return implemented.every((name) => name in args) ? args : undefined;
}
