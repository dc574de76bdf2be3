// The results panels in VS Code: one WebviewPanel per model (by document URI), reused when open,
// restored after a reload by the serializer. The state of every model is kept here even while
// its panel is closed, so reopening it mid-training shows the run so far.
import * as vscode from 'vscode';
import { DigitPredictor } from '../../../src/engine/predictor';
import { resultsViewType } from '../../../src/protocol/commands';
import { createNonce, noticeHtml, panelHtml } from './html';
import { isPanelState, parseWebviewMessage, type PanelCommand, type PanelState } from './messages';
import { PanelSession, type Urgency } from './session';
import { decideRestore } from './restore';
import { initialPanelState, restoredAfterReload } from './state';
import { workspaceRestorePorts } from './workspaceRestore';


export type PanelCommandHandler = (documentUri: string, command: PanelCommand) => void;

export class ResultsPanels implements vscode.Disposable {
  private readonly open = new Map<string, { panel: vscode.WebviewPanel; session: PanelSession }>();
  /** States of models whose panel is closed. */
  private readonly closed = new Map<string, PanelState>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly onCommand: PanelCommandHandler,
    private readonly predictor: DigitPredictor = new DigitPredictor(),
  ) {}

  /** Restores panels VS Code kept across a reload (`onWebviewPanel:dnn.results` activates us for it). */
  registerSerializer(): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(resultsViewType, {
      deserializeWebviewPanel: async (panel, saved: unknown) => {
        if (!isPanelState(saved) || this.open.has(saved.uri)) {
          // A state from another version (or a duplicate) can't be tied to a model: better no panel than a wrong one.
          panel.dispose();
          return;
        }
        const decision = await decideRestore(saved, workspaceRestorePorts);
        if (!decision.restore) {
          this.showNotRestored(panel, decision.message);
          return;
        }
        if (this.open.has(saved.uri)) panel.dispose();
        else this.attach(panel, restoredAfterReload(decision.state));
      },
    });
  }

  /** Opens (or reveals) the model's panel beside the editor without taking the focus. */
  show(documentUri: vscode.Uri, title: string): void {
    const key = documentUri.toString();
    const existing = this.open.get(key);
    if (existing) {
      existing.panel.reveal(undefined, true);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      resultsViewType,
      panelTitle(title),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      this.webviewOptions(),
    );
    this.attach(panel, this.closed.get(key) ?? initialPanelState(key, title));
    this.closed.delete(key);
  }

  state(documentUri: string): PanelState | undefined {
    return this.open.get(documentUri)?.session.state ?? this.closed.get(documentUri);
  }

  /** Changes a model's state, whether or not its panel is open. */
  update(documentUri: string, change: (state: PanelState) => PanelState, urgency: Urgency = 'now'): void {
    const entry = this.open.get(documentUri);
    if (!entry) {
      this.closed.set(documentUri, change(this.closed.get(documentUri) ?? initialPanelState(documentUri, fileName(documentUri))));
      return;
    }
    const before = entry.session.state.title;
    entry.session.update(change, urgency);
    if (entry.session.state.title !== before) entry.panel.title = panelTitle(entry.session.state.title);
  }

  /** The document of the results panel that has the focus, if one has. */
  activeDocumentUri(): string | undefined {
    for (const [uri, { panel }] of this.open) if (panel.active) return uri;
    return undefined;
  }

  /**
   * Stops pending updates only. The panels themselves stay: on a window reload VS Code keeps
   * them and the serializer brings them back, which disposing them here would prevent.
   */
  dispose(): void {
    for (const { session } of this.open.values()) session.dispose();
    void this.predictor.dispose();
  }

  private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      // The webview is rebuilt when shown again; its state comes back through setState/getState and the handshake.
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist', 'media'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
  }

  /** A restored panel tied to no model: no script, no buttons, only why. */
  private showNotRestored(panel: vscode.WebviewPanel, message: string): void {
    panel.webview.options = { enableScripts: false, localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'media')] };
    panel.title = 'DNN: results not restored';
    panel.webview.html = noticeHtml({
      cspSource: panel.webview.cspSource,
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'panel.css')).toString(),
      title: panel.title,
      message,
    });
  }

  private attach(panel: vscode.WebviewPanel, state: PanelState): void {
    const key = state.uri;
    // A restored panel's options are the ones it was created with; set them again in case they changed.
    panel.webview.options = this.webviewOptions();
    panel.title = panelTitle(state.title);
    const session = new PanelSession(state, {
      post: (message) => void panel.webview.postMessage(message),
      runCommand: (command) => this.onCommand(key, command),
      predict: (runDir, pixels) => this.predictor.predict(runDir, pixels),
    });
    this.open.set(key, { panel, session });

    const subscriptions = [
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        const message = parseWebviewMessage(raw);
        if (message) session.receive(message);
      }),
      panel.onDidChangeViewState(({ webviewPanel }) => {
        if (!webviewPanel.visible) session.hidden();
      }),
    ];
    panel.onDidDispose(() => {
      session.dispose();
      subscriptions.forEach((s) => s.dispose());
      this.open.delete(key);
      this.closed.set(key, session.state);
    });
    panel.webview.html = panelHtml({
      cspSource: panel.webview.cspSource,
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'media', 'panel.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'panel.css')).toString(),
      nonce: createNonce(),
      title: panelTitle(state.title),
    });
  }
}

function panelTitle(model: string): string {
  return `DNN: ${model}`;
}

/** `file:///a/b/mnist-mlp.dnn` → `mnist-mlp.dnn`: a title until the model's name is known. */
function fileName(documentUri: string): string {
  return decodeURIComponent(documentUri.slice(documentUri.lastIndexOf('/') + 1)) || documentUri;
}
