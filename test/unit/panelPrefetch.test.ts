// The graph panel's first graph, asked for while its webview loads (client/src/panel/prefetch.ts):
// taken when the page's first request has the same parameters, asked again otherwise, and asked
// again when the early answer failed (the language server was not running yet).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prefetch, takeOrRequest } from '../../client/src/panel/prefetch';

interface Params {
  uri: string;
  version: number;
  base?: string;
}

/** A fake server: counts requests, answers each with its number, or fails while `down`. */
function server() {
  const asked: Params[] = [];
  let down = false;
  return {
    asked,
    stop: () => (down = true),
    start: () => (down = false),
    request: (p: Params): Promise<string> => {
      asked.push(p);
      return down ? Promise.reject(new Error('no server running')) : Promise.resolve(`answer ${asked.length}`);
    },
  };
}

const PARAMS: Params = { uri: 'file:///m.asl.json', version: 3 };

test('the same parameters take the early answer: one request in all', async () => {
  const s = server();
  const early = prefetch(PARAMS, s.request);
  assert.equal(await takeOrRequest(early, { ...PARAMS }, s.request), 'answer 1');
  assert.equal(s.asked.length, 1);
});

test('other parameters (the document changed meanwhile, or a patch base) ask again', async () => {
  const s = server();
  const early = prefetch(PARAMS, s.request);
  assert.equal(await takeOrRequest(early, { ...PARAMS, version: 4 }, s.request), 'answer 2');
  assert.equal(await takeOrRequest(early, { ...PARAMS, base: 'g1' }, s.request), 'answer 3');
  assert.deepEqual(
    s.asked.map((p) => p.version),
    [3, 4, 3],
  );
});

test('an early answer that failed (no server yet) is asked again, and its rejection is never unhandled', async () => {
  const s = server();
  s.stop();
  let unhandled = 0;
  const count = () => unhandled++;
  process.on('unhandledRejection', count);
  try {
    const early = prefetch(PARAMS, s.request);
    // A turn for an unhandled rejection to be reported.
    await new Promise((r) => setImmediate(r));
    s.start();
    assert.equal(await takeOrRequest(early, { ...PARAMS }, s.request), 'answer 2');
    assert.equal(unhandled, 0);
  } finally {
    process.off('unhandledRejection', count);
  }
});

test('no early answer: a request', async () => {
  const s = server();
  assert.equal(await takeOrRequest(undefined, PARAMS, s.request), 'answer 1');
});
