// What activate() sets up, apart from creating the real language client (which needs the real
// VS Code): the Ctx, the training features and every command. Tests run it in a fake VS Code.
import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Ctx } from './ctx';
import { registerRunsView } from './runs/index';
import { registerTrainingFeatures } from './training/index';

export function setUpExtension(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, createClient: () => LanguageClient): Ctx {
  const ctx = new Ctx(context, output, createClient);
  // Registered before the client starts: training must work even when the server fails to.
  const training = registerTrainingFeatures(context, { output, client: () => ctx.client });
  const runs = registerRunsView(context, training);
  ctx.registerCommands({ ...training.commands.handlers(), ...runs, restartServer: () => ctx.restart() });
  return ctx;
}
