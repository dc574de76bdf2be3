// Finds the saved runs of a model for Evaluate: every `<runsRoot>/<model>/<timestamp>/` with a
// metrics.json, read and checked by the engine's readMetrics (a folder still marked unfinished,
// or whose metrics.json is damaged, is not a run to evaluate).
// Runs are matched by the model name recorded in metrics.json, not by folder name, so the
// engine alone decides how folders are named.
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { subfolders } from '../../../src/engine/run-list';
import { readMetrics } from '../../../src/engine/runs';
import type { RunMetrics } from '../../../src/protocol/engine';

export interface SavedRun {
  dir: string;
  metrics: RunMetrics;
}

/**
 * Where runs of `specFile` go. `setting` is `dnn.runsDirectory`: empty means `.dnn/runs` beside
 * the file (the engine's default); a relative path is taken from the file's folder.
 */
export function resolveRunsRoot(specFile: string, setting: string | undefined): string {
  const folder = dirname(specFile);
  const trimmed = setting?.trim() ?? '';
  if (trimmed === '') return join(folder, '.dnn', 'runs');
  return isAbsolute(trimmed) ? trimmed : resolve(folder, trimmed);
}

/** Finished runs of the model, newest first. Unreadable folders and files are skipped. */
export async function listRuns(runsRoot: string, model: string): Promise<SavedRun[]> {
  const runs: SavedRun[] = [];
  for (const modelFolder of await subfolders(runsRoot)) {
    for (const runFolder of await subfolders(join(runsRoot, modelFolder))) {
      const dir = join(runsRoot, modelFolder, runFolder);
      const metrics = await readRunMetrics(dir);
      if (metrics?.model === model) runs.push({ dir, metrics });
    }
  }
  return runs.sort((a, b) => (b.metrics.createdAt ?? '').localeCompare(a.metrics.createdAt ?? '') || b.dir.localeCompare(a.dir));
}

/** metrics.json of a run, or undefined when it is missing or not a run's metrics. */
export async function readRunMetrics(runDir: string): Promise<RunMetrics | undefined> {
  try {
    return await readMetrics(runDir);
  } catch {
    return undefined;
  }
}
