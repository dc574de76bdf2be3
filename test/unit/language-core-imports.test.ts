// The language core (src/language/**) is pure: the CLI, the language server, the engine and
// the webview all run it, so it must not reach vscode, the LSP libraries or TensorFlow.js.
// This walks the import graph from every file of the core (static and dynamic imports,
// re-exports) and fails on any such package, however indirect the path.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';

const root = join(import.meta.dirname, '..', '..');
const core = join(root, 'src', 'language');
const forbidden = [/^vscode$/, /^vscode-languageserver/, /^vscode-jsonrpc/, /^@tensorflow\//];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Every module specifier a file imports or re-exports, type-only imports included. */
function specifiers(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]/g)) found.push(match[1] as string);
  for (const match of text.matchAll(/(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g)) found.push(match[1] as string);
  for (const match of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(match[1] as string);
  return found;
}

function resolveRelative(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  return [`${base}.ts`, join(base, 'index.ts'), base].find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
}

test('src/language imports no vscode, LSP or tfjs package, directly or through any file it reaches', () => {
  const seen = new Set<string>();
  const queue = filesUnder(core);
  assert.ok(queue.length > 30, 'the core has its files');
  const problems: string[] = [];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const specifier of specifiers(file)) {
      if (specifier.startsWith('.')) {
        const target = resolveRelative(file, specifier);
        if (!target) problems.push(`${relative(root, file)}: cannot resolve '${specifier}'`);
        else queue.push(target);
      } else if (forbidden.some((pattern) => pattern.test(specifier))) {
        problems.push(`${relative(root, file)} imports '${specifier}'`);
      }
    }
  }
  assert.deepEqual(problems, []);
});

test('the scan sees imports: it finds the ones a file outside the core has', () => {
  const server = join(root, 'src', 'lsp', 'server.ts');
  assert.ok(specifiers(server).some((specifier) => /^vscode-languageserver/.test(specifier)), 'the language server imports vscode-languageserver');
});
