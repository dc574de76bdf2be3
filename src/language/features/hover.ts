// Hover, in Markdown: on a layer its input → output shape, parameters, formula and doc; on
// an argument name its type, default and doc; on a value (an activation, a loss, an
// optimizer, a metric, a dataset) its definition; on the model name its totals; on a layer
// name's use, the output shape of the layer it names.
import { findActivation, findDataset, findLayer, findLoss, findMetric, findOptimizer } from '../catalogue/index';
import type { ArgSpec } from '../catalogue/types';
import { outputOf } from '../graph';
import { rangeContains } from '../text';
import type { AnalyzedLayer, Analysis, ArgumentNode, Position, ValueNode } from '../types';
import { describeRequirement, describeType, settingSpec } from './catalogueLookup';
import { signatureLabel } from './completion';
import { formatCount, formatShape } from '../shapes';
import { nameAt } from './names';
import type { HoverInfo } from './types';

export function hover(analysis: Analysis, position: Position): HoverInfo | undefined {
  const { model, sections } = analysis.document;
  if (model && (rangeContains(model.keywordRange, position) || (model.name && rangeContains(model.name.range, position)))) {
    return { markdown: modelHover(analysis), range: model.name?.range ?? model.keywordRange };
  }
  const symbol = nameAt(analysis, position);
  if (symbol) {
    const at = [symbol.definition, ...symbol.references].find((range) => rangeContains(range, position))!;
    const layer = analysis.layers[symbol.node];
    if (layer) return { markdown: at === symbol.definition ? layerHover(layer) : referenceHover(layer), range: at };
  }
  for (const layer of analysis.layers) {
    if (!rangeContains(layer.node.range, position)) continue;
    if (rangeContains(layer.node.type.range, position)) return { markdown: layerHover(layer), range: layer.node.type.range };
    const specs = findLayer(layer.type)?.args;
    return specs ? argumentsHover(layer.node.args, specs, `${layer.type} argument`, position) : undefined;
  }
  for (const section of sections) {
    for (const setting of section.settings) {
      const spec = settingSpec(section.kind, setting.key.name);
      if (!spec) continue;
      if (rangeContains(setting.key.range, position)) {
        return { markdown: argumentHover(spec, `${section.kind} setting`), range: setting.key.range };
      }
      if (rangeContains(setting.value.range, position)) return valueHover(spec, setting.value, `${section.kind} setting`, position);
    }
  }
  return undefined;
}

function modelHover(analysis: Analysis): string {
  const name = analysis.modelName ?? 'model';
  const last = outputOf(analysis.graph, analysis.layers);
  const lines = [
    `**model ${name}**: ${analysis.layers.length} layers, ${formatCount(analysis.totalParams)} params (${formatCount(analysis.trainableParams)} trainable)`,
  ];
  if (last?.outputShape) lines.push(`Output: \`${formatShape(last.outputShape)}\``);
  return lines.join('\n\n');
}

function layerHover(layer: AnalyzedLayer): string {
  const entry = findLayer(layer.type);
  const parts: string[] = [];
  const shapes = layer.outputShape
    ? `\`${formatShape(layer.inputShape)}\` → \`${formatShape(layer.outputShape)}\``
    : 'shape unknown: see the error on this layer or above it';
  parts.push(`**${layer.type}** \`${layer.name}\`: ${shapes}`);
  if (layer.params !== undefined) {
    const trainable = layer.trainableParams ?? layer.params;
    parts.push(`Params: ${formatCount(layer.params)} (trainable ${formatCount(trainable)}, non-trainable ${formatCount(layer.params - trainable)})`);
  }
  if (layer.formula) parts.push(codeBlock(layer.formula));
  if (entry) parts.push(entry.doc);
  return parts.join('\n\n');
}

/** On a use of a name: the layer it names and that layer's output shape. */
function referenceHover(layer: AnalyzedLayer): string {
  const shape = layer.outputShape ? `\`${formatShape(layer.outputShape)}\`` : 'unknown: see the error on that layer or above it';
  return `**${layer.name}**: the output of ${layer.type} on line ${layer.line + 1}, ${shape}`;
}

