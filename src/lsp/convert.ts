// Plain results of the language core → LSP types, shaped by what the client supports
// (clientSupport.ts). Positions and ranges are already LSP-style (0-based line, UTF-16
// character), so they pass through unchanged.
import {
  type CodeAction,
  CodeActionKind,
  CompletionItemKind,
  DiagnosticSeverity,
  DocumentHighlightKind,
  DocumentSymbol,
  FoldingRangeKind,
  InlayHintKind,
  InsertTextFormat,
  MarkupKind,
  SymbolKind,
  type CodeLens,
  type DocumentHighlight,
  type WorkspaceEdit,
  type MarkupContent,
  type ParameterInformation,
  type SymbolInformation,
  type CompletionItem,
  type Diagnostic as LspDiagnostic,
  type FoldingRange,
  type Hover,
  type InlayHint,
  type SignatureHelp,
} from 'vscode-languageserver/node';
import type {
  CodeActionInfo,
  CodeLensInfo,
  CompletionEntry,
  CompletionKind,
  FoldingInfo,
  HighlightInfo,
  HoverInfo,
  InlayHintInfo,
  SignatureInfo,
  SymbolInfo,
  SymbolKind as CoreSymbolKind,
  TextEdit,
} from '../language/features/types';
import type { Diagnostic, Severity } from '../language/types';
import type { ClientSupport } from './clientSupport';
import { markdownToPlainText, snippetToPlainText } from './plainText';

/** The `source` every diagnostic carries, so users can tell ours from other extensions'. */
export const diagnosticSource = 'dnn';

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspDiagnostic(diagnostic: Diagnostic): LspDiagnostic {
  return {
    range: diagnostic.range,
    severity: severities[diagnostic.severity],
    code: diagnostic.code,
    source: diagnosticSource,
    message: diagnostic.message,
  };
}

/** Markdown where the client renders it, else the same text without the markup. */
function markup(markdown: string, supported: boolean): MarkupContent {
  return supported ? { kind: MarkupKind.Markdown, value: markdown } : { kind: MarkupKind.PlainText, value: markdownToPlainText(markdown) };
}

export function toLspHover(hover: HoverInfo, support: ClientSupport): Hover {
  return { contents: markup(hover.markdown, support.markdown.hover), range: hover.range };
}

const completionKinds: Record<CompletionKind, CompletionItemKind> = {
  layer: CompletionItemKind.Class,
  argument: CompletionItemKind.Property,
  keyword: CompletionItemKind.Keyword,
  setting: CompletionItemKind.Field,
  function: CompletionItemKind.Function,
  value: CompletionItemKind.EnumMember,
  constant: CompletionItemKind.Constant,
  reference: CompletionItemKind.Variable,
};

export function toLspCompletionItem(entry: CompletionEntry, support: ClientSupport): CompletionItem {
  const snippet = entry.isSnippet && support.snippets;
  return {
    label: entry.label,
    kind: completionKinds[entry.kind],
    detail: entry.detail,
    documentation: entry.documentation ? markup(entry.documentation, support.markdown.completion) : undefined,
    textEdit: { range: entry.range, newText: entry.isSnippet && !snippet ? snippetToPlainText(entry.insertText) : entry.insertText },
    insertTextFormat: snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    sortText: entry.sortText,
    // After `activation=` or `loss = ` the next thing to type is a value: offer them at once.
    command: entry.retrigger && support.editorCommands ? { title: 'Suggest values', command: 'editor.action.triggerSuggest' } : undefined,
  };
}

export function toLspSignatureHelp(signature: SignatureInfo, support: ClientSupport): SignatureHelp {
  const markdown = support.markdown.signatureHelp;
  const parameters: ParameterInformation[] = signature.parameters.map((parameter) => ({
    label: support.parameterLabelOffsets ? parameter.label : signature.label.slice(...parameter.label),
    documentation: markup(parameter.documentation, markdown),
  }));
  return {
    signatures: [{ label: signature.label, documentation: markup(signature.documentation, markdown), parameters }],
    activeSignature: 0,
    // No parameter highlighted: `null` where the client knows it (LSP 3.18); before that, an
    // index out of range is what VS Code and most editors read as "none".
    activeParameter: signature.activeParameter ?? (support.noActiveParameter ? null : signature.parameters.length),
  };
}

export function toLspInlayHint(hint: InlayHintInfo): InlayHint {
  return {
    position: hint.position,
    label: hint.label,
    kind: hint.kind === 'shape' ? InlayHintKind.Type : InlayHintKind.Parameter,
    tooltip: hint.tooltip,
    paddingLeft: true,
  };
}

export function toLspCodeAction(action: CodeActionInfo, uri: string): CodeAction {
  return {
    title: action.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [toLspDiagnostic(action.diagnostic)],
    isPreferred: action.isPreferred,
    edit: { changes: { [uri]: action.edits } },
  };
}

const symbolKinds: Record<CoreSymbolKind, SymbolKind> = {
  model: SymbolKind.Class,
  layer: SymbolKind.Field,
  section: SymbolKind.Namespace,
  setting: SymbolKind.Property,
};

/** The outline as a tree, for clients with hierarchical document symbols. */
export function toLspSymbol(symbol: SymbolInfo): DocumentSymbol {
  return DocumentSymbol.create(
    symbol.name,
    symbol.detail,
    symbolKinds[symbol.kind],
    symbol.range,
    symbol.selectionRange,
    symbol.children.map(toLspSymbol),
  );
}

/** The outline as a flat list, each layer and setting naming its container, for the other clients. */
export function toLspSymbolInformation(symbol: SymbolInfo, uri: string, containerName?: string): SymbolInformation[] {
  const own: SymbolInformation = { name: symbol.name, kind: symbolKinds[symbol.kind], location: { uri, range: symbol.range }, containerName };
  return [own, ...symbol.children.flatMap((child) => toLspSymbolInformation(child, uri, symbol.name))];
}

export function toLspFoldingRange(range: FoldingInfo): FoldingRange {
  return {
    startLine: range.startLine,
    endLine: range.endLine,
    kind: range.kind === 'comment' ? FoldingRangeKind.Comment : range.kind === 'region' ? FoldingRangeKind.Region : undefined,
  };
}

export function toLspCodeLens(lens: CodeLensInfo, uri: string): CodeLens {
  return { range: lens.range, command: { title: lens.title, command: lens.command, arguments: [uri] } };
}

export function toLspHighlight(highlight: HighlightInfo): DocumentHighlight {
  return { range: highlight.range, kind: highlight.kind === 'write' ? DocumentHighlightKind.Write : DocumentHighlightKind.Read };
}

export function toLspWorkspaceEdit(edits: TextEdit[], uri: string): WorkspaceEdit {
  return { changes: { [uri]: edits } };
}
