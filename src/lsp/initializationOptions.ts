// What the DNN VS Code extension sends as `initializationOptions`; other editors send nothing.
// No imports, so the client can use it without pulling in server code.

export interface DnnInitializationOptions {
  /**
   * The client runs the commands the server names in CodeLenses (`dnn.train`, `dnn.evaluate`,
   * `dnn.showSummary`) and completion items (`editor.action.triggerSuggest`).
   */
  editorCommands?: boolean;
}

/** The VS Code extension registers every command the server names. */
export const vscodeExtensionOptions: DnnInitializationOptions = { editorCommands: true };
