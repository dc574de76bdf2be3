// The walk over a model's graph: catalogue lookup, argument binding, names (the binding, else
// Keras auto names), shape inference, parameter counts and formulas. A layer that can't be
// inferred gets no output shape; the layers it feeds get none either, but every layer still
// gets its name, arguments and checks.
import { findLayer, layers as catalogue } from './catalogue';
import type { ArgSpec, Arity, LayerEntry } from './catalogue/types';
import { insertLineAbove, suggestionFixes } from './fixes';
import type { SourceText } from './text';
import type { Reporter } from './report';
import { bindArguments, type BoundArguments, convertValue } from './resolve';
import { formatShape } from './shapes';
import { didYouMean } from './suggest';
import { inputsOf } from './graph';
import type { ArgumentNode, AnalyzedLayer, GraphNode, LayerNode, ModelGraph, ModelNode, QuickFix, Range, Shape, ValueNode } from './types';

export interface LayerState {
  layer: AnalyzedLayer;
  /** Undefined for an unknown layer type. */
  entry?: LayerEntry;
  /** The value node of every argument given, by Keras name (for ranges and fixes). */
  values: ReadonlyMap<string, ValueNode>;
  /** The layer has an error of its own: no formula, and no spec. */
  failed: boolean;
  /** The config holds every argument the shape rule reads (none missing or unusable). */
  shapeReady: boolean;
}

const layerTypes = catalogue.map((entry) => entry.type);
/** The values of a layer that binds none (an unknown type): one shared empty map, not one per layer. */
const noValues: ReadonlyMap<string, ValueNode> = new Map();
const inputShapeSpec = findLayer('Input')?.args[0] as ArgSpec;

/**
 * Walks the model's graph in file order (a topological order: a node's inputs come before
 * it). Node `id`'s state is `states[id]`; its input shapes are its inputs' output shapes.
 */
export function analyzeLayers(model: ModelNode, graph: ModelGraph, reporter: Reporter, source: SourceText): LayerState[] {
  const states: LayerState[] = [];
  const bound = new Set<string>();
  for (const node of model.layers) if (node.binding) bound.add(node.binding.name.name);
  const nameCounts = new Map<string, number>();
  let inputSeen = false;
  let weightIndex = 0;

  model.layers.forEach((node, id) => {
    const entry = findLayer(node.type.name);
    const layer: AnalyzedLayer = {
      node,
      type: entry?.type ?? node.type.name,
      name: node.binding?.name.name ?? autoName(entry?.namePrefix ?? node.type.name.toLowerCase(), nameCounts, bound),
      line: node.type.range.start.line,
      config: {},
    };
    const state: LayerState = { layer, entry, values: noValues, failed: true, shapeReady: false };
    states.push(state);
    if (!entry) {
      reportUnknownLayer(node, reporter);
      return;
    }

    const errorsBefore = reporter.diagnostics.length;
    const keras = entry.type === 'Input' ? undefined : kerasInputShape(node, id === 0, reporter, source);
    const args = keras ? node.args.filter((arg) => arg !== keras.argument) : node.args;
    const bindings = bindArguments(entry.type, entry.args, args, node.type.range, { reporter, rangeCode: 'outOfRange' });
    layer.config = bindings.config;
    state.values = bindings.values;
    // A value the parser could not read is unusable too, though reported as a syntax error.
    state.failed = reporter.diagnostics.length > errorsBefore || bindings.invalid.length > 0 || bindings.missing.length > 0;
    state.shapeReady = !spoils(entry, bindings, 'shape');
    const graphNode = graph.nodes[id] as GraphNode;
    if (!checkInputCount(entry, node, graphNode, reporter)) state.failed = true;

    if (entry.type === 'Input') {
      if (!checkInputPosition(state, inputSeen, id, reporter)) state.failed = true;
      inputSeen = true;
      // A second Input starts its own shapes, so the layers it feeds keep theirs.
      const shape: Shape | undefined = state.shapeReady ? [null, ...(bindings.config.shape as number[])] : undefined;
      // As in Keras, an InputLayer's input shape is its output shape.
      layer.inputShape = shape;
      layer.outputShape = shape;
      layer.inputShapes = [];
      layer.params = 0;
      layer.trainableParams = 0;
      if (shape) layer.formula = entry.formula?.([], shape, layer.config, { index: 0, output: `h${id}`, inputs: [] });
      return;
    }

    // Keras' `input_shape=` on the first layer: shapes go on from it, as Keras would build the model.
    if (keras?.shape) inputSeen = true;
    const inputs = keras?.shape ? [[null, ...keras.shape]] : graphNode.inputs.map((input) => states[input]?.layer.outputShape);
    layer.inputShape = inputs[0];
    if (graphNode.unresolved || !fitsArity(entry.arity, inputs.length) || !inputs.every((shape): shape is Shape => shape !== undefined)) return;
    layer.inputShapes = inputs;
    if (!state.shapeReady) return;
    const output = inferShape(entry, inputs, id, graph, states, reporter, source);
    if (!output) return;
    layer.outputShape = output;
    if (entry.resolveConfig && !state.failed) layer.config = entry.resolveConfig(inputs, output, layer.config);
    if (spoils(entry, bindings, 'params')) return;

    const params = entry.params(inputs, layer.config);
    layer.params = params.trainable + params.nonTrainable;
    layer.trainableParams = params.trainable;
    if (layer.params > 0) weightIndex++;
    if (state.failed || !entry.formula) return;
    // `hN` is line N's output (h0 the Input's): a graph's formulas name the lines they read.
    const names = { index: weightIndex, output: `h${id}`, inputs: keras?.shape ? ['input'] : graphNode.inputs.map((input) => `h${input}`) };
    layer.formula = entry.formula(inputs, output, layer.config, names);
  });  if (!inputSeen) checkInputPresent(model, states, reporter, source);
  return states;
}

