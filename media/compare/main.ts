// The comparison panel's webview: draws a Comparison (client/src/compare/comparison.ts) it gets
// from the extension. Curves as SVG, one colour per run (theme chart colours, by class); the
// legend's buttons show and hide a run's lines; tables mark the best of each column.
import type { CompareChart, Comparison, ComparisonMessage, FigureColumn } from '../../client/src/compare/comparison';
import { linePath, scaleX, scaleY, type PlotArea } from '../../client/src/panel/view/chart';
import { formatLoss } from '../../client/src/panel/view/format';
import { html, svg } from '../panel/dom';
import { vscode } from '../panel/vscodeApi';

const AREA: PlotArea = { width: 480, height: 240, left: 48, right: 12, top: 12, bottom: 32 };
const app = document.getElementById('app') as HTMLElement;
const hidden = new Set<number>();
let shown: Comparison | undefined;

window.addEventListener('message', (event: MessageEvent<ComparisonMessage>) => {
  if (event.data?.type !== 'comparison') return;
  vscode.setState({ runDirs: event.data.runDirs });
  shown = event.data.comparison;
  render(shown);
});
vscode.postMessage({ type: 'ready' });

function render(comparison: Comparison): void {
  app.replaceChildren(
    html('h1', {}, `Comparing ${comparison.runs.length} runs`),
    legend(comparison),
    html('div', { class: 'charts' }, ...comparison.charts.map((chart) => chartFigure(chart, comparison))),
    html('h2', {}, 'Final figures'),
    figuresTable(comparison),
    ...(comparison.perClass.length > 0 ? [html('h2', {}, 'Per-class accuracy (test)'), perClassTable(comparison)] : []),
    html('h2', {}, 'What differs between the specs'),
    specTable(comparison),
  );
}

function legend(comparison: Comparison): HTMLElement {
  return html(
    'div',
    { class: 'legend compare-legend', role: 'group', 'aria-label': 'runs shown in the charts' },
    ...comparison.runs.map((run, i) => {
      const button = html('button', { type: 'button', class: 'legend-toggle', 'aria-pressed': String(!hidden.has(i)), 'data-testid': `toggle-run-${i}`, title: run.runDir },
        html('span', { class: `swatch run-${i % 8}` }), `${run.model} · ${run.name}`);
      button.addEventListener('click', () => {
        if (hidden.has(i)) hidden.delete(i);
        else hidden.add(i);
        if (shown) render(shown);
        (document.querySelector(`[data-testid="toggle-run-${i}"]`) as HTMLElement | null)?.focus();
      });
      return button;
    }),
  );
}

function chartFigure(chart: CompareChart, comparison: Comparison): HTMLElement {
  const root = svg('svg', { viewBox: `0 0 ${AREA.width} ${AREA.height}`, role: 'img', 'aria-label': `${chart.title} per epoch, one colour per run` });
  const right = AREA.width - AREA.right;
  const bottom = AREA.height - AREA.bottom;
  for (const tick of chart.yTicks) {
    const y = scaleY(chart, AREA, tick);
    root.append(svg('line', { class: 'grid', x1: AREA.left, x2: right, y1: y, y2: y }));
    root.append(svg('text', { class: 'tick', x: AREA.left - 6, y: y + 4, 'text-anchor': 'end' }, chart.metric === 'accuracy' ? `${(tick * 100).toFixed(0)}%` : String(tick)));
  }
  for (const tick of chart.xTicks) {
    root.append(svg('text', { class: 'tick', x: scaleX(chart, AREA, tick), y: bottom + 16, 'text-anchor': 'middle' }, String(tick)));
  }
  root.append(svg('line', { class: 'axis', x1: AREA.left, x2: right, y1: bottom, y2: bottom }));
  for (const line of chart.lines) {
    if (hidden.has(line.run)) continue;
    root.append(svg('path', { class: `line run-${line.run % 8} ${line.kind}`, d: linePath(chart, AREA, line.points) },
      svg('title', {}, `${comparison.runs[line.run].name}, ${line.kind}`)));
  }
  const visible = chart.lines.filter((line) => !hidden.has(line.run)).length;
  return html('figure', { class: 'chart', 'data-testid': `compare-${chart.metric}`, 'data-lines': visible },
    html('figcaption', {}, `${chart.title} (solid: train, dashed: validation)`), root);
}

function figuresTable(comparison: Comparison): HTMLElement {
  const head = html('tr', {}, html('th', { scope: 'col' }, 'run'), ...comparison.figures.map((column) => html('th', { scope: 'col' }, column.title)));
  const rows = comparison.runs.map((run, i) =>
    html('tr', {}, html('th', { scope: 'row' }, html('span', { class: `swatch run-${i % 8}` }), run.name),
      ...comparison.figures.map((column) => cell(column.values[i], column.format, column.best === i))),
  );
  return html('table', { class: 'compare-table', 'data-testid': 'compare-figures' }, html('thead', {}, head), html('tbody', {}, ...rows));
}

function perClassTable(comparison: Comparison): HTMLElement {
  const head = html('tr', {}, html('th', { scope: 'col' }, 'class'), ...comparison.runs.map((run) => html('th', { scope: 'col' }, run.name)));
  const rows = comparison.perClass.map((row) =>
    html('tr', {}, html('th', { scope: 'row' }, row.label), ...row.values.map((value, i) => cell(value, 'percent', row.best === i))));
  return html('table', { class: 'compare-table', 'data-testid': 'compare-per-class' }, html('thead', {}, head), html('tbody', {}, ...rows));
}

function specTable(comparison: Comparison): HTMLElement {
  const differing = comparison.specDiff.filter((row) => row.differs);
  if (differing.length === 0) return html('p', { 'data-testid': 'compare-spec' }, 'The recorded specs are the same.');
  const head = html('tr', {}, html('th', { scope: 'col' }, ''), ...comparison.runs.map((run) => html('th', { scope: 'col' }, run.name)));
  const rows = differing.map((row) => html('tr', {}, html('th', { scope: 'row' }, row.what), ...row.values.map((value) => html('td', { class: 'spec-value' }, value))));
  return html('table', { class: 'compare-table', 'data-testid': 'compare-spec' }, html('thead', {}, head), html('tbody', {}, ...rows));
}

function cell(value: number | null, format: FigureColumn['format'], best: boolean): HTMLElement {
  const text = value === null ? '—' : format === 'percent' ? `${(100 * value).toFixed(2)}%` : format === 'loss' ? formatLoss(value) : format === 'seconds' ? `${value.toFixed(2)}s` : String(value);
  return html('td', { class: best ? 'best' : undefined, 'aria-label': best ? `${text}, best` : undefined }, text, best && html('span', { class: 'best-mark', 'aria-hidden': 'true' }, ' ★'));
}
