// What the serializer may bring back after a reload. The state it gets was saved by the
// webview, and a webview's state is not to be trusted (issue 10): its `uri` decides which file
// the panel's Train and Evaluate buttons run, and its run folders which files are read. A
// panel is restored only for a .dnn file inside a workspace folder, showing only run folders
// that are runs of that model; anything else gets an empty panel that says why.
import type { PanelState } from './messages';

export interface RestorePorts {
  /** The real path of `uri` when it names an existing regular .dnn file inside a workspace folder. */
  workspaceDnnFile(uri: string): Promise<string | undefined>;
  /** The run folders of the model the .dnn file describes (finished or not). */
  runDirsOf(specFile: string, documentUri: string): Promise<readonly string[]>;
}

export type RestoreDecision = { restore: true; state: PanelState } | { restore: false; message: string };

/** Restores `saved` as it is, without the run folders that are not the model's runs (said in a notice), or not at all. */
export async function decideRestore(saved: PanelState, ports: RestorePorts): Promise<RestoreDecision> {
  const specFile = await ports.workspaceDnnFile(saved.uri).catch(() => undefined);
  if (specFile === undefined) {
    return {
      restore: false,
      message: `These results were not restored: ${saved.uri} is not a .dnn file of this workspace. Open the model and run DNN: Show Model Summary.`,
    };
  }
  const named = [saved.run?.runDir, saved.evaluation?.runDir].filter((dir): dir is string => typeof dir === 'string');
  if (named.length === 0) return { restore: true, state: saved };
  const runDirs = new Set(await ports.runDirsOf(specFile, saved.uri).catch(() => []));
  const strangers = [...new Set(named.filter((dir) => !runDirs.has(dir)))];
  if (strangers.length === 0) return { restore: true, state: saved };
  const { run, evaluation, ...rest } = saved;
  return {
    restore: true,
    state: {
      ...rest,
      ...(run && (run.runDir === undefined || runDirs.has(run.runDir)) ? { run } : {}),
      ...(evaluation && (evaluation.runDir === undefined || runDirs.has(evaluation.runDir)) ? { evaluation } : {}),
      notice: { severity: 'warning', text: `Not restored: ${strangers.join(' and ')} ${strangers.length === 1 ? 'is not a run' : 'are not runs'} of this model.` },
    },
  };
}