/** A layer applied to as many inputs as it takes; false (reported) when not. */
function checkInputCount(entry: LayerEntry, node: LayerNode, graphNode: GraphNode, reporter: Reporter): boolean {
  const application = node.application;
  const { min, max } = entry.arity;
  if (!application && min < 2) return true; // the line above: its one input
  const example = (): string => (min >= 2 ? `${entry.type}()([a, b])` : `${entry.type}(...)(name)`);
  if (!application) {
    // Without an application a layer takes the line above: one input, too few for a merge.
    reporter.report('wrongInputCount', `${entry.type} takes ${describeArity(entry.arity)}, but without names it takes only the line above; write ${example()}`, node.type.range);
    return false;
  }
  if (max === 0) {
    reporter.report('wrongInputCount', `${entry.type} takes no inputs: it is where the data comes in; remove the '(...)' after it`, application.range);
    return false;
  }
  const count = application.references.length;
  if (graphNode.unresolved || fitsArity(entry.arity, count)) return true;
  reporter.report('wrongInputCount', `${entry.type} takes ${describeArity(entry.arity)}, but is applied to ${count === 0 ? 'none' : count}; write ${example()}`, application.range);
  return false;
}

function fitsArity(arity: Arity, count: number): boolean {
  return count >= arity.min && (arity.max === undefined || count <= arity.max);
}

/** `1 input`, `exactly 2 inputs`, `2 or more inputs`. */
function describeArity({ min, max }: Arity): string {
  if (max === undefined) return `${min} or more inputs`;
  if (min === max) return min === 1 ? '1 input' : `exactly ${min} inputs`;
  return `${min} to ${max} inputs`;
}

/**
 * Keras code writes the input on the first layer, `Dense(64, input_shape=(784,))`; here it is
 * a layer of its own. Reported with a fix that moves it into `Input(shape=...)`; on the first
 * layer its shape is returned so inference goes on.
 */
function kerasInputShape(
  node: LayerNode,
  isFirst: boolean,
  reporter: Reporter,
  source: SourceText,
): { argument: ArgumentNode; shape?: number[] } | undefined {
  const index = node.args.findIndex((arg) => arg.name?.name === 'input_shape');
  const argument = node.args[index];
  if (!argument?.name) return undefined;
  const written = source.slice(argument.value.range);
  const fixes: QuickFix[] = [];
  if (isFirst && source.startsLine(node.type.range.start)) {
    const previous = node.args[index - 1];
    const next = node.args[index + 1];
    // The argument goes with the comma that joins it to its neighbour.
    const removed: Range = previous
      ? { start: previous.range.end, end: argument.range.end }
      : { start: argument.range.start, end: next?.range.start ?? argument.range.end };
    fixes.push({
      title: `Move to a first layer Input(shape=${written})`,
      edits: [insertLineAbove(source, node.type.range.start.line, `Input(shape=${written})`), { range: removed, newText: '' }],
      isPreferred: true,
    });
  }
  reporter.report('unknownArgument', `Keras' input_shape is written as a first layer of its own here: Input(shape=${written})`, argument.name.range, fixes);
  if (!isFirst) return { argument };
  const shape = convertValue('Input', inputShapeSpec, argument.value, { reporter, rangeCode: 'outOfRange' });
  return Array.isArray(shape) ? { argument, shape: shape as number[] } : { argument };
}

