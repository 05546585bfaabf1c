/**
 * The graph panel as a place to work, in headless Chromium on the real bundle: panning never
 * selects text, one selection shared by clicks and the editor's cursor, the first view of a large
 * machine, refit when the panes change, keyboard navigation, the overview, and each editing
 * gesture producing the edit message whose text edits (computed by the core, as the server does)
 * give the expected document. Screenshots go to test-results/webview/.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../server/src/core';
import { graphOf, type PositionedGraph } from '../../server/src/core/graph';
import { editFromGraph, type GraphEdit } from '../../server/src/core/graph/edit';
import { generateMachine } from '../fixtures/generate';
import { applyEdits } from '../unit/applyEdits';
import { browserSuite, PanelPage, ROOT, SHOTS, showGraph, type Posted } from './page';
import { runTestCase } from './runs';

/* eslint-disable @typescript-eslint/no-explicit-any */
declare const window: any;
declare const document: any;
declare function getComputedStyle(el: unknown): any;

const SEED = 'examples/article-review/article-review.asl.json';
const SEED_TEXT = readFileSync(join(ROOT, SEED), 'utf8');
const SEED_MOCKS = 'examples/article-review/article-review.mocks.json';

const { harness, btest } = browserSuite();

const idOf = (g: PositionedGraph, name: string) => g.model.nodes.find((n) => n.kind === 'state' && n.name === name)!.id;
const selectedNames = (p: PanelPage) => p.page.$$eval('#canvas g.selected', (gs) => gs.map((g: any) => g.dataset.name ?? g.dataset.id));
const viewBox = (p: PanelPage) => p.page.getAttribute('#canvas svg', 'viewBox').then((v) => v!.split(' ').map(Number));

/** The last `edit` posted, and the seed text after the core's edits for it. */
async function lastEdit(p: PanelPage, count: number): Promise<{ edit: GraphEdit; text: string }> {
  let edits: Posted[] = [];
  for (let i = 0; i < 100 && edits.length < count; i++) {
    edits = (await p.posted()).filter((x) => x.type === 'edit');
    if (edits.length < count) await p.page.waitForTimeout(20);
  }
  assert.equal(edits.length, count, JSON.stringify(edits));
  const edit = edits[edits.length - 1].edit as GraphEdit;
  const r = editFromGraph(analyze(SEED_TEXT), edit);
  assert.ok(!('error' in r), 'error' in r ? r.error : '');
  return { edit, text: applyEdits(SEED_TEXT, r.edits) };
}

btest('panning never selects text, even when the drag starts on a label and ends outside the graph', async () => {
  const p = await harness.open();
  const g = graphOf(analyze(SEED_TEXT));
  await showGraph(p, g);
  const before = await viewBox(p);
  const label = (await p.page.$(`${PanelPage.node('Choice')} text.name`))!;
  const b = (await label.boundingBox())!;
  await p.page.mouse.move(b.x + 2, b.y + b.height / 2);
  await p.page.mouse.down();
  await p.page.mouse.move(b.x + 200, b.y + 300, { steps: 8 });
  await p.page.mouse.move(1150, 400, { steps: 8 }); // over the sidebar
  await p.page.mouse.up();
  assert.equal(await p.page.evaluate(() => String(window.getSelection())), '', 'no text selected');
  assert.notDeepEqual(await viewBox(p), before, 'the view moved');
  assert.equal((await p.posted()).filter((m) => m.type === 'reveal').length, 0, 'a pan is not a click');
  assert.equal(await p.page.$eval('#canvas', (c: any) => getComputedStyle(c).userSelect), 'none');
  await p.page.close();
});

