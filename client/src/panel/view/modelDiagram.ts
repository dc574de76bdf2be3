// The drawing of the model's graph, as plain geometry (the webview turns it into SVG): a
// layered DAG. Each layer sits one row below the deepest of its inputs, so the branches of a
// block stand side by side and a merge sits below all of them; an edge that skips rows passes
// through its own column beside the layers it skips (Sugiyama's dummy nodes), so it never runs
// through a box. A chain is one column. A box's width grows with the log of its output size, so
// the funnel from 784 inputs to 10 classes is visible at a glance.
import type { SummaryLayer } from '../messages';
import { formatCount, formatShape } from '../../../../src/language/shapes';
import { largest } from '../../../../src/language/extremes';

export interface Point {
  x: number;
  y: number;
}

export interface DiagramBox {
  name: string;
  type: string;
  shape: string;
  params: string;
  /** Layers with weights are drawn filled; shape-only layers (Flatten, Dropout, ...) outlined. */
  hasWeights: boolean;
  /** Row of the drawing: 0 for inputs, else one below the deepest input. */
  rank: number;
  /** Top-left corner and size, in the drawing's units. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DiagramEdge {
  /** Indices into `boxes` (names may repeat in a model with errors) of the feeding and the fed layer. */
  from: number;
  to: number;
  /** From the bottom of `from`'s box to the top of `to`'s, through the rows it skips. */
  points: Point[];
}

export interface ModelDiagram {
  width: number;
  height: number;
  boxes: DiagramBox[];
  edges: DiagramEdge[];
}

/** Drawing units: a chain is one 360-wide column; a graph gets at least COLUMN per slot of its widest row. */
const MIN_WIDTH = 360;
const COLUMN = 200;
const ROW = 58;
const BOX_HEIGHT = 36;
const MARGIN = 10;
/** Smallest box, as a fraction of its column: room for `name (Type)`. */
const MIN_FRACTION = 0.45;

/** One slot of a row: a layer, or the passage of an edge that skips the row. */
type Slot = { kind: 'layer'; layer: number } | { kind: 'passage'; edge: number };

interface Edge {
  from: number;
  to: number;
  /** Slot per skipped row, from the row below `from` down to the row above `to`. */
  passages: Slot[];
}

export function modelDiagram(layers: readonly SummaryLayer[]): ModelDiagram {
  const inputs = resolveInputs(layers);
  const ranks: number[] = [];
  inputs.forEach((feeding, i) => (ranks[i] = feeding.length === 0 ? 0 : 1 + largest(feeding.map((j) => ranks[j]))));

  const rows: Slot[][] = Array.from({ length: largest(ranks.map((r) => r + 1), 0) }, () => []);
  const layerSlot: Slot[] = layers.map((_, layer) => ({ kind: 'layer', layer }));
  layerSlot.forEach((slot, i) => rows[ranks[i]].push(slot));
  const edges: Edge[] = [];
  inputs.forEach((feeding, to) => {
    for (const from of feeding) {
      const edge: Edge = { from, to, passages: [] };
      for (let rank = ranks[from] + 1; rank < ranks[to]; rank++) {
        const passage: Slot = { kind: 'passage', edge: edges.length };
        edge.passages.push(passage);
        rows[rank].push(passage);
      }
      edges.push(edge);
    }
  });
  // The edges into each layer, found once: a lookup per slot would make big models quadratic.
  const arriving: Edge[][] = layers.map(() => []);
  for (const edge of edges) arriving[edge.to].push(edge);
  orderRows(rows, (slot) => predecessors(slot, edges, arriving, layerSlot));

  const slotsWide = largest(rows.map((row) => row.length), 1);
  const width = Math.max(MIN_WIDTH, slotsWide * COLUMN);
  const column = width / slotsWide;
  const centre = new Map<Slot, Point>();
  rows.forEach((row, rank) => row.forEach((slot, i) => centre.set(slot, { x: width / 2 + (i - (row.length - 1) / 2) * column, y: MARGIN + rank * ROW + BOX_HEIGHT / 2 })));

  const sizes = layers.map((l) => elementCount(l.outputShape));
  const maxLog = largest(sizes.map((s) => Math.log10(s + 1)), 1);
  const boxes = layers.map((layer, i): DiagramBox => {
    const boxWidth = (column - 2 * MARGIN) * (MIN_FRACTION + (1 - MIN_FRACTION) * (Math.log10(sizes[i] + 1) / maxLog));
    const at = centre.get(layerSlot[i])!;
    return {
      name: layer.name,
      type: layer.type,
      shape: formatShape(layer.outputShape),
      params: layer.params === null || layer.params === undefined ? '?' : formatCount(layer.params),
      hasWeights: (layer.params ?? 0) > 0,
      rank: ranks[i],
      x: at.x - boxWidth / 2,
      y: at.y - BOX_HEIGHT / 2,
      width: boxWidth,
      height: BOX_HEIGHT,
    };
  });

  return {
    width,
    height: Math.max(ROW, rows.length * ROW - (ROW - BOX_HEIGHT) + 2 * MARGIN),
    boxes,
    edges: edges.map((edge) => ({
      from: edge.from,
      to: edge.to,
      points: [
        { x: centre.get(layerSlot[edge.from])!.x, y: boxes[edge.from].y + BOX_HEIGHT },
        ...edge.passages.flatMap((slot) => {
          const at = centre.get(slot)!;
          return [{ x: at.x, y: at.y - BOX_HEIGHT / 2 }, { x: at.x, y: at.y + BOX_HEIGHT / 2 }];
        }),
        { x: entryX(edge, arriving[edge.to], boxes, centre, layerSlot), y: boxes[edge.to].y },
      ],
    })),
  };
}

