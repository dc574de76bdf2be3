// The runs to compare, read from their folders (metrics.json, spec.json, label.txt). No vscode:
// the panel host and the browser test of the webview both read runs through it.
import { readRunLabel } from '../../../src/engine/run-list';
import { readRunSpec } from '../../../src/engine/runs';
import { readRunMetrics } from '../training/runs';
import type { ComparedRun } from './comparison';

/** The runs that are still there with a readable metrics.json, in the order given. */
export async function readComparedRuns(runDirs: readonly string[]): Promise<ComparedRun[]> {
  const runs: ComparedRun[] = [];
  for (const runDir of runDirs) {
    const metrics = await readRunMetrics(runDir);
    if (!metrics) continue;
    runs.push({ runDir, metrics, spec: await readRunSpec(runDir), label: await readRunLabel(runDir) });
  }
  return runs;
}
