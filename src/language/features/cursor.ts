// Where the cursor is, in terms of the language: on a layer type, in an argument slot of a
// call (a layer, an optimizer, a dataset), on a setting key or value, at the top level.
// Completion and signature help both start here. It reads the parser's tree, brackets, braces
// and `=` included; the text is only consulted for the word under the cursor and the blanks
// and commas around it.
import { findDataset, findLayer, findOptimizer } from '../catalogue/index';
import type { ArgSpec } from '../catalogue/types';
import { comparePositions, rangeContains, type SourceText } from '../text';
import type { Analysis, ArgumentNode, Identifier, ModelNode, Position, Range, SectionNode, SettingNode, ValueNode } from '../types';
import { settingSpec } from './catalogueLookup';

/** A call whose arguments the cursor may be in: `Dense(...)`, `adam(...)`, `idx(...)`. */
export interface CallSite {
  kind: 'layer' | 'optimizer' | 'dataset';
  callee: Identifier;
  args: ArgumentNode[];
  /** The catalogue's arguments, in Keras positional order; undefined for an unknown callee. */
  specs: ArgSpec[] | undefined;
  /** Markdown doc of the callee. */
  doc: string | undefined;
}

/**
 * Which part of an argument slot the cursor is in:
 * - `name`: an argument name (`Dense(64, act|`) after a named argument;
 * - `value`: the value of `name=` (`paramName` is set);
 * - `nameOrValue`: a positional slot: either a value for `paramName` or the start of `name=`;
 * - `none`: after a complete argument, before the next comma.
 */
export type SlotPart = 'name' | 'value' | 'nameOrValue' | 'none';

export type CursorContext =
  | { kind: 'none' }
  | { kind: 'topLevel'; word: Range }
  | { kind: 'layerType'; word: Range }
  /** In a layer's application (`(|)`, `([a, |])`): `layer` is its index, `written` the names already there. */
  | { kind: 'reference'; layer: number; written: Identifier[]; word: Range }
  | {
      kind: 'argument';
      call: CallSite;
      /** 0-based slot: the number of arguments before the cursor's one. */
      slot: number;
      part: SlotPart;
      /** The argument whose value is completed, when known. */
      paramName?: string;
      /** True inside a list value (`kernel_size=(3, |)`). */
      inList: boolean;
      word: Range;
    }
  | { kind: 'settingKey'; section: SectionNode; word: Range }
  | { kind: 'settingValue'; section: SectionNode; setting: SettingNode; inList: boolean; word: Range };

export function cursorContext(analysis: Analysis, view: SourceText, position: Position): CursorContext {
  const { model, sections, comments } = analysis.document;
  if (comments.some((comment) => comparePositions(comment.range.start, position) < 0 && rangeContains(comment.range, position))) {
    return { kind: 'none' };
  }
  const word = view.wordAt(position);
  const blocks = [...(model ? [{ range: model.range, close: model.close, model }] : []), ...sections.map((section) => ({ range: section.range, close: section.close, section }))];
  blocks.sort((a, b) => comparePositions(a.range.start, b.range.start));
  for (const [index, block] of blocks.entries()) {
    if (!insideBlock(block, blocks[index + 1]?.range.start, position)) continue;
    if ('model' in block) return modelContext(block.model, view, position, word);
    const context = sectionContext(block.section, view, position, word);
    if (context) return context;
  }
  // Outside every block: a keyword may start here (at the start of a line or after a `}`).
  const before = view.linePrefix(word.start).trim();
  return before === '' || before.endsWith('}') ? { kind: 'topLevel', word } : { kind: 'none' };
}

/** Inside a block: before its `}`; while the `}` is missing, up to the next block (or the end of the text). */
function insideBlock(block: { range: Range; close?: Range }, next: Position | undefined, position: Position): boolean {
  if (comparePositions(position, block.range.start) < 0) return false;
  if (block.close) return comparePositions(position, block.close.end) < 0;
  return next === undefined || comparePositions(position, next) < 0;
}

/** After a block's `{` (none without one). */
function afterBrace(open: Range | undefined, position: Position): boolean {
  return open !== undefined && comparePositions(position, open.end) >= 0;
}

function modelContext(model: ModelNode, view: SourceText, position: Position, word: Range): CursorContext {
  if (!afterBrace(model.open, position)) return { kind: 'none' };
  for (const [index, layer] of model.layers.entries()) {
    const application = layer.application;
    if (application && insideBrackets(view, application, position)) return { kind: 'reference', layer: index, written: application.references, word };
    if (layer.open && insideBrackets(view, { open: layer.open, close: layer.close, range: layer.argsRange }, position)) {
      const entry = findLayer(layer.type.name);
      const call: CallSite = { kind: 'layer', callee: layer.type, args: layer.args, specs: entry?.args, doc: entry?.doc };
      return argumentContext(call, view, position, word);
    }
  }
  const before = view.linePrefix(word.start).trim();
  if (before === '' || before.endsWith(',') || before.endsWith(';') || before.endsWith('{')) return { kind: 'layerType', word };
  return { kind: 'none' };
}

