// The "Test results" section: headline figures, confusion-matrix heat map, per-class table and
// the misclassified digits.
import type { EvaluationResult, Misclassified } from '../../src/protocol/engine';
import type { EvaluationView } from '../../client/src/panel/messages';
import { classRows } from '../../client/src/panel/view/classTable';
import { confusionCells } from '../../client/src/panel/view/confusion';
import { DIGIT_SIDE, digitRgba, parseCssColour, type Rgb } from '../../client/src/panel/view/digits';
import { formatLoss, formatPercent } from '../../client/src/panel/view/format';
import { formatCount } from '../../src/language/shapes';
import { html, svg } from './dom';

export function evaluationSection(evaluation: EvaluationView | undefined): HTMLElement[] {
  if (!evaluation) return [html('p', { class: 'empty', 'data-testid': 'no-evaluation' }, 'No test results yet. They appear after training, or press Evaluate to test the latest run.')];
  const running = evaluation.status === 'running' ? html('p', { class: 'busy', 'data-testid': 'evaluation-running' }, 'Evaluating on the test set…') : undefined;
  const result = evaluation.result;
  if (!result) return running ? [running] : [html('p', { class: 'empty' }, 'The evaluation ended without results (see the output channel).')];
  return [
    ...(running ? [running] : []),
    headline(result, evaluation),
    html('div', { class: 'evaluation-grid' },
      html('figure', { class: 'confusion' }, html('figcaption', {}, 'Confusion matrix (rows: true digit, columns: predicted)'), confusionSvg(result)),
      html('figure', { class: 'classes' }, html('figcaption', {}, 'Per class'), classTable(result)),
    ),
    misclassifiedGrid(result.misclassified),
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
const LABEL = 22;

function confusionSvg(result: EvaluationResult): SVGSVGElement {
  const n = result.confusion.length;
  const side = LABEL + n * CELL;
  const root = svg('svg', { id: 'confusion-matrix', 'data-testid': 'confusion-matrix', viewBox: `0 0 ${side} ${side}`, role: 'img', 'aria-label': 'confusion matrix' });
  for (let i = 0; i < n; i++) {
    root.append(svg('text', { class: 'axis-label', x: LABEL + i * CELL + CELL / 2, y: LABEL - 7, 'text-anchor': 'middle' }, String(i)));
    root.append(svg('text', { class: 'axis-label', x: LABEL - 7, y: LABEL + i * CELL + CELL / 2 + 4, 'text-anchor': 'end' }, String(i)));
  }
  for (const cell of confusionCells(result.confusion)) {
    const x = LABEL + cell.predicted * CELL;
    const y = LABEL + cell.actual * CELL;
    const group = svg('g', { class: 'cell', 'data-testid': 'confusion-cell', 'data-actual': cell.actual, 'data-predicted': cell.predicted, 'data-count': cell.count });
    group.append(
      svg('title', {}, `true ${cell.actual}, predicted ${cell.predicted}: ${cell.count} (${formatPercent(cell.rowFraction, 1)} of ${cell.actual}s)`),
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
  const rows = classRows(result.perClass, result.confusion);
  return html('table', { class: 'per-class', id: 'per-class', 'data-testid': 'per-class' },
    html('thead', {}, html('tr', {}, ...['digit', 'images', 'accuracy', 'precision', 'recall', 'confused with'].map((h) => html('th', {}, h)))),
    html('tbody', {}, ...rows.map((r) => html('tr', { class: r.worst ? 'worst' : undefined },
      html('td', {}, String(r.label)),
      html('td', {}, formatCount(r.support)),
      html('td', {}, r.accuracy),
      html('td', {}, r.precision),
      html('td', {}, r.recall),
      html('td', {}, r.mostConfusedWith),
    ))));
}

function misclassifiedGrid(mistakes: readonly Misclassified[]): HTMLElement {
  const section = html('figure', { class: 'misclassified-section' },
    html('figcaption', {}, mistakes.length > 0 ? `Misclassified test digits, most confident mistakes first (${mistakes.length} shown)` : 'No misclassified test digits'));
  const grid = html('div', { class: 'digits', id: 'misclassified', 'data-testid': 'misclassified', 'data-count': mistakes.length });
  const ink = inkColour();
  for (const m of mistakes) {
    const canvas = html('canvas', { width: DIGIT_SIDE, height: DIGIT_SIDE, class: 'digit', 'aria-label': `a ${m.label} read as ${m.predicted}` });
    canvas.getContext('2d')?.putImageData(new ImageData(digitRgba(m.pixels, ink), DIGIT_SIDE, DIGIT_SIDE), 0, 0);
    grid.append(html('div', { class: 'digit-card', 'data-testid': 'misclassified-digit', title: `test image #${m.index}: true ${m.label}, predicted ${m.predicted} with ${formatPercent(m.confidence, 1)} confidence` },
      canvas,
      html('div', { class: 'digit-caption' }, html('span', { class: 'true-label' }, String(m.label)), ' → ', html('span', { class: 'predicted-label' }, String(m.predicted))),
      html('div', { class: 'digit-confidence' }, formatPercent(m.confidence, 0)),
    ));
  }
  section.append(grid);
  return section;
}

/** The theme's text colour as RGB: a canvas normalises any CSS colour through `fillStyle`. */
function inkColour(): Rgb {
  const fallback: Rgb = { r: 128, g: 128, b: 128 };
  const themed = getComputedStyle(document.body).getPropertyValue('--vscode-editor-foreground').trim() || getComputedStyle(document.body).color;
  const context = document.createElement('canvas').getContext('2d');
  if (!context) return parseCssColour(themed) ?? fallback;
  context.fillStyle = themed;
  return parseCssColour(String(context.fillStyle)) ?? fallback;
}
