// The one way the extension speaks to the user in VS Code's own UI: notifications, modal
// questions, progress notifications and input prompts. Every text goes through plainText
// first, so user text inside it (a data path, a quoted argument, a run label) can never
// become a clickable command link. test/client/userMessages.test.ts fails when a
// vscode.window.show*Message, withProgress or showInputBox call appears anywhere else.
import * as vscode from 'vscode';
import { plainText } from './plainText';

export type Severity = 'info' | 'warning' | 'error';

function show<T extends string>(severity: Severity, text: string, options: vscode.MessageOptions, actions: T[]): Thenable<T | undefined> {
  const message = plainText(text);
  if (severity === 'error') return vscode.window.showErrorMessage(message, options, ...actions);
  if (severity === 'warning') return vscode.window.showWarningMessage(message, options, ...actions);
  return vscode.window.showInformationMessage(message, options, ...actions);
}

/** A notification with buttons (`actions` are the extension's own words); resolves with the one clicked. */
export function showMessage<T extends string>(severity: Severity, text: string, ...actions: T[]): Thenable<T | undefined> {
  return show(severity, text, {}, actions);
}

/** A modal question: `text`, the paragraph `detail` under it, and its buttons (Cancel is added by VS Code). */
export function askModal<T extends string>(severity: Severity, text: string, detail: string, ...actions: T[]): Thenable<T | undefined> {
  return show(severity, text, { modal: true, detail: plainText(detail) }, actions);
}

export interface ProgressReporter {
  report(value: { message?: string; increment?: number }): void;
}

/** A progress notification titled `title` while `task` runs; `cancellable` adds its Cancel button. */
export function withNotificationProgress<R>(
  title: string,
  cancellable: boolean,
  task: (progress: ProgressReporter, token: vscode.CancellationToken) => Thenable<R>,
): Thenable<R> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: plainText(title), cancellable }, (progress, token) =>
    task({ report: (value) => progress.report(value.message === undefined ? value : { ...value, message: plainText(value.message) }) }, token),
  );
}

/** An input box; its prompt is rendered like a notification, with links. */
export function askText(options: vscode.InputBoxOptions): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    ...options,
    title: options.title === undefined ? undefined : plainText(options.title),
    prompt: options.prompt === undefined ? undefined : plainText(options.prompt),
    placeHolder: options.placeHolder === undefined ? undefined : plainText(options.placeHolder),
  });
}
