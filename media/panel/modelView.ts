// The "Model" section: a Keras-style summary table and a drawing of the layers with shapes.
import type { ModelSummary } from '../../client/src/panel/messages';
import { formatCount, formatShape } from '../../client/src/panel/view/format';
import { layerBoxes } from '../../client/src/panel/view/modelDiagram';
import { html, svg } from './dom';

export function modelSection(summary: ModelSummary | undefined): HTMLElement[] {
  if (!summary) return [html('p', { class: 'empty' }, 'The model summary appears once the language server has read the file.')];
  const content = html('div', { class: 'model-grid' }, summaryTable(summary), diagram(summary));
  if (summary.errors === 0) return [content];
  const plural = summary.errors === 1 ? '' : 's';
  return [
    html('p', { class: 'error', 'data-testid': 'model-errors' }, `The model has ${summary.errors} error${plural} (see the Problems panel); shapes after the first error are unknown.`),
    content,
  ];
}

function summaryTable(summary: ModelSummary): HTMLElement {
  return html('table', { class: 'summary', id: 'model-summary', 'data-testid': 'model-summary' },
    html('thead', {}, html('tr', {}, html('th', {}, 'Layer (type)'), html('th', {}, 'Output Shape'), html('th', { class: 'number' }, 'Param #'))),
    html('tbody', {}, ...summary.layers.map((l) => html('tr', {},
      html('td', {}, `${l.name} (${l.type})`),
      html('td', { class: 'mono' }, formatShape(l.outputShape)),
      html('td', { class: 'number' }, l.params === null || l.params === undefined ? '?' : formatCount(l.params)),
    ))),
    html('tfoot', {},
      html('tr', {}, html('td', { colspan: 2 }, 'Total params'), html('td', { class: 'number', 'data-testid': 'total-params' }, formatCount(summary.totalParams))),
      html('tr', {}, html('td', { colspan: 2 }, 'Trainable params'), html('td', { class: 'number' }, formatCount(summary.trainableParams))),
      html('tr', {}, html('td', { colspan: 2 }, 'Non-trainable params'), html('td', { class: 'number' }, formatCount(summary.totalParams - summary.trainableParams))),
    ),
  );
}

const ROW = 46;
const BOX = 30;
const WIDTH = 360;

function diagram(summary: ModelSummary): SVGSVGElement {
  const boxes = layerBoxes(summary.layers);
  const height = Math.max(ROW, boxes.length * ROW);
  const root = svg('svg', { id: 'model-diagram', 'data-testid': 'model-diagram', class: 'diagram', viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-label': 'layers of the model' });
  boxes.forEach((box, i) => {
    const width = box.widthFraction * (WIDTH - 20);
    const x = (WIDTH - width) / 2;
    const y = i * ROW + 2;
    if (i > 0) root.append(svg('line', { class: 'connector', x1: WIDTH / 2, x2: WIDTH / 2, y1: y - (ROW - BOX) + 2, y2: y }));
    root.append(
      svg('g', { class: box.hasWeights ? 'layer weights' : 'layer' },
        svg('title', {}, `${box.name}: output ${box.shape}, ${box.params} params`),
        svg('rect', { x, y, width, height: BOX, rx: 4 }),
        svg('text', { x: WIDTH / 2, y: y + BOX / 2 + 4, 'text-anchor': 'middle' }, `${box.type} ${box.shape}`),
      ),
    );
  });
  return root;
}
