// Every editor feature through the real server, in process, over JSON-RPC: the requests an
// editor sends, at positions marked with `|` in the fixture text.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type {
  CodeAction,
  CodeLens,
  CompletionItem,
  DocumentSymbol,
  FoldingRange,
  Hover,
  InlayHint,
  InitializeResult,
  MarkupContent,
  SemanticTokens,
  SignatureHelp,
  TextEdit,
} from 'vscode-languageserver/node';
import type { ModelSummary } from '../../src/protocol/modelSummary';
import { applyEdits } from '../support/edits';
import { waitUntil } from '../support/poll';
import { messageOf, mnistMlp, startInProcess, withCursor, withInProcessServer, type LspClient } from './harness';

let client: LspClient;
let dispose: () => void;
let initializeResult: InitializeResult;
let counter = 0;

before(async () => {
  ({ client, dispose, initialized: initializeResult } = await startInProcess({ pullDiagnostics: true }));
});
after(() => dispose());

/** Opens a fresh document (each test its own URI) and returns its URI. */
async function open(text: string): Promise<string> {
  const uri = `file:///test/doc${++counter}.dnn`;
  await client.open(uri, text);
  return uri;
}

async function hoverAt(marked: string): Promise<string | undefined> {
  const { text, position } = withCursor(marked);
  const uri = await open(text);
  const hover = await client.request<Hover | null>('textDocument/hover', client.position(uri, position));
  return hover ? (hover.contents as MarkupContent).value : undefined;
}

async function completionAt(marked: string): Promise<CompletionItem[]> {
  const { text, position } = withCursor(marked);
  const uri = await open(text);
  return client.request<CompletionItem[]>('textDocument/completion', client.position(uri, position));
}

const labels = (items: CompletionItem[]) => items.map((item) => item.label);
const sorted = (items: CompletionItem[]) => [...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));

/** The model's layers inside the article's file, with one line replaced by `line`. */
function mlpWith(line: string): string {
  return mnistMlp.replace('    Dense(64, activation=relu)\n    Dense(10', `${line}\n    Dense(10`);
}

describe('capabilities', () => {
  test('announce every feature, pull diagnostics for a client that supports them', () => {
    const caps = initializeResult.capabilities;
    assert.ok(caps.diagnosticProvider);
    for (const key of ['hoverProvider', 'completionProvider', 'signatureHelpProvider', 'inlayHintProvider', 'codeActionProvider', 'documentSymbolProvider', 'foldingRangeProvider', 'documentFormattingProvider', 'semanticTokensProvider', 'codeLensProvider', 'definitionProvider', 'referencesProvider', 'documentHighlightProvider'] as const) {
      assert.ok(caps[key], `${key} is announced`);
    }
    assert.deepEqual(caps.renameProvider, { prepareProvider: true }, 'rename with prepareRename for a client that supports it');
  });

  test('no pull diagnostics for a client without them', async () => {
    const { initialized, dispose: done } = await startInProcess({ pullDiagnostics: false });
    await done();
    assert.equal(initialized.capabilities.diagnosticProvider, undefined);
  });
});

describe('a document the editor never opened', () => {
  test('every request gets an empty answer, not an error', async () => {
    const uri = 'file:///never/opened.dnn';
    const at = client.position(uri, { line: 0, character: 0 });
    assert.equal(await client.request('textDocument/hover', at), null);
    assert.deepEqual(await client.request('textDocument/completion', at), []);
    assert.equal(await client.request('textDocument/signatureHelp', at), null);
    assert.deepEqual(await client.request('textDocument/documentSymbol', { textDocument: { uri } }), []);
    assert.deepEqual(await client.request('textDocument/codeLens', { textDocument: { uri } }), []);
    assert.deepEqual(await client.request('textDocument/diagnostic', { textDocument: { uri } }), { kind: 'full', items: [] });
  });
});

