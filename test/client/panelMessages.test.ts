// Host ↔ webview: the ready handshake, restore after hide, throttled updates, typed messages, CSP.
import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import { contentSecurityPolicy, createNonce, panelHtml } from '../../client/src/panel/html';
import { isPanelState, parseHostMessage, parseWebviewMessage, type HostToWebview, type PanelCommand, type PanelState } from '../../client/src/panel/messages';
import { PanelSession, UPDATE_INTERVAL_MS } from '../../client/src/panel/session';
import { beginTraining, initialPanelState } from '../../client/src/panel/state';
import { Throttle, type Timers } from '../../client/src/panel/throttle';

/** Timers driven by the test: `advance(ms)` runs what is due. */
function fakeTimers(): Timers & { advance(ms: number): void } {
  let now = 0;
  let queue: { at: number; callback: () => void; id: number }[] = [];
  let nextId = 1;
  return {
    now: () => now,
    setTimeout(callback, ms) {
      const id = nextId++;
      queue.push({ at: now + ms, callback, id });
      return id;
    },
    clearTimeout(handle) {
      queue = queue.filter((t) => t.id !== handle);
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = queue.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        queue = queue.filter((t) => t !== due);
        now = due.at;
        due.callback();
      }
      now = end;
    },
  };
}

function session(initial: PanelState = initialPanelState('file:///m.dnn', 'MnistMLP')) {
  const posted: Extract<HostToWebview, { type: 'state' }>[] = [];
  const commands: PanelCommand[] = [];
  const timers = fakeTimers();
  const s = new PanelSession(initial, { post: (m) => posted.push(m as Extract<HostToWebview, { type: 'state' }>), predict: () => Promise.reject(new Error('no model')), runCommand: (c) => commands.push(c), timers });
  return { s, posted, commands, timers };
}

const batchChange = (n: number) => (state: PanelState): PanelState => ({ ...state, title: `batch ${n}` });

test('nothing is posted before the webview says ready; then the current state, in full', () => {
  const { s, posted } = session();
  s.update((state) => beginTraining(state));
  s.update(batchChange(1), 'throttled');
  assert.equal(posted.length, 0);
  s.receive({ type: 'ready' });
  assert.equal(posted.length, 1);
  assert.equal(posted[0].state.title, 'batch 1');
  assert.equal(posted[0].state.run?.status, 'running');
});

test('a hidden panel loses its webview: updates wait, the next ready gets the latest state', () => {
  const { s, posted } = session();
  s.receive({ type: 'ready' });
  s.hidden();
  s.update(batchChange(2));
  s.update(batchChange(3), 'throttled');
  assert.equal(posted.length, 1, 'only the first handshake');
  s.receive({ type: 'ready' });
  assert.equal(posted.length, 2);
  assert.equal(posted[1].state.title, 'batch 3');
});

test('per-batch updates are throttled to one post per interval, and the last one always arrives', () => {
  const { s, posted, timers } = session();
  s.receive({ type: 'ready' });
  posted.length = 0;
  for (let i = 1; i <= 100; i++) {
    s.update(batchChange(i), 'throttled');
    timers.advance(2); // 100 batches in 200 ms
  }
  timers.advance(UPDATE_INTERVAL_MS);
  assert.ok(posted.length <= 200 / UPDATE_INTERVAL_MS + 2, `${posted.length} posts for 100 batches`);
  assert.ok(posted.length >= 2);
  assert.equal(posted[posted.length - 1].state.title, 'batch 100');
});

test('important changes go out at once, even right after a throttled one', () => {
  const { s, posted } = session();
  s.receive({ type: 'ready' });
  s.update(batchChange(1), 'throttled');
  s.update(batchChange(2), 'throttled');
  const before = posted.length;
  s.update((state) => ({ ...state, title: 'epoch end' }));
  assert.equal(posted.length, before + 1);
  assert.equal(posted[posted.length - 1].state.title, 'epoch end');
});

test('command messages from the webview reach the host', () => {
  const { s, commands } = session();
  s.receive({ type: 'command', command: 'stopTraining' });
  assert.deepEqual(commands, ['stopTraining']);
});

test('a disposed session posts nothing, even a pending throttled update', () => {
  const { s, posted, timers } = session();
  s.receive({ type: 'ready' });
  s.update(batchChange(1), 'throttled');
  s.update(batchChange(2), 'throttled');
  const before = posted.length;
  s.dispose();
  timers.advance(1000);
  assert.equal(posted.length, before);
});

test('throttle with real timers (node mock): one leading and one trailing run', () => {
  mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  try {
    let runs = 0;
    const throttle = new Throttle(100, () => runs++);
    throttle.request();
    throttle.request();
    throttle.request();
    assert.equal(runs, 1);
    mock.timers.tick(100);
    assert.equal(runs, 2);
  } finally {
    mock.timers.reset();
  }
});