btest('one selection: a click, the editor cursor, a transition; never two highlights; the form follows', async () => {
  const p = await harness.open();
  const g = graphOf(analyze(SEED_TEXT));
  await showGraph(p, g);
  await p.page.click(PanelPage.node('Add To Review'));
  assert.deepEqual(await selectedNames(p), ['Add To Review']);
  assert.equal(await p.page.inputValue('#f-name'), 'Add To Review');
  await p.send({ type: 'cursor', nodeId: idOf(g, 'Show Article') });
  await p.page.waitForSelector(`${PanelPage.node('Show Article')}.selected`);
  assert.deepEqual(await selectedNames(p), ['Show Article'], 'the clicked state is no longer marked');
  assert.equal(await p.page.inputValue('#f-name'), 'Show Article');
  // A transition: its line is selected, the state is not, and the form hides.
  const edge = g.model.edges.find((e) => e.kind === 'default')!;
  const label = (await p.page.$(`#canvas g.edge[data-id="${edge.id}"] text.label`))!;
  await label.click();
  assert.deepEqual(await selectedNames(p), [edge.id]);
  assert.ok(await p.page.$eval('#state-form', (f: any) => f.hidden));
  await p.page.close();
});

btest('first view of 2,000 states: the start, readable, not empty; the overview moves the view', async () => {
  const g = graphOf(analyze(generateMachine({ states: 2000, seed: 11 })));
  for (const [width, height] of [
    [1200, 800],
    [500, 400],
  ]) {
    const p = await harness.open({ width, height });
    await showGraph(p, g);
    const [x, y, w] = await viewBox(p);
    const canvasWidth = await p.page.$eval('#canvas', (c: any) => c.clientWidth);
    const k = canvasWidth / w;
    assert.ok(k >= 0.6, `zoom ${k} is readable`);
    const start = g.layout.nodes[`${g.model.root}^start`];
    assert.ok(start.x >= x && start.x <= x + w && start.y >= y && start.y <= y + 200 / k, 'the start marker is at the top of the view');
    const named = await p.page.$$eval('#canvas g.node.state text.name', (ts) => ts.length);
    assert.ok(named > 0, 'states with their names are on screen');
    // A narrow panel has no room to share: its graph shows without the overview over it (the next test).
    if (width < 1200) {
      assert.ok(await p.page.$eval('#minimap', (m: any) => m.hidden), 'no overview in a narrow panel');
      await p.page.close();
      continue;
    }
    assert.ok(!(await p.page.$eval('#minimap', (m: any) => m.hidden)), 'the overview is shown');
    await p.page.screenshot({ path: join(SHOTS, 'large-2000-first-view.png') });
    // A click in the overview's middle moves the view there.
    const mm = (await (await p.page.$('#minimap'))!.boundingBox())!;
    await p.page.mouse.click(mm.x + mm.width / 2, mm.y + mm.height / 2);
    const [, y2] = await viewBox(p);
    assert.ok(y2 > g.layout.height / 4, `the view moved down the machine (${y2})`);
    await p.page.close();
  }
});

/** The states on screen whose middle a click would not reach (something else is on top there). */
async function unclickableStates(p: PanelPage): Promise<string[]> {
  return p.page.evaluate(() => {
    const canvas = document.querySelector('#canvas')!.getBoundingClientRect();
    const out: string[] = [];
    for (const g of document.querySelectorAll('#canvas g.node.state')) {
      const b = (g.querySelector('.box') as any).getBoundingClientRect();
      const x = b.x + b.width / 2;
      const y = b.y + b.height / 2;
      if (x < canvas.left || x > canvas.right || y < canvas.top || y > canvas.bottom) continue;
      if (!g.contains(document.elementFromPoint(x, y))) out.push((g as any).dataset.name);
    }
    return out;
  });
}

