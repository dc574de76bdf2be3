// Language benchmarks: full re-analysis of a generated 2,000-layer file (target: under
// 20 ms), and the latency of a hover right after an edit through the real language server
// (in process, over JSON-RPC on in-memory streams: the edit forces a re-analysis).
import { PassThrough } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { analyze } from '../../src/language/analyzer';
import { parse } from '../../src/language/parser';
import { Lifecycle } from '../../src/lsp/lifecycle';
import { startServer } from '../../src/lsp/server';
import type { BenchRow } from './types';

const layerCount = 2000;

/** A valid model of `layerCount` layers cycling through the common layer types, with compile and fit. */
export function generateModel(count: number): string {
  const cycle = ['Dense(64, activation=relu)', 'Dropout(0.1)', 'BatchNormalization()', 'Activation(tanh)'];
  const lines = ['model Generated {', '    Input(shape=[784])'];
  for (let i = 0; i < count - 2; i++) lines.push(`    ${cycle[i % cycle.length]}`);
  lines.push('    Dense(10, activation=softmax)', '}', '', 'compile {', '    optimizer = adam(learning_rate=0.001)', '    loss = categorical_crossentropy', '    metrics = [accuracy]', '}', '', 'fit {', '    epochs = 1', '    batch_size = 128', '}', '');
  return lines.join('\n');
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Runs `work` `runs` times after `warmup` unmeasured runs; milliseconds, sorted. */
async function timings(runs: number, warmup: number, work: (i: number) => unknown): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await work(i);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work(warmup + i);
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b);
}

const round = (ms: number) => Math.round(ms * 100) / 100;

async function hoverAfterEdit(text: string, hoverLine: number, editLine: number, runs: number): Promise<number[]> {
  const clientToServer = new PassThrough();
  const serverToClient = new PassThrough();
  const lifecycle = new Lifecycle();
  startServer(createConnection(ProposedFeatures.all, new StreamMessageReader(clientToServer), new StreamMessageWriter(serverToClient), lifecycle.options), lifecycle);
  const client = createMessageConnection(new StreamMessageReader(serverToClient), new StreamMessageWriter(clientToServer));
  client.onRequest(() => null);
  client.listen();
  await client.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} });
  await client.sendNotification('initialized', {});
  const uri = 'file:///bench/generated.dnn';
  await client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dnn', version: 1, text } });
  let version = 1;
  const lineText = text.split('\n')[editLine];
  const times = await timings(runs, 5, async (i) => {
    // Change the units of one layer (64 → 64+i): every shape below it is recomputed.
    const units = String(64 + (i % 30));
    const start = lineText.indexOf('64');
    version++;
    await client.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line: editLine, character: start }, end: { line: editLine, character: start + 2 } }, text: units }],
    });
    const hover = await client.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: hoverLine, character: 6 } });
    if (!hover) throw new Error('the hover after an edit came back empty');
  });
  await client.sendRequest('shutdown', null);
  client.dispose();
  return times;
}

export async function run(): Promise<BenchRow[]> {
  const big = generateModel(layerCount);
  const bigAnalysis = analyze(big);
  if (bigAnalysis.layers.length !== layerCount || bigAnalysis.diagnostics.some((d) => d.severity === 'error')) {
    throw new Error(`the generated model should have ${layerCount} layers and no errors`);
  }
  const parseTimes = await timings(50, 10, () => parse(big));
  const analysisTimes = await timings(50, 10, () => analyze(big));
  const parseMedian = round(percentile(parseTimes, 50));
  const parseOnly = { name: 'parse only (median)', value: parseMedian };

  // Edit the first hidden Dense (line 2) and hover the last layer: the worst case.
  const bigHover = await hoverAfterEdit(big, layerCount, 2, 40);
  const small = generateModel(4);
  const smallHover = await hoverAfterEdit(small, 2, 2, 100);

  return [
    { name: `parse ${layerCount.toLocaleString('en-US')}-layer file (median)`, value: parseMedian, unit: 'ms' },
    { name: `analyze ${layerCount.toLocaleString('en-US')}-layer file (median)`, value: round(percentile(analysisTimes, 50)), unit: 'ms', baseline: parseOnly, target: '< 20 ms' },
    { name: `analyze ${layerCount.toLocaleString('en-US')}-layer file (p95)`, value: round(percentile(analysisTimes, 95)), unit: 'ms', baseline: parseOnly },
    { name: `hover after an edit, ${layerCount.toLocaleString('en-US')} layers (median)`, value: round(percentile(bigHover, 50)), unit: 'ms' },
    { name: `hover after an edit, ${layerCount.toLocaleString('en-US')} layers (p95)`, value: round(percentile(bigHover, 95)), unit: 'ms' },
    { name: 'hover after an edit, 4-layer model (median)', value: round(percentile(smallHover, 50)), unit: 'ms' },
    { name: 'hover after an edit, 4-layer model (p95)', value: round(percentile(smallHover, 95)), unit: 'ms' },
  ];
}
