// The panel's drawing of the model graph (pure geometry): a chain is one column, branches stand
// side by side, a merge sits below them and joins them, a skip connection passes beside the
// layers it skips, never through a box.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SummaryLayer } from '../../client/src/panel/messages';
import { edgePath, modelDiagram, type DiagramBox, type ModelDiagram } from '../../client/src/panel/view/modelDiagram';

function layer(name: string, type: string, inputs: string[], outputShape: SummaryLayer['outputShape'], params: number | null = 0): SummaryLayer {
  return { type, name, inputs, line: 0, inputShape: null, outputShape, params, trainableParams: params };
}

const centreX = (box: DiagramBox) => box.x + box.width / 2;
const boxOf = (drawing: ModelDiagram, name: string) => drawing.boxes.find((b) => b.name === name)!;
const edgeOf = (drawing: ModelDiagram, from: string, to: string) => drawing.edges.find((e) => drawing.boxes[e.from].name === from && drawing.boxes[e.to].name === to)!;
const edgeNames = (drawing: ModelDiagram) => drawing.edges.map((e) => `${drawing.boxes[e.from].name}→${drawing.boxes[e.to].name}`);

/** Holds for every drawing: boxes inside it and apart, edges start and end on their boxes and cross no other box. */
function assertWellFormed(drawing: ModelDiagram): void {
  for (const box of drawing.boxes) {
    assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= drawing.width && box.y + box.height <= drawing.height, `${box.name} inside`);
    for (const other of drawing.boxes) {
      if (other === box) continue;
      const apart = box.x + box.width <= other.x || other.x + other.width <= box.x || box.y + box.height <= other.y || other.y + other.height <= box.y;
      assert.ok(apart, `${box.name} and ${other.name} overlap`);
    }
  }
  for (const edge of drawing.edges) {
    const [from, to] = [drawing.boxes[edge.from], drawing.boxes[edge.to]];
    const [first, last] = [edge.points[0], edge.points.at(-1)!];
    assert.deepEqual([first.x, first.y], [centreX(from), from.y + from.height], `${from.name}→${to.name} leaves the bottom middle of ${from.name}`);
    assert.equal(last.y, to.y, `${from.name}→${to.name} enters the top of ${to.name}`);
    assert.ok(last.x > to.x && last.x < to.x + to.width);
    for (const point of edge.points.slice(1, -1)) {
      for (const box of drawing.boxes) {
        const inside = point.x >= box.x && point.x <= box.x + box.width && point.y >= box.y && point.y <= box.y + box.height;
        assert.ok(!inside, `${from.name}→${to.name} runs through ${box.name}`);
      }
    }
  }
}

test('a chain is one column: boxes one below the other, straight connectors, wider boxes for bigger outputs', () => {
  const drawing = modelDiagram([
    layer('input', 'Input', [], [null, 784]),
    layer('dense', 'Dense', ['input'], [null, 64], 50240),
    layer('dense_1', 'Dense', ['dense'], [null, 10], 650),
    layer('dense_2', 'Dense', ['dense_1'], null, null),
  ]);
  assertWellFormed(drawing);
  assert.equal(drawing.width, 360);
  assert.deepEqual(drawing.boxes.map((b) => b.rank), [0, 1, 2, 3]);
  assert.deepEqual(new Set(drawing.boxes.map(centreX)), new Set([180]));
  assert.ok(drawing.boxes.every((b, i) => i === 0 || b.y > drawing.boxes[i - 1].y + b.height));
  const [input, dense, dense1, unknown] = drawing.boxes;
  assert.ok(input.width > dense.width && dense.width > dense1.width && unknown.width > 0);
  assert.deepEqual(drawing.boxes.map((b) => b.hasWeights), [false, true, true, false]);
  assert.deepEqual([dense.params, dense.shape, unknown.shape, unknown.params], ['50,240', '[null, 64]', '?', '?']);
  assert.deepEqual(edgeNames(drawing), ['input→dense', 'dense→dense_1', 'dense_1→dense_2']);
  for (const edge of drawing.edges) assert.equal(edge.points.length, 2);
  assert.equal(edgePath(drawing.edges[0].points), `M 180 ${input.y + input.height} L 180 ${dense.y}`);
});

