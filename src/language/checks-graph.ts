// Checks of the graph as a whole, once every layer is analysed: a branch whose output goes
// nowhere, and a model with more than one Input (analysed, but training feeds one input).
import type { LayerState } from './analyze-layers';
import type { SourceText } from './text';
import { consumersOf } from './graph';
import type { Reporter } from './report';
import type { ModelGraph, QuickFix } from './types';

/**
 * A layer whose output no layer takes and that is not the model's output. In a chain every
 * line feeds the next, so this arises where the next line is applied to names of its own
 * (or is a second Input); a misplaced unbound Input is reported as such instead (DNN303/304).
 */
export function checkUnusedOutputs(graph: ModelGraph, states: readonly LayerState[], reporter: Reporter, source: SourceText): void {
  states.forEach((state, id) => {
    if (id === graph.output || consumersOf(graph, id).length > 0) return;
    const next = states[id + 1];
    const nextNode = graph.nodes[id + 1];
    // An unresolved or empty application (`Dense(10)(|` while typing) is not evidence yet.
    if (!next || !nextNode || nextNode.unresolved) return;
    const applied = next.layer.node.application !== undefined && next.layer.node.application.references.length > 0;
    const cutByGraph = applied || (next.entry?.type === 'Input' && next.layer.node.binding !== undefined);
    if (!cutByGraph) return;
    const { node, name, type } = state.layer;
    const at = node.binding?.name.range ?? node.type.range;
    reporter.report(
      'unusedOutput',
      `the output of ${name} (${type}) is never used: no layer takes it, and it is not the model's output (the last line)`,
      at,
      removeLayerFix(state, source),
    );
  });
}

/** Deletes the layer's lines, when nothing else shares them. */
function removeLayerFix(state: LayerState, source: SourceText): QuickFix[] {
  const { start, end } = state.layer.node.range;
  const rest = source.slice({ start: end, end: source.lineEnd(end.line) }).trim();
  if (!source.startsLine(start) || (rest !== '' && !rest.startsWith('#'))) return [];
  const lines = { start: { line: start.line, character: 0 }, end: { line: end.line + 1, character: 0 } };
  return [{ title: `Remove ${state.layer.name} (its output is never used)`, edits: [{ range: lines, newText: '' }], isPreferred: true }];
}

/** Every Input after the first that is a graph's input (a misplaced one is reported by the layer walk). */
export function checkSingleInput(states: readonly LayerState[], reporter: Reporter): void {
  const inputs = states.filter((state) => state.entry?.type === 'Input');
  if (inputs.length < 2) return;
  const names = inputs.map((state) => state.layer.name).join(', ');
  for (const state of inputs.slice(1)) {
    if (!state.layer.node.binding) continue;
    reporter.report(
      'multipleInputs',
      `the model has ${inputs.length} Inputs (${names}): it is checked, but training feeds one input; build the branches from one Input to train it`,
      state.layer.node.type.range,
    );
  }
}
