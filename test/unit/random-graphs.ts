// Seeded random graph models for the property test against tfjs: the blocks people build after
// their first chain (residual blocks, projection shortcuts, Inception-style concatenation,
// squeeze-and-excitation gates, Dense branches joined by every merge layer), stacked with
// random chain layers in between. Sizes are random and now and then wrong (a branch with other
// filters, a concatenation along a spatial axis, a Subtract of three), so the test sees graphs
// both sides accept and graphs both must refuse. Besides the text, the generator returns the
// graph it meant, for the test to hold the analyzer's inputs to.
import type { Random } from '../support/seeded-random';
import { integer, mergeLayerTypes, pick, randomLayerLine, wrap } from './random-models';

/** One layer of a generated graph; `inputs` are indices into the graph's nodes (0 is `Input`). */
export interface GraphNode {
  type: string;
  inputs: number[];
}

export interface GeneratedGraph {
  text: string;
  inputShape: number[];
  /** In file order, `Input` first. */
  nodes: GraphNode[];
}

/** A layer as first drawn: written later, once it is known which layers need a name. */
interface Draft {
  type: string;
  args: string;
  inputs: number[];
  /** The role a binding is named after (`skip`, `gate`, ...). */
  role: string;
}

const MERGES = mergeLayerTypes;
const ELEMENTWISE = MERGES.filter((type) => type !== 'Concatenate');

/**
 * Draws the layers with every one bound (so the shapes seen while drawing don't depend on the
 * final spelling), then writes the text: a layer fed by the line above is written without a
 * call now and then, and only the layers referred to keep a binding (plus some at random).
 */
export function generateGraphModel(random: Random, shapeOf: (text: string) => number[] | undefined): GeneratedGraph {
  const inputShape = pick(random, [
    () => [integer(random, 6, 12), integer(random, 6, 12), integer(random, 1, 4)],
    () => [integer(random, 6, 12), integer(random, 6, 12), integer(random, 1, 4)],
    () => [integer(random, 2, 24)],
    () => [integer(random, 4, 12), integer(random, 1, 6)],
  ])();
  const drafts: Draft[] = [{ type: 'Input', args: `shape=[${inputShape.join(', ')}]`, inputs: [], role: 'x' }];
  const shapes: (number[] | undefined)[] = [inputShape];
  const add = (draft: Draft): number => {
    drafts.push(draft);
    shapes.push(shapeOf(writeAllBound(drafts)));
    return drafts.length - 1;
  };
  let current = 0;
  const blocks = integer(random, 1, 3);
  for (let block = 0; block < blocks; block++) {
    const shape = shapes[current];
    if (shape === undefined) break;
    current = drawBlock(random, shape, current, add);
    if (random() < 0.4) {
      const line = randomLayerLine(random, shapes[current]);
      current = add({ type: line.type, args: line.args, inputs: [current], role: 'h' });
    }
  }
  if (random() < 0.5 && shapes[current] !== undefined) {
    if ((shapes[current]?.length ?? 0) > 1) current = add({ type: 'Flatten', args: '', inputs: [current], role: 'flat' });
    add({ type: 'Dense', args: `${integer(random, 2, 10)}, activation=softmax`, inputs: [current], role: 'scores' });
  }
  return { text: writeGraph(random, drafts), inputShape, nodes: drafts.map(({ type, inputs }) => ({ type, inputs })) };
}

type Add = (draft: Draft) => number;

/** One block on the output of node `from` (shape without the batch axis); returns the block's output node. */
function drawBlock(random: Random, shape: number[], from: number, add: Add): number {
  if (shape.length === 3) {
    return pick(random, [residualBlock, projectionShortcut, inceptionBlock, squeezeExcitation])(random, shape, from, add);
  }
  if (shape.length === 2) return sequenceBranches(random, shape, from, add);
  return denseBranches(random, shape, from, add);
}

