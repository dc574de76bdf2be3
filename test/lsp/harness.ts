// An LSP client for tests. `startInProcess` runs the real server (startServer) in this
// process over a pair of in-memory streams, `spawnServer` runs a built one as a separate
// process; `LspClient` speaks JSON-RPC to either the way an editor does: initialize, open/change documents,
// answer the server's configuration and registration requests, collect diagnostics.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import {
  createConnection,
  ProposedFeatures,
  type ClientCapabilities,
  type Diagnostic,
  type InitializeResult,
  type Position,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver/node';
import { vscodeExtensionOptions, type DnnInitializationOptions } from '../../src/lsp/initializationOptions';
import { Lifecycle } from '../../src/lsp/lifecycle';
import { startServer } from '../../src/lsp/server';

export interface ClientOptions {
  /** Announce pull diagnostics (textDocument/diagnostic) like VS Code; otherwise the server pushes them. */
  pullDiagnostics?: boolean;
  /** The `dnn` section answered to workspace/configuration. */
  settings?: Record<string, unknown>;
  /**
   * A client that announces nothing (no snippets, no Markdown, no symbol tree, no code action
   * literals, no DNN extension commands), as a bare-bones editor plugin might; otherwise one
   * that supports what the VS Code DNN extension does.
   */
  minimal?: boolean;
}

export function capabilities(options: ClientOptions): ClientCapabilities {
  const diagnostic = options.pullDiagnostics ? { diagnostic: { dynamicRegistration: false } } : {};
  if (options.minimal) return { textDocument: { ...diagnostic } };
  return {
    workspace: {
      configuration: true,
      didChangeConfiguration: { dynamicRegistration: true },
      diagnostics: { refreshSupport: true },
      inlayHint: { refreshSupport: true },
    },
    textDocument: {
      synchronization: { dynamicRegistration: false },
      hover: { contentFormat: ['markdown', 'plaintext'] },
      completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
      signatureHelp: {
        signatureInformation: { documentationFormat: ['markdown', 'plaintext'], parameterInformation: { labelOffsetSupport: true }, noActiveParameterSupport: true },
      },
      documentSymbol: { hierarchicalDocumentSymbolSupport: true },
      codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
      rename: { prepareSupport: true },
      publishDiagnostics: { versionSupport: true },
      ...diagnostic,
    },
  };
}

/** What the DNN VS Code extension sends at initialize; a minimal client sends nothing. */
function initializationOptions(options: ClientOptions): DnnInitializationOptions | undefined {
  return options.minimal ? undefined : vscodeExtensionOptions;
}

export class LspClient {
  private readonly versions = new Map<string, number>();
  private readonly pushed = new Map<string, PublishDiagnosticsParams>();
  private readonly pushWaiters: { uri: string; version: number; resolve: (d: Diagnostic[]) => void }[] = [];
  /** Server-to-client requests seen, by method: tests check the refresh requests. */
  readonly serverRequests: string[] = [];
  /** Messages the server logged (window/logMessage). */
  readonly logs: string[] = [];
  settings: Record<string, unknown>;

