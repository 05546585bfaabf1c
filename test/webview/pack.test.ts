/**
 * Large graphs go to the page packed (protocol/panel.ts PackedMessage, client/src/panel/pack.ts):
 * the page says when ready that it can unpack them, draws a packed graph, keeps the order of the
 * messages after it (the editor's cursor sent right behind the graph lands on the drawn graph),
 * and starts again unpacked when bytes do not unpack. In headless Chromium on the real bundle.
 */
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core';
import { graphOf } from '../../server/src/core/graph';
import { diffGraph } from '../../server/src/core/graph/patch';
import { forPage, PACK_MIN_CHARS } from '../../client/src/panel/pack';
import { generateMachine } from '../fixtures/generate';
import { browserSuite, PanelPage } from './page';

/* eslint-disable @typescript-eslint/no-explicit-any */
declare const window: any;

const { harness, btest } = browserSuite();

/** Posts a packed message as VS Code delivers one: its bytes as a Uint8Array. */
async function sendPacked(p: PanelPage, bytes: Uint8Array): Promise<void> {
  await p.page.evaluate((list: number[]) => window.postMessage({ type: 'packed', gzip: Uint8Array.from(list) }, '*'), [...bytes]);
}

btest('a large graph packed: drawn, and the cursor sent right behind it lands on it', async () => {
  const graph = graphOf(analyze(generateMachine({ states: 300, seed: 7 })));
  const message = { type: 'graph' as const, version: 1, graph, millis: 1 };
  const packed = forPage(message, true);
  assert.equal(packed.type, 'packed');
  assert.ok(JSON.stringify(message).length > PACK_MIN_CHARS);
  const bytes = (packed as { gzip: Uint8Array }).gzip;

  const p = await harness.open();
  const ready = (await p.posted()).find((m) => m.type === 'ready');
  assert.deepEqual(ready, { type: 'ready', gzip: true }, 'the page says it can unpack');
  await p.send({ type: 'init', uri: 'file:///work/m.asl.json', fileName: 'm.asl.json', trusted: true });
  const first = graph.model.nodes.find((n) => n.kind === 'state')!;
  // Behind the graph at once, before the page can have unpacked it.
  await Promise.all([sendPacked(p, bytes), p.send({ type: 'cursor', nodeId: first.id })]);
  await p.page.waitForSelector(`${PanelPage.node(first.name)}.selected`);
  assert.deepEqual(await p.console.filter((l) => l.startsWith('error') || l.startsWith('pageerror') || l.includes('ignored')), []);
  await p.page.close();
});

btest('a patch right behind a packed graph applies to it: the order of messages is kept', async () => {
  const text = generateMachine({ states: 300, seed: 7 });
  const graph = graphOf(analyze(text));
  const first = graph.model.nodes.find((n) => n.kind === 'state')!;
  const renamed = graphOf(analyze(text.split(JSON.stringify(first.name)).join(JSON.stringify(`${first.name}Renamed`))));
  const packed = forPage({ type: 'graph', version: 1, graph, millis: 1, id: 'g1' }, true) as { gzip: Uint8Array };
  const p = await harness.open();
  await p.send({ type: 'init', uri: 'file:///work/m.asl.json', fileName: 'm.asl.json', trusted: true });
  await Promise.all([
    sendPacked(p, packed.gzip),
    p.send({ type: 'graphPatch', version: 2, base: 'g1', id: 'g2', patch: diffGraph(graph, renamed), millis: 1 }),
  ]);
  await p.page.waitForSelector(PanelPage.node(`${first.name}Renamed`));
  assert.deepEqual(
    (await p.posted()).filter((m) => m.type === 'resync'),
    [],
    'the patch came before its base',
  );
  await p.page.close();
});

btest('bytes that do not unpack: the page logs it and says ready again, without packing', async () => {
  const p = await harness.open();
  await sendPacked(p, new Uint8Array([31, 139, 8, 0, 1, 2, 3, 4, 5]));
  const readies = async () => (await p.posted()).filter((m) => m.type === 'ready');
  for (let i = 0; i < 200 && (await readies()).length < 2; i++) await p.page.waitForTimeout(25);
  assert.deepEqual((await readies())[1], { type: 'ready' });
  assert.ok((await p.posted()).some((m) => m.type === 'log' && /could not be read/.test(String(m.message))));
  await p.page.close();
});
