// The editor on a graph model through the real server, in process: go to definition, find
// references, document highlight, rename (and what it refuses), hover on a reference,
// completion of the names defined above, the outline with each layer's inputs and the inlay
// hints, at positions marked with `|`.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { CompletionItem, DocumentHighlight, DocumentSymbol, Hover, InlayHint, Location, MarkupContent, Range, WorkspaceEdit } from 'vscode-languageserver/node';
import { applyEdits } from '../support/edits';
import { startInProcess, withCursor, type LspClient } from './harness';

let client: LspClient;
let dispose: () => Promise<void>;
let tokenTypes: string[];
let counter = 0;

before(async () => {
  const started = await startInProcess({ pullDiagnostics: true });
  ({ client, dispose } = started);
  tokenTypes = started.initialized.capabilities.semanticTokensProvider!.legend.tokenTypes;
});
after(() => dispose());

/** A residual model: `stem` is bound on line 2 and used on lines 5 and 6. */
const residual = `model Residual {
    x = Input(shape=[28, 28, 1])
    stem = Conv2D(8, 3, padding=same, activation=relu)
    a = Conv2D(8, 3, padding=same, activation=relu)
    b = Conv2D(8, 3, padding=same)(a)
    r = Add()([stem, b])
    c = Add()(r, stem)
    Flatten()
    Dense(10, activation=softmax)
}
`;

/** Puts the cursor marker at the `nth` (0-based) occurrence of `needle`, `offset` characters into it. */
function mark(text: string, needle: string, nth: number, offset = 1): string {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `no occurrence ${nth} of ${needle}`);
  }
  return text.slice(0, at + offset) + '|' + text.slice(at + offset);
}

async function at(marked: string): Promise<{ uri: string; text: string; params: { textDocument: { uri: string }; position: { line: number; character: number } } }> {
  const { text, position } = withCursor(marked);
  const uri = `file:///test/names${++counter}.dnn`;
  await client.open(uri, text);
  return { uri, text, params: client.position(uri, position) };
}

const range = (line: number, start: number, end: number): Range => ({ start: { line, character: start }, end: { line, character: end } });
/** Where `stem` is written: its binding, then `([stem, b])` and `(r, stem)`. */
const stemBinding = range(2, 4, 8);
const stemUses = [range(5, 15, 19), range(6, 17, 21)];

test('the residual fixture analyses without problems', async () => {
  const { uri } = await at(mark(residual, 'stem', 0));
  assert.deepEqual(await client.diagnostics(uri), []);
});

test('go to definition: from a reference to the binding; a binding is its own definition; a layer type has none', async () => {
  for (const nth of [1, 2]) {
    const { uri, params } = await at(mark(residual, 'stem', nth));
    assert.deepEqual(await client.request<Location | null>('textDocument/definition', params), { uri, range: stemBinding });
  }
  const onBinding = await at(mark(residual, 'stem', 0, 4));
  assert.deepEqual(await client.request<Location | null>('textDocument/definition', onBinding.params), { uri: onBinding.uri, range: stemBinding });
  const onType = await at(mark(residual, 'Flatten', 0));
  assert.equal(await client.request<Location | null>('textDocument/definition', onType.params), null);
});

test('find references: every use, with or without the binding, from any of them', async () => {
  const { uri, params } = await at(mark(residual, 'stem', 2));
  const withBinding = await client.request<Location[]>('textDocument/references', { ...params, context: { includeDeclaration: true } });
  assert.deepEqual(withBinding, [stemBinding, ...stemUses].map((r) => ({ uri, range: r })));
  const onBinding = await at(mark(residual, 'stem', 0));
  const uses = await client.request<Location[]>('textDocument/references', { ...onBinding.params, context: { includeDeclaration: false } });
  assert.deepEqual(uses, stemUses.map((r) => ({ uri: onBinding.uri, range: r })));
  const single = await at(mark(residual, 'a = ', 0, 0));
  const aUses = await client.request<Location[]>('textDocument/references', { ...single.params, context: { includeDeclaration: false } });
  assert.deepEqual(aUses, [{ uri: single.uri, range: range(4, 35, 36) }]);
});

test('document highlight: the binding is written, the references read', async () => {
  const { params } = await at(mark(residual, 'stem', 1));
  const highlights = await client.request<DocumentHighlight[]>('textDocument/documentHighlight', params);
  assert.deepEqual(highlights, [{ range: stemBinding, kind: 3 }, ...stemUses.map((r) => ({ range: r, kind: 2 }))]);
  const nothing = await at(mark(residual, 'padding', 0));
  assert.deepEqual(await client.request<DocumentHighlight[]>('textDocument/documentHighlight', nothing.params), []);
});

test('rename a name used in several places: prepareRename names it, the edits change every use, the model stays valid', async () => {
  const { uri, text, params } = await at(mark(residual, 'stem', 1));
  assert.deepEqual(await client.request('textDocument/prepareRename', params), { range: stemUses[0], placeholder: 'stem' });
  const edit = await client.request<WorkspaceEdit>('textDocument/rename', { ...params, newName: 'trunk' });
  const edits = edit.changes![uri];
  assert.equal(edits.length, 3);
  const renamed = applyEdits(text, edits);
  assert.equal(renamed, residual.replaceAll('stem', 'trunk'));
  const before = await client.diagnostics(uri);
  await client.change(uri, renamed);
  const after = await client.diagnostics(uri);
  assert.deepEqual([before, after], [[], []], 'valid before, valid after');
});

