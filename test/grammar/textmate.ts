// Loads syntaxes/dnn.tmLanguage.json with the same engine VS Code uses (vscode-textmate
// on the Oniguruma regex library compiled to wasm) and renders how a text is tokenized.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, parseRawGrammar, Registry, type IGrammar } from 'vscode-textmate';

const root = join(import.meta.dirname, '..', '..');
export const grammarPath = join(root, 'syntaxes', 'dnn.tmLanguage.json');

let loaded: Promise<IGrammar> | undefined;

/** The DNN grammar, loaded once per process. */
export function loadGrammar(): Promise<IGrammar> {
  loaded ??= (async () => {
    const wasm = readFileSync(createRequire(import.meta.url).resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
        createOnigString: (text: string) => new oniguruma.OnigString(text),
      }),
      loadGrammar: async (scopeName) => (scopeName === 'source.dnn' ? parseRawGrammar(readFileSync(grammarPath, 'utf8'), grammarPath) : null),
    });
    const grammar = await registry.loadGrammar('source.dnn');
    if (!grammar) throw new Error(`could not load ${grammarPath}`);
    return grammar;
  })();
  return loaded;
}

export interface ScopedToken {
  line: number;
  text: string;
  /** Scopes from outermost (`source.dnn`) to innermost. */
  scopes: string[];
}

/** Tokenizes a whole text line by line, carrying the rule stack across lines as an editor does. */
export function tokenizeText(grammar: IGrammar, text: string): ScopedToken[] {
  const tokens: ScopedToken[] = [];
  let state = INITIAL;
  text.split(/\r\n|\r|\n/).forEach((line, index) => {
    const result = grammar.tokenizeLine(line, state);
    for (const token of result.tokens) {
      tokens.push({ line: index, text: line.slice(token.startIndex, token.endIndex), scopes: token.scopes });
    }
    state = result.ruleStack;
  });
  return tokens;
}

/**
 * A snapshot: each source line after `>`, then one line per token under it with carets
 * under the token and its scopes (`source.dnn` left out). Whitespace-only tokens with
 * only `meta.*` scopes are left out to keep snapshots readable.
 */
export function renderSnapshot(grammar: IGrammar, text: string): string {
  const lines = text.split(/\r\n|\r|\n/);
  const tokens = tokenizeText(grammar, text);
  const out: string[] = [];
  let column = 0;
  let current = -1;
  for (const token of tokens) {
    if (token.line !== current) {
      for (let l = current + 1; l <= token.line; l++) out.push(`>${lines[l]}`);
      current = token.line;
      column = 0;
    }
    const scopes = token.scopes.slice(1);
    if (token.text.trim() !== '' || scopes.some((scope) => !scope.startsWith('meta.'))) {
      out.push(` ${' '.repeat(column)}${'^'.repeat(token.text.length)} ${scopes.join(' ') || '(source.dnn only)'}`);
    }
    column += token.text.length;
  }
  return out.join('\n') + '\n';
}
