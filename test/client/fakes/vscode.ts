// A small stand-in for the `vscode` module, enough for the extension's training and panel
// glue to run in node:test. It records what the extension asks of VS Code (messages, panels,
// saved files) and lets a test play the user (answers to questions) and the webview (messages).
// Import './fakes/useFakeVscode' before any extension module: it makes `require('vscode')` return this.
import { rmSync } from 'node:fs';
import Module from 'node:module';

type Listener<T> = (value: T) => void;

export class EventEmitter<T> {
  private listeners = new Set<Listener<T>>();
  readonly event = (listener: Listener<T>) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };
  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }
  dispose(): void {
    this.listeners.clear();
  }
}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly path: string,
  ) {}
  static file(path: string): Uri {
    return new Uri('file', path);
  }
  static parse(value: string): Uri {
    const match = /^([a-zA-Z][\w+.-]*):(?:\/\/)?(.*)$/.exec(value);
    return match ? new Uri(match[1], decodeURIComponent(match[2].startsWith('/') ? match[2] : `/${match[2]}`)) : new Uri('file', value);
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return new Uri(base.scheme, [base.path, ...parts].join('/'));
  }
  get fsPath(): string {
    return this.path;
  }
  toString(): string {
    return `${this.scheme}://${this.path}`;
  }
}

export enum ViewColumn { Active = -1, Beside = -2, One = 1 }
export enum DiagnosticSeverity { Error = 0, Warning = 1, Information = 2, Hint = 3 }
export enum ProgressLocation { Notification = 15 }
export enum StatusBarAlignment { Left = 1, Right = 2 }
export enum TreeItemCollapsibleState { None = 0, Collapsed = 1, Expanded = 2 }

export class ThemeIcon {
  constructor(readonly id: string) {}
}

export class TreeItem {
  description?: string;
  tooltip?: string;
  iconPath?: ThemeIcon;
  contextValue?: string;
  resourceUri?: Uri;
  id?: string;
  command?: { title: string; command: string; arguments?: unknown[] };
  constructor(
    readonly label: string,
    readonly collapsibleState: TreeItemCollapsibleState,
  ) {}
}

/** A file system watcher whose events a test fires (`world.watchers`). */
export class RelativePattern {
  constructor(readonly baseUri: Uri, readonly pattern: string) {}
}

export class FakeWatcher {
  readonly created = new EventEmitter<Uri>();
  readonly deleted = new EventEmitter<Uri>();
  readonly changedFiles = new EventEmitter<Uri>();
  readonly onDidCreate = this.created.event;
  readonly onDidDelete = this.deleted.event;
  readonly onDidChange = this.changedFiles.event;
  disposed = false;
  /** A glob, or `<folder>/<glob>` for a RelativePattern. */
  readonly pattern: string;
  constructor(pattern: string | RelativePattern) {
    this.pattern = typeof pattern === 'string' ? pattern : `${pattern.baseUri.fsPath}/${pattern.pattern}`;
  }
  dispose(): void {
    this.disposed = true;
  }
}

export class CancellationTokenSource {
  private readonly emitter = new EventEmitter<void>();
  readonly token = { isCancellationRequested: false, onCancellationRequested: this.emitter.event };
  cancel(): void {
    this.token.isCancellationRequested = true;
    this.emitter.fire();
  }
  dispose(): void {}
}

export class FakeWebview {
  html = '';
  options: Record<string, unknown> = {};
  readonly cspSource = 'https://fake.vscode-cdn.net';
  readonly posted: unknown[] = [];
  readonly fromWebview = new EventEmitter<unknown>();
  readonly onDidReceiveMessage = this.fromWebview.event;
  postMessage(message: unknown): Promise<boolean> {
    this.posted.push(JSON.parse(JSON.stringify(message)));
    return Promise.resolve(true);
  }
  /** Only its text matters to the extension: it goes into the HTML. */
  asWebviewUri(uri: Uri): { toString(): string } {
    return { toString: () => `${this.cspSource}${uri.path}` };
  }
}

export class FakeWebviewPanel {
  readonly webview = new FakeWebview();
  visible = true;
  active = false;
  disposed = false;
  reveals = 0;
  private readonly viewState = new EventEmitter<{ webviewPanel: FakeWebviewPanel }>();
  private readonly disposeEmitter = new EventEmitter<void>();
  readonly onDidChangeViewState = this.viewState.event;
  readonly onDidDispose = this.disposeEmitter.event;
  constructor(
    readonly viewType: string,
    public title: string,
    options: Record<string, unknown>,
  ) {
    this.webview.options = options;
  }
  reveal(): void {
    this.reveals++;
  }
  /** The user switches to another tab (true) or back (false). */
  setHidden(hidden: boolean): void {
    this.visible = !hidden;
    this.viewState.fire({ webviewPanel: this });
  }
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.disposeEmitter.fire();
  }
}

