// The VS Code commands, context keys and view type of the extension, named once. The server
// names commands in CodeLenses, the extension registers them (client/src/ctx.ts), package.json
// contributes them (test/client/contributions.test.ts holds it to this list).
// Constants only, so the pure language core and the client can both import it.

export const commandIds = {
  train: 'dnn.train',
  evaluate: 'dnn.evaluate',
  stopTraining: 'dnn.stopTraining',
  showSummary: 'dnn.showSummary',
  restartServer: 'dnn.restartServer',
  exportModel: 'dnn.exportModel',
  refreshRuns: 'dnn.refreshRuns',
  openRun: 'dnn.openRun',
  evaluateRun: 'dnn.evaluateRun',
  exportRun: 'dnn.exportRun',
  revealRun: 'dnn.revealRun',
  copyRunPath: 'dnn.copyRunPath',
  labelRun: 'dnn.labelRun',
  deleteRun: 'dnn.deleteRun',
  compareRuns: 'dnn.compareRuns',
} as const;

export type CommandName = keyof typeof commandIds;
export type CommandId = (typeof commandIds)[CommandName];

/** `setContext` keys that package.json's `when` clauses read. */
export const contextKeys = {
  /** True while some model trains: shows Stop Training. */
  trainingRunning: 'dnn.trainingRunning',
} as const;

/** The "DNN Runs" tree view (in its own view container, `dnn-runs`). */
export const runsViewId = 'dnn.runs';

/** `viewItem` of the Runs view's rows: a model, a finished run, a run without metrics.json. */
export const runItemContexts = { model: 'dnn.runsModel', run: 'dnn.run', unfinished: 'dnn.run.unfinished' } as const;

/** The comparison panel's webview type (`onWebviewPanel:` restores it). */
export const compareViewType = 'dnn.compare';

/** The results panel's webview type (`activeWebviewPanelId`, `onWebviewPanel:`). */
export const resultsViewType = 'dnn.results';
