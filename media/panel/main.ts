// Entry of the results webview. It shows the state the host sends, keeps it with setState so a
// hidden-and-shown or reloaded panel comes back at once, and turns button clicks into command
// messages. The handshake: render what was saved, then say `ready`; the host answers with the
// current state.
import { isPanelState, parseHostMessage, type PanelCommand, type PanelState, type WebviewToHost } from '../../client/src/panel/messages';
import { tryItRun } from '../../client/src/panel/state';
import { html, replaceContent } from './dom';
import { evaluationSection } from './evaluationView';
import { modelSection } from './modelView';
import { trainingSection } from './trainingView';
import { tryItBlocker, TryItView } from './tryItView';
import { vscode } from './vscodeApi';

function post(message: WebviewToHost): void {
  vscode.postMessage(message);
}

/** Sections are rebuilt only when their data changed: redrawing 64 digits ten times a second would be wasted work. */
class PanelView {
  private readonly header = html('header', { class: 'header' });
  private readonly notice = html('div', { class: 'notice', id: 'notice', role: 'status' });
  private readonly training = html('div', { class: 'section-body', id: 'training' });
  private readonly evaluation = html('div', { class: 'section-body', id: 'evaluation' });
  private readonly model = html('div', { class: 'section-body', id: 'model' });
  private readonly rendered = new Map<string, string>();
  readonly tryIt: TryItView;

  constructor(root: HTMLElement, tryIt: TryItView) {
    this.tryIt = tryIt;
    root.replaceChildren(
      this.header,
      this.notice,
      section('Training', this.training, 'training-section'),
      section('Test results', this.evaluation, 'evaluation-section'),
      section('Try it on your own digits', tryIt.element, 'try-it-section'),
      section('Model', this.model, 'model-section'),
    );
  }

  render(state: PanelState): void {
    document.title = `DNN: ${state.title}`;
    this.renderIfChanged('header', [state.title, state.run?.status, state.evaluation?.status], () => replaceContent(this.header, ...headerContent(state)));
    this.renderIfChanged('notice', state.notice, () => {
      replaceContent(this.notice, state.notice?.text ?? '');
      this.notice.className = `notice ${state.notice ? `severity-${state.notice.severity}` : 'hidden'}`;
    });
    this.renderIfChanged('training', state.run, () => replaceContent(this.training, ...trainingSection(state.run)));
    this.renderIfChanged('evaluation', state.evaluation, () => replaceContent(this.evaluation, ...evaluationSection(state.evaluation)));
    this.renderIfChanged('model', state.summary, () => replaceContent(this.model, ...modelSection(state.summary)));
    const runDir = tryItRun(state);
    const blocker = tryItBlocker(runDir, state.summary, state.run?.status === 'running');
    this.renderIfChanged('tryIt', [runDir, blocker], () => this.tryIt.show(runDir, blocker));
  }

  private renderIfChanged(key: string, data: unknown, draw: () => void): void {
    const fingerprint = JSON.stringify(data) ?? 'undefined';
    if (this.rendered.get(key) === fingerprint) return;
    this.rendered.set(key, fingerprint);
    draw();
  }
}

function section(title: string, body: HTMLElement, testId: string): HTMLElement {
  return html('section', { 'data-testid': testId }, html('h2', {}, title), body);
}

function headerContent(state: PanelState): HTMLElement[] {
  const running = state.run?.status === 'running';
  const evaluating = state.evaluation?.status === 'running';
  const busy = running || evaluating;
  return [
    html('h1', { id: 'model-name', 'data-testid': 'model-name' }, state.title),
    html('span', { class: `badge status-${state.run?.status ?? 'none'}`, id: 'run-status', 'data-testid': 'run-status' }, badgeText(state)),
    html('div', { class: 'actions' },
      button('Train', 'train', 'train-button', busy),
      button('Evaluate', 'evaluate', 'evaluate-button', busy),
      button('Evaluate another run…', 'pickRunAndEvaluate', 'pick-run-button', busy, true),
      running ? button('Stop', 'stopTraining', 'stop-button', false) : undefined,
      button('Export…', 'exportModel', 'export-button', running, true),
      button('Output', 'showOutput', 'output-button', false, true),
    ),
  ];
}

function badgeText(state: PanelState): string {
  if (state.evaluation?.status === 'running') return 'evaluating';
  return state.run?.status ?? 'not trained';
}

function button(label: string, command: PanelCommand, testId: string, disabled: boolean, secondary = false): HTMLButtonElement {
  const element = html('button', { type: 'button', 'data-testid': testId, class: secondary ? 'secondary' : undefined }, label);
  element.disabled = disabled;
  element.addEventListener('click', () => post({ type: 'command', command }));
  return element;
}

const app = document.getElementById('app');
if (app) {
  // The state kept with setState: the host's latest, with the webview's own drawing.
  let current: PanelState | undefined;
  const keep = () => {
    if (!current) return;
    const { drawing: _old, ...state } = current;
    const drawing = tryIt.drawing();
    vscode.setState(drawing.strokes.length > 0 ? { ...state, drawing } : state);
  };
  const tryIt = new TryItView({
    predict: (id, pixels) => post({ type: 'predict', id, pixels }),
    drawingChanged: keep,
  });
  const view = new PanelView(app, tryIt);
  const show = (state: PanelState) => {
    current = state;
    tryIt.restore(state.drawing);
    keep();
    view.render(state);
  };
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const message = parseHostMessage(event.data);
    if (message?.type === 'state') show(message.state);
    else if (message?.type === 'prediction') tryIt.receive(message);
  });
  // `ready` first: the host drops what it would answer before it (the restored drawing's prediction included).
  post({ type: 'ready' });
  const saved = vscode.getState();
  if (isPanelState(saved)) show(saved);
}