export interface FakeDocument {
  uri: Uri;
  languageId: string;
  isUntitled: boolean;
  isDirty: boolean;
  getText(): string;
}

export interface ShownMessage {
  severity: 'info' | 'warning' | 'error';
  text: string;
  items: string[];
  modal: boolean;
}

/** Everything a test can see and steer. Reset with `world.reset()`. */
export const world = {
  panels: [] as FakeWebviewPanel[],
  messages: [] as ShownMessage[],
  /** Answers to the next questions, in order (undefined = dismissed). */
  answers: [] as (string | undefined)[],
  quickPickAnswers: [] as number[],
  /** Answers to the next open dialogs: the picked paths (undefined = cancelled). */
  openDialogAnswers: [] as (string[] | undefined)[],
  /** Files shown in an editor with `showTextDocument`. */
  shownFiles: [] as string[],
  saved: [] as string[],
  executed: [] as { command: string; args: unknown[] }[],
  documents: new Map<string, FakeDocument>(),
  diagnostics: new Map<string, { severity: DiagnosticSeverity; message: string; code?: string; range: { start: { line: number; character: number } } }[]>(),
  configuration: {} as Record<string, unknown>,
  commands: new Map<string, (...args: unknown[]) => unknown>(),
  serializers: new Map<string, { deserializeWebviewPanel(panel: FakeWebviewPanel, state: unknown): Promise<void> }>(),
  activeTextEditor: undefined as { document: FakeDocument } | undefined,
  progress: [] as { title: string; reports: { message?: string; increment?: number }[]; cancel: () => void; done: Promise<unknown> }[],
  watchers: [] as FakeWatcher[],
  treeViews: new Map<string, { treeDataProvider: unknown; canSelectMany?: boolean }>(),
  /** What `workspace.findFiles` finds. */
  workspaceFiles: [] as string[],
  clipboard: '',
  /** The workspace's folders (paths); Workspace Trust: whether the workspace is trusted, and the answer to a trust request. */
  workspaceFolders: [] as string[],
  trusted: true,
  grantTrust: false,
  trustRequests: 0,
  inputBoxAnswers: [] as (string | undefined)[],
  /** The options of every input box shown. */
  inputBoxes: [] as { title?: string; prompt?: string; placeHolder?: string }[],
  /** Paths `workspace.fs.delete` removed, with whether to the trash. */
  deleted: [] as { path: string; useTrash: boolean }[],
  /** When true, `workspace.fs.delete` with useTrash fails (a system without trash). */
  noTrash: false,
  reset(): void {
    this.watchers = [];
    this.treeViews.clear();
    this.workspaceFiles = [];
    this.clipboard = '';
    this.workspaceFolders = [];
    this.trusted = true;
    this.grantTrust = false;
    this.trustRequests = 0;
    this.inputBoxAnswers = [];
    this.inputBoxes = [];
    this.deleted = [];
    this.noTrash = false;
    this.panels = [];
    this.messages = [];
    this.answers = [];
    this.quickPickAnswers = [];
    this.openDialogAnswers = [];
    this.shownFiles = [];
    this.saved = [];
    this.executed = [];
    this.documents.clear();
    this.diagnostics.clear();
    this.configuration = {};
    this.commands.clear();
    this.serializers.clear();
    this.activeTextEditor = undefined;
    this.progress = [];
  },
  addDocument(path: string, options: Partial<FakeDocument> = {}): FakeDocument {
    const document: FakeDocument = { uri: Uri.file(path), languageId: 'dnn', isUntitled: false, isDirty: false, getText: () => '', ...options };
    this.documents.set(document.uri.toString(), document);
    return document;
  },
};

function message(severity: ShownMessage['severity']) {
  return (text: string, ...rest: unknown[]): Promise<string | undefined> => {
    const options = typeof rest[0] === 'object' && rest[0] !== null ? (rest.shift() as { modal?: boolean }) : {};
    world.messages.push({ severity, text, items: rest as string[], modal: options.modal === true });
    return Promise.resolve(world.answers.shift());
  };
}

