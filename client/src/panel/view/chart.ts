// The loss and accuracy charts as plain data: which lines, which axis ranges and ticks, and the
// SVG path of every line. The webview only turns this into elements, so everything that can be
// wrong about a chart is tested here without a DOM.
import type { EpochRecord } from '../../../../src/protocol/engine';
import { visiblePoints } from '../batchSeries';
import type { RunView } from '../messages';
import { smoothSeries } from './smoothing';
import { largest, smallest } from '../../../../src/language/extremes';

export type Metric = 'loss' | 'accuracy';

export interface Point {
  x: number;
  y: number;
}

export interface ChartSeries {
  /** Also the CSS class of the line, which picks its theme colour. */
  id: 'batch' | 'train' | 'validation';
  label: string;
  points: Point[];
  /** Epoch values get markers; the per-batch line is a thin trend line. */
  markers: boolean;
}

export interface ChartModel {
  metric: Metric;
  title: string;
  series: ChartSeries[];
  xDomain: [number, number];
  yDomain: [number, number];
  xTicks: number[];
  yTicks: number[];
}

/** How strongly the per-batch line is smoothed (TensorBoard's default is 0.6; batches here are noisier). */
export const BATCH_SMOOTHING = 0.8;

export function buildCurveChart(run: RunView, metric: Metric): ChartModel {
  const pick = (r: EpochRecord, validation: boolean): number | undefined =>
    metric === 'loss' ? (validation ? r.valLoss : r.loss) : validation ? r.valAccuracy : r.accuracy;

  const batches = visiblePoints(run.batches);
  const smoothed = smoothSeries(batches.map((b) => b[metric]), BATCH_SMOOTHING);
  const perBatch = run.batchesPerEpoch > 0 ? batches.map((b, i) => ({ x: b.step / run.batchesPerEpoch, y: smoothed[i] })) : [];
  const epochPoints = (validation: boolean): Point[] =>
    run.history.flatMap((r) => {
      const y = pick(r, validation);
      return y === undefined || !Number.isFinite(y) ? [] : [{ x: r.epoch, y }];
    });

  const series: ChartSeries[] = [
    { id: 'batch', label: 'train (per batch, smoothed)', points: perBatch.filter((p) => Number.isFinite(p.y)), markers: false },
    { id: 'train', label: 'train (epoch)', points: epochPoints(false), markers: true },
    { id: 'validation', label: 'validation (epoch)', points: epochPoints(true), markers: true },
  ].filter((s) => s.points.length > 0) as ChartSeries[];

  const ys = series.flatMap((s) => s.points.map((p) => p.y));
  const yDomain = metric === 'loss' ? lossDomain(ys) : accuracyDomain(ys);
  const yTicks = niceTicks(yDomain[0], yDomain[1], 5);
  const lastX = largest(series.flatMap((s) => s.points.map((p) => p.x)), Math.max(run.epochs, 1));
  const xDomain: [number, number] = [0, lastX];
  return {
    metric,
    title: metric === 'loss' ? 'Loss' : 'Accuracy',
    series,
    xDomain,
    yDomain: [yTicks[0], yTicks[yTicks.length - 1]],
    xTicks: epochTicks(lastX),
    yTicks,
  };
}

export function lossDomain(ys: number[]): [number, number] {
  const max = ys.length > 0 ? largest(ys) : 1;
  return [0, max > 0 ? max : 1];
}

export function accuracyDomain(ys: number[]): [number, number] {
  if (ys.length === 0) return [0, 1];
  // Zoom in on the interesting band (0.9..1 late in training) but never show more than 0..1.
  const min = smallest(ys);
  return [Math.max(0, min - 0.02), 1];
}

/** Ticks at 1, 2 or 5 × 10^k covering [lo, hi], about `count` of them. */
export function niceTicks(lo: number, hi: number, count: number): number[] {
  if (!(hi > lo)) return [lo, lo + 1];
  const rough = (hi - lo) / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? 10 * magnitude;
  const first = Math.floor(lo / step + 1e-9) * step;
  const ticks: number[] = [];
  for (let t = first; t < hi + step - 1e-9; t += step) ticks.push(roundTo(t, step));
  return ticks;
}

/** Integer epochs, thinned so at most ~10 labels show. */
export function epochTicks(lastEpoch: number): number[] {
  const step = Math.max(1, Math.ceil(lastEpoch / 10));
  const ticks: number[] = [];
  for (let e = 0; e <= lastEpoch; e += step) ticks.push(e);
  return ticks;
}

/** Removes float noise (0.30000000000000004) by rounding to the step's decimals. */
function roundTo(value: number, step: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Number(value.toFixed(decimals));
}

/** What placing a point needs: the domains (the comparison panel's charts have them too). */
export type Axes = Pick<ChartModel, 'xDomain' | 'yDomain'>;

export interface PlotArea {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export function scaleX(model: Axes, area: PlotArea, x: number): number {
  const [lo, hi] = model.xDomain;
  return area.left + ((x - lo) / (hi - lo || 1)) * (area.width - area.left - area.right);
}

export function scaleY(model: Axes, area: PlotArea, y: number): number {
  const [lo, hi] = model.yDomain;
  const clamped = Math.min(Math.max(y, lo), hi);
  return area.height - area.bottom - ((clamped - lo) / (hi - lo || 1)) * (area.height - area.top - area.bottom);
}

/** SVG path data `M x y L x y …` with one decimal (enough for a screen, small to post). */
export function linePath(model: Axes, area: PlotArea, points: readonly Point[]): string {
  return points
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${scaleX(model, area, p.x).toFixed(1)} ${scaleY(model, area, p.y).toFixed(1)}`)
    .join(' ');
}
