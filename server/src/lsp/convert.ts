// Plain results of the language core → LSP types. Positions and ranges are already
// LSP-style (0-based line, UTF-16 character), so they pass through unchanged.
import {
  type CodeAction,
  CodeActionKind,
  CompletionItemKind,
  DiagnosticSeverity,
  DocumentSymbol,
  FoldingRangeKind,
  InlayHintKind,
  InsertTextFormat,
  MarkupKind,
  SymbolKind,
  type CodeLens,
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
  HoverInfo,
  InlayHintInfo,
  SignatureInfo,
  SymbolInfo,
  SymbolKind as CoreSymbolKind,
} from '../language/features/types';
import type { Diagnostic, Severity } from '../language/types';

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

export function toLspHover(hover: HoverInfo): Hover {
  return { contents: { kind: MarkupKind.Markdown, value: hover.markdown }, range: hover.range };
}

const completionKinds: Record<CompletionKind, CompletionItemKind> = {
  layer: CompletionItemKind.Class,
  argument: CompletionItemKind.Property,
  keyword: CompletionItemKind.Keyword,
  setting: CompletionItemKind.Field,
  function: CompletionItemKind.Function,
  value: CompletionItemKind.EnumMember,
  constant: CompletionItemKind.Constant,
};

export function toLspCompletionItem(entry: CompletionEntry): CompletionItem {
  return {
    label: entry.label,
    kind: completionKinds[entry.kind],
    detail: entry.detail,
    documentation: entry.documentation ? { kind: MarkupKind.Markdown, value: entry.documentation } : undefined,
    textEdit: { range: entry.range, newText: entry.insertText },
    insertTextFormat: entry.isSnippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    sortText: entry.sortText,
    // After `activation=` or `loss = ` the next thing to type is a value: offer them at once.
    command: entry.retrigger ? { title: 'Suggest values', command: 'editor.action.triggerSuggest' } : undefined,
  };
}

export function toLspSignatureHelp(signature: SignatureInfo): SignatureHelp {
  return {
    signatures: [
      {
        label: signature.label,
        documentation: { kind: MarkupKind.Markdown, value: signature.documentation },
        parameters: signature.parameters.map((parameter) => ({
          label: parameter.label,
          documentation: { kind: MarkupKind.Markdown, value: parameter.documentation },
        })),
      },
    ],
    activeSignature: 0,
    // Out of range (the parameter count) means "none" to the editor: no parameter is highlighted.
    activeParameter: signature.activeParameter ?? signature.parameters.length,
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
