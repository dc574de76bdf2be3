// The server answers each client in the forms it announced at initialize. A bare-bones client
// (no snippets, no Markdown, no symbol tree, no code action literals, not the DNN extension)
// gets plain text, a flat outline, pushed diagnostics, and nothing it could not use; the
// VS Code-like client of features.test.ts gets the rich forms.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CompletionItem, Hover, MarkupContent, SignatureHelp, SymbolInformation, TextEdit } from 'vscode-languageserver/node';
import { messageOf, mnistMlp, startInProcess, withCursor, withInProcessServer, type LspClient } from './harness';

describe('a client that announces nothing', () => {
  let client: LspClient;
  let dispose: () => Promise<void>;
  let capabilities: Record<string, unknown>;
  let counter = 0;

  before(async () => {
    const started = await startInProcess({ minimal: true });
    ({ client, dispose } = started);
    capabilities = started.initialized.capabilities as Record<string, unknown>;
  });
  after(() => dispose());

  async function open(marked: string): Promise<{ uri: string; position: { line: number; character: number } }> {
    const { text, position } = withCursor(marked);
    const uri = `file:///minimal/doc${++counter}.dnn`;
    await client.open(uri, text);
    return { uri, position };
  }

  test('is offered no pull diagnostics, CodeLenses or code actions, and gets diagnostics pushed', async () => {
    assert.equal(capabilities.diagnosticProvider, undefined);
    assert.equal(capabilities.codeLensProvider, undefined);
    assert.equal(capabilities.codeActionProvider, undefined);
    assert.equal(capabilities.renameProvider, true, 'rename without prepareRename, which the client did not announce');
    const uri = 'file:///minimal/pushed.dnn';
    await client.open(uri, mnistMlp.replace('activation=softmax', 'activation=softmaks'));
    assert.ok((await client.diagnostics(uri)).some((d) => messageOf(d).includes('softmaks')));
    assert.deepEqual(await client.request('textDocument/codeLens', { textDocument: { uri } }), []);
    const everywhere = { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } };
    assert.deepEqual(await client.request('textDocument/codeAction', { textDocument: { uri }, range: everywhere, context: { diagnostics: [] } }), []);
  });

  test('hover is plain text: no ** or backticks, the shapes and the formula still there', async () => {
    const { uri, position } = await open(mnistMlp.replace('    Dense(64, activation=relu)\n    Dense(64', '    De|nse(64, activation=relu)\n    Dense(64'));
    const hover = await client.request<Hover>('textDocument/hover', client.position(uri, position));
    const contents = hover.contents as MarkupContent;
    assert.equal(contents.kind, 'plaintext');
    assert.doesNotMatch(contents.value, /\*\*|`/);
    assert.match(contents.value, /^Dense dense: \[null, 784\] → \[null, 64\]/);
    assert.match(contents.value, /\nh1 = relu\(b0 \+ W0 h0\), W0: 64x784\n/);
  });

  test('completion inserts plain text (no snippet syntax), documents in plain text and names no command', async () => {
    const { uri, position } = await open('model M {\n    Input(shape=[28, 28, 1])\n    Con|\n}\n');
    const items = await client.request<CompletionItem[]>('textDocument/completion', client.position(uri, position));
    const conv = items.find((item) => item.label === 'Conv2D');
    assert.ok(conv);
    assert.equal(conv.insertTextFormat, 1, 'plain text');
    assert.equal((conv.textEdit as TextEdit).newText, 'Conv2D(filters, kernel_size)');
    assert.equal((items.find((i) => i.label === 'Input')?.textEdit as TextEdit).newText, 'Input(shape=[])');
    assert.equal((conv.documentation as MarkupContent).kind, 'plaintext');
    for (const item of items) assert.doesNotMatch((item.textEdit as TextEdit).newText, /\$/, item.label);

    const named = await open('model M {\n    Input(shape=[784])\n    Dense(64, |)\n}\n');
    const names = await client.request<CompletionItem[]>('textDocument/completion', client.position(named.uri, named.position));
    const activation = names.find((item) => item.label === 'activation');
    assert.equal((activation?.textEdit as TextEdit).newText, 'activation=');
    assert.equal(activation?.command, undefined, "VS Code's editor.action.triggerSuggest means nothing elsewhere");
  });

  test('section snippets become their default text', async () => {
    const { uri, position } = await open('model M {\n    Input(shape=[784])\n    Dense(10, activation=softmax)\n}\ncom|\n');
    const items = await client.request<CompletionItem[]>('textDocument/completion', client.position(uri, position));
    const compile = items.find((item) => item.label === 'compile');
    assert.ok(compile);
    assert.equal(compile.insertTextFormat, 1);
    assert.match((compile.textEdit as TextEdit).newText, /^compile \{\n {4}optimizer = adam\(learning_rate=0.001, /);
    assert.doesNotMatch((compile.textEdit as TextEdit).newText, /[$\\]/);
  });

  test('signature help: parameter labels as text, plain documentation, an out-of-range index for no parameter', async () => {
    const { uri, position } = await open('model M {\n    Input(shape=[28, 28, 1])\n    Conv2D(8, 3, padding=|)\n}\n');
    const help = await client.request<SignatureHelp>('textDocument/signatureHelp', client.position(uri, position));
    const [signature] = help.signatures;
    assert.equal(signature.parameters![help.activeParameter!].label, 'padding=valid');
    assert.equal((signature.parameters![0].documentation as MarkupContent).kind, 'plaintext');
    assert.doesNotMatch((signature.parameters![0].documentation as MarkupContent).value, /`/);

    const unknown = await open('model M {\n    Input(shape=[784])\n    Dense(64, colour=|)\n}\n');
    const none = await client.request<SignatureHelp>('textDocument/signatureHelp', client.position(unknown.uri, unknown.position));
    assert.equal(none.activeParameter, none.signatures[0].parameters!.length);
  });

  test('the outline is a flat list, each layer and setting naming its container', async () => {
    const { uri } = await open(`${mnistMlp}|`);
    const symbols = await client.request<SymbolInformation[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.ok(symbols.every((s) => s.location.uri === uri && !('children' in s)));
    assert.deepEqual(
      symbols.filter((s) => s.containerName === 'MnistMLP').map((s) => s.name),
      ['input_layer (Input)', 'dense (Dense)', 'dense_1 (Dense)', 'dense_2 (Dense)'],
    );
    assert.deepEqual(symbols.filter((s) => s.containerName === undefined).map((s) => s.name), ['MnistMLP', 'compile', 'fit']);
    assert.ok(symbols.some((s) => s.name === 'epochs' && s.containerName === 'fit'));
  });
});

test('a client that knows `activeParameter: null` (LSP 3.18) gets it when no parameter is active', async () => {
  await withInProcessServer({}, async (client) => {
    const { text, position } = withCursor('model M {\n    Input(shape=[784])\n    Dense(64, colour=|)\n}\n');
    await client.open('file:///rich/null.dnn', text);
    const help = await client.request<SignatureHelp>('textDocument/signatureHelp', client.position('file:///rich/null.dnn', position));
    assert.equal(help.activeParameter, null);
  });
});
