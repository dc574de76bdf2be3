// The outline: the model with its layers (shapes as detail), then `compile` and `fit` with
// their settings.
import { LineIndex } from '../text';
import type { Analysis, Range } from '../types';
import { formatCount, formatShape } from './display';
import type { SymbolInfo } from './types';

export function documentSymbols(analysis: Analysis, text: string): SymbolInfo[] {
  const { model, sections } = analysis.document;
  const symbols: SymbolInfo[] = [];
  if (model) {
    const layers = analysis.layers.map(
      (layer): SymbolInfo => ({
        name: `${layer.name} (${layer.type})`,
        detail: layer.outputShape ? `${formatShape(layer.outputShape)}, ${formatCount(layer.params)} params` : undefined,
        kind: 'layer',
        range: layer.node.range,
        selectionRange: layer.node.type.range,
        children: [],
      }),
    );
    symbols.push({
      name: model.name?.name ?? 'model',
      detail: `${formatCount(analysis.totalParams)} params`,
      kind: 'model',
      range: model.range,
      selectionRange: model.name?.range ?? model.keywordRange,
      children: layers,
    });
  }
  const lines = new LineIndex(text);
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
