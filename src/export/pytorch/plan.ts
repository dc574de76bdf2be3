// The PyTorch form of a ModelSpec's graph: every layer's shapes, its PyTorch module and
// forward expression (layers.ts), the axis order of every tensor, and the lines of
// `forward`, one per layer, in the spec's (topological) order. model.py and the weight
// conversion both read this plan, so they cannot disagree about names.
import type { ModelSpec, Shape, SpecLayer } from '../../language/types';
import { specShapes } from '../../language/spec-shapes';
import { TORCH_LAYERS, type Helper, type LayerSite, type Layout, type TorchLayer } from './layers';
import { pythonName } from './python-names';
import { UnsupportedExport } from './unsupported';

export interface PlannedLayer {
  layer: SpecLayer;
  site: LayerSite;
  torch: TorchLayer;
}

export interface ModelPlan {
  className: string;
  /** The argument of `forward`: the Input layer's name. */
  inputVar: string;
  layers: PlannedLayer[];
  /** `name = expression`, one per layer. */
  forwardLines: string[];
  /** What `forward` returns: the output layer's variable, channels last. */
  returned: string;
  helpers: Set<Helper | 'channels_first' | 'channels_last'>;
}

/** `x` moved to `layout`; a rank-2 tensor is the same in both. */
function inLayout(variable: string, from: Layout, to: Layout, rank: number): string {
  if (rank <= 2 || from === to) return variable;
  return to === 'channels_first' ? `channels_first(${variable})` : `channels_last(${variable})`;
}

/** The layer's entry of the table, or the refusal naming it. */
function exportOf(layer: SpecLayer) {
  const entry = Object.hasOwn(TORCH_LAYERS, layer.type) ? TORCH_LAYERS[layer.type] : undefined;
  if (entry === undefined || 'unsupported' in entry) {
    const why = entry ? `: ${entry.unsupported}` : '';
    throw new UnsupportedExport(`layer ${layer.name} (${layer.type}) has no PyTorch export${why}`);
  }
  return entry;
}

export function planModel(spec: ModelSpec): ModelPlan {
  const inputVar = pythonName(spec.inputName);
  const tensors = new Map<string, { variable: string; shape: Shape; layout: Layout }>([
    [spec.inputName, { variable: inputVar, shape: [null, ...spec.inputShape], layout: 'channels_last' }],
  ]);
  const helpers: ModelPlan['helpers'] = new Set();
  const layers: PlannedLayer[] = [];
  const forwardLines: string[] = [];
  const used = new Set([inputVar]);
  // A layer type without an export is named before its shape is asked for.
  spec.layers.forEach(exportOf);
  const shapes = specShapes(spec);
  for (const layer of spec.layers) {
    const inputs = layer.inputs.map((name) => {
      const tensor = tensors.get(name);
      if (!tensor) throw new UnsupportedExport(`layer ${layer.name} reads '${name}', which no earlier layer makes`);
      return tensor;
    });
    let attr = pythonName(layer.name);
    while (used.has(attr)) attr = `${attr}_`;
    used.add(attr);
    const entry = exportOf(layer);
    const site: LayerSite = { attr, config: layer.config, inputShapes: inputs.map((t) => t.shape), outputShape: shapes.get(layer.name) as Shape };
    let torch: TorchLayer;
    try {
      torch = entry(site);
    } catch (error) {
      if (error instanceof UnsupportedExport) throw new UnsupportedExport(`layer ${layer.name}: ${error.message}`);
      throw error;
    }
    const layout: Layout = torch.layout === 'any' ? inputs[0].layout : torch.layout;
    const args = inputs.map((t) => {
      const moved = inLayout(t.variable, t.layout, layout, t.shape.length);
      if (moved !== t.variable) helpers.add(layout);
      return moved;
    });
    for (const helper of torch.helpers ?? []) helpers.add(helper);
    forwardLines.push(`${attr} = ${torch.forward(args, layout)}`);
    tensors.set(layer.name, { variable: attr, shape: site.outputShape, layout: site.outputShape.length > 2 ? layout : 'channels_last' });
    layers.push({ layer, site, torch });
  }
  const output = tensors.get(spec.outputName);
  if (!output) throw new UnsupportedExport(`the model's output '${spec.outputName}' is not one of its layers`);
  const returned = inLayout(output.variable, output.layout, 'channels_last', output.shape.length);
  if (returned !== output.variable) helpers.add('channels_last');
  return { className: pythonName(spec.name), inputVar, layers, forwardLines, returned, helpers };
}
