// Run folders: every training run is kept in a new folder `<runsRoot>/<model>/<timestamp>/`
// with the model in the tfjs format (saved-model.ts) and metrics.json (RunMetrics).
// metrics.json is written last: a folder without it is an unfinished run and is never
// picked by `latestRun`. No tfjs here: the extension host imports this (through runner.ts)
// and must not load TensorFlow.js just to manage folders.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ModelSpec } from '../language/types';
import { writeFileAtomic } from '../files/atomic-write';
import { unwritableFolderReason } from '../files/writable-folder';
import { EngineError, unreadableReason } from './errors';
import { connectionsByIndex, isChain } from './spec-graph';
import type { RunMetrics } from '../protocol/engine';

export const METRICS_FILE = 'metrics.json';

/** `.dnn/runs` beside the .dnn file. */
export function defaultRunsRoot(specFile: string): string {
  return join(dirname(specFile), '.dnn', 'runs');
}

/**
 * Hash of what the weights depend on: the topology and the compile config (not `fit`,
 * which only says how long to train). Evaluate compares it to say the spec changed. A chain
 * hashes as it did before graphs (its runs keep matching); a graph adds its connections.
 */
export function specHash(spec: ModelSpec): string {
  const layers = spec.layers.map(({ type, config }) => ({ type, config }));
  const chain = { inputShape: spec.inputShape, layers, compile: spec.compile };
  const essence = isChain(spec) ? chain : { ...chain, connections: connectionsByIndex(spec) };
  return createHash('sha256').update(canonicalJson(essence)).digest('hex').slice(0, 16);
}

/** JSON with object keys sorted, so equal values always hash equally. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** `2025-11-25_23-19-05` in local time: sorts by time and is a valid folder name everywhere. */
export function runTimestamp(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}_${two(date.getHours())}-${two(date.getMinutes())}-${two(date.getSeconds())}`;
}

/** Model names are identifiers, but a folder name must never escape the runs root. */
export function folderName(model: string): string {
  return model.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^\.+/, '_') || 'model';
}

/** Refuses a runs folder on procfs, sysfs and the like (mkdir would spin there): before any work starts. */
export function checkRunsRoot(runsRoot: string): void {
  const refused = unwritableFolderReason(runsRoot);
  if (refused) throw new EngineError(`cannot keep runs in ${runsRoot}: ${refused}`, 'input');
}

/**
 * Creates a new, empty run folder and returns its path. The leaf is made with a
 * non-recursive mkdir, which fails if the folder exists; then a suffix is tried, so two
 * runs started in the same second (even in two processes) never share a folder.
 */
export async function createRunDir(runsRoot: string, model: string, now: Date = new Date()): Promise<string> {
  const modelDir = join(runsRoot, folderName(model));
  checkRunsRoot(runsRoot);
  try {
    await mkdir(modelDir, { recursive: true });
  } catch (error) {
    throw new EngineError(`cannot create the runs folder ${modelDir}: ${(error as NodeJS.ErrnoException).code ?? error}`, 'input');
  }
  const base = runTimestamp(now);
  for (let attempt = 0; ; attempt++) {
    const dir = join(modelDir, attempt === 0 ? base : `${base}-${attempt + 1}`);
    try {
      await mkdir(dir);
      return dir;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new EngineError(`cannot create the run folder ${dir}: ${(error as NodeJS.ErrnoException).code ?? error}`, 'input');
      }
    }
  }
}

/** The spec the run was trained from, kept beside its metrics so runs can be compared later. */
export const SPEC_FILE = 'spec.json';

export async function writeRunSpec(runDir: string, spec: ModelSpec): Promise<void> {
  await writeFileAtomic(join(runDir, SPEC_FILE), readableJson(spec) + '\n');
}

/** The recorded spec of a run, or undefined for runs made before specs were recorded (or damaged files). */
export async function readRunSpec(runDir: string): Promise<ModelSpec | undefined> {
  try {
    const spec = JSON.parse(await readFile(join(runDir, SPEC_FILE), 'utf8')) as Partial<ModelSpec>;
    return typeof spec.name === 'string' && Array.isArray(spec.layers) ? (spec as ModelSpec) : undefined;
  } catch {
    return undefined;
  }
}

export async function writeMetrics(runDir: string, metrics: RunMetrics): Promise<void> {
  await writeFileAtomic(join(runDir, METRICS_FILE), readableJson(metrics) + '\n');
}

/** Indented JSON with arrays of numbers on one line (a digit's 784 pixels would take 784 lines). */
export function readableJson(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    if (value.every((item) => item === null || typeof item !== 'object')) return JSON.stringify(value);
    const inner = indent + '  ';
    return `[\n${value.map((item) => inner + readableJson(item, inner)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    const inner = indent + '  ';
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${readableJson(v, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export async function readMetrics(runDir: string): Promise<RunMetrics> {
  const file = join(runDir, METRICS_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const isFolder = await stat(runDir).then((info) => info.isDirectory(), () => undefined);
    if (isFolder === undefined) throw new EngineError(`${runDir} is not a run: no such folder`, 'input');
    if (!isFolder) throw new EngineError(`${runDir} is not a run: it is a file, not a run folder`, 'input');
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? `it has no ${METRICS_FILE}` : `cannot read its ${METRICS_FILE}: ${unreadableReason(error)}`;
    throw new EngineError(`${runDir} is not a finished run: ${reason}`, 'input');
  }
  try {
    return JSON.parse(text) as RunMetrics;
  } catch {
    throw new EngineError(`${file} is not valid JSON`);
  }
}

/**
 * Removes `runDir` when it is not a finished run (no metrics.json): what a training that
 * died before finishing leaves behind. A finished run is never touched.
 */
export async function discardUnfinishedRun(runDir: string): Promise<void> {
  const finished = await stat(join(runDir, METRICS_FILE)).then(
    () => true,
    () => false,
  );
  if (!finished) await rm(runDir, { recursive: true, force: true });
}

/** The most recent finished run of a model (by `createdAt`), or undefined when there is none. */
export async function latestRun(runsRoot: string, model: string): Promise<string | undefined> {
  const modelDir = join(runsRoot, folderName(model));
  let names: string[];
  try {
    names = await readdir(modelDir);
  } catch {
    return undefined;
  }
  let best: { dir: string; createdAt: string } | undefined;
  for (const name of names) {
    const dir = join(modelDir, name);
    let createdAt: string;
    try {
      createdAt = (JSON.parse(await readFile(join(dir, METRICS_FILE), 'utf8')) as RunMetrics).createdAt ?? '';
    } catch {
      continue;
    }
    if (!best || createdAt > best.createdAt || (createdAt === best.createdAt && dir > best.dir)) best = { dir, createdAt };
  }
  return best?.dir;
}