btest('the overview never covers the states a click needs: none in a narrow panel, a small share of a wider one', async () => {
  const g = graphOf(analyze(generateMachine({ states: 2000, seed: 11 })));
  for (const [width, height] of [
    [500, 400],
    [700, 600],
    [1200, 800],
  ]) {
    const p = await harness.open({ width, height });
    await showGraph(p, g);
    const shown = await p.page.$eval('#minimap', (m: any) => !m.hidden);
    const canvas = (await (await p.page.$('#canvas'))!.boundingBox())!;
    assert.equal(shown, canvas.width >= 360, `overview shown at a ${canvas.width} px canvas: ${shown}`);
    if (shown) {
      const mm = (await (await p.page.$('#minimap'))!.boundingBox())!;
      assert.ok(
        mm.width <= canvas.width * 0.25 + 2 && mm.height <= canvas.height * 0.4 + 2,
        `overview ${mm.width}x${mm.height} on a ${canvas.width}x${canvas.height} canvas`,
      );
    }
    assert.ok((await p.page.$$('#canvas g.node.state')).length > 0);
    assert.deepEqual(await unclickableStates(p), [], `at ${width}x${height}`);
    if (width === 500) {
      await p.page.screenshot({ path: join(SHOTS, 'narrow-2000-no-overview.png') });
      // A click on a state there selects it (the overview took these clicks).
      const name = await p.page.$eval('#canvas g.node.state', (n: any) => n.dataset.name);
      await p.page.click(`${PanelPage.node(name)} .box`);
      assert.deepEqual(await selectedNames(p), [name]);
    }
    // Made narrow, the wide panel drops its overview.
    if (width === 1200) {
      await p.page.setViewportSize({ width: 500, height: 400 });
      await p.page.waitForFunction(() => (document.querySelector('#minimap') as any).hidden);
      assert.deepEqual(await unclickableStates(p), []);
    }
    await p.page.close();
  }
});

btest(
  'the events table in a narrow panel: details keep a readable width (the table scrolls sideways), never a character per line',
  async () => {
    const p = await harness.open({ width: 500, height: 700 });
    await showGraph(p, graphOf(analyze(SEED_TEXT)));
    const result = await runTestCase(SEED, SEED_MOCKS, 'ReviewGoesToPublish');
    await p.send({ type: 'runResult', result, millis: 3 });
    await p.page.waitForSelector('#history:not([hidden]) td.details');
    const cells = await p.page.$$eval('#history td.details', (tds) =>
      tds
        .filter((td: any) => td.textContent.length > 0)
        .map((td: any) => {
          const style = getComputedStyle(td);
          const lineHeight = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.2;
          const inner = td.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
          return {
            chars: td.textContent.length,
            width: td.getBoundingClientRect().width,
            lines: Math.round(inner / lineHeight),
            title: td.title,
          };
        }),
    );
    assert.ok(cells.length > 0, 'events with details');
    // At least this many characters on a line: the bug left one (the column shrank to its narrowest letter).
    const MIN_CHARS_PER_LINE = 20;
    for (const c of cells) {
      assert.ok(c.chars / c.lines >= Math.min(c.chars, MIN_CHARS_PER_LINE), `${c.chars} characters on ${c.lines} lines in ${c.width} px`);
      assert.ok(c.title.length >= c.chars - 1, 'the whole text in the tooltip');
    }
    // The table is wider than its pane, which scrolls sideways to show it.
    const scroll = await p.page.$eval('#history .table', (t: any) => ({
      sw: t.scrollWidth,
      cw: t.clientWidth,
      overflow: getComputedStyle(t).overflowX,
    }));
    assert.ok(scroll.sw > scroll.cw && scroll.overflow === 'auto', JSON.stringify(scroll));
    await p.page.$eval('#history .table', (t: any) => (t.scrollLeft = t.scrollWidth));
    await p.page.screenshot({ path: join(SHOTS, 'narrow-events-table.png') });
    await p.page.close();
  },
);

