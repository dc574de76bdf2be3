// How the panel state follows a job: pure functions from (state, event) to a new state. The
// host runs them for every engine event; the webview only ever receives their result.
import type { RunMetrics, TrainEvent } from '../../../src/protocol/engine';
import { appendBatch, emptyBatchSeries, intervalMean } from './batchSeries';
import { PANEL_STATE_VERSION, type ModelSummary, type PanelState, type RunView } from './messages';
import { estimateRemainingSeconds } from './view/progress';

export type JobKind = 'train' | 'evaluate';

export function initialPanelState(uri: string, title: string): PanelState {
  return { version: PANEL_STATE_VERSION, uri, title };
}

export function withSummary(state: PanelState, summary: ModelSummary): PanelState {
  return { ...state, summary, title: summary.model ?? state.title };
}

/** A new training replaces the curves and the test results of the previous one. */
export function beginTraining(state: PanelState): PanelState {
  const run: RunView = { status: 'running', epochs: 0, batchesPerEpoch: 0, epoch: 1, batch: 0, elapsedSeconds: 0, history: [], batches: emptyBatchSeries() };
  return { ...state, run, evaluation: undefined, notice: undefined };
}

/**
 * Evaluating keeps the run's curves. Whether the spec changed since the run is the engine's call
 * (it compares the spec hashes) and arrives as a `warning` event.
 */
export function beginEvaluation(state: PanelState, runDir: string): PanelState {
  // Results of the same run stay visible while they are recomputed; another run's would mislead.
  const result = state.evaluation?.runDir === runDir ? state.evaluation.result : undefined;
  return { ...state, evaluation: { status: 'running', runDir, specChanged: false, result }, notice: undefined };
}

export function applyJobEvent(state: PanelState, job: JobKind, event: TrainEvent): PanelState {
  switch (event.type) {
    case 'backend':
      return job === 'train' ? updateRun(state, { backend: event.backend, backendNote: event.note }) : state;
    case 'start':
      return updateRun({ ...state, title: event.model }, {
        epochs: event.epochs,
        batchesPerEpoch: event.batchesPerEpoch,
        trainSamples: event.trainSamples,
        validationSamples: event.validationSamples,
        runDir: event.runDir,
      });
    case 'batch': {
      const run = state.run;
      if (!run) return state;
      const progress = { epochs: run.epochs, batchesPerEpoch: event.batchesPerEpoch, epoch: event.epoch, batch: event.batch };
      const current = { epoch: event.epoch, batch: event.batch, loss: event.loss, accuracy: event.accuracy };
      return updateRun(state, {
        epoch: event.epoch,
        batch: event.batch,
        batchesPerEpoch: event.batchesPerEpoch,
        elapsedSeconds: event.elapsedSeconds,
        etaSeconds: estimateRemainingSeconds(progress, event.elapsedSeconds),
        batches: appendBatch(run.batches, {
          step: (event.epoch - 1) * event.batchesPerEpoch + event.batch,
          ...intervalMean(run.lastBatch, current),
        }),
        lastBatch: current,
      });
    }
    case 'epoch': {
      const run = state.run;
      if (!run) return state;
      const { type: _type, ...record } = event;
      const history = [...run.history.filter((r) => r.epoch !== record.epoch), record].sort((a, b) => a.epoch - b.epoch);
      return updateRun(state, { history, epoch: record.epoch, batch: run.batchesPerEpoch });
    }
    case 'evaluation':
      return {
        ...state,
        evaluation: {
          result: event.result,
          status: 'done',
          runDir: job === 'evaluate' ? state.evaluation?.runDir : state.run?.runDir,
          specChanged: job === 'evaluate' ? state.evaluation?.specChanged : false,
        },
      };
    case 'done':
      return job === 'train'
        ? updateRun(state, { status: 'completed', runDir: event.runDir, secondsPerEpoch: event.secondsPerEpoch, etaSeconds: 0 })
        : finishEvaluation(state);
    case 'stopped':
      return job === 'train' ? updateRun(state, { status: 'stopped', etaSeconds: undefined, runDir: event.runDir ?? state.run?.runDir }) : finishEvaluation(state);
    case 'warning':
      // Evaluate warns this way when the spec changed since the run's weights were made.
      return {
        ...state,
        notice: { severity: 'warning', text: event.message },
        evaluation: job === 'evaluate' && state.evaluation ? { ...state.evaluation, specChanged: true } : state.evaluation,
      };
    case 'error':
      return job === 'train'
        ? updateRun(state, { status: 'failed', error: event.message, etaSeconds: undefined })
        : { ...finishEvaluation(state), notice: { severity: 'error', text: `Evaluation failed: ${event.message}` } };
  }
}

function updateRun(state: PanelState, changes: Partial<RunView>): PanelState {
  return state.run ? { ...state, run: { ...state.run, ...changes } } : state;
}

/** An evaluation that ended without results leaves the previous results as they were. */
function finishEvaluation(state: PanelState): PanelState {
  return state.evaluation ? { ...state, evaluation: { ...state.evaluation, status: 'done' } } : state;
}

/**
 * The panel for a run read back from disk (its metrics.json): epoch curves and test results.
 * When the panel already shows that run (trained in this session), it keeps its own view,
 * which also has the per-batch line metrics.json does not record.
 */
/** The run's label as its folder now says (null: none); a panel showing another run is left alone. */
export function withRunLabel(state: PanelState, runDir: string, label: string | null): PanelState {
  if (state.run?.runDir !== runDir) return state;
  return { ...state, run: { ...state.run, label: label ?? undefined } };
}

export function withRunFromDisk(state: PanelState, metrics: RunMetrics, runDir: string): PanelState {
  const shown = state.run?.runDir === runDir && state.run.status !== 'running' ? state.run : undefined;
  const last = metrics.history[metrics.history.length - 1];
  const run: RunView = shown ?? {
    status: metrics.status,
    backend: metrics.backend,
    runDir,
    epochs: metrics.config.epochs,
    batchesPerEpoch: 0,
    epoch: last?.epoch ?? 0,
    batch: 0,
    elapsedSeconds: metrics.timings.totalSeconds,
    history: metrics.history,
    batches: emptyBatchSeries(),
    secondsPerEpoch: metrics.timings.secondsPerEpoch,
    createdAt: metrics.createdAt,
  };
  return {
    ...state,
    title: metrics.model,
    run,
    evaluation: metrics.test ? { result: metrics.test, runDir, status: 'done' } : undefined,
    notice: undefined,
  };
}

/**
 * A panel restored after a window reload: the extension host (and every worker) restarted, so
 * nothing is running any more, whatever the saved state says.
 */
export function restoredAfterReload(state: PanelState): PanelState {
  const run = state.run?.status === 'running' ? { ...state.run, status: 'stopped' as const, etaSeconds: undefined } : state.run;
  const evaluation = state.evaluation?.status === 'running' ? { ...state.evaluation, status: 'done' as const } : state.evaluation;
  const interrupted = run !== state.run || evaluation !== state.evaluation;
  return {
    ...state,
    run,
    evaluation,
    notice: interrupted ? { severity: 'info', text: 'The window was reloaded while a job was running; it was stopped.' } : state.notice,
  };
}

/**
 * The run whose model answers "Try it": the run whose test results are shown (an evaluated
 * run), else the panel's finished run. None while training: its weights are not saved yet.
 */
export function tryItRun(state: PanelState): string | undefined {
  if (state.evaluation?.runDir) return state.evaluation.runDir;
  const run = state.run;
  return run && (run.status === 'completed' || run.status === 'stopped') ? run.runDir : undefined;
}