  constructor(
    readonly connection: MessageConnection,
    private readonly options: ClientOptions,
  ) {
    this.settings = options.settings ?? {};
    connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => {
      this.serverRequests.push('workspace/configuration');
      return params.items.map((item) => (item.section === 'dnn' ? this.settings : null));
    });
    for (const method of ['client/registerCapability', 'workspace/diagnostic/refresh', 'workspace/inlayHint/refresh']) {
      connection.onRequest(method, () => {
        this.serverRequests.push(method);
        return null;
      });
    }
    connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
    });
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.pushed.set(params.uri, params);
      for (const waiter of [...this.pushWaiters]) {
        if (waiter.uri === params.uri && (params.version ?? 0) >= waiter.version) {
          this.pushWaiters.splice(this.pushWaiters.indexOf(waiter), 1);
          waiter.resolve(params.diagnostics);
        }
      }
    });
    connection.listen();
  }

  /**
   * `processId` makes the server exit when that process dies (it polls it); in process there
   * is no parent to watch, and the poll timer would keep the test process alive.
   */
  async initialize(processId: number | null): Promise<InitializeResult> {
    const result = await this.connection.sendRequest<InitializeResult>('initialize', {
      processId,
      rootUri: null,
      capabilities: capabilities(this.options),
      initializationOptions: initializationOptions(this.options),
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  async open(uri: string, text: string): Promise<void> {
    this.versions.set(uri, 1);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dnn', version: 1, text } });
  }

  /** Replaces the whole text (a full-content change) and returns the new version. */
  async change(uri: string, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  /** An incremental change: replaces `range` with `text`. */
  async edit(uri: string, range: { start: Position; end: Position }, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
    return version;
  }

  async close(uri: string): Promise<void> {
    this.versions.delete(uri);
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** The diagnostics of the document's current version: pulled, or waited for when pushed. */
  async diagnostics(uri: string): Promise<Diagnostic[]> {
    if (this.options.pullDiagnostics) {
      const report = await this.request<{ kind: string; items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } });
      return report.items;
    }
    const version = this.versions.get(uri) ?? 0;
    const last = this.pushed.get(uri);
    if (last && (last.version ?? 0) >= version) return last.diagnostics;
    return new Promise((resolve) => this.pushWaiters.push({ uri, version, resolve }));
  }

  /** The last diagnostics pushed for a document (undefined if none yet). */
  lastPushed(uri: string): PublishDiagnosticsParams | undefined {
    return this.pushed.get(uri);
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest<R>(method, params);
  }

  position(uri: string, position: Position): { textDocument: { uri: string }; position: Position } {
    return { textDocument: { uri }, position };
  }
}

/** The real server in this process, connected to an LspClient through in-memory streams. */
export async function startInProcess(
  options: ClientOptions & { diagnosticsDelayMs?: number } = {},
): Promise<{ client: LspClient; initialized: InitializeResult; dispose: () => Promise<void> }> {
  const clientToServer = new PassThrough();
  const serverToClient = new PassThrough();
  const lifecycle = new Lifecycle();
  const serverConnection = createConnection(
    ProposedFeatures.all,
    new StreamMessageReader(clientToServer),
    new StreamMessageWriter(serverToClient),
    lifecycle.options,
  );
  startServer(serverConnection, lifecycle, { diagnosticsDelayMs: options.diagnosticsDelayMs ?? 20 });
  const clientConnection = createMessageConnection(new StreamMessageReader(serverToClient), new StreamMessageWriter(clientToServer));
  const client = new LspClient(clientConnection, options);
  const initialized = await client.initialize(null);
  return {
    client,
    initialized,
    // Shut down as an editor does, then drop the client side only: the server may still
    // answer something in flight, and writing into an unread in-memory stream is harmless.
    dispose: async () => {
      await client.request('shutdown', null);
      clientConnection.dispose();
    },
  };
}

export interface SpawnedServer {
  child: ChildProcessWithoutNullStreams;
  client: LspClient;
  /** Everything the process wrote to stderr so far (a healthy server writes nothing). */
  stderr(): string;
  /** Drops the connection and kills the process if it is still running. */
  dispose(): void;
}

/** A built server script (`bin/dnn-language-server.js`, a packaged bundle) as a separate process on stdio, as editors start it. */
export function spawnServer(script: string, options: ClientOptions & { cwd?: string; env?: NodeJS.ProcessEnv } = {}): SpawnedServer {
  const child = spawn(process.execPath, [script, '--stdio'], { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  return {
    child,
    client: new LspClient(connection, options),
    stderr: () => stderr,
    dispose: () => {
      connection.dispose();
      child.kill();
    },
  };
}

/** Runs `body` with a fresh in-process server and client, and shuts them down whatever happens. */
export async function withInProcessServer(
  options: Parameters<typeof startInProcess>[0],
  body: (client: LspClient) => Promise<void>,
): Promise<void> {
  const { client, dispose } = await startInProcess(options);
  try {
    await body(client);
  } finally {
    await dispose();
  }
}

/** A diagnostic's message as text (LSP 3.18 allows Markdown there; this server sends plain text). */
export function messageOf(diagnostic: Diagnostic): string {
  return typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
}

/**
 * A fixture with a cursor marker: `Dense(64, activation=re|lu)` gives the text without the
 * `|` and the marker's position. (`|` never occurs in a .dnn file.)
 */
export function withCursor(marked: string): { text: string; position: Position } {
  const offset = marked.indexOf('|');
  if (offset < 0 || marked.indexOf('|', offset + 1) >= 0) throw new Error('a fixture needs exactly one | marker');
  const before = marked.slice(0, offset);
  const line = before.split('\n').length - 1;
  const character = offset - (before.lastIndexOf('\n') + 1);
  return { text: before + marked.slice(offset + 1), position: { line, character } };
}

/** The article's model (examples/mnist-mlp.dnn as issue 2 writes it). */
export const mnistMlp = `# mnist-mlp.dnn: the article's Keras model
model MnistMLP {
    Input(shape=[784])
    Dense(64, activation=relu)
    Dense(64, activation=relu)
    Dense(10, activation=softmax)
}

compile {
    optimizer = adam(learning_rate=0.001)
    loss = categorical_crossentropy
    metrics = [accuracy]
}

fit {
    dataset = mnist
    epochs = 10
    batch_size = 128
    validation_split = 0.2
}
`;
