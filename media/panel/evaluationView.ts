// The "Test results" section: headline figures, confusion-matrix heat map, per-class table and
// the misclassified digits.
import type { EvaluationResult, Misclassified } from '../../src/protocol/engine';
import type { EvaluationView } from '../../client/src/panel/messages';
import { classRows } from '../../client/src/panel/view/classTable';
import { confusionCells } from '../../client/src/panel/view/confusion';
import { DIGIT_SIDE, digitRgba } from '../../client/src/panel/view/digits';
import { formatLoss, formatPercent, shortName } from '../../client/src/panel/view/format';
import { formatCount } from '../../src/language/shapes';
import { className } from '../../src/protocol/classNames';
import { html, svg } from './dom';
import { themeColour } from './theme';

export function evaluationSection(evaluation: EvaluationView | undefined): HTMLElement[] {
  if (!evaluation) return [html('p', { class: 'empty', 'data-testid': 'no-evaluation' }, 'No test results yet. They appear after training, or press Evaluate to test the latest run.')];
  const running = evaluation.status === 'running' ? html('p', { class: 'busy', 'data-testid': 'evaluation-running' }, 'Evaluating on the test set…') : undefined;
  const result = evaluation.result;
  if (!result) return running ? [running] : [html('p', { class: 'empty' }, 'The evaluation ended without results (see the output channel).')];
  return [
    ...(running ? [running] : []),
    headline(result, evaluation),
    html('div', { class: 'evaluation-grid' },
      html('figure', { class: 'confusion' }, html('figcaption', {}, `Confusion matrix (rows: true ${result.classNames ? 'class' : 'digit'}, columns: predicted)`), confusionSvg(result)),
      html('figure', { class: 'classes' }, html('figcaption', {}, 'Per class'), classTable(result)),
    ),
    misclassifiedGrid(result.misclassified, result.classNames),
  ];
}

function headline(result: EvaluationResult, evaluation: EvaluationView): HTMLElement {
  return html('div', { class: 'headline' },
    figure('Test accuracy', formatPercent(result.accuracy), 'test-accuracy', String(result.accuracy)),
    figure('Test loss', formatLoss(result.loss), 'test-loss', String(result.loss)),
    figure('Test images', formatCount(result.samples), 'test-samples', String(result.samples)),
    figure('Mistakes', formatCount(result.samples - Math.round(result.accuracy * result.samples)), 'test-mistakes'),
    evaluation.specChanged ? html('div', { class: 'warning', 'data-testid': 'spec-changed' }, 'Trained on an older version of this model.') : undefined,
  );
}

function figure(label: string, value: string, id: string, raw?: string): HTMLElement {
  return html('div', { class: 'figure' },
    html('div', { class: 'figure-value', id, 'data-testid': id, 'data-value': raw }, value),
    html('div', { class: 'figure-label' }, label));
}

const CELL = 34;
/** Room for index labels; names get room for their length (about 6.5 px a character at 11 px). */
const LABEL = 22;