function reportUnknownLayer(node: LayerNode, reporter: Reporter): void {
  const candidates = didYouMean(node.type.name, layerTypes);
  const suffix = candidates.length > 0 ? `; did you mean ${candidates.map((c) => `'${c}'`).join(' or ')}?` : '';
  reporter.report('unknownLayer', `unknown layer type '${node.type.name}'${suffix}`, node.type.range, suggestionFixes(node.type.range, candidates, false));
}

/**
 * A chain starts with its one Input. A bound Input after the first is a graph's second input
 * (analysed; training refuses it, see checks-graph.ts); an unbound one would cut the chain.
 * False (reported) when the Input is misplaced.
 */
function checkInputPosition(state: LayerState, inputSeen: boolean, id: number, reporter: Reporter): boolean {
  const range = state.layer.node.type.range;
  if (inputSeen && !state.layer.node.binding) reporter.report('duplicateInput', 'a model has one Input; remove this one', range);
  else if (!inputSeen && id > 0) reporter.report('inputNotFirst', 'Input must be the first layer of the model', range);
  else return true;
  return false;
}

/** Whether unusable arguments leave the layer's shape (or parameter count) unknown; see ArgSpec.role. */
function spoils(entry: LayerEntry, bound: BoundArguments, role: 'shape' | 'params'): boolean {
  if (bound.missing.length > 0) return true;
  if (bound.invalid.length === 0) return false;
  return entry.args.some((spec) => bound.invalid.includes(spec.name) && (spec.role === role || (spec.role ?? 'shape') === 'shape'));
}

/**
 * The layer's output shape, reporting a shape problem at the offending argument (or the layer
 * type). A layer whose mistake doesn't change its output (a bad axis) still returns it, marked
 * failed, so the layers after it keep their shapes.
 */
function inferShape(
  entry: LayerEntry,
  inputs: readonly Shape[],
  id: number,
  graph: ModelGraph,
  states: readonly LayerState[],
  reporter: Reporter,
  source: SourceText,
): Shape | undefined {
  const state = states[id] as LayerState;
  const node = state.layer.node;
  const result = entry.outputShape(inputs, state.layer.config);
  if ('error' in result) {
    // At the argument the problem is about; a merge's mismatch at its list of inputs.
    const at = (result.error.arg === undefined ? undefined : state.values.get(result.error.arg)) ?? (entry.arity.min >= 2 ? node.application : undefined) ?? node.type;
    const input = inputs.length === 1 ? inputs[0] : undefined;
    const found = input ? rankFixes(entry, input, id, graph, states, source) : [];
    reporter.report(result.error.code, result.error.message, at.range, found);
    state.failed = true;
    return result.shape;
  }
  if (hasNonPositiveDimension(result.shape)) {
    reporter.report('nonPositiveDimension', `${entry.type} would output ${formatShape(result.shape)}: every size must be at least 1`, node.type.range);
    state.failed = true;
    return undefined;
  }
  return result.shape;
}

function hasNonPositiveDimension(shape: Shape): boolean {
  for (let axis = 1; axis < shape.length; axis++) {
    const dim = shape[axis];
    if (dim !== null && dim !== undefined && dim < 1) return true;
  }
  return false;
}

/** Keras names layers `dense`, `dense_1`, `dense_2`, ... per prefix, skipping the names bound in the model. */
function autoName(prefix: string, counts: Map<string, number>, bound: ReadonlySet<string>): string {
  let seen = counts.get(prefix) ?? 0;
  let name = seen === 0 ? prefix : `${prefix}_${seen}`;
  while (bound.has(name)) {
    seen++;
    name = `${prefix}_${seen}`;
  }
  counts.set(prefix, seen + 1);
  return name;
}

/**
 * Fixes for a layer that got an input of the wrong rank: a Flatten on an already flat input
 * can go; a spatial layer right after a flat `Input(shape=[784])` wants `[28, 28, 1]`; a layer
 * that wants a vector after a Dense on feature maps wants a Flatten before that Dense.
 */
