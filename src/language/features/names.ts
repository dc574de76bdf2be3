// The names of a graph model: a binding (`stem = Conv2D(...)`) and the references to it in
// applications (`(stem)`, `([stem, b])`). Go to definition, find references, document
// highlight and rename are pure functions of (analysis, position), like every feature; they
// read the graph's resolved references, never the text.
import { findLayer } from '../catalogue/index';
import { tokenize } from '../lexer';
import { formatPosition, rangeContains } from '../text';
import type { Analysis, Identifier, Position, Range } from '../types';
import { formatShape } from '../shapes';
import type { CompletionEntry, HighlightInfo, RenameRefusal, RenameTarget, TextEdit } from './types';

/** A bound name and every place it is written. */
export interface NameSymbol {
  name: string;
  /** The node (index into `analysis.layers`) whose binding it is. */
  node: number;
  /** The binding's name. */
  definition: Range;
  /** The references that resolve to it, in text order. */
  references: Range[];
}

/** The bound name under the cursor (on its binding or on a reference to it; touching either end counts). */
export function nameAt(analysis: Analysis, position: Position): NameSymbol | undefined {
  const layers = analysis.document.model?.layers ?? [];
  const reference = analysis.graph.references.find((r) => r.target !== undefined && rangeContains(r.name.range, position));
  const node = reference?.target ?? layers.findIndex((layer) => layer.binding !== undefined && rangeContains(layer.binding.name.range, position));
  const binding = node >= 0 ? layers[node]?.binding : undefined;
  if (!binding) return undefined;
  return {
    name: binding.name.name,
    node,
    definition: binding.name.range,
    references: analysis.graph.references.filter((r) => r.target === node).map((r) => r.name.range),
  };
}

/** Where the name under the cursor is bound. */
export function definition(analysis: Analysis, position: Position): Range | undefined {
  return nameAt(analysis, position)?.definition;
}

/** Every use of the name under the cursor, its binding first when asked for. */
export function references(analysis: Analysis, position: Position, includeDeclaration: boolean): Range[] {
  const symbol = nameAt(analysis, position);
  if (!symbol) return [];
  return includeDeclaration ? [symbol.definition, ...symbol.references] : symbol.references;
}

/** The binding (written) and the references (read) of the name under the cursor. */
export function documentHighlights(analysis: Analysis, position: Position): HighlightInfo[] {
  const symbol = nameAt(analysis, position);
  if (!symbol) return [];
  return [{ range: symbol.definition, kind: 'write' }, ...symbol.references.map((range): HighlightInfo => ({ range, kind: 'read' }))];
}

const nothingToRename: RenameRefusal = {
  refusal: 'Nothing to rename here: put the cursor on a layer name bound with NAME = Layer(...), or on a use of one.',
};

/** What F2 would rename at the cursor, or why nothing can be. */
export function prepareRename(analysis: Analysis, position: Position): RenameTarget | RenameRefusal {
  const symbol = nameAt(analysis, position);
  if (!symbol) return nothingToRename;
  const at = [symbol.definition, ...symbol.references].find((range) => rangeContains(range, position))!;
  return { range: at, placeholder: symbol.name };
}

/** The edits that rename the name under the cursor everywhere, or why `newName` can't be used. */
export function rename(analysis: Analysis, position: Position, newName: string): TextEdit[] | RenameRefusal {
  const symbol = nameAt(analysis, position);
  if (!symbol) return nothingToRename;
  if (newName === symbol.name) return [];
  const refusal = refuseName(analysis, newName);
  if (refusal) return { refusal };
  return [symbol.definition, ...symbol.references].map((range) => ({ range, newText: newName }));
}

/** Why `name` cannot name a layer of this model, or undefined when it can. */
function refuseName(analysis: Analysis, name: string): string | undefined {
  const tokens = tokenize(name);
  if (tokens.length !== 2 || tokens[0].text !== name || tokens[0].problem) {
    return `'${name}' is not a name: a name is a letter or _ followed by letters, digits or _`;
  }
  // `model`, `compile`, `fit` are keywords; `true` and `false` lex as booleans.
  if (tokens[0].kind !== 'identifier') return `'${name}' is a keyword of the language and cannot name a layer`;
  if (findLayer(name)) return `'${name}' is a layer type: a layer named so would read like a call of ${name}(...)`;
  const taken = analysis.document.model?.layers.find((layer) => layer.binding?.name.name === name);
  if (taken?.binding) return `'${name}' already names the layer at ${formatPosition(taken.binding.name.range.start)}: choose a name no other layer has`;
  return undefined;
}

/**
 * Completion inside a layer's application (`(|)`, `([a, |])`): the names bound above that
 * layer, nearest first, with their layer and output shape; names already written come last.
 */
export function nameCompletions(analysis: Analysis, layer: number, written: readonly Identifier[], word: Range): CompletionEntry[] {
  const nodes = analysis.document.model?.layers ?? [];
  const already = new Set(written.filter((name) => !rangeContains(name.range, word.start)).map((name) => name.name));
  const seen = new Set<string>();
  const entries: { entry: CompletionEntry; used: boolean }[] = [];
  for (let id = Math.min(layer, nodes.length) - 1; id >= 0; id--) {
    const name = nodes[id].binding?.name.name;
    if (name === undefined || seen.has(name)) continue;
    seen.add(name);
    const analysed = analysis.layers[id];
    entries.push({
      used: already.has(name),
      entry: {
        label: name,
        kind: 'reference',
        detail: `${analysed?.type ?? nodes[id].type.name} → ${formatShape(analysed?.outputShape)}`,
        insertText: name,
        isSnippet: false,
        range: word,
        sortText: '',
        retrigger: false,
      },
    });
  }
  const ordered = [...entries.filter((e) => !e.used), ...entries.filter((e) => e.used)];
  return ordered.map(({ entry }, index) => ({ ...entry, sortText: String(index).padStart(4, '0') }));
}
