/**
 * The graph request with a base (the graph the panel shows), to the built server over stdio: a
 * small edit answers a patch far smaller than the graph, which applied to the base gives the whole
 * graph; a base the server does not have (unknown, or another server process's) gets the whole graph.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GRAPH_REQUEST, type GraphPatchResult, type GraphResult } from '../../protocol/panel';
import { applyGraphPatch } from '../../server/src/core/graph/patch';
import type { PositionedGraph } from '../../server/src/core/graph';
import { generateMachine } from '../fixtures/generate';
import { LspClient } from './client';

const URI = 'file:///patch/big.asl.json';
const STATES = 600;
/** A patch of one renamed state is this many times smaller than the graph, at least. */
const SMALLER_BY = 10;

type Answer = GraphResult | GraphPatchResult;

async function withServer(fn: (client: LspClient) => Promise<void>): Promise<void> {
  const client = new LspClient();
  try {
    await client.initialize();
    await fn(client);
  } finally {
    await client.shutdown();
  }
}

function whole(a: Answer): PositionedGraph & { id: string } {
  assert.ok(a.ok && 'graph' in a, `a whole graph, not ${JSON.stringify(a).slice(0, 200)}`);
  assert.ok(typeof a.id === 'string');
  return { ...a.graph, id: a.id };
}

test('graph patch over LSP: a renamed state answers a small patch from the base; an unknown base or another server gets the whole graph', async () => {
  const text = generateMachine({ states: STATES, seed: 5 });
  let firstId = '';
  await withServer(async (client) => {
    await client.open(URI, text, 1);
    const first = whole(await client.request<Answer>(GRAPH_REQUEST, { uri: URI, version: 1 }));
    firstId = first.id;

    const renamed = text.replace(/ValidateOrder0"/g, 'ValidateOrder0x"');
    assert.notEqual(renamed, text);
    await client.change(URI, 2, [{ text: renamed }]);
    const answer = await client.request<Answer>(GRAPH_REQUEST, { uri: URI, version: 2, base: first.id });
    assert.ok(answer.ok && 'patch' in answer, JSON.stringify(answer).slice(0, 200));
    assert.equal(answer.base, first.id);
    assert.notEqual(answer.id, first.id);
    const full = whole(await client.request<Answer>(GRAPH_REQUEST, { uri: URI, version: 2 }));
    assert.equal(full.id, answer.id, 'the same version, the same graph id');
    const { id: _firstId, ...firstGraph } = first;
    const { id: _fullId, ...fullGraph } = full;
    assert.deepEqual(applyGraphPatch(firstGraph, answer.patch), fullGraph);
    const patchBytes = JSON.stringify(answer).length;
    const fullBytes = JSON.stringify(fullGraph).length;
    assert.ok(patchBytes * SMALLER_BY < fullBytes, `patch ${patchBytes} bytes, graph ${fullBytes} bytes`);

    // The panel still shows the first graph (nothing drawn changed since): a patch from it is still answered.
    const again = await client.request<Answer>(GRAPH_REQUEST, { uri: URI, version: 2, base: first.id });
    assert.ok(again.ok && 'patch' in again && again.base === first.id);
    // From the current graph: an empty patch.
    const same = await client.request<Answer>(GRAPH_REQUEST, { uri: URI, version: 2, base: answer.id });
    assert.ok(same.ok && 'patch' in same);
    assert.deepEqual(applyGraphPatch(fullGraph, same.patch), fullGraph);

    // A base the server never sent: the whole graph.
    whole(await client.request<Answer>(GRAPH_REQUEST, { uri: URI, version: 2, base: 'unknown.1' }));
  });
  // Another server process (a restart) does not know the first one's graphs.
  await withServer(async (client) => {
    await client.open(URI, text, 1);
    whole(await client.request<Answer>(GRAPH_REQUEST, { uri: URI, version: 1, base: firstId }));
  });
});
