// Draws a ChartModel (client/src/panel/view/chart.ts) as SVG. Colours come from panel.css
// classes (theme variables); this file only places things.
import { linePath, scaleX, scaleY, type ChartModel, type PlotArea } from '../../client/src/panel/view/chart';
import { formatLoss } from '../../client/src/panel/view/format';
import { html, svg } from './dom';

const AREA: PlotArea = { width: 480, height: 240, left: 48, right: 12, top: 12, bottom: 32 };

export function chartFigure(model: ChartModel, testId: string): HTMLElement {
  const figure = html('figure', { class: 'chart', id: testId, 'data-testid': testId, 'data-points': model.series.reduce((n, s) => n + s.points.length, 0) });
  figure.append(html('figcaption', {}, model.title));
  figure.append(chartSvg(model));
  figure.append(legend(model));
  return figure;
}

function chartSvg(model: ChartModel): SVGSVGElement {
  const root = svg('svg', { viewBox: `0 0 ${AREA.width} ${AREA.height}`, role: 'img', 'aria-label': `${model.title} per epoch` });
  const plotRight = AREA.width - AREA.right;
  const plotBottom = AREA.height - AREA.bottom;

  for (const tick of model.yTicks) {
    const y = scaleY(model, AREA, tick);
    root.append(svg('line', { class: 'grid', x1: AREA.left, x2: plotRight, y1: y, y2: y }));
    root.append(svg('text', { class: 'tick', x: AREA.left - 6, y: y + 4, 'text-anchor': 'end' }, tickLabel(model, tick)));
  }
  for (const tick of model.xTicks) {
    const x = scaleX(model, AREA, tick);
    root.append(svg('line', { class: 'grid grid-x', x1: x, x2: x, y1: AREA.top, y2: plotBottom }));
    root.append(svg('text', { class: 'tick', x, y: plotBottom + 16, 'text-anchor': 'middle' }, String(tick)));
  }
  root.append(svg('text', { class: 'axis-title', x: (AREA.left + plotRight) / 2, y: AREA.height - 2, 'text-anchor': 'middle' }, 'epoch'));
  root.append(svg('line', { class: 'axis', x1: AREA.left, x2: plotRight, y1: plotBottom, y2: plotBottom }));

  for (const series of model.series) {
    root.append(svg('path', { class: `line series-${series.id}`, d: linePath(model, AREA, series.points) }));
    if (!series.markers) continue;
    for (const p of series.points) {
      root.append(
        svg('circle', { class: `marker series-${series.id}`, cx: scaleX(model, AREA, p.x), cy: scaleY(model, AREA, p.y), r: 3.5 },
          svg('title', {}, `${series.label}, epoch ${p.x}: ${tickLabel(model, p.y, true)}`)),
      );
    }
  }
  if (model.series.length === 0) {
    root.append(svg('text', { class: 'empty-chart', x: (AREA.left + plotRight) / 2, y: (AREA.top + plotBottom) / 2, 'text-anchor': 'middle' }, 'waiting for the first batch…'));
  }
  return root;
}

function tickLabel(model: ChartModel, value: number, precise = false): string {
  if (model.metric === 'accuracy') return `${(value * 100).toFixed(precise ? 2 : value * 100 % 1 === 0 ? 0 : 1)}%`;
  return precise ? formatLoss(value) : String(value);
}

function legend(model: ChartModel): HTMLElement {
  return html('div', { class: 'legend' },
    ...model.series.map((s) => html('span', { class: 'legend-item' }, html('span', { class: `swatch series-${s.id}` }), s.label)));
}
