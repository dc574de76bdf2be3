// Per-batch training curves at a bounded size. A 10-epoch run of the article's model has
// 3,750 batches; the panel state is posted to the webview several times a second and kept
// with setState, so raw points would grow without bound. Points are averaged in groups of
// `stride` raw batches, and the stride doubles (merging neighbours) whenever the series
// passes its limit: memory stays O(limit) and the curve keeps its shape.
import type { BatchPoint, BatchSeries } from './messages';

/** Enough for a smooth curve at panel width, small enough to post ten times a second. */
const DEFAULT_MAX_BATCH_POINTS = 600;

export function emptyBatchSeries(): BatchSeries {
  return { stride: 1, points: [], pending: { count: 0, loss: 0, accuracy: 0, step: 0 } };
}

/** Returns a new series with one raw batch added (inputs are not mutated: the state is shared). */
export function appendBatch(series: BatchSeries, batch: BatchPoint, maxPoints = DEFAULT_MAX_BATCH_POINTS): BatchSeries {
  const pending = {
    count: series.pending.count + 1,
    loss: series.pending.loss + batch.loss,
    accuracy: series.pending.accuracy + batch.accuracy,
    step: batch.step,
  };
  if (pending.count < series.stride) return { ...series, pending };

  const point = { step: pending.step, loss: pending.loss / pending.count, accuracy: pending.accuracy / pending.count };
  const grown: BatchSeries = { stride: series.stride, points: [...series.points, point], pending: emptyBatchSeries().pending };
  return grown.points.length > maxPoints ? halveResolution(grown) : grown;
}

/** Merges neighbouring points pairwise and doubles the stride. An odd last point stays as it is. */
function halveResolution(series: BatchSeries): BatchSeries {
  const merged: BatchPoint[] = [];
  const points = series.points;
  for (let i = 0; i + 1 < points.length; i += 2) {
    merged.push({ step: points[i + 1].step, loss: (points[i].loss + points[i + 1].loss) / 2, accuracy: (points[i].accuracy + points[i + 1].accuracy) / 2 });
  }
  if (points.length % 2 === 1) {
    // The odd point averages only `stride` batches; keep it in `pending` so its weight stays right.
    const last = points[points.length - 1];
    return {
      stride: series.stride * 2,
      points: merged,
      pending: { count: series.stride, loss: last.loss * series.stride, accuracy: last.accuracy * series.stride, step: last.step },
    };
  }
  return { stride: series.stride * 2, points: merged, pending: series.pending };
}

/** The stored points plus the partial group, so the line reaches the latest batch. */
export function visiblePoints(series: BatchSeries): BatchPoint[] {
  const { pending } = series;
  if (pending.count === 0) return series.points;
  return [...series.points, { step: pending.step, loss: pending.loss / pending.count, accuracy: pending.accuracy / pending.count }];
}

/** What the engine reports with a batch event: the running mean over the epoch so far (as Keras' progress bar). */
export interface EpochRunningMean {
  epoch: number;
  /** Batches done in the epoch. */
  batch: number;
  loss: number;
  accuracy: number;
}

/**
 * The mean loss/accuracy of the batches between two batch events, recovered from the running
 * means: a running mean flattens as the epoch goes on and jumps at every epoch start, which
 * would hide how training progresses inside an epoch. Batches count equally (only an epoch's
 * last, smaller batch makes this approximate).
 */
export function intervalMean(previous: EpochRunningMean | undefined, current: EpochRunningMean): { loss: number; accuracy: number } {
  if (!previous || previous.epoch !== current.epoch || current.batch <= previous.batch) {
    return { loss: current.loss, accuracy: current.accuracy };
  }
  const batches = current.batch - previous.batch;
  const loss = (current.loss * current.batch - previous.loss * previous.batch) / batches;
  const accuracy = (current.accuracy * current.batch - previous.accuracy * previous.batch) / batches;
  return { loss: Math.max(0, loss), accuracy: Math.min(1, Math.max(0, accuracy)) };
}