test('messages are narrowed: unknown or malformed ones are ignored', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
  assert.deepEqual(parseWebviewMessage({ type: 'command', command: 'train' }), { type: 'command', command: 'train' });
  assert.equal(parseWebviewMessage({ type: 'command', command: 'rm -rf' }), undefined);
  assert.equal(parseWebviewMessage('ready'), undefined);
  assert.equal(parseWebviewMessage(null), undefined);
  const state = initialPanelState('u', 't');
  assert.deepEqual(parseHostMessage({ type: 'state', state }), { type: 'state', state });
  assert.equal(parseHostMessage({ type: 'state', state: { ...state, version: 0 } }), undefined, 'a state from another version is not restored');
  assert.equal(isPanelState(undefined), false);
  assert.equal(isPanelState(JSON.parse(JSON.stringify(state))), true);
});

test('CSP: exactly the allowed sources, default none, a nonce, nothing unsafe', () => {
  const nonce = createNonce();
  const csp = contentSecurityPolicy('https://file+.vscode-resource.vscode-cdn.net', nonce);
  assert.equal(
    csp,
    `default-src 'none'; style-src https://file+.vscode-resource.vscode-cdn.net; script-src 'nonce-${nonce}'`,
  );
  assert.doesNotMatch(csp, /unsafe/);
  assert.match(nonce, /^[A-Za-z0-9+/]{22}==$/);
  assert.notEqual(createNonce(), nonce, 'a fresh nonce each time');
});

test('panel HTML: the CSP meta, the nonce on the only script, no inline code or styles', () => {
  const page = panelHtml({ cspSource: 'vscode-webview:', scriptUri: 'vscode-webview:/dist/media/panel.js', styleUri: 'vscode-webview:/media/panel.css', nonce: 'abc123', title: 'DNN: <Model>' });
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(page);
  assert.equal(meta?.[1], contentSecurityPolicy('vscode-webview:', 'abc123'));
  const scripts = [...page.matchAll(/<script([^>]*)>([^<]*)<\/script>/g)];
  assert.equal(scripts.length, 1);
  assert.match(scripts[0][1], /nonce="abc123"/);
  assert.match(scripts[0][1], /src="vscode-webview:\/dist\/media\/panel\.js"/);
  assert.equal(scripts[0][2], '', 'no inline script');
  assert.doesNotMatch(page, /style="|<style/);
  assert.match(page, /<title>DNN: &lt;Model&gt;<\/title>/);
  assert.match(page, /id="app"/);
});

test('Try it messages: a predict of 784 grey levels in [0, 1] is accepted, anything else ignored; predictions are narrowed', () => {
  const pixels = new Array<number>(784).fill(0.25);
  assert.deepEqual(parseWebviewMessage({ type: 'predict', id: 4, pixels }), { type: 'predict', id: 4, pixels });
  assert.equal(parseWebviewMessage({ type: 'predict', id: 4, pixels: pixels.slice(1) }), undefined);
  assert.equal(parseWebviewMessage({ type: 'predict', id: 4, pixels: [...pixels.slice(1), 3] }), undefined);
  assert.equal(parseWebviewMessage({ type: 'predict', id: '4', pixels }), undefined);
  assert.equal(parseWebviewMessage({ type: 'predict', id: 4, pixels, runDir: '/elsewhere' })?.type, 'predict', 'a run named by the webview is dropped: the host picks the run');
  assert.equal((parseWebviewMessage({ type: 'predict', id: 4, pixels, runDir: '/elsewhere' }) as { runDir?: string }).runDir, undefined);
  const answer = { type: 'prediction', id: 4, runDir: '/r', classNames: ['a', 'b'], probabilities: [0.25, 0.75] };
  assert.deepEqual(parseHostMessage(answer), answer);
  assert.equal(parseHostMessage({ ...answer, probabilities: [1] }), undefined);
  assert.deepEqual(parseHostMessage({ type: 'prediction', id: 4, error: 'no run' }), { type: 'prediction', id: 4, error: 'no run' });
});

test('a predict is answered with the model of the run the panel shows, or says there is none', async () => {
  const asked: string[] = [];
  const posted: unknown[] = [];
  const evaluated = { ...initialPanelState('file:///m.dnn', 'M'), evaluation: { status: 'done' as const, runDir: '/runs/M/2' } };
  const s = new PanelSession(evaluated, {
    post: (m) => posted.push(m),
    runCommand: () => {},
    predict: async (runDir) => {
      asked.push(runDir);
      return { classNames: ['0', '1'], probabilities: [0.1, 0.9] };
    },
  });
  s.receive({ type: 'ready' });
  s.receive({ type: 'predict', id: 1, pixels: new Array<number>(784).fill(0) });
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(asked, ['/runs/M/2']);
  assert.deepEqual(posted.at(-1), { type: 'prediction', id: 1, runDir: '/runs/M/2', classNames: ['0', '1'], probabilities: [0.1, 0.9] });
  s.update((state) => beginTraining(state));
  s.receive({ type: 'predict', id: 2, pixels: new Array<number>(784).fill(0) });
  assert.deepEqual(posted.at(-1), { type: 'prediction', id: 2, error: 'No trained run to ask yet: train the model first.' });
});
