// The runs of the model a .dnn file describes: what `dnn runs FILE` and the "DNN Runs" view
// list. The file is analysed (not loaded for training) so a spec with errors still lists its
// runs; they are then all marked as changed since.
import { readFile } from 'node:fs/promises';
import { analyze } from '../language/analyzer';
import { EngineError, unreadableReason } from './errors';
import { listModelRuns, type RunListing } from './run-list';
import { defaultRunsRoot, specHash } from './runs';

export interface SpecRuns {
  /** undefined when the file describes no model (nothing to list). */
  model: string | undefined;
  runs: RunListing[];
}

/** Lists the runs of `specFile`'s model under `runsRoot` (default `.dnn/runs` beside the file), newest first. */
export async function listSpecRuns(specFile: string, runsRoot: string = defaultRunsRoot(specFile)): Promise<SpecRuns> {
  let text: string;
  try {
    text = await readFile(specFile, 'utf8');
  } catch (error) {
    throw new EngineError(`cannot read ${specFile}: ${unreadableReason(error)}`, 'input');
  }
  const analysis = analyze(text, { uri: specFile });
  const model = analysis.spec?.name ?? analysis.modelName;
  if (model === undefined) return { model, runs: [] };
  const currentSpecHash = analysis.spec ? specHash(analysis.spec) : undefined;
  return { model, runs: await listModelRuns({ runsRoot, model, specFile, currentSpecHash }) };
}