/** `a = Conv2D(c, 3, same, relu)(t)`, `b = Conv2D(c, 3, same)(a)`, `Add()([t, b])`: now and then with other filters or valid padding. */
function residualBlock(random: Random, shape: number[], from: number, add: Add): number {
  const channels = random() < 0.85 ? (shape[2] as number) : integer(random, 1, 6);
  const padding = random() < 0.9 ? 'same' : 'valid';
  const a = add({ type: 'Conv2D', args: `${channels}, 3, padding=${padding}, activation=relu`, inputs: [from], role: 'conv' });
  const b = add({ type: 'Conv2D', args: `${channels}, 3, padding=same`, inputs: [a], role: 'conv' });
  const merge = random() < 0.7 ? 'Add' : pick(random, ELEMENTWISE);
  return add({ type: merge, args: '', inputs: random() < 0.5 ? [from, b] : [b, from], role: 'res' });
}

/** The main path changes filters (and strides), so the skip is a 1x1 convolution with the same. */
function projectionShortcut(random: Random, _shape: number[], from: number, add: Add): number {
  const filters = integer(random, 2, 8);
  const strides = pick(random, [1, 2]);
  const skipStrides = random() < 0.9 ? strides : 3 - strides;
  const main1 = add({ type: 'Conv2D', args: `${filters}, 3, strides=${strides}, padding=same, activation=relu`, inputs: [from], role: 'conv' });
  const main2 = add({ type: 'Conv2D', args: `${filters}, 3, padding=same`, inputs: [main1], role: 'conv' });
  const skip = add({ type: 'Conv2D', args: `${filters}, 1, strides=${skipStrides}${random() < 0.5 ? ', padding=same' : ''}`, inputs: [from], role: 'skip' });
  return add({ type: pick(random, ['Add', 'Add', ...ELEMENTWISE]), args: '', inputs: [main2, skip], role: 'res' });
}

/** Two to four branches (1x1, kxk, 1x1 then kxk, pooling) joined by `Concatenate`, usually on the channels. */
function inceptionBlock(random: Random, _shape: number[], from: number, add: Add): number {
  const branches: number[] = [];
  const count = integer(random, 2, 4);
  for (let i = 0; i < count; i++) {
    const filters = integer(random, 1, 6);
    const kind = integer(random, 0, 3);
    if (kind === 0) branches.push(add({ type: 'Conv2D', args: `${filters}, 1, activation=relu`, inputs: [from], role: 'branch' }));
    else if (kind === 1) branches.push(add({ type: 'Conv2D', args: `${filters}, ${pick(random, [3, 5])}, padding=same, activation=relu`, inputs: [from], role: 'branch' }));
    else if (kind === 2) {
      const reduce = add({ type: 'Conv2D', args: `${filters}, 1, activation=relu`, inputs: [from], role: 'reduce' });
      branches.push(add({ type: 'Conv2D', args: `${integer(random, 1, 6)}, 3, padding=${random() < 0.9 ? 'same' : 'valid'}`, inputs: [reduce], role: 'branch' }));
    } else {
      const pooling = pick(random, ['MaxPooling2D', 'AveragePooling2D']);
      branches.push(add({ type: pooling, args: `3, strides=1, padding=same`, inputs: [from], role: 'pool' }));
    }
  }
  const axis = random() < 0.75 ? '' : `axis=${pick(random, [-1, 3, 1, 2, -2, -3])}`;
  return add({ type: 'Concatenate', args: axis, inputs: branches, role: 'mixed' });
}

/** `GlobalAveragePooling2D`, a bottleneck Dense, a sigmoid Dense, `Reshape([1, 1, C])`, then `Multiply` with the block input. */
function squeezeExcitation(random: Random, shape: number[], from: number, add: Add): number {
  const channels = shape[2] as number;
  const squeezed = add({ type: 'GlobalAveragePooling2D', args: '', inputs: [from], role: 'squeeze' });
  const bottleneck = add({ type: 'Dense', args: `${Math.max(1, Math.floor(channels / integer(random, 1, 4)))}, activation=relu`, inputs: [squeezed], role: 'excite' });
  const units = random() < 0.9 ? channels : integer(random, 1, 6);
  const weights = add({ type: 'Dense', args: `${units}, activation=sigmoid`, inputs: [bottleneck], role: 'excite' });
  // The Keras gate is [1, 1, C]; [C] alone broadcasts too (tfjs lines ranks up), [1, C] as well.
  const target = pick(random, [`[1, 1, ${units}]`, `[1, 1, ${units}]`, `[1, ${units}]`]);
  const gate = add({ type: 'Reshape', args: target, inputs: [weights], role: 'gate' });
  return add({ type: 'Multiply', args: '', inputs: random() < 0.5 ? [from, gate] : [gate, from], role: 'scaled' });
}