function confusionSvg(result: EvaluationResult): SVGSVGElement {
  const n = result.confusion.length;
  const name = (i: number) => className(result.classNames, i);
  const named = result.classNames !== undefined;
  const label = named ? Math.max(LABEL, 10 + 6.5 * Math.max(...Array.from({ length: n }, (_, i) => shortName(name(i)).length))) : LABEL;
  // Column names are written at 45 degrees: they need about 0.72 of their length upwards.
  const top = named ? Math.round(label * 0.72) : LABEL;
  const width = label + n * CELL;
  const height = top + n * CELL;
  const root = svg('svg', { id: 'confusion-matrix', 'data-testid': 'confusion-matrix', class: named ? 'named' : undefined, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'confusion matrix' });
  for (let i = 0; i < n; i++) {
    const x = label + i * CELL + CELL / 2;
    const column = named
      ? svg('text', { class: 'axis-label', 'data-testid': 'confusion-column', x: x - 4, y: top - 6, 'text-anchor': 'start', transform: `rotate(-45 ${x - 4} ${top - 6})` }, svg('title', {}, name(i)), shortName(name(i)))
      : svg('text', { class: 'axis-label', 'data-testid': 'confusion-column', x, y: top - 7, 'text-anchor': 'middle' }, name(i));
    root.append(column);
    root.append(svg('text', { class: 'axis-label', 'data-testid': 'confusion-row', x: label - 7, y: top + i * CELL + CELL / 2 + 4, 'text-anchor': 'end' }, svg('title', {}, name(i)), shortName(name(i))));
  }
  for (const cell of confusionCells(result.confusion)) {
    const x = label + cell.predicted * CELL;
    const y = top + cell.actual * CELL;
    const group = svg('g', { class: 'cell', 'data-testid': 'confusion-cell', 'data-actual': cell.actual, 'data-predicted': cell.predicted, 'data-count': cell.count });
    group.append(
      svg('title', {}, `true ${name(cell.actual)}, predicted ${name(cell.predicted)}: ${cell.count} (${formatPercent(cell.rowFraction, 1)} of ${name(cell.actual)})`),
      svg('rect', { class: `tone-${cell.tone}`, x: x + 1, y: y + 1, width: CELL - 2, height: CELL - 2, rx: 3, 'fill-opacity': cell.intensity.toFixed(3) }),
    );
    if (cell.count > 0) {
      group.append(svg('text', { class: cell.strong ? 'count strong' : 'count', x: x + CELL / 2, y: y + CELL / 2 + 4, 'text-anchor': 'middle' }, String(cell.count)));
    }
    root.append(group);
  }
  return root;
}

function classTable(result: EvaluationResult): HTMLTableElement {
  const rows = classRows(result.perClass, result.confusion, result.classNames);
  return html('table', { class: 'per-class', id: 'per-class', 'data-testid': 'per-class' },
    html('thead', {}, html('tr', {}, ...[result.classNames ? 'class' : 'digit', 'images', 'accuracy', 'precision', 'recall', 'confused with'].map((h) => html('th', {}, h)))),
    html('tbody', {}, ...rows.map((r) => html('tr', { class: r.worst ? 'worst' : undefined },
      html('td', {}, r.name),
      html('td', {}, formatCount(r.support)),
      html('td', {}, r.accuracy),
      html('td', {}, r.precision),
      html('td', {}, r.recall),
      html('td', {}, r.mostConfusedWith),
    ))));
}

function misclassifiedGrid(mistakes: readonly Misclassified[], names: readonly string[] | undefined): HTMLElement {
  const what = names ? 'images' : 'digits';
  const section = html('figure', { class: 'misclassified-section' },
    html('figcaption', {}, mistakes.length > 0 ? `Misclassified test ${what}, most confident mistakes first (${mistakes.length} shown)` : `No misclassified test ${what}`));
  const grid = html('div', { class: 'digits', id: 'misclassified', 'data-testid': 'misclassified', 'data-count': mistakes.length });
  const ink = themeColour('--vscode-editor-foreground');
  for (const m of mistakes) {
    const [label, predicted] = [className(names, m.label), className(names, m.predicted)];
    const canvas = html('canvas', { width: DIGIT_SIDE, height: DIGIT_SIDE, class: 'digit', 'aria-label': `a ${label} read as ${predicted}` });
    canvas.getContext('2d')?.putImageData(new ImageData(digitRgba(m.pixels, ink), DIGIT_SIDE, DIGIT_SIDE), 0, 0);
    grid.append(html('div', { class: 'digit-card', 'data-testid': 'misclassified-digit', title: `test image #${m.index}: true ${label}, predicted ${predicted} with ${formatPercent(m.confidence, 1)} confidence` },
      canvas,
      html('div', { class: 'digit-caption' }, html('span', { class: 'true-label' }, label), ' → ', html('span', { class: 'predicted-label' }, predicted)),
      html('div', { class: 'digit-confidence' }, formatPercent(m.confidence, 0)),
    ));
  }
  section.append(grid);
  return section;
}
