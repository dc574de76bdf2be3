// One export, as `dnn export` and the VS Code command run it: load the model (a run's weights
// or fresh ones), choose the output, refuse to replace anything unless forced, write.
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { describeError, EngineError } from '../engine/errors';
import { unwritableFolderReason } from '../files/writable-folder';
import { exportFormats } from './formats';
import { exporterFor } from './index';
import { loadExportModel } from './load';
import { defaultExportOut, existingTargets } from './target';
import type { ExportOptions, ExportOutcome } from './types';

/** Thrown when the output exists and `force` was not given: the CLI names `--force`, VS Code asks. */
export class ExportTargetExists extends EngineError {
  constructor(readonly paths: string[]) {
    super(`${paths.join(' and ')} ${paths.length === 1 ? 'exists' : 'exist'}; pass --force to replace ${paths.length === 1 ? 'it' : 'them'}`);
  }
}

export async function runExport(options: ExportOptions, onWarning: (message: string) => void = () => {}): Promise<ExportOutcome> {
  const entry = exportFormats[options.format];
  const exporter = exporterFor(options.format);
  const model = await loadExportModel({ specFile: options.specFile, runDir: options.runDir, untrained: options.untrained }, onWarning);
  const runDir = model.source.kind === 'run' ? model.source.runDir : undefined;
  const out = options.out ?? defaultExportOut(options.format, model.spec.name, runDir ? { runDir } : { specFile: options.specFile });
  const refused = unwritableFolderReason(out);
  if (refused) throw new EngineError(`cannot write the ${options.format} export to ${out}: ${refused}`, 'input');
  const existing = existingTargets(options.format, out);
  if (existing.length > 0 && !options.force) throw new ExportTargetExists(existing);
  let files: string[];
  try {
    await mkdir(entry.target === 'folder' ? out : dirname(out), { recursive: true });
    files = await exporter.write(model, out);
  } catch (error) {
    if (error instanceof EngineError || (error as NodeJS.ErrnoException).code === undefined) throw error;
    throw new EngineError(`cannot write the ${options.format} export to ${out}: ${describeError(error)}`, 'input');
  }
  return { format: options.format, model: model.spec.name, runDir, out, files };
}
