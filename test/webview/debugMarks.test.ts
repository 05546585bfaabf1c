/**
 * The graph follows a debug session, in headless Chromium on the real bundle, with the progress
 * a real adapter sent (over stdio, test/debug/client.ts): the paused state highlighted, the states
 * already run marked and the transitions taken, breakpoints on their states, and toggling one
 * from the graph (the spot on a state's left edge, F9) posting the request to the extension.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../server/src/core';
import { graphOf, type PositionedGraph } from '../../server/src/core/graph';
import type { DebugProgress } from '../../protocol/debug';
import { ADAPTER, ARTICLE, FIXTURES, close, launch, recordProgress, resumeTo, startClient, stopAtChoice } from '../debug/client';
import { browserSuite, PanelPage, SHOTS, showGraph, type Posted } from './page';

/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;

const { harness, btest } = browserSuite();
const HANG = join(FIXTURES, 'hang.asl.json');
const HANG_MOCKS = join(FIXTURES, 'hang.mocks.json');

const idOf = (g: PositionedGraph, name: string) => g.model.nodes.find((n) => n.kind === 'state' && n.name === name)!.id;
const classesOf = (p: PanelPage, name: string) => p.page.$eval(PanelPage.node(name), (el: any) => [...el.classList] as string[]);
const pausedNames = (p: PanelPage) => p.page.$$eval('#canvas g.node.paused', (gs) => gs.map((g: any) => g.dataset.name));

/** The progress a real session sends: paused at Choice, then at Add To Review after a step. */
async function sessionProgress(): Promise<{ atChoice: DebugProgress; atAdd: DebugProgress }> {
  assert.ok(existsSync(ADAPTER), 'run "npm run build" first');
  const dc = await startClient();
  try {
    const seen = recordProgress(dc);
    await stopAtChoice(dc);
    await resumeTo(dc, () => dc.nextRequest({ threadId: 1 }));
    const paused = seen.filter((p) => p.phase === 'paused');
    assert.equal(paused.length, 2, JSON.stringify(seen.map((p) => p.phase)));
    return { atChoice: paused[0], atAdd: paused[1] };
  } finally {
    await close(dc);
  }
}

async function waitPosted(p: PanelPage, accept: (m: Posted) => boolean, count: number): Promise<Posted[]> {
  for (let i = 0; i < 200; i++) {
    const found = (await p.posted()).filter(accept);
    if (found.length >= count) return found;
    await p.page.waitForTimeout(25);
  }
  throw new Error(`timed out; posted: ${JSON.stringify(await p.posted()).slice(0, 400)}`);
}

