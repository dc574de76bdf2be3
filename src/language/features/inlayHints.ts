// Inlay hints: each layer's output shape (and, optionally, its parameter count) at the end
// of the layer, so the whole network's shapes read down the right-hand side of the file.
import type { Analysis, Range } from '../types';
import { formatCount, formatShape } from '../shapes';
import type { InlayHintInfo } from './types';

export interface InlayHintOptions {
  shapes: boolean;
  params: boolean;
}

export function inlayHints(analysis: Analysis, range: Range, options: InlayHintOptions): InlayHintInfo[] {
  const hints: InlayHintInfo[] = [];
  for (const layer of analysis.layers) {
    const end = layer.node.range.end;
    if (end.line < range.start.line || end.line > range.end.line) continue;
    if (options.shapes && layer.outputShape) {
      hints.push({
        position: end,
        label: `→ ${formatShape(layer.outputShape)}`,
        kind: 'shape',
        tooltip: `Output shape of ${layer.name} (${layer.type})`,
      });
    }
    if (options.params && layer.params !== undefined) {
      hints.push({
        position: end,
        label: `${formatCount(layer.params)} params`,
        kind: 'params',
        tooltip: `Parameters of ${layer.name}: ${formatCount(layer.trainableParams)} trainable`,
      });
    }
  }
  return hints;
}