function sectionContext(section: SectionNode, view: SourceText, position: Position, word: Range): CursorContext | undefined {
  if (!afterBrace(section.open, position)) return undefined;
  const setting = section.settings.find((s) => rangeContains(s.range, position) || onSettingLine(view, s, position));
  if (!setting || rangeContains(setting.key.range, position)) return { kind: 'settingKey', section, word };
  if (!setting.equals || comparePositions(position, setting.equals.end) < 0) return { kind: 'none' };
  const call = findCall(setting.value, view, position);
  if (call) {
    const spec = settingSpec(section.kind, setting.key.name);
    const site = callSite(spec?.type.kind, call);
    if (site) return argumentContext(site, view, position, word);
    return { kind: 'none' };
  }
  const inList = setting.value.kind === 'list' && insideBrackets(view, setting.value, position);
  return { kind: 'settingValue', section, setting, inList, word };
}

/** A setting whose value is still missing (`loss = |`) ends before the cursor on its line. */
function onSettingLine(view: SourceText, setting: SettingNode, position: Position): boolean {
  return setting.range.end.line === position.line && comparePositions(setting.range.end, position) <= 0 && view.slice({ start: setting.range.end, end: position }).trim() === '';
}

/** A call value (`adam(...)`) whose parentheses hold the cursor, looking into lists too. */
function findCall(value: ValueNode, view: SourceText, position: Position): Extract<ValueNode, { kind: 'call' }> | undefined {
  if (value.kind === 'call' && insideBrackets(view, value, position)) return value;
  if (value.kind === 'list') {
    for (const item of value.items) {
      const found = findCall(item, view, position);
      if (found) return found;
    }
  }
  return undefined;
}

function callSite(settingKind: string | undefined, call: Extract<ValueNode, { kind: 'call' }>): CallSite | undefined {
  if (settingKind === 'optimizer') {
    const entry = findOptimizer(call.callee.name);
    return { kind: 'optimizer', callee: call.callee, args: call.args, specs: entry?.args, doc: entry?.doc };
  }
  if (settingKind === 'dataset') {
    const entry = findDataset(call.callee.name);
    return { kind: 'dataset', callee: call.callee, args: call.args, specs: entry?.args, doc: entry?.doc };
  }
  return undefined;
}

function argumentContext(call: CallSite, view: SourceText, position: Position, word: Range): CursorContext {
  const args = call.args;
  const containing = args.findIndex((arg) => rangeContains(arg.range, position));
  const slot = containing >= 0 ? containing : args.filter((arg) => comparePositions(arg.range.end, position) < 0).length;
  const arg = containing >= 0 ? args[containing] : undefined;
  const namedBefore = args.slice(0, slot).some((a) => a.name);
  const positionalSpec = call.specs?.[slot]?.name;
  const base = { kind: 'argument' as const, call, slot, word };
  if (!arg) {
    // Between arguments: a new slot only after a comma (or right after the opening parenthesis).
    const previous = args[slot - 1];
    if (previous && !view.slice({ start: previous.range.end, end: position }).includes(',')) return { ...base, part: 'none', inList: false };
    return { ...base, part: namedBefore ? 'name' : 'nameOrValue', paramName: namedBefore ? undefined : positionalSpec, inList: false };
  }
  const inList = arg.value.kind === 'list' && insideBrackets(view, arg.value, position);
  if (arg.name) {
    if (comparePositions(position, arg.name.range.end) <= 0) return { ...base, part: 'name', inList: false };
    return { ...base, part: 'value', paramName: arg.name.name, inList };
  }
  if (arg.value.kind === 'identifier') return { ...base, part: 'nameOrValue', paramName: positionalSpec, inList };
  return { ...base, part: 'value', paramName: positionalSpec, inList };
}

/**
 * Inside a pair of brackets (a call's parentheses, a list, an application): after the opener,
 * and up to the closer; while the closer is missing, up to where the node ends and then over
 * blanks up to the cursor on that line (`Dense(64, |`).
 */
export function insideBrackets(view: SourceText, node: { open: Range; close?: Range; range: Range }, position: Position): boolean {
  if (comparePositions(position, node.open.end) < 0) return false;
  if (node.close) return comparePositions(position, node.close.start) <= 0;
  if (comparePositions(position, node.range.end) < 0) return true;
  return position.line === node.range.end.line && view.slice({ start: node.range.end, end: position }).trim() === '';
}
