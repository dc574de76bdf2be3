// Imported first by tests of VS Code glue: from here on, `import * as vscode from 'vscode'`
// in the extension's modules gets the fake (fakes/vscode.ts).
import { installFakeVscode } from './vscode';

installFakeVscode();