test('Inception-style branches stand side by side; the Concatenate below joins them left to right', () => {
  const drawing = modelDiagram([
    layer('x', 'Input', [], [null, 28, 28, 1]),
    layer('a', 'Conv2D', ['x'], [null, 28, 28, 8], 16),
    layer('b', 'Conv2D', ['x'], [null, 28, 28, 8], 80),
    layer('c', 'MaxPooling2D', ['x'], [null, 28, 28, 1]),
    layer('m', 'Concatenate', ['a', 'b', 'c'], [null, 28, 28, 17]),
    layer('flatten', 'Flatten', ['m'], [null, 13328]),
  ]);
  assertWellFormed(drawing);
  const [x, a, b, c, m, flatten] = drawing.boxes;
  assert.deepEqual(drawing.boxes.map((box) => box.rank), [0, 1, 1, 1, 2, 3]);
  assert.ok(drawing.width >= 3 * 200, 'a column per branch');
  assert.ok(a.y === b.y && b.y === c.y, 'the branches share a row');
  assert.ok(centreX(a) < centreX(b) && centreX(b) < centreX(c), 'in file order');
  assert.equal(centreX(b), centreX(x));
  assert.equal(centreX(m), centreX(b), 'the merge is centred under its branches');
  assert.equal(centreX(flatten), centreX(m));
  const entries = ['a', 'b', 'c'].map((name) => edgeOf(drawing, name, 'm').points.at(-1)!.x);
  assert.ok(entries[0] < entries[1] && entries[1] < entries[2], 'the three inputs enter the merge apart, without crossing');
  assert.ok(edgePath(edgeOf(drawing, 'a', 'm').points).includes(' C '), 'a branch curves into the merge');
});

test('a residual block: the skip connection passes beside the layers it skips and meets them at the Add', () => {
  const drawing = modelDiagram([
    layer('x', 'Input', [], [null, 28, 28, 1]),
    layer('stem', 'Conv2D', ['x'], [null, 28, 28, 16], 160),
    layer('a', 'Conv2D', ['stem'], [null, 28, 28, 16], 2320),
    layer('b', 'Conv2D', ['a'], [null, 28, 28, 16], 2320),
    layer('r', 'Add', ['stem', 'b'], [null, 28, 28, 16]),
    layer('max_pooling2d', 'MaxPooling2D', ['r'], [null, 14, 14, 16]),
    layer('flatten', 'Flatten', ['max_pooling2d'], [null, 3136]),
    layer('dense', 'Dense', ['flatten'], [null, 10], 31370),
  ]);
  assertWellFormed(drawing);
  assert.deepEqual(drawing.boxes.map((box) => box.rank), [0, 1, 2, 3, 4, 5, 6, 7]);
  const skip = edgeOf(drawing, 'stem', 'r');
  assert.equal(skip.points.length, 2 + 2 * 2, 'through the rows of a and b');
  const [a, b] = [boxOf(drawing, 'a'), boxOf(drawing, 'b')];
  const passage = skip.points[1].x;
  assert.equal(skip.points[2].x, passage);
  assert.ok(passage > a.x + a.width && passage > b.x + b.width, 'the main path on the left, the shortcut on its right');
  assert.equal(centreX(a), centreX(b), 'the main path is straight');
  assert.equal(centreX(boxOf(drawing, 'r')), centreX(boxOf(drawing, 'stem')));
  const entries = [edgeOf(drawing, 'b', 'r'), skip].map((e) => e.points.at(-1)!.x);
  assert.ok(entries[0] < entries[1]);
});

test('references the analysis rejects (unknown, further down, repeated) draw no edge and break nothing', () => {
  const drawing = modelDiagram([
    layer('x', 'Input', [], [null, 4]),
    layer('d', 'Dense', ['nowhere'], null, null),
    layer('e', 'Dense', ['later', 'x', 'x'], [null, 2], 10),
    layer('later', 'Dense', ['e'], [null, 2], 6),
    layer('later', 'Dense', ['later'], [null, 2], 6),
  ]);
  assertWellFormed(drawing);
  assert.deepEqual(edgeNames(drawing), ['x→e', 'e→later', 'later→later']);
  assert.deepEqual(drawing.boxes.map((box) => box.rank), [0, 0, 1, 2, 3]);
  assert.deepEqual(modelDiagram([]).boxes, []);
});
