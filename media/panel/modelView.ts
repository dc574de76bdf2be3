// The "Model" section: a Keras-style summary table and a drawing of the layers' graph with shapes.
import type { ModelSummary } from '../../client/src/panel/messages';
import { formatCount, formatShape } from '../../src/language/shapes';
import { edgePath, modelDiagram } from '../../client/src/panel/view/modelDiagram';
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

function diagram(summary: ModelSummary): SVGSVGElement {
  const drawing = modelDiagram(summary.layers);
  const root = svg('svg', {
    id: 'model-diagram',
    'data-testid': 'model-diagram',
    class: 'diagram',
    viewBox: `0 0 ${drawing.width} ${drawing.height}`,
    width: drawing.width,
    role: 'img',
    'aria-label': 'graph of the layers of the model',
  });
  for (const edge of drawing.edges) {
    root.append(svg('path', { class: 'connector', d: edgePath(edge.points), 'data-from': drawing.boxes[edge.from].name, 'data-to': drawing.boxes[edge.to].name }));
  }
  for (const box of drawing.boxes) {
    const middle = box.x + box.width / 2;
    root.append(
      svg('g', { class: box.hasWeights ? 'layer weights' : 'layer', 'data-name': box.name, 'data-rank': box.rank },
        svg('title', {}, `${box.name} (${box.type}): output ${box.shape}, ${box.params} params`),
        svg('rect', { x: box.x, y: box.y, width: box.width, height: box.height, rx: 4 }),
        svg('text', { class: 'layer-name', x: middle, y: box.y + 15, 'text-anchor': 'middle' }, `${box.name} (${box.type})`),
        svg('text', { class: 'layer-shape', x: middle, y: box.y + 29, 'text-anchor': 'middle' }, box.shape),
      ),
    );
  }
  return root;
}