btest('the panes: resizable and collapsible; the selected state stays in view when they change', async () => {
  const p = await harness.open({ width: 1000, height: 700 });
  const g = graphOf(analyze(SEED_TEXT));
  await showGraph(p, g);
  await p.page.click(PanelPage.node('Show Article'));
  const inView = async () => {
    const c = (await (await p.page.$('#canvas'))!.boundingBox())!;
    const n = (await (await p.page.$(`${PanelPage.node('Show Article')} .box`))!.boundingBox())!;
    return n.x >= c.x && n.y >= c.y && n.x + n.width <= c.x + c.width && n.y + n.height <= c.y + c.height;
  };
  assert.ok(await inView());
  // The events table appears with a run, and is made taller: the state is still in view, above it.
  const result = await runTestCase(SEED, SEED_MOCKS, 'ReviewGoesToPublish');
  await p.send({ type: 'runResult', result, millis: 3 });
  await p.page.waitForSelector('#history:not([hidden])');
  const split = (await (await p.page.$('#history-split'))!.boundingBox())!;
  await p.page.mouse.move(split.x + 100, split.y + 2);
  await p.page.mouse.down();
  await p.page.mouse.move(split.x + 100, split.y - 150, { steps: 4 });
  await p.page.mouse.up();
  await p.page.waitForTimeout(50);
  assert.ok(await inView(), 'in view above the taller events table');
  const h = await p.page.$eval('#history', (el: any) => el.getBoundingClientRect().height);
  assert.ok(h > 300, `events table ${h}px tall`);
  // The sidebar: wider by dragging, then collapsed; the graph takes the room.
  const side = (await (await p.page.$('#side-split'))!.boundingBox())!;
  await p.page.mouse.move(side.x + 2, side.y + 50);
  await p.page.mouse.down();
  await p.page.mouse.move(side.x - 200, side.y + 50, { steps: 4 });
  await p.page.mouse.up();
  assert.ok((await p.page.$eval('#side', (el: any) => el.getBoundingClientRect().width)) > 480);
  await p.page.waitForTimeout(50);
  assert.ok(await inView(), 'in view beside the wider sidebar');
  await p.page.click('#toggle-side');
  assert.ok(await p.page.$eval('#side', (el: any) => el.hidden));
  await p.page.click('#toggle-history');
  assert.ok(await p.page.$eval('#history', (el: any) => el.classList.contains('collapsed')));
  await p.page.waitForTimeout(50);
  assert.ok(await inView());
  // The sizes are remembered for a reload.
  await p.page.waitForFunction(() => {
    const s = window.__states;
    const last = s[s.length - 1];
    return last?.panes?.sideHidden === true && last.panes.historyCollapsed === true && last.panes.side > 480;
  });
  await p.page.screenshot({ path: join(SHOTS, 'panes-collapsed.png') });
  await p.page.close();
});

btest("keyboard: arrows follow transitions, left/right step through a Choice's branches, Enter goes to the source", async () => {
  const p = await harness.open();
  const g = graphOf(analyze(SEED_TEXT));
  await showGraph(p, g);
  await p.page.focus('#canvas');
  await p.page.keyboard.press('Home');
  assert.deepEqual(await selectedNames(p), ['GeeksForGeeks Article Description']);
  await p.page.keyboard.press('ArrowDown');
  assert.deepEqual(await selectedNames(p), ['Choice']);
  await p.page.keyboard.press('ArrowDown');
  assert.deepEqual(await selectedNames(p), ['Add To Review']);
  await p.page.keyboard.press('ArrowRight');
  assert.deepEqual(await selectedNames(p), ['Move To Publish']);
  await p.page.keyboard.press('ArrowRight');
  assert.deepEqual(await selectedNames(p), ['Add To Review'], 'round the branches');
  await p.page.keyboard.press('ArrowUp');
  assert.deepEqual(await selectedNames(p), ['Choice']);
  await p.page.keyboard.press('Enter');
  const reveal = (await p.posted()).filter((m) => m.type === 'reveal').pop();
  assert.deepEqual(reveal, { type: 'reveal', nodeId: idOf(g, 'Choice'), focus: true });
  await p.page.close();
});

