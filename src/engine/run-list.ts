// The runs of a model as a list a person reads: `dnn runs` prints it and the extension's
// "DNN Runs" view shows it. Only folders and JSON here (no tfjs, no parser): the caller passes
// the hash of the spec as it is now, so "the spec changed since" is one comparison.
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../files/atomic-write';
import type { RunMetrics } from '../protocol/engine';
import { folderName, METRICS_FILE } from './runs';

/** A run's state: `unfinished` is a folder without metrics.json (training now, or killed). */
export type RunStatus = 'completed' | 'stopped' | 'failed' | 'unfinished';

/** One run, as `dnn runs --json` prints it (the keys and their order are the contract). */
export interface RunListing {
  model: string;
  spec: string;
  runDir: string;
  label: string | null;
  status: RunStatus;
  startedAt: string;
  epochs: number;
  engine: string;
  specChanged: boolean;
  test: { loss: number; accuracy: number } | null;
}

/** The user's name for a run, kept in the run folder so it travels with it. */
export const LABEL_FILE = 'label.txt';

/** What metrics.json may say; a run recorded before statuses existed completed. */
const recordedStatuses = ['completed', 'stopped', 'failed'] as const;

export interface ModelRunsQuery {
  runsRoot: string;
  model: string;
  /** The .dnn file the model is described in now. */
  specFile: string;
  /** specHash() of the spec now; undefined when it has errors (every run then counts as changed). */
  currentSpecHash: string | undefined;
}

/** Every run of the model under `runsRoot`, newest first (finished ones matched by the model recorded in metrics.json). */
export async function listModelRuns(query: ModelRunsQuery): Promise<RunListing[]> {
  const listings: RunListing[] = [];
  const ownFolder = folderName(query.model);
  for (const modelFolder of await subfolders(query.runsRoot)) {
    for (const runFolder of await subfolders(join(query.runsRoot, modelFolder))) {
      const runDir = join(query.runsRoot, modelFolder, runFolder);
      const listing = await readListing(runDir, query, modelFolder === ownFolder);
      if (listing) listings.push(listing);
    }
  }
  return sortNewestFirst(listings);
}

export function sortNewestFirst(listings: RunListing[]): RunListing[] {
  return listings.sort((a, b) => b.startedAt.localeCompare(a.startedAt) || b.runDir.localeCompare(a.runDir));
}

async function readListing(runDir: string, query: ModelRunsQuery, inOwnFolder: boolean): Promise<RunListing | undefined> {
  const metrics = await readMetricsIfAny(runDir);
  const label = await readRunLabel(runDir);
  if (metrics === 'missing') {
    if (!inOwnFolder) return undefined;
    return {
      model: query.model,
      spec: query.specFile,
      runDir,
      label,
      status: 'unfinished',
      startedAt: await folderTime(runDir),
      epochs: 0,
      engine: 'tfjs',
      specChanged: false,
      test: null,
    };
  }
  if (metrics === 'invalid' || metrics.model !== query.model) return undefined;
  const engine = (metrics as RunMetrics & { engine?: string }).engine ?? 'tfjs';
  return {
    model: metrics.model,
    spec: query.specFile,
    runDir,
    label,
    status: recordedStatuses.find((status) => status === (metrics.status as string)) ?? 'completed',
    startedAt: metrics.createdAt,
    epochs: metrics.history.length,
    engine,
    specChanged: query.currentSpecHash === undefined || metrics.specHash !== query.currentSpecHash,
    test: metrics.test ? { loss: metrics.test.loss, accuracy: metrics.test.accuracy } : null,
  };
}

async function readMetricsIfAny(runDir: string): Promise<RunMetrics | 'missing' | 'invalid'> {
  let text: string;
  try {
    text = await readFile(join(runDir, METRICS_FILE), 'utf8');
  } catch {
    return 'missing';
  }
  try {
    const metrics = JSON.parse(text) as Partial<RunMetrics>;
    const valid = typeof metrics.model === 'string' && typeof metrics.createdAt === 'string' && Array.isArray(metrics.history);
    return valid ? (metrics as RunMetrics) : 'invalid';
  } catch {
    return 'invalid';
  }
}

async function folderTime(dir: string): Promise<string> {
  const info = await stat(dir);
  return (info.birthtimeMs > 0 ? info.birthtime : info.mtime).toISOString();
}

/** The run's label, or null when it has none. */
export async function readRunLabel(runDir: string): Promise<string | null> {
  try {
    const label = (await readFile(join(runDir, LABEL_FILE), 'utf8')).trim();
    return label === '' ? null : label;
  } catch {
    return null;
  }
}

/** Sets (or, with an empty text, removes) the run's label. */
export async function writeRunLabel(runDir: string, label: string): Promise<void> {
  const text = label.trim().replace(/\s+/g, ' ');
  if (text === '') await rm(join(runDir, LABEL_FILE), { force: true });
  else await writeFileAtomic(join(runDir, LABEL_FILE), `${text}\n`);
}

/** Names of the folders in `dir`; none when it is missing or unreadable. */
export async function subfolders(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isDirectory()).map((e) => e.name);
  } catch {
    return [];
  }
}
