// What the graph panel sends its page (client/src/panel/pack.ts): a whole graph over
// PACK_MIN_CHARS to a page that can unpack goes as gzip'd JSON bytes; everything else as it is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { analyze } from '../../server/src/core';
import { graphOf } from '../../server/src/core/graph';
import { forPage, PACK_MIN_CHARS } from '../../client/src/panel/pack';
import { generateMachine } from '../fixtures/generate';
import type { ToWebview } from '../../protocol/panel';

const graphMessage = (states: number): ToWebview => ({
  type: 'graph',
  version: 3,
  graph: graphOf(analyze(generateMachine({ states, seed: 1 }))),
  millis: 5,
});

test('a large graph to a page that unpacks: gzip bytes, a plain Uint8Array, that unpack to the same message', () => {
  const message = graphMessage(500);
  const json = JSON.stringify(message);
  assert.ok(json.length > PACK_MIN_CHARS);
  const packed = forPage(message, true);
  assert.equal(packed.type, 'packed');
  const bytes = (packed as { gzip: Uint8Array }).gzip;
  // Not a Node Buffer: VS Code sends plain typed arrays to the webview as binary (a Buffer arrived as an object).
  assert.equal(Object.getPrototypeOf(bytes), Uint8Array.prototype);
  assert.ok(bytes.length * 5 < json.length, `${bytes.length} bytes for ${json.length} characters`);
  assert.deepEqual(JSON.parse(gunzipSync(bytes).toString('utf8')), JSON.parse(json));
});

test('everything else goes as it is: a small graph, other messages, a page that cannot unpack', () => {
  const small = graphMessage(3);
  assert.ok(JSON.stringify(small).length < PACK_MIN_CHARS);
  assert.equal(forPage(small, true), small);
  const large = graphMessage(500);
  assert.equal(forPage(large, false), large);
  const cursor: ToWebview = { type: 'cursor', nodeId: 'm/A' };
  assert.equal(forPage(cursor, true), cursor);
});
