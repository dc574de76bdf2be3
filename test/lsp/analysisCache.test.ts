// The parse cache: one analysis per document version, shared by every feature.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysisCache } from '../../src/lsp/analysisCache';
import { mnistMlp } from './harness';

test('the same version is analysed once; a new version or new limits analyse again', () => {
  const cache = new AnalysisCache({});
  let document = TextDocument.create('file:///cache.dnn', 'dnn', 1, mnistMlp);
  const first = cache.get(document);
  assert.equal(cache.get(document), first, 'hover, inlay hints and the rest reuse it');
  assert.equal(first.version, 1);

  document = TextDocument.update(document, [{ text: mnistMlp.replace('Dense(64', 'Dense(32') }], 2);
  const second = cache.get(document);
  assert.notEqual(second, first);
  assert.equal(second.version, 2);
  assert.equal(second.totalParams, 32 * 784 + 32 + 32 * 64 + 64 + 650);

  cache.setLimits({ maxParams: 10 });
  const limited = cache.get(document);
  assert.notEqual(limited, second, 'new limits drop the cache');
  assert.ok(limited.diagnostics.some((d) => d.severity === 'warning'));

  cache.forget(document.uri);
  assert.notEqual(cache.get(document), limited);
});