describe('hover', () => {
  test('on a layer: input → output shape, params with separators, formula and doc', async () => {
    const markdown = await hoverAt(mnistMlp.replace('    Dense(64, activation=relu)\n    Dense(64', '    De|nse(64, activation=relu)\n    Dense(64'));
    assert.ok(markdown);
    assert.match(markdown, /`\[null, 784\]` → `\[null, 64\]`/);
    assert.match(markdown, /50,240/);
    assert.match(markdown, /h1 = relu\(b0 \+ W0 h0\), W0: 64x784/);
    assert.match(markdown, /Fully connected/);
  });

  test('on the second Dense: the article formula with W1: 64x64', async () => {
    const markdown = await hoverAt(mnistMlp.replace('    Dense(64, activation=relu)\n    Dense(10', '    Dens|e(64, activation=relu)\n    Dense(10'));
    assert.match(markdown ?? '', /h2 = relu\(b1 \+ W1 h1\), W1: 64x64/);
    assert.match(markdown ?? '', /4,160/);
  });

  test('on an argument name: its type, default and doc', async () => {
    const markdown = await hoverAt(mlpWith('    Dense(64, activ|ation=relu)'));
    assert.match(markdown ?? '', /\*\*activation\*\*/);
    assert.match(markdown ?? '', /default `linear`/);
  });

  test('on a positional value: the argument it fills', async () => {
    const markdown = await hoverAt(mlpWith('    Dense(6|4, activation=relu)'));
    assert.match(markdown ?? '', /\*\*units\*\*.*int ≥ 1.*required/);
  });

  test('on an activation value: its formula', async () => {
    const markdown = await hoverAt(mlpWith('    Dense(64, activation=re|lu)'));
    assert.match(markdown ?? '', /relu\(x\) = max\(0, x\)/);
  });

  test('on a loss, an optimizer and its argument', async () => {
    assert.match((await hoverAt(mnistMlp.replace('loss = categorical', 'loss = categ|orical'))) ?? '', /loss = -sum_i y_i \* log\(p_i\)/);
    assert.match((await hoverAt(mnistMlp.replace('= adam(', '= ad|am('))) ?? '', /adam\(learning_rate=0\.001, beta_1=0\.9/);
    assert.match((await hoverAt(mnistMlp.replace('learning_rate=0.001', 'learning_r|ate=0.001'))) ?? '', /Step size/);
  });

  test('on a setting key and on the model name', async () => {
    assert.match((await hoverAt(mnistMlp.replace('epochs = 10', 'epo|chs = 10'))) ?? '', /\*\*epochs\*\* \(fit setting\).*default `1`/);
    assert.match((await hoverAt(mnistMlp.replace('MnistMLP', 'Mnist|MLP'))) ?? '', /55,050 params/);
  });

  test('nothing on blank space or in a comment', async () => {
    assert.equal(await hoverAt(mnistMlp.replace('# mnist-mlp', '# mni|st-mlp')), undefined);
    assert.equal(await hoverAt(mnistMlp.replace('\ncompile {', '|\ncompile {')), undefined);
  });

  test('after an edit: the hover reflects the new version', async () => {
    const uri = await open(mnistMlp);
    const position = { line: 3, character: 6 };
    await client.change(uri, mnistMlp.replace('Dense(64, activation=relu)\n    Dense(64', 'Dense(128, activation=relu)\n    Dense(64'));
    const hover = await client.request<Hover>('textDocument/hover', client.position(uri, position));
    assert.match((hover.contents as MarkupContent).value, /`\[null, 128\]`/);
    assert.match((hover.contents as MarkupContent).value, /100,480/);
  });
});

describe('completion', () => {
  test('layer types as snippets with their required arguments', async () => {
    const items = await completionAt('model M {\n    Input(shape=[784])\n    Con|\n}\n');
    const conv = items.find((item) => item.label === 'Conv2D');
    assert.ok(conv, 'Conv2D is offered');
    assert.equal(conv.insertTextFormat, 2, 'a snippet');
    assert.equal((conv.textEdit as TextEdit).newText, 'Conv2D(${1:filters}, ${2:kernel_size})$0');
    assert.deepEqual((conv.textEdit as TextEdit).range, { start: { line: 2, character: 4 }, end: { line: 2, character: 7 } });
    assert.equal((items.find((i) => i.label === 'Flatten')?.textEdit as TextEdit).newText, 'Flatten()$0');
    assert.equal((items.find((i) => i.label === 'Input')?.textEdit as TextEdit).newText, 'Input(shape=[${1}])$0');
  });

  test('argument names the layer does not have yet, then values', async () => {
    const items = await completionAt('model M {\n    Input(shape=[784])\n    Dense(64, activation=relu, |)\n}\n');
    assert.deepEqual(labels(items), ['use_bias']);
    assert.equal((items[0].textEdit as TextEdit).newText, 'use_bias=');
    assert.equal(items[0].command?.command, 'editor.action.triggerSuggest');
  });

  test('activation values after activation=, filtered by nothing but the editor', async () => {
    const items = await completionAt('model M {\n    Input(shape=[784])\n    Dense(64, activation=re|)\n}\n');
    assert.ok(labels(items).includes('relu'));
    assert.ok(labels(items).includes('softmax'));
    assert.ok(labels(items).includes('swish'));
    const relu = items.find((i) => i.label === 'relu')!;
    assert.deepEqual((relu.textEdit as TextEdit).range, { start: { line: 2, character: 25 }, end: { line: 2, character: 27 } });
  });

  test('a positional slot offers names first and the positional values', async () => {
    const items = sorted(await completionAt('model M {\n    Input(shape=[784])\n    Dense(64, |\n}\n'));
    assert.equal(items[0].label, 'activation', 'the next argument name comes first');
    assert.ok(labels(items).includes('relu'), 'values of the positional activation too');
    assert.ok(!labels(items).includes('units'), 'units is already given positionally');
  });

  test('padding values and booleans', async () => {
    const padding = await completionAt('model M {\n    Input(shape=[28, 28, 1])\n    Conv2D(8, 3, padding=|)\n}\n');
    assert.deepEqual(labels(padding), ['valid', 'same']);
    const bias = await completionAt('model M {\n    Input(shape=[784])\n    Dense(8, use_bias=|)\n}\n');
    assert.deepEqual(labels(bias), ['true', 'false']);
  });

  test('compile and fit keys not yet given, and their values', async () => {
    const keys = await completionAt('model M {\n    Input(shape=[784])\n}\n\ncompile {\n    loss = mse\n    |\n}\n');
    assert.deepEqual(labels(keys), ['optimizer', 'metrics']);
    assert.equal((keys[0].textEdit as TextEdit).newText, 'optimizer = ');
    const losses = await completionAt('model M {\n    Input(shape=[784])\n}\n\ncompile {\n    loss = |\n}\n');
    assert.ok(labels(losses).includes('sparse_categorical_crossentropy'));
    const optimizers = await completionAt('model M {\n    Input(shape=[784])\n}\n\ncompile {\n    optimizer = r|\n}\n');
    assert.ok(labels(optimizers).includes('rmsprop'));
    const metrics = await completionAt('model M {\n    Input(shape=[784])\n}\n\ncompile {\n    metrics = [|]\n}\n');
    assert.deepEqual(labels(metrics), ['accuracy']);
    const optimizerArgs = await completionAt('model M {\n    Input(shape=[784])\n}\n\ncompile {\n    optimizer = sgd(|)\n}\n');
    assert.deepEqual(labels(optimizerArgs), ['learning_rate', 'momentum', 'nesterov']);
    const datasets = await completionAt('model M {\n    Input(shape=[784])\n}\n\nfit {\n    dataset = |\n}\n');
    assert.deepEqual(labels(datasets), ['mnist', 'idx']);
  });

  test('section keywords at the top level: only the missing ones', async () => {
    const items = await completionAt('model M {\n    Input(shape=[784])\n}\n\ncompile {\n    loss = mse\n}\n\n|');
    assert.deepEqual(labels(items), ['fit']);
    assert.match((items[0].textEdit as TextEdit).newText, /^fit \{\n {4}dataset = \$\{1:mnist\}\n {4}epochs = \$\{2:1\}/);
    const empty = await completionAt('|');
    assert.deepEqual(labels(empty), ['model', 'compile', 'fit']);
  });

  test('nothing inside a comment or after a complete argument', async () => {
    assert.deepEqual(await completionAt('# a comm|ent\nmodel M {\n    Input(shape=[784])\n}\n'), []);
    assert.deepEqual(await completionAt('model M {\n    Input(shape=[784])\n    Dense(64 |)\n}\n'), []);
  });
});

describe('signature help', () => {
  test('inside a layer call, the argument at the cursor is active', async () => {
    const { text, position } = withCursor('model M {\n    Input(shape=[28, 28, 1])\n    Conv2D(8, 3, padding=|)\n}\n');
    const uri = await open(text);
    const help = await client.request<SignatureHelp>('textDocument/signatureHelp', client.position(uri, position));
    const signature = help.signatures[0];
    assert.match(signature.label, /^Conv2D\(filters, kernel_size, strides=\(1, 1\), padding=valid/);
    const active = signature.parameters![help.activeParameter!].label as [number, number];
    assert.equal(signature.label.slice(active[0], active[1]), 'padding=valid');
  });

  test('a positional argument activates its parameter; none outside a call', async () => {
    const { text, position } = withCursor('model M {\n    Input(shape=[784])\n    Dense(6|4)\n}\n');
    const uri = await open(text);
    const help = await client.request<SignatureHelp>('textDocument/signatureHelp', client.position(uri, position));
    assert.equal(help.activeParameter, 0);
    const outside = await client.request<SignatureHelp | null>('textDocument/signatureHelp', client.position(uri, { line: 0, character: 3 }));
    assert.equal(outside, null);
  });
});

describe('inlay hints', () => {
  const everything = { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } };

  test('output shape at the end of every layer line', async () => {
    const uri = await open(mnistMlp);
    const hints = await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: everything });
    assert.deepEqual(
      hints.map((h) => [h.position.line, h.position.character, h.label]),
      [
        [2, 22, '→ [null, 784]'],
        [3, 30, '→ [null, 64]'],
        [4, 30, '→ [null, 64]'],
        [5, 33, '→ [null, 10]'],
      ],
    );
  });

  test('only the lines asked for', async () => {
    const uri = await open(mnistMlp);
    const hints = await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 3, character: 0 }, end: { line: 3, character: 40 } } });
    assert.deepEqual(hints.map((h) => h.label), ['→ [null, 64]']);
  });

  test('settings turn shapes off and params on; the server asks the editor to refresh', async () => {
    await withInProcessServer({ pullDiagnostics: true, settings: { inlayHints: { shapes: true, params: false } } }, async (configured) => {
      const uri = 'file:///test/settings.dnn';
      await configured.open(uri, mnistMlp);
      configured.settings = { inlayHints: { shapes: false, params: true } };
      await configured.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      // The refresh request proves the new settings were read.
      await waitUntil('two inlay hint refresh requests', () => configured.serverRequests.filter((m) => m === 'workspace/inlayHint/refresh').length >= 2);
      const hints = await configured.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: everything });
      assert.deepEqual(hints.map((h) => h.label), ['0 params', '50,240 params', '4,160 params', '650 params']);
    });
  });
});