btest('editing gestures: each posts the edit whose text edits give the expected document', async () => {
  const p = await harness.open({ width: 1300, height: 900 });
  const g = graphOf(analyze(SEED_TEXT));
  await showGraph(p, g);
  let n = 0;

  // Palette: select a state, click a type.
  await p.page.click(PanelPage.node('Move To Publish'));
  await p.page.click('#palette button[data-type="Wait"]');
  let r = await lastEdit(p, ++n);
  assert.deepEqual(r.edit, { op: 'add', type: 'Wait', after: idOf(g, 'Move To Publish') });
  assert.equal(JSON.parse(r.text).States['Move To Publish'].Next, 'New Wait');
  assert.deepEqual(JSON.parse(r.text).States['New Wait'], { Type: 'Wait', Seconds: 5, Next: 'Show Article' });

  // Palette: drag a type onto a transition.
  const edge = g.model.edges.find((e) => e.kind === 'choice' && e.rule === 1)!;
  const target = (await (await p.page.$(`#canvas g.edge[data-id="${edge.id}"] text.label`))!.boundingBox())!;
  const pass = (await (await p.page.$('#palette button[data-type="Pass"]'))!.boundingBox())!;
  await p.page.mouse.move(pass.x + 5, pass.y + 5);
  await p.page.mouse.down();
  await p.page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 10 });
  await p.page.mouse.up();
  r = await lastEdit(p, ++n);
  assert.deepEqual(r.edit, { op: 'add', type: 'Pass', edge: edge.id });
  const states = JSON.parse(r.text).States;
  assert.equal(states.Choice.Choices[1].Next, 'New Pass');
  assert.equal(states['New Pass'].Next, 'Move To Publish');

  // Rename by double-click.
  await p.page.dblclick(PanelPage.node('Show Article'));
  await p.page.waitForSelector('#rename:not([hidden])');
  assert.equal(await p.page.inputValue('#rename'), 'Show Article');
  await p.page.fill('#rename', 'Display Article');
  await p.page.press('#rename', 'Enter');
  r = await lastEdit(p, ++n);
  assert.deepEqual(r.edit, { op: 'rename', node: idOf(g, 'Show Article'), name: 'Display Article' });
  assert.equal(JSON.parse(r.text).States['Move To Publish'].Next, 'Display Article');

  // Connect by dragging the handle under a selected state onto another state.
  await p.page.click(PanelPage.node('Add To Review'));
  const handle = (await (await p.page.$('#canvas .overlay .handle'))!.boundingBox())!;
  const to = (await (await p.page.$(`${PanelPage.node('Move To Publish')} .box`))!.boundingBox())!;
  await p.page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
  await p.page.mouse.down();
  await p.page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 10 });
  await p.page.screenshot({ path: join(SHOTS, 'edit-connect-drag.png') });
  await p.page.mouse.up();
  r = await lastEdit(p, ++n);
  assert.deepEqual(r.edit, { op: 'connect', from: idOf(g, 'Add To Review'), to: idOf(g, 'Move To Publish') });
  assert.equal(JSON.parse(r.text).States['Add To Review'].Next, 'Move To Publish');

  // Reconnect: select the Default transition, drag its arrow's handle onto another state.
  const def = g.model.edges.find((e) => e.kind === 'default')!;
  await (await p.page.$(`#canvas g.edge[data-id="${def.id}"] text.label`))!.click();
  const arrow = (await (await p.page.$('#canvas .overlay .handle'))!.boundingBox())!;
  const show = (await (await p.page.$(`${PanelPage.node('Show Article')} .box`))!.boundingBox())!;
  await p.page.mouse.move(arrow.x + arrow.width / 2, arrow.y + arrow.height / 2);
  await p.page.mouse.down();
  await p.page.mouse.move(show.x + show.width / 2, show.y + show.height / 2, { steps: 10 });
  await p.page.mouse.up();
  r = await lastEdit(p, ++n);
  assert.deepEqual(r.edit, { op: 'connect', from: idOf(g, 'Choice'), to: idOf(g, 'Show Article'), edge: def.id });
  assert.equal(JSON.parse(r.text).States.Choice.Default, 'Show Article');

  // The side form: a common field.
  await p.page.click(PanelPage.node('Move To Publish'));
  await p.page.fill('#f-Comment', 'publishes it');
  await p.page.press('#f-Comment', 'Tab');
  r = await lastEdit(p, ++n);
  assert.deepEqual(r.edit, { op: 'setField', node: idOf(g, 'Move To Publish'), key: 'Comment', value: 'publishes it' });
  assert.equal(JSON.parse(r.text).States['Move To Publish'].Comment, 'publishes it');

  // Delete with the key: what came in goes where it went.
  await p.page.click(PanelPage.node('Move To Publish'));
  await p.page.keyboard.press('Delete');
  r = await lastEdit(p, ++n);
  assert.deepEqual(r.edit, { op: 'delete', node: idOf(g, 'Move To Publish') });
  assert.equal(JSON.parse(r.text).States.Choice.Choices[1].Next, 'Show Article');

  // A refusal shows in the banner; a made edit selects the state it names once the new graph comes.
  await p.send({ type: 'editResult', ok: false, message: 'A state named "Choice" already exists' });
  await p.page.waitForSelector('#banner.error:not([hidden])');
  const added = editFromGraph(analyze(SEED_TEXT), { op: 'add', type: 'Wait', after: idOf(g, 'Move To Publish') });
  assert.ok(!('error' in added));
  await p.send({ type: 'editResult', ok: true, select: 'New Wait' });
  await p.send({ type: 'graph', version: 2, graph: graphOf(analyze(applyEdits(SEED_TEXT, added.edits))), millis: 1 });
  await p.page.waitForSelector(`${PanelPage.node('New Wait')}.selected`);
  assert.ok(await p.page.$('#canvas .overlay .handle'), 'the new state has its connector handle');
  assert.ok(await p.page.$eval('#banner', (b: any) => b.hidden), 'the banner is cleared by the new graph');
  await p.page.screenshot({ path: join(SHOTS, 'edit-added-state.png') });
  await p.page.close();
});

