// Plain results of the editor features. They mirror the LSP shapes closely (ranges and
// positions are already LSP-style) but carry no LSP import: src/lsp converts them.
import type { commandIds } from '../../protocol/commands';
import type { Diagnostic, Position, Range } from '../types';

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface HoverInfo {
  /** Markdown. */
  markdown: string;
  range: Range;
}

export type CompletionKind = 'layer' | 'argument' | 'keyword' | 'setting' | 'function' | 'value' | 'constant' | 'reference';

export interface CompletionEntry {
  label: string;
  kind: CompletionKind;
  /** One line shown next to the label (a signature, a default). */
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** Replaces `range`; a snippet (`${1:units}`) when `isSnippet`. */
  insertText: string;
  isSnippet: boolean;
  range: Range;
  /** Orders entries: the most likely first. */
  sortText: string;
  /** Open the suggestions again after inserting (`activation=` wants a value next). */
  retrigger: boolean;
}

export interface SignatureInfo {
  /** `Dense(units, activation=linear, use_bias=true)` */
  label: string;
  /** Markdown. */
  documentation: string;
  /** Each parameter as [start, end) offsets into `label`. */
  parameters: { label: [number, number]; documentation: string }[];
  /** Undefined when the cursor is on an argument the layer doesn't take. */
  activeParameter?: number;
}

export interface InlayHintInfo {
  position: Position;
  label: string;
  kind: 'shape' | 'params';
  tooltip?: string;
}

export interface CodeActionInfo {
  title: string;
  /** The diagnostic it fixes. */
  diagnostic: Diagnostic;
  edits: TextEdit[];
  isPreferred: boolean;
}

export type SymbolKind = 'model' | 'layer' | 'section' | 'setting';

export interface SymbolInfo {
  name: string;
  detail?: string;
  kind: SymbolKind;
  range: Range;
  selectionRange: Range;
  children: SymbolInfo[];
}

export interface FoldingInfo {
  startLine: number;
  endLine: number;
  kind?: 'comment' | 'region';
}

/** The VS Code commands a CodeLens on `model` runs; each takes the document URI. */
export type LensCommand = (typeof commandIds)['train' | 'evaluate' | 'showSummary' | 'exportModel'];

export interface CodeLensInfo {
  range: Range;
  title: string;
  command: LensCommand;
}

export interface HighlightInfo {
  range: Range;
  /** The binding is written, a reference read. */
  kind: 'read' | 'write';
}

/** What a rename at the cursor replaces. */
export interface RenameTarget {
  range: Range;
  placeholder: string;
}

/** Why a rename is refused: shown to the user as is. */
export interface RenameRefusal {
  refusal: string;
}
