// What the client said it can do, read once at `initialize`. Every answer is shaped by it:
// Neovim, Emacs, Helix and older editors differ from VS Code in snippets, Markdown, symbol
// trees, code action literals and pull diagnostics, and the server must not send them
// anything they cannot show.
import type { InitializeParams } from 'vscode-languageserver/node';
import type { DnnInitializationOptions } from './initializationOptions';

export interface ClientSupport {
  /** `textDocument/diagnostic`: the client pulls; otherwise the server pushes. */
  pullDiagnostics: boolean;
  diagnosticsRefresh: boolean;
  inlayHintRefresh: boolean;
  /** `workspace/configuration` requests. */
  configuration: boolean;
  configurationRegistration: boolean;
  /** Completion items may be snippets (`Dense(${1:units})`); otherwise plain text. */
  snippets: boolean;
  /** Markdown in hovers, completion documentation and signature help; otherwise plain text. */
  markdown: { hover: boolean; completion: boolean; signatureHelp: boolean };
  /** `[start, end)` offsets as a signature parameter's label; otherwise the label's text. */
  parameterLabelOffsets: boolean;
  /** `activeParameter: null` means no parameter is active (LSP 3.18). */
  noActiveParameter: boolean;
  /** A tree of DocumentSymbol; otherwise a flat list of SymbolInformation. */
  hierarchicalSymbols: boolean;
  /** CodeAction literals with edits; a client without them gets no quick fixes. */
  codeActionLiterals: boolean;
  /** `textDocument/prepareRename`: the client asks what a rename would replace before asking for a name. */
  prepareRename: boolean;
  /**
   * The client runs the commands the server names: the CodeLens's `dnn.train`, `dnn.evaluate`,
   * `dnn.showSummary`, and VS Code's `editor.action.triggerSuggest` after an argument name.
   * Only the DNN extension says so; another editor would fail to run them.
   */
  editorCommands: boolean;
}

/** A client that announced nothing: plain text everywhere, diagnostics pushed. */
export const minimalClientSupport: ClientSupport = {
  pullDiagnostics: false,
  diagnosticsRefresh: false,
  inlayHintRefresh: false,
  configuration: false,
  configurationRegistration: false,
  snippets: false,
  markdown: { hover: false, completion: false, signatureHelp: false },
  parameterLabelOffsets: false,
  noActiveParameter: false,
  hierarchicalSymbols: false,
  codeActionLiterals: false,
  prepareRename: false,
  editorCommands: false,
};

export function readClientSupport(params: InitializeParams): ClientSupport {
  const { workspace, textDocument } = params.capabilities;
  const signatureInformation = textDocument?.signatureHelp?.signatureInformation;
  const options = params.initializationOptions as DnnInitializationOptions | null | undefined;
  return {
    pullDiagnostics: textDocument?.diagnostic !== undefined,
    diagnosticsRefresh: workspace?.diagnostics?.refreshSupport === true,
    inlayHintRefresh: workspace?.inlayHint?.refreshSupport === true,
    configuration: workspace?.configuration === true,
    configurationRegistration: workspace?.didChangeConfiguration?.dynamicRegistration === true,
    snippets: textDocument?.completion?.completionItem?.snippetSupport === true,
    markdown: {
      hover: includesMarkdown(textDocument?.hover?.contentFormat),
      completion: includesMarkdown(textDocument?.completion?.completionItem?.documentationFormat),
      signatureHelp: includesMarkdown(signatureInformation?.documentationFormat),
    },
    parameterLabelOffsets: signatureInformation?.parameterInformation?.labelOffsetSupport === true,
    noActiveParameter: signatureInformation?.noActiveParameterSupport === true,
    hierarchicalSymbols: textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport === true,
    codeActionLiterals: textDocument?.codeAction?.codeActionLiteralSupport !== undefined,
    prepareRename: textDocument?.rename?.prepareSupport === true,
    editorCommands: typeof options === 'object' && options !== null && options.editorCommands === true,
  };
}

function includesMarkdown(formats: readonly string[] | undefined): boolean {
  return formats?.includes('markdown') === true;
}
