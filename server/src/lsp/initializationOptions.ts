// What the DNN VS Code extension sends as `initializationOptions`; other editors send nothing.
// No runtime imports, so the client can import it without pulling in server code.

export interface DnnInitializationOptions {
  /**
   * The client runs the commands the server names in CodeLenses (`dnn.train`, `dnn.evaluate`,
   * `dnn.showSummary`) and completion items (`editor.action.triggerSuggest`).
   */
  editorCommands?: boolean;
}
