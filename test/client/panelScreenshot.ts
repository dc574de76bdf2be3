// Renders the results panel with real data and saves screenshots to look at (dark and light
// theme): a training in progress, the finished run, and a run read back from its metrics.json.
//
//   npm run build && npx tsx test/client/panelScreenshot.ts [--run RUN_DIR] [--out DIR]
//
// Without --run it trains examples/mnist-mlp.dnn in-process on a few thousand real MNIST
// samples (runs go to a temporary folder) and feeds every event through the same reducer the
// extension uses. PNGs go to test-results/panel/ (git-ignored).
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { train } from '../../src/engine/train';
import type { RunMetrics } from '../../src/protocol/engine';
import { analyze } from '../../src/language/analyzer';
import { modelSummary } from '../../src/language/features/summary';
import type { PanelState } from '../../client/src/panel/messages';
import { applyJobEvent, beginTraining, initialPanelState, withRunFromDisk, withSummary } from '../../client/src/panel/state';
import { startPanelHarness, type Theme } from './panelHarness';

const root = join(__dirname, '..', '..');

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { run: { type: 'string' }, out: { type: 'string' } } });
  const out = resolve(values.out ?? join(root, 'test-results', 'panel'));
  mkdirSync(out, { recursive: true });

  const states: Record<string, PanelState> = values.run ? await statesFromRun(resolve(values.run)) : await statesFromTraining();
  const harness = await startPanelHarness();
  try {
    for (const [name, state] of Object.entries(states)) {
      for (const theme of ['dark', 'light'] as Theme[]) {
        const panel = await harness.open({ hostState: state, theme });
        await panel.page.waitForSelector('[data-testid="model-summary"]');
        const file = join(out, `${name}-${theme}.png`);
        await panel.page.screenshot({ path: file, fullPage: true });
        console.log(`${file}${panel.problems.length > 0 ? `\n  problems: ${panel.problems.join('\n  ')}` : ''}`);
        await panel.page.close();
      }
    }
  } finally {
    await harness.close();
  }
}

function summaryOf(specFile: string) {
  const analysis = analyze(readFileSync(specFile, 'utf8'), { uri: specFile });
  return modelSummary(analysis);
}

async function statesFromRun(runDir: string): Promise<Record<string, PanelState>> {
  const metrics = JSON.parse(readFileSync(join(runDir, 'metrics.json'), 'utf8')) as RunMetrics;
  const base = withSummary(initialPanelState(`file://${metrics.specFile}`, metrics.model), summaryOf(metrics.specFile));
  return { 'from-disk': withRunFromDisk(base, metrics, runDir) };
}

async function statesFromTraining(): Promise<Record<string, PanelState>> {
  const specFile = join(root, 'examples', 'mnist-mlp.dnn');
  const runsRoot = mkdtempSync(join(tmpdir(), 'dnn-panel-'));
  const epochs = 3;
  let state = beginTraining(withSummary(initialPanelState(`file://${specFile}`, 'mnist-mlp.dnn'), summaryOf(specFile)));
  let live: PanelState | undefined;
  const result = await train({ specFile, runsRoot, epochs, trainLimit: 6000, seed: 1 }, (event) => {
    state = applyJobEvent(state, 'train', event);
    if (!live && event.type === 'batch' && event.epoch === epochs && event.batch >= event.batchesPerEpoch / 2) live = state;
  });
  const metrics = JSON.parse(readFileSync(join(result.runDir, 'metrics.json'), 'utf8')) as RunMetrics;
  const fromDisk = withRunFromDisk(withSummary(initialPanelState(`file://${specFile}`, 'MnistMLP'), summaryOf(specFile)), metrics, result.runDir);
  return { ...(live ? { training: live } : {}), completed: state, 'from-disk': fromDisk };
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
