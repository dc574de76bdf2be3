// Which .dnn document a command is about: the URI argument (CodeLens passes a string, menus a
// Uri), else the focused results panel's model, else the active .dnn editor.
import * as vscode from 'vscode';
import { showMessage } from '../ui/messages';

export function uriFromArgument(argument: unknown): vscode.Uri | undefined {
  if (argument instanceof vscode.Uri) return argument;
  if (typeof argument !== 'string' || argument.trim() === '') return undefined;
  // A URI string has a scheme of 2+ letters; anything else (a Windows drive is one letter) is a path.
  return /^[a-zA-Z][\w+.-]+:/.test(argument) ? vscode.Uri.parse(argument) : vscode.Uri.file(argument);
}

export async function targetDocument(argument: unknown, focusedPanelUri: string | undefined): Promise<vscode.TextDocument | undefined> {
  const uri = uriFromArgument(argument) ?? (focusedPanelUri ? vscode.Uri.parse(focusedPanelUri) : undefined);
  if (uri) {
    try {
      return await vscode.workspace.openTextDocument(uri);
    } catch (error) {
      void showMessage('error', `Cannot open ${uri.fsPath || uri.toString()}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }
  const editor = vscode.window.activeTextEditor;
  if (editor?.document.languageId === 'dnn') return editor.document;
  void showMessage('warning', 'Open a .dnn file first: the DNN commands work on the model in the active editor.');
  return undefined;
}

/**
 * The engine reads the file from disk, so what it trains must be saved. Saving is what the user
 * would do anyway and loses nothing (an untitled file gets the Save As dialog). Returns the
 * saved document, or undefined when the user cancelled or the file is not on disk.
 */
export async function savedForEngine(document: vscode.TextDocument, purpose: string, output: vscode.LogOutputChannel): Promise<vscode.TextDocument | undefined> {
  if (document.isUntitled || document.isDirty) {
    const saved = await vscode.workspace.save(document.uri);
    if (!saved) {
      void showMessage('info', `${purpose} needs the file saved; nothing was started.`);
      return undefined;
    }
    output.info(`Saved ${saved.fsPath} before ${purpose.toLowerCase()}`);
    document = await vscode.workspace.openTextDocument(saved);
  }
  if (document.uri.scheme !== 'file') {
    void showMessage('error', `${purpose} works on files on disk; ${document.uri.toString()} is not one.`);
    return undefined;
  }
  return document;
}
