// How configuration values are written back for people (hover, completion). Shapes and
// counts have their one format in ../shapes.ts.
import type { ConfigValue } from '../types';

/**
 * A resolved configuration value as the user would write it in a `.dnn` file. Lists are
 * written as tuples, `(3, 3)`, unless `bracket` asks for `[accuracy]`; a one-axis window
 * (Conv1D's strides) is its number, `1`, not `(1)`.
 */
export function formatConfigValue(value: ConfigValue | undefined, bracket: '(' | '[' = '('): string {
  if (value === undefined) return '';
  if (value === null) return 'none';
  if (Array.isArray(value)) {
    if (bracket === '(' && value.length === 1 && typeof value[0] === 'number') return String(value[0]);
    const items = value.map((item) => formatConfigValue(item));
    return bracket === '[' ? `[${items.join(', ')}]` : `(${items.join(', ')})`;
  }
  if (typeof value === 'object') {
    const args = Object.entries(value.args).map(([name, arg]) => `${name}=${formatConfigValue(arg)}`);
    return args.length > 0 ? `${value.name}(${args.join(', ')})` : value.name;
  }
  return String(value);
}
