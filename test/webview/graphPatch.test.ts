/**
 * A graph sent as a patch (server/src/core/graph/patch.ts) in the real panel page: it draws what
 * the whole new graph draws, keeps the selection, and a patch that does not fit the page's graph
 * (another base) is not applied: the page asks for the whole graph.
 */
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core';
import { graphOf, type PositionedGraph } from '../../server/src/core/graph';
import { diffGraph } from '../../server/src/core/graph/patch';
import { generateMachine } from '../fixtures/generate';
import { browserSuite, PanelPage } from './page';

const { harness, btest } = browserSuite();

const TEXT = generateMachine({ states: 30, seed: 11 });
/** A state renamed (and the transitions to it) and one added after the start: boxes move, a node appears, one goes. */
function edited(): string {
  const doc = JSON.parse(TEXT.replace(/ValidateOrder0"/g, 'ValidateOrder0Renamed"')) as {
    StartAt: string;
    States: Record<string, Record<string, unknown>>;
  };
  const start = doc.States[doc.StartAt];
  doc.States.AddedByPatch = { Type: 'Pass', Next: start.Next as string };
  start.Next = 'AddedByPatch';
  return JSON.stringify(doc, null, 2);
}

async function opened(graph: PositionedGraph, id: string): Promise<PanelPage> {
  const p = await harness.open();
  await p.send({ type: 'init', uri: 'file:///work/m.asl.json', fileName: 'm.asl.json', trusted: true });
  await p.send({ type: 'graph', version: 1, graph, millis: 1, id });
  await p.page.waitForSelector('#canvas svg g.node');
  return p;
}

const drawing = (p: PanelPage): Promise<string> => p.page.$eval('#canvas .drawing', (d) => d.innerHTML);
const names = (p: PanelPage): Promise<string[]> =>
  p.page.$$eval('#canvas g.node.state', (gs) => gs.map((g) => g.getAttribute('data-name') ?? '').sort());

btest('a graph patch draws what the whole new graph draws, and keeps the selection', async () => {
  const before = graphOf(analyze(TEXT));
  const after = graphOf(analyze(edited()));
  assert.ok(before.model.nodes.some((n) => n.name === 'ValidateOrder0'));
  const patched = await opened(before, 's.1');
  const whole = await opened(before, 's.1');
  try {
    // The same state selected in both pages.
    await patched.page.click(PanelPage.node('LoadOrder1'));
    await whole.page.click(PanelPage.node('LoadOrder1'));
    await patched.send({ type: 'graphPatch', version: 2, base: 's.1', id: 's.2', patch: diffGraph(before, after), millis: 1 });
    await whole.send({ type: 'graph', version: 2, graph: after, millis: 1, id: 's.2' });
    await patched.page.waitForSelector(PanelPage.node('AddedByPatch'));
    await whole.page.waitForSelector(PanelPage.node('AddedByPatch'));
    const drawn = await names(patched);
    assert.ok(drawn.includes('ValidateOrder0Renamed') && !drawn.includes('ValidateOrder0'));
    assert.deepEqual(drawn, await names(whole));
    assert.equal(await drawing(patched), await drawing(whole));
    assert.ok(await patched.page.$eval(PanelPage.node('LoadOrder1'), (g) => g.classList.contains('selected')), 'the selection is kept');

    // A second patch from the patched graph.
    const third = graphOf(analyze(edited().replace(/AddedByPatch"/g, 'AddedTwice"')));
    await patched.send({ type: 'graphPatch', version: 3, base: 's.2', id: 's.3', patch: diffGraph(after, third), millis: 1 });
    await patched.page.waitForSelector(PanelPage.node('AddedTwice'));
    assert.equal(await patched.page.$(PanelPage.node('AddedByPatch')), null);
    assert.deepEqual(
      (await patched.posted()).filter((m) => m.type === 'resync'),
      [],
    );
    assert.deepEqual(
      patched.console.filter((l) => /error/i.test(l)),
      [],
    );
  } finally {
    await patched.page.close();
    await whole.page.close();
  }
});

btest('a graph patch from another base is not applied: the page keeps its drawing and asks for the whole graph', async () => {
  const before = graphOf(analyze(TEXT));
  const after = graphOf(analyze(edited()));
  const p = await opened(before, 's.1');
  try {
    const shown = await drawing(p);
    await p.send({ type: 'graphPatch', version: 2, base: 'other.7', id: 's.2', patch: diffGraph(before, after), millis: 1 });
    await p.waitForPosted((m) => m.type === 'resync', 'resync');
    assert.equal(await drawing(p), shown);
    // The whole graph then draws, and patches from it apply again.
    await p.send({ type: 'graph', version: 2, graph: after, millis: 1, id: 's.2' });
    await p.page.waitForSelector(PanelPage.node('AddedByPatch'));
    await p.send({ type: 'graphPatch', version: 3, base: 's.2', id: 's.3', patch: diffGraph(after, before), millis: 1 });
    await p.page.waitForSelector(PanelPage.node('ValidateOrder0'));
    assert.equal((await p.posted()).filter((m) => m.type === 'resync').length, 1);
  } finally {
    await p.page.close();
  }
});
