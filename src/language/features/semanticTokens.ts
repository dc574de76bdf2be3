// Semantic tokens for what a TextMate grammar cannot know: which names are layer types,
// argument names, setting keys, catalogue values (activations, losses, optimizers), and the
// layer names of a graph model (a binding is a variable's declaration, its uses variables).
// Keywords, numbers, strings and comments are left to the grammar.
import { findActivation, findDataset, findLayer, findLoss, findMetric, findOptimizer } from '../catalogue/index';
import type { ArgSpec } from '../catalogue/types';
import type { Analysis, ArgumentNode, Range, ValueNode } from '../types';
import { settingSpec } from './catalogueLookup';

export const semanticTokenLegend = {
  tokenTypes: ['class', 'parameter', 'property', 'function', 'enumMember', 'variable'],
  tokenModifiers: ['declaration', 'defaultLibrary'],
};

type TokenType = 'class' | 'parameter' | 'property' | 'function' | 'enumMember' | 'variable';

interface SemanticToken {
  range: Range;
  type: TokenType;
  /** Bit set over the legend's modifiers. */
  modifiers: number;
}

const declaration = 1;
const defaultLibrary = 2;

/** The LSP encoding: five integers per token, positions relative to the previous token. */
export function semanticTokens(analysis: Analysis): number[] {
  const tokens = collect(analysis).filter((t) => t.range.start.line === t.range.end.line && t.range.end.character > t.range.start.character);
  tokens.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  const data: number[] = [];
  let line = 0;
  let character = 0;
  for (const token of tokens) {
    const { start, end } = token.range;
    const deltaLine = start.line - line;
    data.push(deltaLine, deltaLine === 0 ? start.character - character : start.character, end.character - start.character, semanticTokenLegend.tokenTypes.indexOf(token.type), token.modifiers);
    line = start.line;
    character = start.character;
  }
  return data;
}

function collect(analysis: Analysis): SemanticToken[] {
  const out: SemanticToken[] = [];
  const { model, sections } = analysis.document;
  if (model?.name) out.push({ range: model.name.range, type: 'class', modifiers: declaration });
  for (const layer of model?.layers ?? []) {
    if (layer.binding) out.push({ range: layer.binding.name.range, type: 'variable', modifiers: declaration });
    const entry = findLayer(layer.type.name);
    out.push({ range: layer.type.range, type: 'class', modifiers: entry ? defaultLibrary : 0 });
    if (entry) collectArguments(layer.args, entry.args, out);
  }
  for (const reference of analysis.graph.references) out.push({ range: reference.name.range, type: 'variable', modifiers: 0 });
  for (const section of sections) {
    for (const setting of section.settings) {
      out.push({ range: setting.key.range, type: 'property', modifiers: 0 });
      const spec = settingSpec(section.kind, setting.key.name);
      if (spec) collectValue(setting.value, spec, out);
    }
  }
  return out;
}

function collectArguments(args: ArgumentNode[], specs: readonly ArgSpec[], out: SemanticToken[]): void {
  args.forEach((arg, index) => {
    if (arg.name) out.push({ range: arg.name.range, type: 'parameter', modifiers: 0 });
    const spec = arg.name ? specs.find((s) => s.name === arg.name!.name) : specs[index];
    if (spec) collectValue(arg.value, spec, out);
  });
}

function collectValue(value: ValueNode, spec: ArgSpec, out: SemanticToken[]): void {
  if (value.kind === 'list') {
    for (const item of value.items) collectValue(item, spec, out);
  } else if (value.kind === 'call') {
    const callee = spec.type.kind === 'optimizer' ? findOptimizer(value.callee.name) : spec.type.kind === 'dataset' ? findDataset(value.callee.name) : undefined;
    if (callee) {
      out.push({ range: value.callee.range, type: 'function', modifiers: defaultLibrary });
      collectArguments(value.args, callee.args, out);
    }
  } else if (value.kind === 'identifier' && isCatalogueValue(spec, value.name)) {
    out.push({ range: value.range, type: spec.type.kind === 'enum' ? 'enumMember' : 'function', modifiers: defaultLibrary });
  }
}

function isCatalogueValue(spec: ArgSpec, name: string): boolean {
  switch (spec.type.kind) {
    case 'activation':
      return findActivation(name) !== undefined;
    case 'loss':
      return findLoss(name) !== undefined;
    case 'optimizer':
      return findOptimizer(name) !== undefined;
    case 'metrics':
      return findMetric(name) !== undefined;
    case 'dataset':
      return findDataset(name) !== undefined;
    case 'enum':
      return spec.type.values.includes(name);
    default:
      return false;
  }
}