test('rename refuses an existing name, a keyword, a layer type and a non-name, with a message saying why', async () => {
  const { params } = await at(mark(residual, 'stem', 0));
  const refusals: [string, RegExp][] = [
    ['b', /'b' already names the layer at 5:5/],
    ['Dense', /'Dense' is a layer type/],
    ['model', /'model' is a keyword/],
    ['true', /'true' is a keyword/],
    ['2x', /'2x' is not a name/],
    ['my name', /'my name' is not a name/],
  ];
  for (const [newName, message] of refusals) {
    await assert.rejects(client.request('textDocument/rename', { ...params, newName }), (error: Error) => {
      assert.match(error.message, message, newName);
      return true;
    });
  }
  const same = await client.request<WorkspaceEdit>('textDocument/rename', { ...params, newName: 'stem' });
  assert.deepEqual(Object.values(same.changes ?? {}).flat(), [], 'renaming to the same name changes nothing');
});

test('prepareRename on something that is not a bound name refuses with a message', async () => {
  for (const marked of [mark(residual, 'Flatten', 0), mark(residual, 'relu', 0), mark(residual, 'Residual', 0)]) {
    const { params } = await at(marked);
    await assert.rejects(client.request('textDocument/prepareRename', params), /Nothing to rename here/);
  }
});

test('hover on a reference shows the layer it names and its output shape', async () => {
  const { params } = await at(mark(residual, 'stem', 1, 2));
  const hover = await client.request<Hover | null>('textDocument/hover', params);
  const text = (hover!.contents as MarkupContent).value;
  assert.match(text, /stem/);
  assert.match(text, /Conv2D/);
  assert.match(text, /\[null, 28, 28, 8\]/);
  assert.deepEqual(hover!.range, stemUses[0]);
});

test('completion inside ( ) after a layer call offers the names defined above, with their shapes', async () => {
  const lines = residual.split('\n');
  lines[4] = '    b = Conv2D(8, 3, padding=same)(|)';
  const { params } = await at(lines.join('\n'));
  const items = await client.request<CompletionItem[]>('textDocument/completion', params);
  assert.deepEqual(items.map((item) => item.label), ['a', 'stem', 'x']);
  const a = items.find((item) => item.label === 'a')!;
  assert.match(a.detail ?? '', /Conv2D.*\[null, 28, 28, 8\]/);
  assert.equal(a.kind, 6, 'a variable');
});

test('completion inside ([ ]) offers the names above, those not yet written first', async () => {
  const lines = residual.split('\n');
  lines[5] = '    r = Add()([stem, |])';
  const { params } = await at(lines.join('\n'));
  const items = await client.request<CompletionItem[]>('textDocument/completion', params);
  const ordered = [...items].sort((p, q) => (p.sortText ?? '').localeCompare(q.sortText ?? '')).map((item) => item.label);
  assert.deepEqual(ordered, ['b', 'a', 'x', 'stem']);
});

test('completion right after `(` typed behind a call, with nothing closed yet', async () => {
  const lines = residual.split('\n');
  lines[4] = '    b = Conv2D(8, 3, padding=same)(|';
  const { params } = await at(lines.join('\n'));
  const items = await client.request<CompletionItem[]>('textDocument/completion', params);
  assert.deepEqual(items.map((item) => item.label).sort(), ['a', 'stem', 'x']);
});

test('the outline lists the graph layers under their names with the layers feeding them', async () => {
  const { uri } = await at(mark(residual, 'stem', 0));
  const [model] = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
  const layers = model.children!;
  assert.deepEqual(layers.map((l) => l.name), ['x (Input)', 'stem (Conv2D)', 'a (Conv2D)', 'b (Conv2D)', 'r (Add)', 'c (Add)', 'flatten (Flatten)', 'dense (Dense)']);
  assert.match(layers[3].detail ?? '', /^\[null, 28, 28, 8\], 584 params ← a$/);
  assert.match(layers[4].detail ?? '', /← stem, b$/);
  assert.match(layers[5].detail ?? '', /← r, stem$/);
  assert.match(layers[6].detail ?? '', /← c$/);
  assert.deepEqual(layers[1].selectionRange, stemBinding, 'a bound layer is selected by its name');
});

test('inlay hints stay at the end of a line with a binding and an application', async () => {
  const { uri } = await at(mark(residual, 'stem', 0));
  const hints = await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } } });
  const onB = hints.find((hint) => hint.position.line === 4);
  assert.deepEqual(onB?.position, { line: 4, character: '    b = Conv2D(8, 3, padding=same)(a)'.length });
  assert.match(String(onB?.label), /\[null, 28, 28, 8\]/);
});

test('a chain keeps its outline as before: no inputs repeated', async () => {
  const { uri } = await at('model M {\n    Input(shape=[4])\n    Dense(2)|\n}\n');
  const [model] = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
  assert.deepEqual(model.children!.map((l) => l.detail), ['[null, 4], 0 params', '[null, 2], 10 params']);
});

test('semantic tokens: a binding is a variable declaration, each use a variable', async () => {
  const { uri, text } = await at(mark(residual, 'stem', 0));
  const { data } = await client.request<{ data: number[] }>('textDocument/semanticTokens/full', { textDocument: { uri } });
  const lines = text.split('\n');
  const variables: string[] = [];
  for (let i = 0, line = 0, character = 0; i < data.length; i += 5) {
    line += data[i];
    character = data[i] === 0 ? character + data[i + 1] : data[i + 1];
    if (tokenTypes[data[i + 3]] === 'variable') variables.push(`${line}:${character} ${lines[line].slice(character, character + data[i + 2])}${data[i + 4] & 1 ? ' declaration' : ''}`);
  }
  assert.deepEqual(variables.filter((v) => v.endsWith('stem') || v.endsWith('stem declaration')), ['2:4 stem declaration', '5:15 stem', '6:17 stem']);
  assert.ok(variables.includes('4:35 a'));
});