btest("collapse on demand: a Map's form and the C key ask for it; the closed box says what it hides", async () => {
  const { nestedMachine } = await import('../unit/graphChecks');
  const { graphReusing } = await import('../../server/src/core/graph/reuse');
  const analysis = analyze(nestedMachine(3));
  const open = graphOf(analysis);
  const p = await harness.open();
  await showGraph(p, open);
  await p.page.click(`${PanelPage.node('Map 1')} text.name`);
  await p.page.waitForSelector('#f-collapse:not([hidden])');
  assert.equal(await p.page.textContent('#f-collapse'), 'Collapse');
  await p.page.click('#f-collapse');
  const id = idOf(open, 'Map 1');
  await p.waitForPosted((m) => m.type === 'collapse', 'a collapse message');
  assert.deepEqual(
    (await p.posted()).filter((m) => m.type === 'collapse'),
    [{ type: 'collapse', nodeId: id, collapsed: true }],
  );
  // The extension asks the server again with the node collapsed; the page draws what comes back.
  const closed = graphReusing(analysis, undefined, new Set([id])).graph;
  await p.send({ type: 'graph', version: 2, graph: closed, millis: 1 });
  await p.page.waitForSelector(`${PanelPage.node('Map 1')}.collapsed`);
  assert.equal(await p.page.textContent(`${PanelPage.node('Map 1')} text.type`), 'Map ▸ 5 states');
  assert.equal(await p.page.$(PanelPage.node('Leaf')), null);
  assert.equal(await p.page.textContent('#f-collapse'), 'Expand');
  await p.page.focus('#canvas');
  // Ctrl+C is a copy, not a collapse.
  await p.page.keyboard.press('Control+c');
  await p.page.waitForTimeout(50);
  assert.equal((await p.posted()).filter((m) => m.type === 'collapse').length, 1);
  await p.page.keyboard.press('c');
  await p.waitForPosted((m) => m.type === 'collapse' && m.collapsed === false, 'an expand message');
  await p.page.screenshot({ path: join(SHOTS, 'collapsed-map.png') });
  await p.page.close();
});
