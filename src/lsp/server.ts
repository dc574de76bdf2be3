// The language server: thin LSP handlers over the pure language core. Each handler takes
// the cached analysis of the document's current version, calls one feature function and
// converts its plain result to LSP types.
import { fileURLToPath } from 'node:url';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  ErrorCodes,
  LSPErrorCodes,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { version } from '../../package.json';
import { codeActions } from '../language/features/codeActions';
import { codeLenses } from '../language/features/codeLens';
import { completions } from '../language/features/completion';
import { foldingRanges } from '../language/features/folding';
import { formatDocument } from '../language/features/formatting';
import { hover } from '../language/features/hover';
import { inlayHints } from '../language/features/inlayHints';
import { definition, documentHighlights, prepareRename, references, rename } from '../language/features/names';
import { semanticTokenLegend, semanticTokens } from '../language/features/semanticTokens';
import { signatureHelp } from '../language/features/signatureHelp';
import { modelSummary, type ModelSummary } from '../language/features/summary';
import { documentSymbols } from '../language/features/symbols';
import type { Analysis } from '../language/types';
import { AnalysisCache } from './analysisCache';
import { minimalClientSupport, readClientSupport, type ClientSupport } from './clientSupport';
import {
  toLspCodeAction,
  toLspCodeLens,
  toLspCompletionItem,
  toLspFoldingRange,
  toLspHighlight,
  toLspHover,
  toLspInlayHint,
  toLspSignatureHelp,
  toLspSymbol,
  toLspSymbolInformation,
  toLspWorkspaceEdit,
} from './convert';
import { Diagnostics } from './diagnostics';
import { modelSummaryMethod, type ModelSummaryParams } from '../protocol/modelSummary';
import { MAX_TEXT_BYTES, readRegularFile, UnreadableFile } from '../files/regular-file';
import type { Lifecycle } from './lifecycle';
import { answer, safely } from './safely';
import { defaultSettings, readSettings, type ServerSettings } from './settings';

export interface ServerOptions {
  /** Quiet time after an edit before diagnostics are computed (per document). */
  diagnosticsDelayMs?: number;
}