btest('the paused state, the path so far and breakpoints on the graph; toggling from the graph', async () => {
  const { atChoice, atAdd } = await sessionProgress();
  const p = await harness.open();
  const g = graphOf(analyze(readFileSync(ARTICLE, 'utf8')));
  await showGraph(p, g);

  await p.send({ type: 'debug', progress: atChoice });
  await p.page.waitForSelector(`${PanelPage.node('Choice')}.paused`);
  assert.deepEqual(await pausedNames(p), ['Choice']);
  assert.ok((await classesOf(p, 'GeeksForGeeks Article Description')).includes('run-succeeded'));
  assert.ok((await classesOf(p, 'Choice')).includes('run-stopped'), 'the paused state shows as stopped there');
  assert.ok(!(await classesOf(p, 'Add To Review')).includes('visited'));
  const taken = () => p.page.$$eval('#canvas g.edge.taken', (es) => es.map((e: any) => `${e.dataset.from} -> ${e.dataset.to}`));
  assert.ok(
    (await taken()).includes(`${idOf(g, 'GeeksForGeeks Article Description')} -> ${idOf(g, 'Choice')}`),
    JSON.stringify(await taken()),
  );

  // A step: the highlight moves, the Choice's matched rule is lit.
  await p.send({ type: 'debug', progress: atAdd });
  await p.page.waitForSelector(`${PanelPage.node('Add To Review')}.paused`);
  assert.deepEqual(await pausedNames(p), ['Add To Review']);
  assert.ok((await classesOf(p, 'Choice')).includes('run-succeeded'));
  assert.ok((await taken()).includes(`${idOf(g, 'Choice')} -> ${idOf(g, 'Add To Review')}`));

  // Breakpoints as the editor has them; a disabled one drawn as such, with its condition in the tooltip.
  await p.send({
    type: 'breakpoints',
    nodes: [
      { nodeId: idOf(g, 'Choice'), enabled: true, detail: 'When: $states.input.status = "Pending"' },
      { nodeId: idOf(g, 'Add To Review'), enabled: false },
    ],
  });
  await p.page.waitForSelector(`${PanelPage.node('Choice')}.has-bp`);
  assert.ok((await classesOf(p, 'Add To Review')).includes('bp-disabled'));
  const tip = await p.page.$eval(`${PanelPage.node('Choice')} .dbg title`, (t: any) => t.textContent);
  assert.match(tip, /When: \$states\.input\.status = "Pending"/);
  await p.page.screenshot({ path: join(SHOTS, 'debug-paused.png') });

  // The spot on a state's left edge toggles, and neither selects nor reveals it.
  const name = 'GeeksForGeeks Article Description';
  const spot = (await (await p.page.$(`${PanelPage.node(name)} .dbg .spot`))!.boundingBox())!;
  await p.page.mouse.click(spot.x + spot.width / 2, spot.y + spot.height / 2);
  const toggles = await waitPosted(p, (m) => m.type === 'toggleBreakpoint', 1);
  assert.deepEqual(toggles[0], { type: 'toggleBreakpoint', nodeId: idOf(g, name) });
  assert.ok(!(await p.posted()).some((m) => m.type === 'reveal'), 'a click on the spot does not select the state');

  // F9 on the selected state.
  const box = (await (await p.page.$(`${PanelPage.node('Choice')} .box`))!.boundingBox())!;
  await p.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await p.page.keyboard.press('F9');
  const again = await waitPosted(p, (m) => m.type === 'toggleBreakpoint', 2);
  assert.deepEqual(again[1], { type: 'toggleBreakpoint', nodeId: idOf(g, 'Choice') });

  // The context menu's data on a state (VS Code reads data-vscode-context).
  const ctx = await p.page.$eval(PanelPage.node('Choice'), (el: any) => JSON.parse(el.dataset.vscodeContext));
  assert.deepEqual(ctx, { webviewSection: 'graphState', nodeId: idOf(g, 'Choice'), preventDefaultContextMenuItems: true });

  // Resumed: no paused state; over: none either, and the path stays.
  await p.send({ type: 'debug', progress: { ...atAdd, phase: 'running', current: undefined } });
  await p.page.waitForFunction(() => document.querySelectorAll('#canvas g.node.paused').length === 0);
  await p.send({ type: 'debug', progress: atAdd });
  await p.page.waitForSelector(`${PanelPage.node('Add To Review')}.paused`);
  await p.send({ type: 'debug', progress: null });
  await p.page.waitForFunction(() => document.querySelectorAll('#canvas g.node.paused').length === 0);
  assert.ok((await classesOf(p, 'Choice')).includes('visited'));

  // A new execution starts: the last one's path goes.
  await p.send({ type: 'debug', progress: { file: atAdd.file, phase: 'running', events: [] } });
  await p.page.waitForFunction(() => document.querySelectorAll('#canvas g.node.visited, #canvas svg.run').length === 0);

  // A new graph (an edit elsewhere) keeps the breakpoints and finds the paused state again.
  await p.send({ type: 'debug', progress: atChoice });
  await showGraph(p, g, 2);
  await p.page.waitForSelector(`${PanelPage.node('Choice')}.paused.has-bp`);
  assert.deepEqual(await p.console.filter((l) => l.startsWith('error') || l.startsWith('pageerror')), []);
  assert.deepEqual(await p.violations(), []);
});

/** The progress a real session sends while a handler call goes on (test/debug/fixtures/hang: it never answers). */
async function handlerProgress(): Promise<DebugProgress> {
  const dc = await startClient();
  try {
    const seen = recordProgress(dc);
    const pidFile = join(mkdtempSync(join(tmpdir(), 'aslwb-marks-')), 'pid');
    await launch(dc, { program: HANG, mocks: HANG_MOCKS, handlerTimeout: 30, input: { pidFile } });
    for (let i = 0; i < 400 && !seen.some((p) => p.phase === 'running' && p.current); i++) await new Promise((r) => setTimeout(r, 50));
    const running = seen.find((p) => p.phase === 'running' && p.current);
    assert.ok(running, JSON.stringify(seen.map((p) => p.phase)));
    return running;
  } finally {
    await close(dc);
  }
}

btest('a Task whose handler call goes on (or waits in the JavaScript debugger) shows as running; stopped there, as stopped', async () => {
  const inHandler = await handlerProgress();
  const p = await harness.open();
  const g = graphOf(analyze(readFileSync(HANG, 'utf8')));
  await showGraph(p, g);
  await p.send({ type: 'debug', progress: inHandler });
  await p.page.waitForSelector(`${PanelPage.node('Hang')}.run-running`);
  assert.deepEqual(await pausedNames(p), [], 'running, not paused');
  assert.ok(!(await classesOf(p, 'After')).includes('visited'));
  // The session stops while the handler runs: the path stays, the Task no longer running.
  await p.send({ type: 'debug', progress: null });
  await p.page.waitForSelector(`${PanelPage.node('Hang')}.run-stopped`);
  assert.ok(!(await classesOf(p, 'Hang')).includes('run-running'));
  assert.deepEqual(await p.console.filter((l) => l.startsWith('error') || l.startsWith('pageerror')), []);
});
