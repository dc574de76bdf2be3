// The VS Code extension's entry: the output channel, then wiring.ts (the Ctx owning the language
// client and every command, the training features and results panel), then the client starts.
import * as vscode from 'vscode';
import type { Ctx } from './ctx';
import { createLanguageClient } from './languageClient';
import { setUpExtension } from './wiring';

let ctx: Ctx | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('DNN', { log: true });
  context.subscriptions.push(output);
  ctx = setUpExtension(context, output, () => createLanguageClient(context, output));
  await ctx.start();
}

export async function deactivate(): Promise<void> {
  await ctx?.stop();
  ctx = undefined;
}