/** SVG path data for an edge: straight through the rows it skips, an S-curve between rows. */
export function edgePath(points: readonly Point[]): string {
  const [first, ...rest] = points;
  let d = `M ${round(first.x)} ${round(first.y)}`;
  let previous = first;
  for (const point of rest) {
    if (point.x === previous.x) d += ` L ${round(point.x)} ${round(point.y)}`;
    else {
      const middle = round((previous.y + point.y) / 2);
      d += ` C ${round(previous.x)} ${middle} ${round(point.x)} ${middle} ${round(point.x)} ${round(point.y)}`;
    }
    previous = point;
  }
  return d;
}

/**
 * Indices of each layer's inputs. Names that are unknown, defined further down or repeated
 * are errors the Problems panel reports; the drawing leaves their edges out.
 */
function resolveInputs(layers: readonly SummaryLayer[]): number[][] {
  const index = new Map<string, number>();
  return layers.map((layer, i) => {
    const feeding = [...new Set(layer.inputs.map((name) => index.get(name)).filter((j): j is number => j !== undefined))];
    if (!index.has(layer.name)) index.set(layer.name, i);
    return feeding;
  });
}

function predecessors(slot: Slot, edges: readonly Edge[], arriving: readonly (readonly Edge[])[], layerSlot: readonly Slot[]): Slot[] {
  if (slot.kind === 'passage') {
    const edge = edges[slot.edge];
    const at = edge.passages.indexOf(slot);
    return [at === 0 ? layerSlot[edge.from] : edge.passages[at - 1]];
  }
  return arriving[slot.layer].map((edge) => edge.passages.at(-1) ?? layerSlot[edge.from]);
}

/**
 * Orders every row below the first by the mean position of what feeds each slot (the barycentre
 * heuristic: few crossings); ties keep layers before passages, then file order.
 */
function orderRows(rows: Slot[][], feeding: (slot: Slot) => Slot[]): void {
  const position = new Map<Slot, number>();
  rows.forEach((row, rank) => {
    const keyed = row.map((slot, order) => {
      const sources = feeding(slot).map((s) => position.get(s)).filter((p): p is number => p !== undefined);
      const barycentre = rank === 0 || sources.length === 0 ? order : sources.reduce((a, b) => a + b, 0) / sources.length;
      return { slot, barycentre, passage: slot.kind === 'passage' ? 1 : 0, order };
    });
    keyed.sort((a, b) => a.barycentre - b.barycentre || a.passage - b.passage || a.order - b.order);
    keyed.forEach((k, i) => (row[i] = k.slot));
    // Positions are centred like the drawing's columns, so rows of different widths line up.
    row.forEach((slot, i) => position.set(slot, i - (row.length - 1) / 2));
  });
}

/** Where an edge enters its layer's box (`arriving`: all edges into it): several inputs spread over the top, left to right as they arrive. */
function entryX(edge: Edge, arriving: readonly Edge[], boxes: readonly DiagramBox[], centre: ReadonlyMap<Slot, Point>, layerSlot: readonly Slot[]): number {
  const box = boxes[edge.to];
  if (arriving.length === 1) return box.x + box.width / 2;
  const lastX = (e: Edge) => centre.get(e.passages.at(-1) ?? layerSlot[e.from])!.x;
  const ordered = [...arriving].sort((a, b) => lastX(a) - lastX(b) || a.from - b.from);
  return box.x + ((ordered.indexOf(edge) + 1) / (arriving.length + 1)) * box.width;
}

/** Elements of one sample (batch dimension left out); 0 when the shape is unknown. */
function elementCount(shape: SummaryLayer['outputShape']): number {
  if (!shape) return 0;
  return shape.slice(1).reduce<number>((product, d) => product * (d ?? 1), 1);
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