export const window = {
  get activeTextEditor() {
    return world.activeTextEditor;
  },
  onDidChangeActiveTextEditor: new EventEmitter<unknown>().event,
  showInformationMessage: message('info'),
  showWarningMessage: message('warning'),
  showErrorMessage: message('error'),
  async showQuickPick<T>(items: T[]): Promise<T | undefined> {
    const index = world.quickPickAnswers.shift();
    return index === undefined ? undefined : items[index];
  },
  async showOpenDialog(): Promise<Uri[] | undefined> {
    return world.openDialogAnswers.shift()?.map((path) => Uri.file(path));
  },
  async showTextDocument(uri: Uri): Promise<void> {
    world.shownFiles.push(uri.fsPath);
  },
  createWebviewPanel(viewType: string, title: string, _show: unknown, options: Record<string, unknown>): FakeWebviewPanel {
    const panel = new FakeWebviewPanel(viewType, title, options);
    world.panels.push(panel);
    return panel;
  },
  registerWebviewPanelSerializer(viewType: string, serializer: { deserializeWebviewPanel(panel: FakeWebviewPanel, state: unknown): Promise<void> }) {
    world.serializers.set(viewType, serializer);
    return { dispose: () => world.serializers.delete(viewType) };
  },
  async showInputBox(options: { title?: string; prompt?: string; placeHolder?: string } = {}): Promise<string | undefined> {
    world.inputBoxes.push(options);
    return world.inputBoxAnswers.shift();
  },
  createTreeView(id: string, options: { treeDataProvider: unknown; canSelectMany?: boolean }) {
    world.treeViews.set(id, options);
    return { dispose: () => world.treeViews.delete(id) };
  },
  createStatusBarItem() {
    return { text: '', tooltip: '', name: '', command: undefined as unknown, visible: false, show() { this.visible = true; }, hide() { this.visible = false; }, dispose() {} };
  },
  withProgress<R>(options: { title: string }, task: (progress: { report(value: { message?: string; increment?: number }): void }, token: CancellationTokenSource['token']) => Promise<R>): Promise<R> {
    const source = new CancellationTokenSource();
    const reports: { message?: string; increment?: number }[] = [];
    const done = task({ report: (value) => reports.push(value) }, source.token);
    world.progress.push({ title: options.title, reports, cancel: () => source.cancel(), done });
    return done;
  },
};

const trustGranted = new EventEmitter<void>();

export const workspace = {
  get workspaceFolders() {
    return world.workspaceFolders.map((path, index) => ({ uri: Uri.file(path), name: path, index }));
  },
  get isTrusted() {
    return world.trusted;
  },
  onDidGrantWorkspaceTrust: trustGranted.event,
  async requestWorkspaceTrust(): Promise<boolean | undefined> {
    world.trustRequests++;
    if (world.grantTrust) {
      world.trusted = true;
      trustGranted.fire();
    }
    return world.trusted;
  },
  async openTextDocument(uri: Uri): Promise<FakeDocument> {
    const document = world.documents.get(uri.toString());
    if (!document) throw new Error(`cannot open ${uri.toString()}`);
    return document;
  },
  async save(uri: Uri): Promise<Uri | undefined> {
    const document = world.documents.get(uri.toString());
    if (!document) return undefined;
    world.saved.push(uri.fsPath);
    document.isDirty = false;
    return uri;
  },
  createFileSystemWatcher(pattern: string | RelativePattern): FakeWatcher {
    const watcher = new FakeWatcher(pattern);
    world.watchers.push(watcher);
    return watcher;
  },
  async findFiles(): Promise<Uri[]> {
    return world.workspaceFiles.map((path) => Uri.file(path));
  },
  fs: {
    async delete(uri: Uri, options: { recursive?: boolean; useTrash?: boolean }): Promise<void> {
      if (options.useTrash && world.noTrash) throw new Error('no trash');
      rmSync(uri.fsPath, { recursive: options.recursive === true, force: true });
      world.deleted.push({ path: uri.fsPath, useTrash: options.useTrash === true });
    },
  },
  getConfiguration() {
    return { get: <T>(key: string): T | undefined => world.configuration[key] as T | undefined };
  },
};

export const languages = {
  getDiagnostics(uri: Uri) {
    return world.diagnostics.get(uri.toString()) ?? [];
  },
};

export const env = {
  clipboard: {
    async writeText(text: string): Promise<void> {
      world.clipboard = text;
    },
  },
};

export const commands = {
  registerCommand(command: string, handler: (...args: unknown[]) => unknown) {
    world.commands.set(command, handler);
    return { dispose: () => world.commands.delete(command) };
  },
  async executeCommand(command: string, ...args: unknown[]): Promise<unknown> {
    world.executed.push({ command, args });
    return world.commands.get(command)?.(...args);
  },
};

/** Makes `require('vscode')` (and `import * as vscode from 'vscode'`) load this module. */
export function installFakeVscode(): void {
  const loader = Module as unknown as { _load(request: string, parent: unknown, isMain: boolean): unknown };
  const original = loader._load;
  const fake = {
    EventEmitter,
    Uri,
    ViewColumn,
    DiagnosticSeverity,
    ProgressLocation,
    StatusBarAlignment,
    TreeItemCollapsibleState,
    ThemeIcon,
    TreeItem,
    CancellationTokenSource,
    RelativePattern,
    window,
    workspace,
    languages,
    commands,
    env,
  };
  loader._load = function (request, parent, isMain) {
    return request === 'vscode' ? fake : original.call(this, request, parent, isMain);
  };
}
