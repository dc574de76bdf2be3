// Progress and time estimates of a training run, shared by the panel, the status bar and the
// notification so all three always agree.

export interface ProgressPoint {
  epochs: number;
  batchesPerEpoch: number;
  /** The epoch in progress (1-based). */
  epoch: number;
  /** Batches done in that epoch. */
  batch: number;
}

/** Batches done over the whole run. */
export function doneBatches(p: ProgressPoint): number {
  return Math.max(0, (p.epoch - 1) * p.batchesPerEpoch + p.batch);
}

/** Fraction of the run done, 0..1. */
export function progressFraction(p: ProgressPoint): number {
  const total = p.epochs * p.batchesPerEpoch;
  return total > 0 ? Math.min(1, doneBatches(p) / total) : 0;
}

/**
 * Seconds left, from the average rate so far. Undefined before the first batch: the first
 * batches include building the model and warming up the backend, so there is no rate yet.
 */
export function estimateRemainingSeconds(p: ProgressPoint, elapsedSeconds: number): number | undefined {
  const done = doneBatches(p);
  if (done <= 0 || elapsedSeconds <= 0) return undefined;
  const remaining = p.epochs * p.batchesPerEpoch - done;
  return Math.max(0, (remaining * elapsedSeconds) / done);
}