function rankFixes(entry: LayerEntry, input: Shape, id: number, graph: ModelGraph, states: readonly LayerState[], source: SourceText): QuickFix[] {
  const self = states[id];
  if (!self) return [];
  if (entry.type === 'Flatten' && input.length === 2) return removeLineFix(self, 'Remove Flatten(): its input is already flat');
  if (input.length === 2) return imageInputFix(entry, input, self, inputsOf(graph, id, states)[0]);
  const flat: Shape = [null, input.slice(1).reduce<number>((a, b) => a * (b ?? 1), 1)];
  if ('error' in entry.outputShape([flat], self.layer.config)) return [];
  const fix = insertFlattenFix(states, source);
  return fix ? [fix] : [];
}

function removeLineFix(state: LayerState, title: string): QuickFix[] {
  // Only a layer alone on its line(s) is removed by deleting lines; a named or applied one is part of a graph.
  const { start, end } = state.layer.node.range;
  if (end.line !== start.line || state.layer.node.binding || state.layer.node.application) return [];
  const whole = { start: { line: start.line, character: 0 }, end: { line: start.line + 1, character: 0 } };
  return [{ title, edits: [{ range: whole, newText: '' }], isPreferred: true }];
}

function imageInputFix(entry: LayerEntry, input: Shape, self: LayerState, source: LayerState | undefined): QuickFix[] {
  const shapeValue = source?.entry?.type === 'Input' ? source.values.get('shape') : undefined;
  if (!shapeValue) return [];
  const image = [[null, 28, 28, 1], [null, 28, 28]].find((candidate) => !('error' in entry.outputShape([candidate], self.layer.config)));
  if (!image || (input[1] ?? 0) !== (image.slice(1) as number[]).reduce((a, b) => a * b, 1)) return [];
  const written = `[${image.slice(1).join(', ')}]`;
  return [{ title: `Change the Input shape to ${written}`, edits: [{ range: shapeValue.range, newText: written }], isPreferred: true }];
}

/**
 * `Insert Flatten() before dense`: for the first Dense that acts on feature maps (rank 3 or
 * more). Keras lets Dense act on the last axis, so this is offered only where what follows
 * shows the user meant a vector.
 */
export function insertFlattenFix(states: readonly LayerState[], source: SourceText): QuickFix | undefined {
  const dense = states.find((state) => state.entry?.type === 'Dense' && (state.layer.inputShape?.length ?? 0) >= 3);
  // A line inserted above a Dense feeds it only when the Dense takes the line above (no application).
  if (!dense || dense.layer.node.application || !source.startsLine(dense.layer.node.range.start)) return undefined;
  return { title: `Insert Flatten() before ${dense.layer.name}`, edits: [insertLineAbove(source, dense.layer.line, 'Flatten()')] };
}

/** A model needs an Input: a missing one gets a fix that inserts it, shaped for the first layer. */
function checkInputPresent(model: ModelNode, states: readonly LayerState[], reporter: Reporter, source: SourceText): void {
  const at = model.name?.range ?? model.keywordRange;
  const first = states[0];
  if (!first) {
    reporter.report('emptyModel', 'the model has no layers; start with Input(shape=[784])', at);
    return;
  }
  if (states.some((state) => state.entry?.type === 'Input')) return;
  const shape = inputShapeFor(first);
  const fix: QuickFix = {
    title: `Add Input(shape=${shape})`,
    edits: [insertLineAbove(source, first.layer.line, `Input(shape=${shape})`)],
    isPreferred: true,
  };
  const fixes = source.startsLine(first.layer.node.type.range.start) ? [fix] : [];
  reporter.report('missingInput', `the model must start with Input(shape=...): the shape of one sample, e.g. ${shape}`, at, fixes);
}

/** The MNIST input shape the first layer accepts: flat for Dense, an image for Conv2D, rows for LSTM. */
function inputShapeFor(first: LayerState): string {
  const candidates: Shape[] = [[null, 784], [null, 28, 28, 1], [null, 28, 28]];
  const entry = first.entry;
  const fits = entry && first.shapeReady ? candidates.find((shape) => !('error' in entry.outputShape([shape], first.layer.config))) : undefined;
  return `[${(fits ?? candidates[0] ?? []).slice(1).join(', ')}]`;
}
