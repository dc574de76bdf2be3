// The model's graph: which layer feeds which, from the syntax tree alone (bindings and
// applications), before any shape is known. Name resolution and its checks live here; the
// rule "the model's output is its last line" is written here and nowhere else. Checks,
// features and the engine read the graph through the accessors below.
import { layers as catalogue } from './catalogue';
import { suggestionFixes } from './fixes';
import { keywords } from './lexer';
import type { Reporter } from './report';
import { didYouMean } from './suggest';
import { formatPosition } from './text';
import type { GraphNode, LayerNode, ModelGraph, NameReference } from './types';

const layerTypes = new Set<string>(catalogue.map((entry) => entry.type));
const reservedWords = new Set([...keywords, 'true', 'false']);

/**
 * Resolves every reference of the model's layers and builds its graph, reporting unknown
 * names, names used above their definition (which rules out cycles and a layer taking its
 * own output), names bound twice and bindings named like a keyword or a layer type.
 */
export function buildGraph(layers: readonly LayerNode[], reporter: Reporter): ModelGraph {
  /** The first binding of every name anywhere in the model, to tell "further down" from "unknown". */
  const anywhere = new Map<string, number>();
  layers.forEach((node, id) => {
    const name = node.binding?.name.name;
    if (name !== undefined && !anywhere.has(name)) anywhere.set(name, id);
  });
  /** Names bound on the lines above the current one. */
  const above = new Map<string, number>();
  const nodes: GraphNode[] = [];
  const references: NameReference[] = [];
  layers.forEach((node, id) => {
    nodes.push(connect(node, id, above, anywhere, layers, references, reporter));
    const binding = node.binding;
    if (!binding) return;
    const name = binding.name.name;
    const first = above.get(name);
    if (first !== undefined) {
      const at = (layers[first]?.binding?.name.range ?? binding.name.range).start;
      reporter.report('duplicateName', `'${name}' is already bound at ${formatPosition(at)}; each name is bound once`, binding.name.range);
    } else {
      above.set(name, id);
    }
    if (reservedWords.has(name)) {
      reporter.report('nameShadowsKeyword', `'${name}' is a keyword of the language and cannot name a layer; choose another name`, binding.name.range);
    } else if (layerTypes.has(name)) {
      reporter.report('nameShadowsLayerType', `'${name}' is a layer type; a different name keeps '${name}(...)' and '(${name})' apart`, binding.name.range);
    }
  });
  const graph: ModelGraph = { nodes, consumers: consumerIndex(nodes), references };
  if (layers.length > 0) graph.output = layers.length - 1;
  return graph;
}

/** For every node, the nodes that take its output, in file order (a node taking it twice is listed once). */
function consumerIndex(nodes: readonly GraphNode[]): number[][] {
  // Most nodes have one consumer: a list starts as the literal `[id]` (sized 1), not as `[]` grown by a push.
  const consumers = new Array<number[] | undefined>(nodes.length).fill(undefined);
  nodes.forEach((node, id) => {
    for (const input of node.inputs) {
      if (input < 0 || input >= consumers.length) continue;
      const list = consumers[input];
      if (list === undefined) consumers[input] = [id];
      else if (list[list.length - 1] !== id) list.push(id);
    }
  });
  return consumers.map((list) => list ?? []);
}

/** A node's inputs: its application's names, or the line above (nothing for `Input` and the first line). */
function connect(
  node: LayerNode,
  id: number,
  above: ReadonlyMap<string, number>,
  anywhere: ReadonlyMap<string, number>,
  layers: readonly LayerNode[],
  references: NameReference[],
  reporter: Reporter,
): GraphNode {
  const application = node.application;
  if (!application) return { inputs: id === 0 || node.type.name === 'Input' ? [] : [id - 1], unresolved: false };
  const inputs: number[] = [];
  let unresolved = false;
  for (const name of application.references) {
    const target = above.get(name.name);
    if (target !== undefined) {
      inputs.push(target);
      references.push({ name, from: id, target });
      continue;
    }
    references.push({ name, from: id });
    unresolved = true;
    const later = anywhere.get(name.name);
    if (later === id) {
      reporter.report('referenceBeforeDefinition', `'${name.name}' is this layer's own output: a layer takes outputs of the lines above it`, name.range);
    } else if (later !== undefined) {
      const at = layers[later]?.binding?.name.range.start ?? name.range.start;
      reporter.report(
        'referenceBeforeDefinition',
        `'${name.name}' is defined further down, at ${formatPosition(at)}: a layer takes outputs of the lines above it`,
        name.range,
      );
    } else {
      const candidates = didYouMean(name.name, [...above.keys()]);
      const suffix = candidates.length > 0 ? `; did you mean ${candidates.map((c) => `'${c}'`).join(' or ')}?` : '';
      const known = above.size > 0 ? ` (names above: ${[...above.keys()].join(', ')})` : ' (no layer above has a name: bind one with NAME = Layer(...))';
      reporter.report('unknownReference', `unknown name '${name.name}'${suffix || known}`, name.range, suggestionFixes(name.range, candidates, false));
    }
  }
  return { inputs, unresolved };
}

// ---------------------------------------------------------------------------------
// Accessors: read the graph through these, never through `length - 1`.
// ---------------------------------------------------------------------------------

/** The item (layer, analysed state) of the model's output node. */
export function outputOf<T>(graph: ModelGraph, items: readonly T[]): T | undefined {
  return graph.output === undefined ? undefined : items[graph.output];
}

/** The items of the nodes feeding node `id`, in order. */
export function inputsOf<T>(graph: ModelGraph, id: number, items: readonly T[]): T[] {
  return (graph.nodes[id]?.inputs ?? []).map((input) => items[input] as T);
}

/** Ids of the nodes that take node `id`'s output, in file order. */
export function consumersOf(graph: ModelGraph, id: number): readonly number[] {
  return graph.consumers[id] ?? [];
}

/** A chain: every node takes exactly the one before it (the first takes nothing). */
export function isChain(graph: ModelGraph): boolean {
  return graph.nodes.every((node, id) => !node.unresolved && (id === 0 ? node.inputs.length === 0 : node.inputs.length === 1 && node.inputs[0] === id - 1));
}
