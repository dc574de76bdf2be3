// Evaluates a saved run on the full test set: the model is built from the current spec
// and the run's weights are loaded into it (refused when they no longer fit; a warning when
// the spec changed in ways the weights can't show).
import { initBackend } from './backend';
import { buildModel } from './build-model';
import { checkDatasetFitsModel, loadTestSet } from './data/dataset';
import { EngineError } from './errors';
import type { EvaluateOptions, EvaluateOutcome, TrainEvent } from '../protocol/engine';
import { SeededRandom } from './rng';
import { defaultRunsRoot, latestRun, readMetrics, specHash } from './runs';
import { loadSavedWeights } from './saved-model';
import { loadSpec } from './spec-file';
import { evaluateTestSet } from './test-metrics';

/** Evaluates a saved run (the latest of the model unless `options.runDir` names one) on the test set. */
export async function evaluate(options: EvaluateOptions, onEvent: (event: TrainEvent) => void = () => {}): Promise<EvaluateOutcome> {
  const spec = await loadSpec(options.specFile, 'evaluating');
  const runsRoot = options.runsRoot ?? defaultRunsRoot(options.specFile);
  const runDir = options.runDir ?? (await latestRun(runsRoot, spec.name));
  if (!runDir) throw new EngineError(`model ${spec.name} has no finished run in ${runsRoot}: train it first`);
  const metrics = await readMetrics(runDir);
  const specChanged = metrics.specHash !== specHash(spec);

  const choice = await initBackend(options.backend ?? 'wasm', undefined, options.threads);
  onEvent({ type: 'backend', backend: choice.backend, note: choice.note });
  const testSet = await loadTestSet(spec.fit.dataset, options.specFile, options.testLimit);

  const built = buildModel(spec, new SeededRandom(0));
  try {
    checkDatasetFitsModel(testSet, built.encoding);
    await loadSavedWeights(built.model, runDir);
    if (metrics.model !== spec.name) {
      // A --run of another model whose weights happen to fit: allowed (a renamed model), but said.
      onEvent({
        type: 'warning',
        message: `the run in ${runDir} was trained for model ${metrics.model}, not ${spec.name}; its weights fit, but the results describe that run: train ${spec.name} to be sure`,
      });
    } else if (specChanged) {
      onEvent({
        type: 'warning',
        message: `the spec of ${spec.name} changed since the run in ${runDir} was trained (layer arguments or compile settings); its weights still fit, but the results may not describe the current spec: train again to be sure`,
      });
    }
    const result = evaluateTestSet(built, testSet.test, spec.fit.classNames);
    onEvent({ type: 'evaluation', result });
    return { model: spec.name, backend: choice.backend, runDir, specChanged, result };
  } finally {
    built.model.dispose();
  }
}
