// The comparison of two or more runs as plain data (no vscode, no DOM; the webview in
// media/compare/ draws it): their curves overlaid, one colour per run; final figures with the
// best of each column marked; per-class accuracy side by side; what differs between the specs
// the run folders recorded.
import { largest } from '../../../src/language/extremes';
import type { ModelSpec } from '../../../src/language/types';
import type { EpochRecord, RunMetrics } from '../../../src/protocol/engine';
import { className } from '../../../src/protocol/classNames';
import { runTime } from '../panel/view/format';
import { accuracyDomain, epochTicks, lossDomain, niceTicks, type Axes, type Metric, type Point } from '../panel/view/chart';

export interface ComparedRun {
  runDir: string;
  label: string | null;
  metrics: RunMetrics;
  /** spec.json of the run; undefined for runs recorded before specs were kept. */
  spec: ModelSpec | undefined;
}

export interface CompareLine {
  /** Index of the run: its colour and its legend entry. */
  run: number;
  kind: 'train' | 'validation';
  points: Point[];
}

export interface CompareChart extends Axes {
  metric: Metric;
  title: string;
  lines: CompareLine[];
  xTicks: number[];
  yTicks: number[];
}

export interface FigureColumn {
  title: string;
  /** One value per run; null where the run has none (not tested, no validation). */
  values: (number | null)[];
  /** Index of the best run, undefined when fewer than two runs have a value. */
  best: number | undefined;
  format: 'loss' | 'percent' | 'count' | 'seconds';
}

export interface DiffRow {
  /** `layer 2`, `compile.optimizer`, `fit.epochs`… */
  what: string;
  /** One text per run. */
  values: string[];
  differs: boolean;
}

export interface Comparison {
  runs: { name: string; model: string; runDir: string }[];
  charts: CompareChart[];
  figures: FigureColumn[];
  perClass: { label: string; values: (number | null)[]; best: number | undefined }[];
  specDiff: DiffRow[];
}

/** Host → webview: what to draw, and the run folders the webview keeps for a restore. The webview answers `{ type: 'ready' }` when it can draw. */
export interface ComparisonMessage {
  type: 'comparison';
  comparison: Comparison;
  runDirs: string[];
}

export function buildComparison(runs: readonly ComparedRun[]): Comparison {
  return {
    runs: runNames(runs).map((name, i) => ({ name, model: runs[i].metrics.model, runDir: runs[i].runDir })),
    charts: (['loss', 'accuracy'] as const).map((metric) => chart(runs, metric)),
    figures: figures(runs),
    perClass: perClass(runs),
    specDiff: specDiff(runs),
  };
}

/** A run is named by its label, else its start to the minute; runs that would share a name are told apart by their folder. */
function runNames(runs: readonly ComparedRun[]): string[] {
  const names = runs.map((run) => run.label ?? runTime(run.metrics.createdAt));
  return names.map((name, i) => (names.indexOf(name) === names.lastIndexOf(name) ? name : `${name} (${runs[i].runDir.split(/[\\/]/).pop()})`));
}

function chart(runs: readonly ComparedRun[], metric: Metric): CompareChart {
  const value = (r: EpochRecord, kind: CompareLine['kind']) => (metric === 'loss' ? (kind === 'train' ? r.loss : r.valLoss) : kind === 'train' ? r.accuracy : r.valAccuracy);
  const lines = runs.flatMap((run, index) =>
    (['train', 'validation'] as const).map((kind) => ({
      run: index,
      kind,
      points: run.metrics.history.flatMap((r) => {
        const y = value(r, kind);
        return y === undefined || y === null || !Number.isFinite(y) ? [] : [{ x: r.epoch, y }];
      }),
    })),
  ).filter((line) => line.points.length > 0);
  const ys = lines.flatMap((line) => line.points.map((p) => p.y));
  const domain = metric === 'loss' ? lossDomain(ys) : accuracyDomain(ys);
  const yTicks = niceTicks(domain[0], domain[1], 5);
  const lastX = largest(lines.flatMap((line) => line.points.map((p) => p.x)), 1);
  return {
    metric,
    title: metric === 'loss' ? 'Loss' : 'Accuracy',
    lines,
    xDomain: [0, lastX],
    yDomain: [yTicks[0], yTicks[yTicks.length - 1]],
    xTicks: epochTicks(lastX),
    yTicks,
  };
}

