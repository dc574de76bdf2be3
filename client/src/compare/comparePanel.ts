// The comparison panel of two or more runs: read from their folders (metrics.json, spec.json,
// label.txt), compared by comparison.ts, drawn by the webview (dist/media/compare.js) under the
// results panel's rules (strict CSP with a nonce, theme colours). The webview keeps the run
// folders in its state, so the serializer restores the panel after a reload.
import * as vscode from 'vscode';
import { showMessage } from '../ui/messages';
import { compareViewType } from '../../../src/protocol/commands';
import { createNonce, panelHtml } from '../panel/html';
import { readComparedRuns } from './comparedRuns';
import { buildComparison, type ComparisonMessage } from './comparison';

export class ComparePanels implements vscode.Disposable {
  constructor(private readonly extensionUri: vscode.Uri) {}

  registerSerializer(): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(compareViewType, {
      deserializeWebviewPanel: async (panel, saved: unknown) => {
        const runDirs = (saved as { runDirs?: unknown } | undefined)?.runDirs;
        if (!Array.isArray(runDirs) || !runDirs.every((dir) => typeof dir === 'string')) {
          panel.dispose();
          return;
        }
        await this.fill(panel, runDirs);
      },
    });
  }

  /** Opens a comparison of the finished runs in `runDirs` (at least two). */
  async open(runDirs: string[]): Promise<void> {
    if (runDirs.length < 2) {
      void showMessage('info', 'Select two or more runs in the DNN Runs view to compare them.');
      return;
    }
    const panel = vscode.window.createWebviewPanel(compareViewType, 'DNN: Compare Runs', vscode.ViewColumn.Active, this.options());
    await this.fill(panel, runDirs);
  }

  private async fill(panel: vscode.WebviewPanel, runDirs: string[]): Promise<void> {
    panel.webview.options = this.options();
    const runs = await readComparedRuns(runDirs);
    if (runs.length < 2) {
      panel.dispose();
      void showMessage('warning', 'Fewer than two of these runs are still there and finished: nothing to compare.');
      return;
    }
    const message: ComparisonMessage = { type: 'comparison', comparison: buildComparison(runs), runDirs: runs.map((run) => run.runDir) };
    panel.title = `DNN: Compare ${runs.length} Runs`;
    const subscription = panel.webview.onDidReceiveMessage((raw: unknown) => {
      if ((raw as { type?: unknown } | undefined)?.type === 'ready') void panel.webview.postMessage(message);
    });
    panel.onDidDispose(() => subscription.dispose());
    panel.webview.html = panelHtml({
      cspSource: panel.webview.cspSource,
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'media', 'compare.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'panel.css')).toString(),
      nonce: createNonce(),
      title: panel.title,
    });
  }

  private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist', 'media'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
  }

  dispose(): void {}
}
