// One object owning the language client and the command registrations (rust-analyzer's
// ctx.ts): every command of package.json is registered here, by its name in
// src/protocol/commands.ts, and `CommandHandlers` makes leaving one out a type error.
import * as vscode from 'vscode';
import { showMessage } from './ui/messages';
import type { LanguageClient } from 'vscode-languageclient/node';
import { commandIds, type CommandName } from '../../src/protocol/commands';

export type CommandHandler = (...args: unknown[]) => unknown;
export type CommandHandlers = { readonly [Name in CommandName]: CommandHandler };

export class Ctx {
  private running: LanguageClient | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    readonly output: vscode.LogOutputChannel,
    private readonly createClient: () => LanguageClient,
  ) {}

  /** The language client while it runs (restarted by `dnn.restartServer`). */
  get client(): LanguageClient | undefined {
    return this.running;
  }

  registerCommands(handlers: CommandHandlers): void {
    for (const name of Object.keys(commandIds) as CommandName[]) {
      this.context.subscriptions.push(vscode.commands.registerCommand(commandIds[name], handlers[name]));
    }
  }

  async start(): Promise<void> {
    const next = this.createClient();
    this.running = next;
    try {
      await next.start();
    } catch (error) {
      this.output.error(`The DNN language server did not start: ${error instanceof Error ? error.message : String(error)}`);
      const choice = await showMessage('error', 'The DNN language server did not start.', 'Show Output');
      if (choice === 'Show Output') this.output.show(true);
    }
  }

  async stop(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    if (!running) return;
    try {
      await running.stop();
    } catch (error) {
      // A server that already died can't be stopped cleanly; a restart goes on regardless.
      this.output.warn(`Stopping the language server: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async restart(): Promise<void> {
    this.output.info('Restarting the DNN language server');
    await this.stop();
    await this.start();
  }
}
