// Workspace Trust (package.json: capabilities.untrustedWorkspaces "limited"). In Restricted
// Mode the language features work on any file; whatever runs the engine on the workspace's
// files (train, evaluate, export, predict: they read the data files and run settings a
// repository may set) asks for trust first and starts nothing without it.
import * as vscode from 'vscode';
import { DigitPredictor, type Prediction } from '../../../src/engine/predictor';
import { showMessage } from '../ui/messages';

export const MANAGE_TRUST = 'Manage Workspace Trust';

/** True in a trusted workspace; otherwise tells the user why `purpose` waits, with a button to trust it. */
export async function ensureTrusted(purpose: string): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const choice = await showMessage(
    'warning',
    `${purpose} needs a trusted workspace: it reads the data files the model names and runs the engine on them. In Restricted Mode only the language features work.`,
    MANAGE_TRUST,
  );
  if (choice === MANAGE_TRUST) await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}

/** The panel's "Try it" predictor, refusing in Restricted Mode (the panel shows the error as the answer). */
export class TrustedPredictor extends DigitPredictor {
  override predict(runDir: string, pixels: Float32Array): Promise<Prediction> {
    if (!vscode.workspace.isTrusted) return Promise.reject(new Error('Try it needs a trusted workspace: it loads the run\'s model. Trust the workspace to use it.'));
    return super.predict(runDir, pixels);
  }
}
