// The outline: the model with its layers (shapes as detail, and in a graph the layers feeding
// each one), then `compile` and `fit` with their settings.
import { inputsOf, isChain } from '../graph';
import { SourceText } from '../text';
import type { Analysis, Range } from '../types';
import { formatCount, formatShape } from '../shapes';
import type { SymbolInfo } from './types';

export function documentSymbols(analysis: Analysis, text: string): SymbolInfo[] {
  const { model, sections } = analysis.document;
  const symbols: SymbolInfo[] = [];
  if (model) {
    const graph = analysis.graph;
    // A graph's layers say what feeds them (Keras's "Connected to"); a chain's would only repeat the line above.
    const connected = !isChain(graph);
    const layers = analysis.layers.map((layer, id): SymbolInfo => {
      const shape = layer.outputShape ? `${formatShape(layer.outputShape)}, ${formatCount(layer.params)} params` : undefined;
      const inputs = inputsOf(graph, id, analysis.layers).map((input) => input.name);
      const from = connected && inputs.length > 0 ? `← ${inputs.join(', ')}` : undefined;
      return {
        name: `${layer.name} (${layer.type})`,
        detail: [shape, from].filter((part) => part !== undefined).join(' ') || undefined,
        kind: 'layer',
        range: layer.node.range,
        selectionRange: layer.node.binding?.name.range ?? layer.node.type.range,
        children: [],
      };
    });
    symbols.push({
      name: model.name?.name ?? 'model',
      detail: `${formatCount(analysis.totalParams)} params`,
      kind: 'model',
      range: model.range,
      selectionRange: model.name?.range ?? model.keywordRange,
      children: layers,
    });
  }
  const lines = new SourceText(text);
  const sourceOf = (range: Range) => text.slice(lines.offsetAt(range.start), lines.offsetAt(range.end)).replace(/\s+/g, ' ');
  for (const section of sections) {
    symbols.push({
      name: section.kind,
      kind: 'section',
      range: section.range,
      selectionRange: section.keywordRange,
      children: section.settings.map((setting) => ({
        name: setting.key.name,
        detail: sourceOf(setting.value.range),
        kind: 'setting',
        range: setting.range,
        selectionRange: setting.key.range,
        children: [],
      })),
    });
  }
  return symbols;
}
