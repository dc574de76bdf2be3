// Diagnostics, both ways: pulled (textDocument/diagnostic) by clients that support it, such
// as VS Code, and pushed (publishDiagnostics) to the others. Either way per document and
// debounced: while the user types, only the last edit's analysis is reported.
import {
  DocumentDiagnosticReportKind,
  LSPErrorCodes,
  ResponseError,
  type Connection,
  type DocumentDiagnosticReport,
  type TextDocuments,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisCache } from './analysisCache';
import { toLspDiagnostic } from './convert';
import { DocumentDebouncer } from './debounce';
import { cancelled } from './lifecycle';
import { answer, safely, type Logger } from './safely';

export interface DiagnosticsOptions {
  /** True when the client pulls diagnostics; otherwise they are pushed. */
  pull: () => boolean;
  delayMs: number;
  log: Logger;
}

export class Diagnostics {
  private readonly debouncer: DocumentDebouncer;

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly cache: AnalysisCache,
    private readonly options: DiagnosticsOptions,
  ) {
    this.debouncer = new DocumentDebouncer(options.delayMs);
    const { log } = options;
    documents.onDidChangeContent(
      safely(log, 'diagnostics', undefined, async (change) => {
        if (this.options.pull()) return;
        if ((await this.debouncer.wait(change.document.uri)) === 'ready') this.publish(change.document.uri);
      }),
    );
    documents.onDidClose((event) => {
      this.debouncer.drop(event.document.uri);
      if (!this.options.pull()) this.send(event.document.uri, undefined, []);
    });
    connection.languages.diagnostics.on(
      answer(log, 'diagnostics', { kind: DocumentDiagnosticReportKind.Full, items: [] } as DocumentDiagnosticReport, async (params, token) => {
        const uri = params.textDocument.uri;
        const outcome = await this.debouncer.wait(uri, token);
        if (outcome === 'cancelled') throw cancelled();
        // A newer request for the same document answers instead; the client need not ask again.
        if (outcome === 'superseded') throw new ResponseError(LSPErrorCodes.ServerCancelled, 'superseded by a newer request', { retriggerRequest: false });
        const document = this.documents.get(uri);
        return { kind: DocumentDiagnosticReportKind.Full, items: document ? this.cache.get(document).diagnostics.map(toLspDiagnostic) : [] };
      }),
    );
  }

  /** Settings changed what the analysis reports: ask the client to pull again, or push again. */
  async refresh(clientRefreshes: boolean): Promise<void> {
    if (!this.options.pull()) {
      for (const document of this.documents.all()) this.publish(document.uri);
    } else if (clientRefreshes) {
      await this.connection.languages.diagnostics.refresh();
    }
  }

  dispose(): void {
    this.debouncer.dispose();
  }

  private publish(uri: string): void {
    const document = this.documents.get(uri);
    if (document) this.send(uri, document.version, this.cache.get(document).diagnostics.map(toLspDiagnostic));
  }

  private send(uri: string, version: number | undefined, diagnostics: ReturnType<typeof toLspDiagnostic>[]): void {
    // The client may be gone (the editor quit mid-edit): nothing to do but say so.
    this.connection.sendDiagnostics({ uri, version, diagnostics }).catch((error: unknown) => {
      this.options.log(`sending diagnostics failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  }
}
