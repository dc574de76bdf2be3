// Starts the bundled language server (dist/server/server.js) in a child Node process and
// talks to it over IPC. Trace level comes from the `dnn.trace.server` setting (the client
// library reads `<id>.trace.server` itself).
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { vscodeExtensionOptions } from '../../src/lsp/initializationOptions';

export const clientId = 'dnn';

export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    // `code --extensionDevelopmentPath` runs the debug variant: attach a debugger on 6009.
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'dnn' },
      { scheme: 'untitled', language: 'dnn' },
    ],
    outputChannel: output,
    traceOutputChannel: output,
    // This client registers the commands the server's CodeLenses and completions name.
    initializationOptions: vscodeExtensionOptions,
  };
  return new LanguageClient(clientId, 'DNN Language Server', serverOptions, clientOptions);
}
