// The model's output: which activation produces it, whether it is one score per MNIST class,
// and softmax used anywhere else (a hidden softmax squashes features into probabilities).
import { insertFlattenFix, type LayerState } from './analyze-layers';
import { insertLinesBelow, replaceWith } from './fixes';
import type { SourceText } from './text';
import type { Reporter } from './report';
import type { TrainingConfig } from './checks-training';
import { formatCount, formatShape } from './shapes';
import { outputOf } from './graph';
import type { ModelGraph, QuickFix, ValueNode } from './types';

export interface OutputActivation {
  state: LayerState;
  /** Activation name as in the activation catalogue (`linear` for layers without one). */
  name: string;
  /** The written `activation=` value, when there is one. */
  value?: ValueNode;
}

/** Activation layers by type: what they apply to their input. */
const activationOfLayerType: Record<string, string> = { Softmax: 'softmax', ReLU: 'relu', LeakyReLU: 'leaky_relu', ELU: 'elu' };

/**
 * The activation that produces the output, looking back through layers that only move values
 * around or act while training (`Dense(10, activation=softmax)` then `Dropout` still ends in
 * softmax). Undefined when unknown (an unknown layer type, an unusable activation).
 */
export function outputActivation(graph: ModelGraph, states: readonly LayerState[]): OutputActivation | undefined {
  // Back from the output along first inputs; a layer visited twice would mean a cycle, which the graph rules out.
  for (let id = graph.output; id !== undefined; id = graph.nodes[id]?.inputs[0]) {
    const state = states[id];
    const entry = state?.entry;
    if (!state || !entry) return undefined;
    if (entry.args.some((spec) => spec.name === 'activation')) {
      const name = state.layer.config.activation;
      return typeof name === 'string' ? { state, name, value: state.values.get('activation') } : undefined;
    }
    const byType = activationOfLayerType[entry.type];
    if (byType) return { state, name: byType };
    if (entry.category !== 'regularization' && entry.category !== 'reshaping') return { state, name: 'linear' };
  }
  return undefined;
}

/** softmax anywhere but the output is almost always a mistake. */
export function checkHiddenSoftmax(states: readonly LayerState[], output: OutputActivation | undefined, reporter: Reporter): void {
  for (const state of states) {
    if (state === output?.state) continue;
    const viaArgument = state.layer.config.activation === 'softmax';
    if (!viaArgument && state.entry?.type !== 'Softmax') continue;
    const range = (viaArgument ? state.values.get('activation') : undefined)?.range ?? state.layer.node.type.range;
    reporter.report(
      'softmaxHidden',
      `softmax in a hidden layer (${state.layer.name}) turns its features into probabilities that sum to 1; use relu here and keep softmax for the output`,
      range,
    );
  }
}

/**
 * A classifier ends in one score per class: `[null, 10]` for MNIST. For another dataset the
 * number of classes is only known when it is read, but the output must still be a vector.
 */
export function checkClassOutput(graph: ModelGraph, states: readonly LayerState[], classes: number | undefined, reporter: Reporter, source: SourceText): void {
  const last = outputOf(graph, states);
  const shape = last?.layer.outputShape;
  if (!last || !shape) return;
  if (shape.length === 2 && (classes === undefined || shape[1] === classes)) return;
  const message =
    classes === undefined
      ? `the model outputs ${formatShape(shape)}, but a classifier outputs a vector of class scores, [null, classes]`
      : `the model outputs ${formatShape(shape)}, but MNIST has ${classes} classes: the output must be [null, ${classes}], one score per digit`;
  reporter.report('outputNotClasses', message, last.layer.node.type.range, classFixes(states, last, shape.length, classes, source));
}

function classFixes(states: readonly LayerState[], last: LayerState, rank: number, classes: number | undefined, source: SourceText): QuickFix[] {
  const fixes: QuickFix[] = [];
  const lastLine = last.layer.node.range.end.line;
  const classifier = `Dense(${classes ?? 10}, activation=softmax)`;
  if (rank > 2) {
    // A Dense right after a spatial layer acts on the last axis only: the user meant to flatten first.
    const flatten = insertFlattenFix(states, source);
    if (flatten) fixes.push(flatten);
    else if (!states.some((state) => state.entry?.type === 'Dense' && (state.layer.inputShape?.length ?? 0) >= 3)) {
      fixes.push({ title: `Add Flatten() and ${classifier} at the end`, edits: [insertLinesBelow(source, lastLine, ['Flatten()', classifier])] });
    }
  }
  const units = last.entry?.type === 'Dense' ? last.values.get('units') : undefined;
  if (units && classes !== undefined && last.layer.config.units !== classes) {
    fixes.push(replaceWith(`Set units to ${classes}`, units.range, String(classes)));
  } else if (rank === 2 && last.entry?.type !== 'Dense') {
    fixes.push({ title: `Add ${classifier} at the end`, edits: [insertLinesBelow(source, lastLine, [classifier])] });
  }
  if (fixes.length === 1 && fixes[0]) fixes[0].isPreferred = true;
  return fixes;
}

/**
 * `fit { class_names }` names the classes the output scores, so it has one name per output
 * unit. Extra names are marked themselves (and can be removed); too few marks the list. The
 * model is still trainable either way (unnamed classes show their index), hence a warning.
 */
export function checkClassNames(graph: ModelGraph, states: readonly LayerState[], training: TrainingConfig, fixedClasses: number | undefined, reporter: Reporter): void {
  const names = training.fit.class_names;
  const value = training.values.get('class_names');
  const shape = outputOf(graph, states)?.layer.outputShape;
  const units = shape?.length === 2 ? shape[1] : undefined;
  if (!Array.isArray(names) || value?.kind !== 'list' || typeof units !== 'number' || units < 1 || names.length === units) return;
  const count = (n: number) => `${formatCount(n)} name${n === 1 ? '' : 's'}`;
  const message = `class_names gives ${count(names.length)} but the model outputs ${formatCount(units)} class scores (${formatShape(shape ?? [])}): one name per class, in label order`;
  const fixes: QuickFix[] = [];
  const last = outputOf(graph, states);
  const unitsValue = last?.entry?.type === 'Dense' ? last.values.get('units') : undefined;
  // On MNIST the output is fixed at 10 scores: only the names can change.
  if (unitsValue && fixedClasses === undefined) fixes.push(replaceWith(`Set units to ${names.length}`, unitsValue.range, String(names.length)));
  if (names.length > units) {
    const extra = value.items.slice(units);
    const range = { start: extra[0].range.start, end: extra[extra.length - 1].range.end };
    // From the end of the last kept name, so its separator goes too.
    const removal = { start: value.items[units - 1].range.end, end: range.end };
    fixes.unshift(replaceWith(`Remove the last ${count(extra.length)}`, removal, ''));
    reporter.report('classNamesCount', message, range, fixes);
    return;
  }
  reporter.report('classNamesCount', message, value.range, fixes);
}