describe('code actions', () => {
  test('a did-you-mean quick fix, preferred, that removes the error', async () => {
    const text = mlpWith('    Dense(64, activation=rellu)');
    const uri = await open(text);
    const diagnostics = await client.diagnostics(uri);
    const typo = diagnostics.find((d) => messageOf(d).includes('rellu'));
    assert.ok(typo, 'the typo is reported');
    assert.equal(typo.range.start.line, 4);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: typo.range, context: { diagnostics: [typo] } });
    const fix = actions.find((a) => a.title.includes("'relu'"));
    assert.ok(fix, `a fix to relu among ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(fix.kind, 'quickfix');
    assert.equal(fix.isPreferred, true);
    const fixed = applyEdits(text, fix.edit!.changes![uri]);
    await client.change(uri, fixed);
    assert.deepEqual((await client.diagnostics(uri)).filter((d) => d.severity === 1), []);
  });

  test('without diagnostics in the context, the fixes of whatever touches the range', async () => {
    const text = mlpWith('    Dense(64, activation=rellu)');
    const uri = await open(text);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 4, character: 27 }, end: { line: 4, character: 27 } },
      context: { diagnostics: [] },
    });
    assert.ok(actions.some((a) => a.title.includes("'relu'")));
  });

  test('only the kinds asked for: quick fixes for `quickfix`, none for `source.fixAll` (on save)', async () => {
    const uri = await open(mlpWith('    Dense(64, activation=rellu)'));
    const ask = (only: string[]) =>
      client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line: 4, character: 27 }, end: { line: 4, character: 27 } },
        context: { diagnostics: [], only },
      });
    assert.ok((await ask(['quickfix'])).some((a) => a.title.includes("'relu'")));
    assert.deepEqual(await ask(['source.fixAll']), []);
  });

  test('a fix for a shape problem: the last Dense gets 10 units', async () => {
    const text = mnistMlp.replace('Dense(10, activation=softmax)', 'Dense(12, activation=softmax)');
    const uri = await open(text);
    const diagnostics = await client.diagnostics(uri);
    const actions = (
      await Promise.all(diagnostics.map((d) => client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } })))
    ).flat();
    const tenUnits = actions.find((a) => /10/.test(a.title));
    assert.ok(tenUnits, `among ${actions.map((a) => a.title).join(', ')}`);
    const fixed = applyEdits(text, tenUnits.edit!.changes![uri]);
    assert.match(fixed, /Dense\(10, activation=softmax\)/);
  });
});

describe('symbols, folding, formatting, semantic tokens, CodeLens', () => {
  test('document symbols: the model with its layers and shapes, compile, fit', async () => {
    const uri = await open(mnistMlp);
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepEqual(symbols.map((s) => s.name), ['MnistMLP', 'compile', 'fit']);
    assert.deepEqual(symbols[0].children!.map((s) => `${s.name}: ${s.detail}`), [
      'input_layer (Input): [null, 784], 0 params',
      'dense (Dense): [null, 64], 50,240 params',
      'dense_1 (Dense): [null, 64], 4,160 params',
      'dense_2 (Dense): [null, 10], 650 params',
    ]);
    assert.deepEqual(symbols[1].children!.map((s) => `${s.name} = ${s.detail}`), ['optimizer = adam(learning_rate=0.001)', 'loss = categorical_crossentropy', 'metrics = [accuracy]']);
  });

  test('folding: blocks, multi-line calls, comment runs', async () => {
    const text = '# one\n# two\n# three\nmodel M {\n    Input(shape=[784])\n    Dense(\n        64,\n        activation=relu,\n    )\n}\n\nfit {\n    epochs = 2\n}\n';
    const uri = await open(text);
    const ranges = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri } });
    const simple = ranges.map((r) => [r.startLine, r.endLine, r.kind ?? '']).sort((a, b) => Number(a[0]) - Number(b[0]));
    assert.deepEqual(simple, [
      [0, 2, 'comment'],
      [3, 8, ''],
      [5, 7, ''],
      [11, 12, ''],
    ]);
  });

  test('formatting: canonical spacing and indentation, then nothing left to do', async () => {
    const messy = 'model   MnistMLP{\n  Input( shape = [ 784 ] )\n\n\n\tDense(64 ,activation = relu)   # hidden\n Dense(10,activation=softmax)\n}\ncompile{\nloss=categorical_crossentropy\n}\n\n\n';
    const uri = await open(messy);
    const edits = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 4, insertSpaces: true } });
    const formatted = applyEdits(messy, edits);
    assert.equal(
      formatted,
      'model MnistMLP {\n    Input(shape=[784])\n\n    Dense(64, activation=relu)  # hidden\n    Dense(10, activation=softmax)\n}\n\ncompile {\n    loss = categorical_crossentropy\n}\n',
    );
    await client.change(uri, formatted);
    assert.deepEqual(await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 4, insertSpaces: true } }), []);
  });

  test('formatting refuses a file with syntax errors', async () => {
    const uri = await open('model M {\n  Input(shape=[784]\n  Dense(10,activation=softmax)\n}\n');
    assert.deepEqual(await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 4, insertSpaces: true } }), []);
  });

  test('semantic tokens: layer types, argument names, setting keys, catalogue values', async () => {
    const uri = await open(mnistMlp);
    const { data } = await client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } });
    const legend = initializeResult.capabilities.semanticTokensProvider!.legend;
    const decoded = decodeTokens(data, legend.tokenTypes, mnistMlp);
    assert.ok(decoded.includes('class MnistMLP'));
    assert.ok(decoded.includes('class Dense'));
    assert.ok(decoded.includes('parameter activation'));
    assert.ok(decoded.includes('function relu'));
    assert.ok(decoded.includes('property optimizer'));
    assert.ok(decoded.includes('function adam'));
    assert.ok(decoded.includes('parameter learning_rate'));
  });

  test('CodeLens on model: Train, Evaluate, Summary, Export with the document URI', async () => {
    const uri = await open(mnistMlp);
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(lenses.map((l) => [l.command?.title, l.command?.command, l.command?.arguments]), [
      ['Train', 'dnn.train', [uri]],
      ['Evaluate', 'dnn.evaluate', [uri]],
      ['Summary', 'dnn.showSummary', [uri]],
      ['Export', 'dnn.exportModel', [uri]],
    ]);
    assert.equal(lenses[0].range.start.line, 1);
  });
});

describe('dnn/modelSummary', () => {
  test('an open document: layers with shapes, totals and the Keras-style table', async () => {
    const uri = await open(mnistMlp);
    const summary = await client.request<ModelSummary>('dnn/modelSummary', { uri });
    assert.equal(summary.model, 'MnistMLP');
    assert.equal(summary.totalParams, 55050);
    assert.equal(summary.trainableParams, 55050);
    assert.equal(summary.errors, 0);
    assert.deepEqual(summary.layers[1], { type: 'Dense', name: 'dense', inputs: ['input_layer'], line: 3, inputShape: [null, 784], outputShape: [null, 64], params: 50240, trainableParams: 50240 });
    assert.match(summary.text, /dense \(Dense\) +\[null, 64\] +50,240/);
    assert.match(summary.text, /Total params: 55,050/);
  });

  test('a closed file is read from disk; an unreadable one is a clear error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dnn-summary-'));
    try {
      const file = join(dir, 'closed.dnn');
      writeFileSync(file, mnistMlp);
      const summary = await client.request<ModelSummary>('dnn/modelSummary', { uri: pathToFileURL(file).href });
      assert.equal(summary.totalParams, 55050);
      await assert.rejects(client.request('dnn/modelSummary', { uri: pathToFileURL(join(dir, 'missing.dnn')).href }), /cannot read/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function decodeTokens(data: number[], types: string[], text: string): string[] {
  const lines = text.split('\n');
  const out: string[] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i < data.length; i += 5) {
    line += data[i];
    character = data[i] === 0 ? character + data[i + 1] : data[i + 1];
    out.push(`${types[data[i + 3]]} ${lines[line].slice(character, character + data[i + 2])}`);
  }
  return out;
}
