// The VS Code extension's entry: the language client, the output channel, the restart
// command, and the training features (train/evaluate/stop/summary, results panel).
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createLanguageClient } from './languageClient';
import { registerTrainingFeatures } from './training/index';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('DNN', { log: true });
  context.subscriptions.push(output);

  // Training commands come first: they must work even when the language server fails to start.
  registerTrainingFeatures(context, { output, client: () => client });

  context.subscriptions.push(
    vscode.commands.registerCommand('dnn.restartServer', async () => {
      output.info('Restarting the DNN language server');
      await stopClient(output);
      await startClient(context, output);
    }),
  );
  await startClient(context, output);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

async function startClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): Promise<void> {
  const next = createLanguageClient(context, output);
  client = next;
  try {
    await next.start();
  } catch (error) {
    output.error(`The DNN language server did not start: ${error instanceof Error ? error.message : String(error)}`);
    const choice = await vscode.window.showErrorMessage('The DNN language server did not start.', 'Show Output');
    if (choice === 'Show Output') output.show(true);
  }
}

async function stopClient(output: vscode.LogOutputChannel): Promise<void> {
  const running = client;
  client = undefined;
  if (!running) return;
  try {
    await running.stop();
  } catch (error) {
    // A server that already died can't be stopped cleanly; the restart goes on regardless.
    output.warn(`Stopping the language server: ${error instanceof Error ? error.message : String(error)}`);
  }
}
