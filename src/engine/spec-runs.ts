// The runs of the model a .dnn file describes: what `dnn runs FILE` and the "DNN Runs" view
// list. The file is analysed (not loaded for training) so a spec with errors still lists its
// runs; they are then all marked as changed since.
import { analyze } from '../language/analyzer';
import { listModelRuns, type RunListing } from './run-list';
import { defaultRunsRoot, specHash } from './runs';
import { readSpecText } from './spec-file';

export interface SpecRuns {
  /** undefined when the file describes no model (nothing to list). */
  model: string | undefined;
  runs: RunListing[];
}

/** Lists the runs of `specFile`'s model under `runsRoot` (default `.dnn/runs` beside the file), newest first. */
export async function listSpecRuns(specFile: string, runsRoot: string = defaultRunsRoot(specFile), onSkipped?: (message: string) => void): Promise<SpecRuns> {
  const analysis = analyze(await readSpecText(specFile), { uri: specFile });
  const model = analysis.spec?.name ?? analysis.modelName;
  if (model === undefined) return { model, runs: [] };
  const currentSpecHash = analysis.spec ? specHash(analysis.spec) : undefined;
  return { model, runs: await listModelRuns({ runsRoot, model, specFile, currentSpecHash, onSkipped }) };
}