/** Serves on `connection`, which was made with `lifecycle.options`. */
export function startServer(connection: Connection, lifecycle: Lifecycle, options: ServerOptions = {}): void {
  lifecycle.attach(connection);
  const documents = new TextDocuments(TextDocument);
  let settings: ServerSettings = defaultSettings;
  const cache = new AnalysisCache(settings.limits);
  let support: ClientSupport = minimalClientSupport;
  const log = (message: string): void => {
    try {
      connection.console.error(message);
    } catch {
      // The connection is gone (the editor quit): there is nobody left to tell.
    }
  };
  const diagnostics = new Diagnostics(connection, documents, cache, {
    pull: () => support.pullDiagnostics,
    delayMs: options.diagnosticsDelayMs ?? 150,
    log,
  });

  /** The analysis of an open document, or undefined for a URI the client never opened. */
  const analysisOf = (uri: string): { analysis: Analysis; text: string } | undefined => {
    const document = documents.get(uri);
    return document ? { analysis: cache.get(document), text: document.getText() } : undefined;
  };

  /** A feature's answer for an open document; undefined for a URI the client never opened. */
  const withAnalysis = <R>(uri: string, feature: (analysis: Analysis) => R): R | undefined => {
    const document = documents.get(uri);
    return document ? feature(cache.get(document)) : undefined;
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    support = readClientSupport(params);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        ...(support.pullDiagnostics ? { diagnosticProvider: { interFileDependencies: false, workspaceDiagnostics: false } } : {}),
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['(', ',', '=', '['] },
        signatureHelpProvider: { triggerCharacters: ['(', ','], retriggerCharacters: ['='] },
        inlayHintProvider: true,
        // Quick fixes are code action literals; the Command-only form of older clients can't carry edits.
        ...(support.codeActionLiterals ? { codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] } } : {}),
        documentSymbolProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        documentHighlightProvider: true,
        renameProvider: support.prepareRename ? { prepareProvider: true } : true,
        foldingRangeProvider: true,
        documentFormattingProvider: true,
        semanticTokensProvider: { legend: semanticTokenLegend, full: true },
        // The lenses run the extension's commands: no use to an editor that doesn't have them.
        ...(support.editorCommands ? { codeLensProvider: { resolveProvider: false } } : {}),
      },
      serverInfo: { name: 'dnn-language-server', version },
    };
  });

  connection.onInitialized(
    safely(log, 'initialized', undefined, async () => {
      if (support.configurationRegistration) {
        await connection.client.register(DidChangeConfigurationNotification.type, undefined);
      }
      await reloadSettings(undefined);
    }),
  );

  connection.onDidChangeConfiguration(
    safely(log, 'didChangeConfiguration', undefined, async (params) => reloadSettings(params.settings)),
  );

  /** Takes settings pushed by the client, or asks for them; then everything settings-dependent is refreshed. */
  async function reloadSettings(pushed: unknown): Promise<void> {
    const section = (pushed as { dnn?: unknown } | undefined)?.dnn;
    if (section !== undefined) settings = readSettings(section);
    else if (support.configuration) settings = readSettings(await connection.workspace.getConfiguration({ section: 'dnn' }));
    cache.setLimits(settings.limits);
    await diagnostics.refresh(support.diagnosticsRefresh);
    if (support.inlayHintRefresh) await connection.languages.inlayHint.refresh();
  }

  // ---------------------------------------------------------------------------------
  // Editor features
  // ---------------------------------------------------------------------------------

  connection.onHover(
    answer(log, 'hover', null, (params) => {
      const open = analysisOf(params.textDocument.uri);
      const info = open && hover(open.analysis, params.position);
      return info ? toLspHover(info, support) : null;
    }),
  );

  connection.onCompletion(
    answer(log, 'completion', [], (params) => {
      const open = analysisOf(params.textDocument.uri);
      return open ? completions(open.analysis, open.text, params.position).map((entry) => toLspCompletionItem(entry, support)) : [];
    }),
  );

  connection.onSignatureHelp(
    answer(log, 'signatureHelp', null, (params) => {
      const open = analysisOf(params.textDocument.uri);
      const info = open && signatureHelp(open.analysis, open.text, params.position);
      return info ? toLspSignatureHelp(info, support) : null;
    }),
  );

  connection.languages.inlayHint.on(
    answer(log, 'inlayHint', [], (params) => {
      const open = analysisOf(params.textDocument.uri);
      return open ? inlayHints(open.analysis, params.range, settings.inlayHints).map(toLspInlayHint) : [];
    }),
  );

  connection.onCodeAction(
    answer(log, 'codeAction', [], (params) => {
      const open = analysisOf(params.textDocument.uri);
      if (!open || !support.codeActionLiterals || !wantsQuickFixes(params.context.only)) return [];
      const requested = params.context.diagnostics.map((d) => ({ code: d.code === undefined ? undefined : String(d.code), range: d.range }));
      return codeActions(open.analysis, params.range, requested).map((action) => toLspCodeAction(action, params.textDocument.uri));
    }),
  );

  connection.onDocumentSymbol(
    answer(log, 'documentSymbol', [], (params) => {
      const open = analysisOf(params.textDocument.uri);
      if (!open) return [];
      const symbols = documentSymbols(open.analysis, open.text);
      return support.hierarchicalSymbols ? symbols.map(toLspSymbol) : symbols.flatMap((symbol) => toLspSymbolInformation(symbol, params.textDocument.uri));
    }),
  );

  // Names of a graph model: each handler is one call of a features/names.ts function.
  connection.onDefinition(
    answer(log, 'definition', null, ({ textDocument: { uri }, position }) => {
      const range = withAnalysis(uri, (analysis) => definition(analysis, position));
      return range ? { uri, range } : null;
    }),
  );

  connection.onReferences(
    answer(log, 'references', [], ({ textDocument: { uri }, position, context }) =>
      (withAnalysis(uri, (analysis) => references(analysis, position, context.includeDeclaration)) ?? []).map((range) => ({ uri, range })),
    ),
  );

  connection.onDocumentHighlight(
    answer(log, 'documentHighlight', [], ({ textDocument: { uri }, position }) =>
      (withAnalysis(uri, (analysis) => documentHighlights(analysis, position)) ?? []).map(toLspHighlight),
    ),
  );

  connection.onPrepareRename(
    answer(log, 'prepareRename', null, ({ textDocument: { uri }, position }) => refusedOr(withAnalysis(uri, (analysis) => prepareRename(analysis, position)))),
  );

  connection.onRenameRequest(
    answer(log, 'rename', null, ({ textDocument: { uri }, position, newName }) => {
      const edits = refusedOr(withAnalysis(uri, (analysis) => rename(analysis, position, newName)));
      return edits ? toLspWorkspaceEdit(edits, uri) : null;
    }),
  );

  connection.onFoldingRanges(
    answer(log, 'foldingRange', [], (params) => {
      const open = analysisOf(params.textDocument.uri);
      return open ? foldingRanges(open.analysis, open.text).map(toLspFoldingRange) : [];
    }),
  );

  connection.onDocumentFormatting(
    answer(log, 'formatting', [], (params) => {
      const open = analysisOf(params.textDocument.uri);
      return open ? formatDocument(open.analysis, open.text) : [];
    }),
  );

  connection.languages.semanticTokens.on(
    answer(log, 'semanticTokens', { data: [] }, (params) => {
      const open = analysisOf(params.textDocument.uri);
      return { data: open ? semanticTokens(open.analysis) : [] };
    }),
  );

  connection.onCodeLens(
    answer(log, 'codeLens', [], (params) => {
      const open = analysisOf(params.textDocument.uri);
      return open && support.editorCommands ? codeLenses(open.analysis).map((lens) => toLspCodeLens(lens, params.textDocument.uri)) : [];
    }),
  );

  connection.onRequest(
    modelSummaryMethod,
    answer(log, modelSummaryMethod, null as ModelSummary | null, async (params: ModelSummaryParams) => {
      const uri = typeof params?.uri === 'string' ? params.uri : '';
      const open = analysisOf(uri);
      if (open) return modelSummary(open.analysis);
      return modelSummary(await analyzeClosedFile(uri));
    }),
  );

  /** The Summary command may name a file that is not open: analyse it as saved on disk. */
  async function analyzeClosedFile(uri: string): Promise<Analysis> {
    let text: string;
    try {
      // A regular file only, checked before it is opened: a FIFO would hold a libuv thread forever.
      text = (await readRegularFile(pathOf(uri), MAX_TEXT_BYTES)).toString('utf8');
    } catch (error) {
      const why = error instanceof UnreadableFile ? ` (${error.reason})` : '';
      throw new ResponseError(ErrorCodes.InvalidParams, `cannot read '${uri}': not an open document nor a readable file${why}`);
    }
    return cache.analyzeText(text, uri, 0);
  }

  documents.onDidClose((event) => cache.forget(event.document.uri));
  connection.onShutdown(() => diagnostics.dispose());

  documents.listen(connection);
  connection.listen();
}

/** The path of a `file:` URI; anything else (a relative path, `untitled:`) is no file the server can read. */
function pathOf(uri: string): string {
  try {
    return fileURLToPath(uri);
  } catch {
    throw new UnreadableFile(uri, 'it is not a file: URI', 'NOT_FILE_URI');
  }
}

/** A refusal (a rename to a keyword, nothing to rename) goes back as an error the editor shows. */
function refusedOr<T>(answer: T | { refusal: string } | undefined): T | undefined {
  if (answer !== null && typeof answer === 'object' && 'refusal' in answer) throw new ResponseError(LSPErrorCodes.RequestFailed, answer.refusal);
  return answer;
}

/** Every action here is a quick fix: a request for other kinds only (`source.fixAll` on save) gets none. */
function wantsQuickFixes(only: string[] | undefined): boolean {
  return only === undefined || only.some((kind) => kind === CodeActionKind.QuickFix || kind === CodeActionKind.Empty);
}