function figures(runs: readonly ComparedRun[]): FigureColumn[] {
  const last = (run: ComparedRun) => run.metrics.history.at(-1);
  const column = (title: string, format: FigureColumn['format'], better: 'low' | 'high', pick: (run: ComparedRun) => number | null | undefined): FigureColumn => {
    const values = runs.map((run) => {
      const v = pick(run);
      return v === undefined || v === null || !Number.isFinite(v) ? null : v;
    });
    return { title, values, best: bestIndex(values, better), format };
  };
  return [
    column('test accuracy', 'percent', 'high', (run) => run.metrics.test?.accuracy),
    column('test loss', 'loss', 'low', (run) => run.metrics.test?.loss),
    column('val accuracy', 'percent', 'high', (run) => last(run)?.valAccuracy),
    column('val loss', 'loss', 'low', (run) => last(run)?.valLoss),
    column('train accuracy', 'percent', 'high', (run) => last(run)?.accuracy),
    column('train loss', 'loss', 'low', (run) => last(run)?.loss),
    column('epochs', 'count', 'high', (run) => run.metrics.history.length),
    column('s / epoch', 'seconds', 'low', (run) => run.metrics.timings?.secondsPerEpoch),
  ];
}

/** The best value's index; none when fewer than two runs have a value or all are equal. */
function bestIndex(values: readonly (number | null)[], better: 'low' | 'high'): number | undefined {
  const present = values.flatMap((v, i) => (v === null ? [] : [{ v, i }]));
  if (present.length < 2 || present.every((p) => p.v === present[0].v)) return undefined;
  return present.reduce((best, p) => (better === 'high' ? p.v > best.v : p.v < best.v) ? p : best).i;
}

function perClass(runs: readonly ComparedRun[]): Comparison['perClass'] {
  const count = largest(runs.map((run) => run.metrics.test?.perClass.length ?? 0), 0);
  const names = runs.find((run) => run.spec?.fit.classNames)?.spec?.fit.classNames ?? runs.find((run) => run.metrics.test?.classNames)?.metrics.test?.classNames;
  return Array.from({ length: count }, (_, label) => {
    const values = runs.map((run) => run.metrics.test?.perClass.find((c) => c.label === label)?.accuracy ?? null);
    return { label: className(names, label), values, best: bestIndex(values, 'high') };
  });
}

function specDiff(runs: readonly ComparedRun[]): DiffRow[] {
  const described = runs.map((run) => (run.spec ? describeSpec(run.spec) : new Map<string, string>()));
  const keys: string[] = [];
  for (const map of described) for (const key of map.keys()) if (!keys.includes(key)) keys.push(key);
  return keys.map((what) => {
    const values = described.map((map, i) => (runs[i].spec ? (map.get(what) ?? '—') : 'not recorded'));
    return { what, values, differs: values.some((v) => v !== values[0]) };
  });
}

/** One line per layer and per setting, as a person would write them. */
export function describeSpec(spec: ModelSpec): Map<string, string> {
  const lines = new Map<string, string>();
  lines.set('input', `[${spec.inputShape.join(', ')}]`);
  spec.layers.forEach((layer, i) => {
    const args = Object.entries(layer.config).map(([key, value]) => `${key}=${JSON.stringify(value)}`);
    // A graph model's wiring is part of what differs: named where a layer is not fed by the line above.
    const above = i === 0 ? spec.inputName : spec.layers[i - 1].name;
    const wiring = layer.inputs.length === 1 && layer.inputs[0] === above ? '' : ` ← ${layer.inputs.join(', ')}`;
    lines.set(`layer ${i + 1}`, `${layer.type}(${args.join(', ')})${wiring}`);
  });
  const optimizer = spec.compile.optimizer;
  lines.set('compile.optimizer', `${optimizer.name}(${Object.entries(optimizer.args).map(([k, v]) => `${k}=${v}`).join(', ')})`);
  lines.set('compile.loss', spec.compile.loss);
  const { dataset, classNames, ...fit } = spec.fit;
  lines.set('fit.dataset', dataset.kind === 'mnist' ? 'mnist' : `idx(${dataset.trainImages}, …)`);
  for (const [key, value] of Object.entries(fit)) lines.set(`fit.${key}`, String(value));
  if (classNames) lines.set('fit.class_names', classNames.join(', '));
  return lines;
}