/** Hover inside a call's parentheses: an argument name, or the value of an argument. */
function argumentsHover(args: ArgumentNode[], specs: readonly ArgSpec[], owner: string, position: Position): HoverInfo | undefined {
  for (const [index, arg] of args.entries()) {
    if (!rangeContains(arg.range, position)) continue;
    const spec = arg.name ? specs.find((s) => s.name === arg.name!.name) : specs[index];
    if (!spec) return undefined;
    if (arg.name && rangeContains(arg.name.range, position)) return { markdown: argumentHover(spec, owner), range: arg.name.range };
    if (rangeContains(arg.value.range, position)) return valueHover(spec, arg.value, owner, position);
  }
  return undefined;
}

function argumentHover(spec: ArgSpec, owner: string): string {
  return `**${spec.name}** (${owner}): \`${describeType(spec.type)}\`, ${describeRequirement(spec)}\n\n${spec.doc}`;
}

/** A value: a catalogue name gets its definition, anything else the argument's doc. */
function valueHover(spec: ArgSpec, value: ValueNode, owner: string, position: Position): HoverInfo | undefined {
  if (value.kind === 'call') {
    if (rangeContains(value.callee.range, position)) {
      const markdown = definitionOf(spec, value.callee.name);
      return markdown ? { markdown, range: value.callee.range } : undefined;
    }
    const calleeSpecs = spec.type.kind === 'optimizer' ? findOptimizer(value.callee.name)?.args : findDataset(value.callee.name)?.args;
    return calleeSpecs ? argumentsHover(value.args, calleeSpecs, `${value.callee.name} argument`, position) : undefined;
  }
  if (value.kind === 'list') {
    const item = value.items.find((i) => rangeContains(i.range, position));
    const markdown = item && (item.kind === 'identifier' || item.kind === 'string') ? definitionOf(spec, nameOf(item)) : undefined;
    if (item && markdown) return { markdown, range: item.range };
  }
  if (value.kind === 'identifier' || value.kind === 'string') {
    const markdown = definitionOf(spec, nameOf(value));
    if (markdown) return { markdown, range: value.range };
  }
  return { markdown: argumentHover(spec, owner), range: value.range };
}

function nameOf(value: Extract<ValueNode, { kind: 'identifier' | 'string' }>): string {
  return value.kind === 'identifier' ? value.name : value.value;
}

/** The catalogue's definition of `name` as a value of `spec`'s type; undefined for an unknown name. */
function definitionOf(spec: ArgSpec, name: string): string | undefined {
  switch (spec.type.kind) {
    case 'activation': {
      const entry = findActivation(name);
      return entry && `**${entry.name}** (activation)\n\n${codeBlock(entry.formula)}\n\n${entry.doc}`;
    }
    case 'loss': {
      const entry = findLoss(name);
      const labels = entry?.labels === 'integer' ? 'integer class labels' : 'one-hot labels';
      return entry && `**${entry.name}** (loss, ${labels})\n\n${codeBlock(entry.formula)}\n\n${entry.doc}`;
    }
    case 'optimizer': {
      const entry = findOptimizer(name);
      return entry && `**${entry.name}** (optimizer)\n\n${codeBlock(signatureLabel(entry.name, entry.args))}\n\n${entry.doc}`;
    }
    case 'metrics': {
      const entry = findMetric(name);
      return entry && `**${entry.name}** (metric)\n\n${entry.doc}`;
    }
    case 'dataset': {
      const entry = findDataset(name);
      const signature = entry && entry.args.length > 0 ? `\n\n${codeBlock(signatureLabel(entry.name, entry.args))}` : '';
      return entry && `**${entry.name}** (dataset)${signature}\n\n${entry.doc}`;
    }
    case 'enum':
      return spec.type.values.includes(name) ? `**${spec.name}** = \`${name}\`\n\n${spec.doc}` : undefined;
    default:
      return undefined;
  }
}

function codeBlock(text: string): string {
  return `\`\`\`text\n${text}\n\`\`\``;
}
