// What the "DNN Runs" view shows for a run: plain data from a run listing (and the live epoch
// of a run training now), so it is tested without VS Code. runsView.ts turns it into TreeItems.
import type { RunListing, RunStatus } from '../../../src/engine/run-list';
import { runItemContexts } from '../../../src/protocol/commands';
import { runTime } from '../panel/view/format';

export interface RunNodeView {
  label: string;
  description: string;
  tooltip: string;
  /** A codicon name (ThemeIcon id). */
  icon: string;
  /** runItemContexts.run (every action) or .unfinished (no evaluate). */
  contextValue: string;
}

export const statusIcons: Record<RunStatus, string> = {
  completed: 'pass',
  stopped: 'debug-stop',
  failed: 'error',
  unfinished: 'loading~spin',
};

/** `liveEpoch`: the last finished epoch of the run while it trains in this window. */
export function describeRun(run: RunListing, liveEpoch?: number): RunNodeView {
  const epochs = run.status === 'unfinished' && liveEpoch !== undefined ? liveEpoch : run.epochs;
  const parts = [
    run.status === 'unfinished' && liveEpoch !== undefined ? `training, ${epochs} ${epochs === 1 ? 'epoch' : 'epochs'}` : `${epochs} ${epochs === 1 ? 'epoch' : 'epochs'}`,
    run.test ? `${(100 * run.test.accuracy).toFixed(1)}%` : undefined,
    run.engine,
    run.specChanged ? 'spec changed' : undefined,
  ].filter((part): part is string => part !== undefined);
  const time = runTime(run.startedAt);
  const tooltip = [
    `${run.model}: ${run.status}${run.label ? ` (${run.label})` : ''}`,
    `started ${time}`,
    run.test ? `test accuracy ${(100 * run.test.accuracy).toFixed(2)}%, loss ${run.test.loss.toFixed(4)}` : 'not tested',
    `engine ${run.engine}`,
    run.specChanged ? 'the spec changed since this run' : 'trained from the spec as it is',
    `spec ${run.spec}`,
    run.runDir,
  ].join('\n');
  return {
    label: run.label ? `${run.label} · ${time}` : time,
    description: parts.join(' · '),
    tooltip,
    icon: statusIcons[run.status],
    contextValue: run.status === 'unfinished' ? runItemContexts.unfinished : runItemContexts.run,
  };
}
