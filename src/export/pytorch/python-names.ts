// Python identifiers for the generated model.py: layer names become attributes of the module
// and local variables of `forward`, so a name that Python or nn.Module already uses gets a
// trailing underscore (`lambda` -> `lambda_`, `training` -> `training_`).

const PYTHON_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' '),
);

/** Names model.py itself defines or imports, and the attributes every nn.Module has. */
const TAKEN = new Set([
  'self', 'torch', 'nn', 'F', 'os', 'sys', 'json', 'struct', 'math', 'x',
  'channels_first', 'channels_last', 'average_pool_same', 'GaussianNoise', 'GaussianDropout', 'SeparableConv2d', 'TfGRU',
  'build_model', 'load_weights', 'save_weights', 'WEIGHTS', 'INPUT_SHAPE', 'HERE',
  'training', 'forward', 'eval', 'train', 'parameters', 'modules', 'children', 'state_dict', 'to', 'cuda', 'cpu', 'type', 'float', 'half', 'apply', 'zero_grad', 'register_buffer',
]);

export function pythonName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(?=\d)/, '_');
  return PYTHON_KEYWORDS.has(cleaned) || TAKEN.has(cleaned) ? `${cleaned}_` : cleaned;
}

/** `(3, 3)`, `(3,)`: a Python tuple literal. */
export function pyTuple(values: readonly number[]): string {
  return values.length === 1 ? `(${values[0]},)` : `(${values.join(', ')})`;
}

/** A Python float literal (`0.001`, `1.0`, `1e-07`). */
export function pyFloat(value: number): string {
  return Number.isInteger(value) ? `${value}.0` : String(value);
}