/** Two or three Dense branches (sometimes two layers deep, sometimes of width 1, which broadcasts) joined by any merge. */
function denseBranches(random: Random, _shape: number[], from: number, add: Add): number {
  const merge = pick(random, MERGES);
  const width = integer(random, 1, 10);
  const count = merge === 'Subtract' && random() < 0.85 ? 2 : integer(random, 2, 3);
  const branches: number[] = [];
  for (let i = 0; i < count; i++) {
    const units = random() < 0.75 ? width : pick(random, [1, integer(random, 1, 10)]);
    let branch = add({ type: 'Dense', args: `${units}, activation=${pick(random, ['relu', 'tanh', 'linear'])}`, inputs: [from], role: 'branch' });
    if (random() < 0.3) branch = add({ type: 'Dense', args: `${units}`, inputs: [branch], role: 'branch' });
    branches.push(branch);
  }
  // Now and then the merge also takes the block input itself.
  if (random() < 0.2) branches.push(from);
  return add({ type: merge, args: merge === 'Concatenate' && random() < 0.3 ? `axis=${pick(random, [-1, 1, 0])}` : '', inputs: branches, role: 'merged' });
}

/** Conv1D branches over a sequence, joined along the features or the steps. */
function sequenceBranches(random: Random, _shape: number[], from: number, add: Add): number {
  const filters = integer(random, 1, 6);
  const a = add({ type: 'Conv1D', args: `${filters}, ${integer(random, 1, 3)}, padding=same, activation=relu`, inputs: [from], role: 'branch' });
  const b = add({ type: 'Conv1D', args: `${random() < 0.8 ? filters : integer(random, 1, 6)}, 1`, inputs: [from], role: 'branch' });
  const merge = pick(random, MERGES);
  return add({ type: merge, args: merge === 'Concatenate' ? pick(random, ['', 'axis=1', 'axis=-1']) : '', inputs: [a, b], role: 'merged' });
}

function bindingName(draft: Draft, index: number): string {
  return `${draft.role}${index}`;
}

/** Every layer bound and called with its inputs: the spelling used while drawing. */
function writeAllBound(drafts: readonly Draft[]): string {
  return wrap(drafts.map((draft, index) => `    ${bindingName(draft, index)} = ${call(draft)}${references(draft.inputs.map((i) => bindingName(drafts[i] as Draft, i)), false)}`));
}

function call(draft: Draft): string {
  return `${draft.type}(${draft.args})`;
}

/** `(a)`, `([a, b])`, or now and then the synonym `(a, b)`. */
function references(names: readonly string[], synonym: boolean): string {
  if (names.length === 0) return '';
  if (names.length === 1) return `(${names[0]})`;
  return synonym ? `(${names.join(', ')})` : `([${names.join(', ')}])`;
}

function writeGraph(random: Random, drafts: readonly Draft[]): string {
  // A layer fed only by the line above may take it implicitly; every other reference names its layer.
  const implicit = drafts.map((draft, index) => index > 0 && draft.inputs.length === 1 && draft.inputs[0] === index - 1 && random() < 0.6);
  const named = new Set<number>();
  drafts.forEach((draft, index) => {
    if (!implicit[index]) for (const input of draft.inputs) named.add(input);
  });
  const lines = drafts.map((draft, index) => {
    const binding = named.has(index) || random() < 0.2 ? `${bindingName(draft, index)} = ` : '';
    const inputs = implicit[index] ? '' : references(draft.inputs.map((i) => bindingName(drafts[i] as Draft, i)), random() < 0.15);
    return `    ${binding}${call(draft)}${inputs}`;
  });
  return wrap(lines);
}
