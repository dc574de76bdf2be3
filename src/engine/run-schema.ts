// What a run folder's JSON files must hold, checked when they are read: a hand-edited, truncated
// or hostile metrics.json or model.json is refused with the file and the field that is wrong
// (never "internal error" or an evaluation of "model undefined"). No tfjs here: run-list.ts
// and the extension host use it.
import type { RunMetrics } from '../protocol/engine';

/** A run file that does not hold what it should: the message names the file and the field. */
export class RunFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunFileError';
  }
}

/** `null`, `42`, `"text"`, `a list`, `an object`: how a wrong value is described. */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return String(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

class Fields {
  constructor(private readonly file: string) {}

  fail(field: string, wanted: string, value: unknown): never {
    const found = value === undefined ? 'it is missing' : `found ${kindOf(value)}`;
    throw new RunFileError(`${this.file}: "${field}" must be ${wanted}, ${found}`);
  }

  object(value: unknown, field: string): Record<string, unknown> {
    if (!isObject(value)) this.fail(field, 'an object', value);
    return value;
  }

  list(value: unknown, field: string): unknown[] {
    if (!Array.isArray(value)) this.fail(field, 'a list', value);
    return value;
  }

  text(value: unknown, field: string): string {
    if (typeof value !== 'string' || value === '') this.fail(field, 'a non-empty text', value);
    return value;
  }

  number(value: unknown, field: string): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) this.fail(field, 'a number', value);
    return value;
  }
}

/** The whole file must be an object: `null`, `42` or `[]` are refused as such. */
function topObject(value: unknown, file: string): Record<string, unknown> {
  if (!isObject(value)) throw new RunFileError(`${file} must hold a JSON object, found ${kindOf(value)}`);
  return value;
}

const statuses = ['completed', 'stopped', 'failed'];

/** metrics.json as the readers use it: model, specHash, createdAt, history, status, test. */
export function validateMetrics(value: unknown, file: string): RunMetrics {
  const metrics = topObject(value, file);
  const fields = new Fields(file);
  fields.text(metrics.model, 'model');
  fields.text(metrics.specHash, 'specHash');
  if (typeof metrics.createdAt !== 'string' || Number.isNaN(Date.parse(metrics.createdAt))) fields.fail('createdAt', 'a date and time (ISO 8601)', metrics.createdAt);
  fields.list(metrics.history, 'history').forEach((entry, i) => {
    const epoch = fields.object(entry, `history[${i}]`);
    fields.number(epoch.epoch, `history[${i}].epoch`);
    fields.number(epoch.loss, `history[${i}].loss`);
  });
  if (metrics.status !== undefined && !statuses.includes(metrics.status as string)) fields.fail('status', `one of ${statuses.join(', ')}`, metrics.status);
  if (metrics.test !== undefined) {
    const test = fields.object(metrics.test, 'test');
    fields.number(test.loss, 'test.loss');
    fields.number(test.accuracy, 'test.accuracy');
  }
  if (metrics.engine !== undefined) fields.text(metrics.engine, 'engine');
  return metrics as unknown as RunMetrics;
}

/** One weight of model.json's manifest. */
export interface ManifestWeight {
  name: string;
  shape: number[];
  dtype?: string;
}

/** model.json (tfjs layers format): its topology and the weights its manifest lists, names unique. */
export function validateModelJson(value: unknown, file: string): { modelTopology: Record<string, unknown>; weights: ManifestWeight[] } {
  const model = topObject(value, file);
  const fields = new Fields(file);
  const modelTopology = fields.object(model.modelTopology, 'modelTopology');
  const seen = new Map<string, string>();
  const weights = fields.list(model.weightsManifest, 'weightsManifest').flatMap((group, g) => {
    const where = `weightsManifest[${g}]`;
    const entry = fields.object(group, where);
    fields.list(entry.paths, `${where}.paths`).forEach((path, p) => fields.text(path, `${where}.paths[${p}]`));
    return fields.list(entry.weights, `${where}.weights`).map((weight, w) => {
      const at = `${where}.weights[${w}]`;
      const spec = fields.object(weight, at);
      const name = fields.text(spec.name, `${at}.name`);
      const shape = fields.list(spec.shape, `${at}.shape`);
      shape.forEach((dim, d) => {
        if (!Number.isInteger(dim) || (dim as number) < 0 || (dim as number) > 2 ** 31 - 1) fields.fail(`${at}.shape[${d}]`, 'a whole number from 0 to 2147483647', dim);
      });
      if (spec.dtype !== undefined && spec.dtype !== 'float32') fields.fail(`${at}.dtype`, '"float32"', spec.dtype);
      const earlier = seen.get(name);
      if (earlier) throw new RunFileError(`${file}: the weight name ${JSON.stringify(name)} appears twice (${earlier}.name and ${at}.name)`);
      seen.set(name, at);
      return { name, shape: shape as number[], dtype: spec.dtype as string | undefined };
    });
  });
  return { modelTopology, weights };
}
