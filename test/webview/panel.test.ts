/**
 * The graph panel's page in headless Chromium: the real media/ bundle in the real page, with a
 * stand-in for the VS Code API (test/webview/page.ts). The seed example drawn with every state
 * and edge, a click asking the editor to reveal the state, a real dry run lighting its path,
 * statuses, data flow and history; bad input (2,000 states, 50 levels of nesting, malformed
 * messages). Screenshots go to test-results/webview/.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../server/src/core';
import { graphOf } from '../../server/src/core/graph';
import { generateMachine } from '../fixtures/generate';
import { nestedMachine } from '../unit/graphChecks';
import { browserSuite, PanelPage, ROOT, SHOTS, showGraph, unavailable } from './page';
import { graphOfFile, runEcho, runTestCase, runText } from './runs';

// The callbacks given to page.evaluate run in the page; the project compiles without the DOM library.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
declare const window: any;
declare function getComputedStyle(el: unknown): any;
type SVGGElement = any;

const SKIP = unavailable();
if (SKIP) console.log(`Browser tests of the graph panel skipped: ${SKIP}.`);
const SEED = 'examples/article-review/article-review.asl.json';
const SEED_MOCKS = 'examples/article-review/article-review.mocks.json';
const ORDER = 'examples/order-processing/order-processing.asl.json';
const ORDER_MOCKS = 'examples/order-processing/order-processing.mocks.json';

const { harness, btest } = browserSuite();

async function drawn(p: PanelPage): Promise<{ states: string[]; edges: { id: string; d: string }[] }> {
  return p.page.evaluate(() => ({
    states: [...document.querySelectorAll('#canvas g.node.state')].map((g: SVGGElement) => g.dataset.name as string),
    edges: [...document.querySelectorAll('#canvas g.edge')].map((g: SVGGElement) => ({
      id: g.dataset.id as string,
      d: g.querySelector('path.line')?.getAttribute('d') ?? '',
    })),
  }));
}

btest('the seed example: every state drawn with its edges, no CSP violation, no error', async () => {
  const p = await harness.open();
  const graph = graphOfFile(SEED);
  await showGraph(p, graph);
  const { states, edges } = await drawn(p);
  assert.deepEqual(states.sort(), ['Add To Review', 'Choice', 'GeeksForGeeks Article Description', 'Move To Publish', 'Show Article']);
  assert.deepEqual(edges.map((e) => e.id).sort(), graph.model.edges.map((e) => e.id).sort());
  for (const e of edges) assert.match(e.d, /^M[\d.-]+,[\d.-]+(L|Q)/, `edge ${e.id} has a path`);
  // Choice conditions are written on their edges.
  const labels = await p.page.$$eval('#canvas g.edge text.label', (ts) => ts.map((t) => t.textContent));
  assert.deepEqual(labels.sort(), ['$.status == "Pending"', '$.status == "Review"', 'Default']);
  assert.equal(await p.page.textContent('#file'), 'm.asl.json');
  assert.deepEqual(await p.violations(), []);
  assert.deepEqual(
    p.console.filter((l) => /^(error|pageerror)/.test(l)),
    [],
  );
  // The drawing's own rules (a constructed stylesheet) apply: an edge line is not filled.
  const fill = await p.page.$eval('#canvas g.edge path.line', (el) => getComputedStyle(el).fill);
  assert.equal(fill, 'none');
  await p.page.close();
});

btest('clicking a state asks the editor to reveal it; the cursor message highlights a state', async () => {
  const p = await harness.open();
  const graph = graphOfFile(SEED);
  await showGraph(p, graph);
  await p.page.click(PanelPage.node('Move To Publish'));
  const id = graph.model.nodes.find((n) => n.name === 'Move To Publish')!.id;
  const reveal = await p.waitForPosted((m) => m.type === 'reveal', 'a reveal message');
  assert.deepEqual(reveal, { type: 'reveal', nodeId: id });
  assert.ok(await p.page.$eval(PanelPage.node('Move To Publish'), (g) => g.classList.contains('selected')));

  // The editor's cursor moves the one selection: no second, stale highlight stays beside it.
  const choice = graph.model.nodes.find((n) => n.name === 'Choice')!.id;
  await p.send({ type: 'cursor', nodeId: choice });
  await p.page.waitForSelector(`${PanelPage.node('Choice')}.selected`);
  assert.deepEqual(await p.page.$$eval('#canvas g.selected', (gs) => gs.map((g) => (g as SVGGElement).dataset.name)), ['Choice']);
  await p.send({ type: 'cursor', nodeId: null });
  await p.page.waitForSelector(`${PanelPage.node('Choice')}:not(.selected)`);
  assert.equal(await p.page.$$eval('#canvas g.selected, #canvas g.cursor', (gs) => gs.length), 0);
  // A click on the background is a pan, not a reveal.
  const before = (await p.posted()).filter((m) => m.type === 'reveal').length;
  await p.page.mouse.click(5, 200);
  assert.equal((await p.posted()).filter((m) => m.type === 'reveal').length, before);
  await p.page.close();
});

btest('a real dry run of the seed example lights its path, marks statuses, fills details and history', async () => {
  const p = await harness.open();
  const graph = graphOfFile(SEED);
  await showGraph(p, graph);
  const result = await runTestCase(SEED, SEED_MOCKS, 'ReviewGoesToPublish');
  assert.equal(result.status, 'SUCCEEDED');
  await p.send({ type: 'runResult', result, millis: 12 });
  await p.page.waitForSelector('#canvas svg.run');

  const edgeId = (from: string, to: string, kind?: string) =>
    graph.model.edges.find(
      (e) =>
        graph.model.nodes.find((n) => n.id === e.from)?.name === from &&
        graph.model.nodes.find((n) => n.id === e.to)?.name === to &&
        (!kind || e.kind === kind),
    )!.id;
  const taken = await p.page.$$eval('#canvas g.edge.taken', (gs) => gs.map((g) => (g as SVGGElement).dataset.id));
  const takenExpected = [
    graph.model.edges.find((e) => e.kind === 'start')!.id,
    edgeId('GeeksForGeeks Article Description', 'Choice'),
    edgeId('Choice', 'Move To Publish'),
    edgeId('Move To Publish', 'Show Article'),
    graph.model.edges.find((e) => e.kind === 'end')!.id,
  ];
  assert.deepEqual(taken.sort(), takenExpected.sort());
  for (const name of result.path)
    assert.ok(await p.page.$eval(PanelPage.node(name), (g) => g.classList.contains('run-succeeded')), `${name} succeeded`);
  assert.ok(await p.page.$eval(PanelPage.node('Add To Review'), (g) => !g.classList.contains('visited')));
  assert.equal(await p.page.textContent(`${PanelPage.node('Show Article')} .run-badge text`), '✓');
  assert.match((await p.page.textContent('#result')) ?? '', /^SUCCEEDED · 4 states/);

  // Details of a JSONPath state: input, each data-flow step, output.
  await p.page.click(PanelPage.node('Move To Publish'));
  const labels = await p.page.$$eval('#details label', (ls) => ls.map((l) => l.textContent));
  assert.deepEqual(labels, ['Input', 'After Parameters', 'Result', 'After OutputPath', 'Output']);
  assert.match((await p.page.textContent('#details')) ?? '', /"status": "Review"/);

  // The history: every event, then filtered.
  const rows = await p.page.$$eval('#rows tr', (r) => r.length);
  assert.equal(rows, result.events.length);
  await p.page.fill('#filter', 'ChoiceState');
  const filtered = await p.page.$$eval('#rows tr td:nth-child(3)', (tds) => tds.map((t) => t.textContent));
  assert.deepEqual(filtered, ['ChoiceStateEntered', 'ChoiceStateExited']);
  assert.match((await p.page.textContent('#shown')) ?? '', new RegExp(`^2 of ${result.events.length} events`));
  assert.deepEqual(await p.violations(), []);
  await p.page.screenshot({ path: join(SHOTS, 'seed-run-light.png') });
  await p.page.close();
});

btest("a failed run shows AWS's cause as AWS writes it and our hint apart from it, marked as ours", async () => {
  const p = await harness.open();
  const text = JSON.stringify({ StartAt: 'Read', States: { Read: { Type: 'Pass', InputPath: '$.NoSuchInputPath', End: true } } });
  await showGraph(p, graphOf(analyze(text)));
  const failed = await runText(text, { a: 1 });
  assert.equal(failed.status, 'FAILED');
  assert.ok(failed.hint, 'the engine gives a hint for a path that selects nothing');
  await p.send({ type: 'runResult', result: failed, millis: 1 });
  await p.page.waitForSelector('#result .hint');
  const result = (await p.page.textContent('#result')) ?? '';
  // The cause line is AWS's text alone (issue 11's recorded wording), the hint a line of its own.
  const cause =
    "Cause: An error occurred while executing the state 'Read' (entered at the event id #2). Invalid path '$.NoSuchInputPath' : No results for path: $['NoSuchInputPath']";
  assert.ok(result.includes(cause), result);
  assert.equal(await p.page.textContent('#result .hint'), `Hint: ${failed.hint}`);
  assert.ok(!failed.cause!.includes(failed.hint!), 'the hint is not part of the cause');
  await p.page.screenshot({ path: join(SHOTS, 'hint-light.png') });
});

btest('a failed run shows the error, the cause and the state; a caught error and retries show on their states', async () => {
  const p = await harness.open();
  const graph = graphOfFile(SEED);
  await showGraph(p, graph);
  const failed = await runTestCase(SEED, SEED_MOCKS, 'ShowArticleKeepsFailing');
  assert.equal(failed.status, 'FAILED');
  await p.send({ type: 'runResult', result: failed, millis: 3 });
  await p.page.waitForSelector(`${PanelPage.node('Show Article')}.run-failed`);
  const text = (await p.page.textContent('#result')) ?? '';
  assert.match(text, /FAILED/);
  assert.match(text, /Error: Lambda\.ServiceException/);
  assert.match(text, /Cause: Lambda is unavailable\./);
  assert.match(text, /In state Show Article/);
  // Retry: MaxAttempts 3 is three retries after the first attempt.
  assert.equal(await p.page.textContent(`${PanelPage.node('Show Article')} .run-badge text`), '✗ failed ↻3');
  assert.ok(await p.page.$eval(PanelPage.node('Show Article'), (g) => g.classList.contains('selected')), 'the failing state is selected');
  await p.page.screenshot({ path: join(SHOTS, 'seed-failed-light.png') });

  const order = graphOfFile(ORDER);
  await showGraph(p, order, 2);
  const caught = await runTestCase(ORDER, ORDER_MOCKS, 'PaymentRetriedThenFallback');
  await p.send({ type: 'runResult', result: caught, millis: 3 });
  await p.page.waitForSelector(`${PanelPage.node('ProcessPayment')}.run-caught`);
  assert.equal(await p.page.textContent(`${PanelPage.node('ProcessPayment')} .run-badge text`), '⚠ caught ↻3');
  assert.ok(await p.page.$eval(PanelPage.node('PaymentFallback'), (g) => g.classList.contains('run-succeeded')));
  assert.ok(await p.page.$eval(PanelPage.node('OrderFailed'), (g) => g.classList.contains('run-failed')));
  const catchEdge = order.model.edges.find((e) => e.kind === 'catch')!.id;
  assert.ok(await p.page.$eval(`#canvas g.edge[data-id="${catchEdge}"]`, (g) => g.classList.contains('taken')), 'the Catch edge is lit');
  await p.page.close();
});

btest('Parallel branches and Map iterations: details per branch and iteration', async () => {
  const p = await harness.open({ theme: 'dark' });
  const file = 'test/corpus/valid/parallel-with-nested-map.asl.json';
  await showGraph(p, graphOfFile(file));
  const result = await runEcho(file, { packages: [{ id: 1 }, { id: 2 }, { id: 3 }] });
  assert.equal(result.status, 'SUCCEEDED', JSON.stringify(result.error));
  await p.send({ type: 'runResult', result, millis: 3 });
  await p.page.waitForSelector(`${PanelPage.node('Book Courier')}.run-succeeded`);
  assert.equal(await p.page.textContent(`${PanelPage.node('Book Courier')} .run-badge text`), '✓ ×3');
  await p.page.click(PanelPage.node('Book Courier'));
  const wheres = await p.page.$$eval('#details .instance .where', (ws) => ws.map((w) => w.textContent));
  assert.deepEqual(wheres, [
    'Fulfil Order › branch 1 › Ship Packages › iteration 0',
    'Fulfil Order › branch 1 › Ship Packages › iteration 1',
    'Fulfil Order › branch 1 › Ship Packages › iteration 2',
  ]);
  await p.page.click(PanelPage.node('Charge Card'));
  assert.deepEqual(await p.page.$$eval('#details .instance .where', (ws) => ws.map((w) => w.textContent)), ['Fulfil Order › branch 0']);
  await p.page.screenshot({ path: join(SHOTS, 'nested-run-dark.png') });
  await p.page.close();
});

btest('live updates keep zoom and position; a text that does not parse keeps the last graph under a banner', async () => {
  const p = await harness.open();
  const graph = graphOfFile(SEED);
  await showGraph(p, graph);
  await p.page.click('#zoom-in');
  await p.page.click('#zoom-in');
  const box = await p.page.$('#canvas');
  const b = (await box!.boundingBox())!;
  await p.page.mouse.move(b.x + 40, b.y + 40);
  await p.page.mouse.down();
  await p.page.mouse.move(b.x + 140, b.y + 90, { steps: 5 });
  await p.page.mouse.up();
  const viewBefore = await p.page.getAttribute('#canvas svg', 'viewBox');
  const renamed = graphOf(analyze(readFileSync(join(ROOT, SEED), 'utf8').replace(/"Show Article"/g, '"Display Article"')));
  await p.send({ type: 'graph', version: 2, graph: renamed, millis: 1 });
  await p.page.waitForSelector(PanelPage.node('Display Article'));
  assert.equal(await p.page.getAttribute('#canvas svg', 'viewBox'), viewBefore, 'the view survives the new graph');
  // The view is kept in the webview state too, for a reload.
  await p.page.waitForFunction(() => {
    const states = (window as unknown as { __states: { view?: unknown }[] }).__states;
    return states.length > 0 && states[states.length - 1].view !== undefined;
  });

  await p.send({ type: 'invalid', version: 3, reason: 'Line 4: A value is expected.' });
  await p.page.waitForSelector('#banner:not([hidden])');
  assert.match(
    (await p.page.textContent('#banner')) ?? '',
    /does not parse, so the graph shows its last good version\. Line 4: A value is expected\./,
  );
  assert.ok(await p.page.$(PanelPage.node('Display Article')), 'the last good graph stays');
  // An older answer arriving late is not shown over a newer one.
  await p.send({ type: 'graph', version: 1, graph, millis: 1 });
  await p.send({ type: 'graph', version: 4, graph: renamed, millis: 1 });
  await p.page.waitForSelector('#banner', { state: 'hidden' });
  assert.ok(await p.page.$(PanelPage.node('Display Article')));
  await p.page.close();
});

btest('search marks matching states; Enter moves to each; the input and pickers are remembered', async () => {
  const state = {
    uri: 'file:///work/m.asl.json',
    input: '{"status": "Pending"}',
    mockFile: 'file:///work/article-review.mocks.json',
    testCase: 'PendingGoesToReview',
  };
  const p = await harness.open({ state });
  assert.equal(await p.page.inputValue('#input'), '{"status": "Pending"}');
  await showGraph(p, graphOfFile(SEED));
  await p.send({
    type: 'mocks',
    files: [
      {
        uri: state.mockFile,
        label: 'article-review.mocks.json',
        testCases: [{ name: 'PendingGoesToReview', input: '{}' }, { name: 'Other' }],
      },
    ],
  });
  await p.page.waitForSelector('#case option[value="Other"]', { state: 'attached' });
  assert.equal(await p.page.inputValue('#mock'), state.mockFile);
  assert.equal(await p.page.inputValue('#case'), 'PendingGoesToReview');

  await p.page.fill('#search', 'to');
  assert.equal(await p.page.textContent('#count'), '2 matches');
  const marked = await p.page.$$eval('#canvas g.node.match', (gs) => gs.map((g) => (g as SVGGElement).dataset.name).sort());
  assert.deepEqual(marked, ['Add To Review', 'Move To Publish']);
  await p.page.press('#search', 'Enter');
  assert.equal(await p.page.textContent('#count'), '1 of 2');

  await p.page.click('#run');
  const run = await p.waitForPosted((m) => m.type === 'run', 'a run message');
  assert.deepEqual(run, { type: 'run', input: '{"status": "Pending"}', mockFile: state.mockFile, testCase: 'PendingGoesToReview' });
  await p.send({ type: 'runError', message: 'local handler code (LocalHandlers), and this workspace is not trusted', untrusted: true });
  await p.page.waitForSelector('#result.failed');
  assert.match((await p.page.textContent('#result')) ?? '', /Not run: the workspace is not trusted/);
  await p.send({ type: 'init', uri: state.uri, fileName: 'm.asl.json', trusted: false });
  await p.page.waitForSelector('#trust:not([hidden])');
  // The "Dry run" CodeLens: the extension asks, and the page runs as its button does (same form).
  await p.send({ type: 'startRun' });
  await p.page.waitForFunction(
    () => (window as unknown as { __posted: { type: string }[] }).__posted.filter((m) => m.type === 'run').length === 2,
  );
  const runs = (await p.posted()).filter((m) => m.type === 'run');
  assert.deepEqual(runs[1], run);
  await p.page.close();
});

btest('bad input: malformed messages are ignored with a log line; the drawing stays', async () => {
  const p = await harness.open();
  await showGraph(p, graphOfFile(SEED));
  for (const bad of [
    { type: 'graph', version: 5, graph: { model: 5 }, millis: 1 },
    { type: 'runResult', result: { status: 'DONE' }, millis: 1 },
    { type: 'explode' },
    'just a string',
    null,
  ]) {
    await p.send(bad);
  }
  await p.waitForPosted(
    (m) => m.type === 'log' && /unknown type "explode"/.test(String(m.message)),
    'the log of the last malformed message',
  );
  const logs = p.console.filter((l) => l.includes('[asl-workbench graph] ignored a malformed message'));
  assert.equal(logs.length, 5, logs.join('\n'));
  assert.match(logs[0], /graph needs "model" and "layout"/);
  assert.match(logs[1], /result needs a "status"/);
  const { states } = await drawn(p);
  assert.equal(states.length, 5, 'the seed graph is still drawn');
  assert.deepEqual(
    p.console.filter((l) => /^pageerror/.test(l)),
    [],
  );
  await p.page.close();
});

btest('bad input: a machine of 2,000 states stays responsive (layout and drawing timed)', async () => {
  const text = generateMachine({ states: 2000, seed: 11 });
  const started = performance.now();
  const graph = graphOf(analyze(text));
  const layoutMs = performance.now() - started;
  const p = await harness.open();
  const sent = performance.now();
  await showGraph(p, graph);
  const shownMs = performance.now() - sent;
  const renderMs = Number(await p.page.evaluate(() => document.body.dataset.renderMs));
  // Responsive: a zoom and a search answer at once after the drawing.
  const t = performance.now();
  await p.page.click('#zoom-out');
  await p.page.fill('#search', 'Archive');
  const interactMs = performance.now() - t;
  const count = await p.page.$$eval('#canvas g.node.state', (gs) => gs.length);
  console.log(
    `2,000 states: analysis + layout ${Math.round(layoutMs)} ms in node; in the page: drawn in ${renderMs} ms (message to drawing ${Math.round(shownMs)} ms); zoom + search ${Math.round(interactMs)} ms`,
  );
  // Only what is in view (and a margin) is drawn; zoomed out (Fit), more states, without text.
  assert.ok(count > 0 && count < 400, `${count} states drawn for the first view`);
  await p.page.click('#fit');
  assert.ok((await p.page.$$eval('#canvas g.node.state', (gs) => gs.length)) > count);
  assert.equal(await p.page.$$eval('#canvas g.node.state text', (ts) => ts.length), 0, 'no text at that zoom');
  assert.ok(renderMs < 5000, `drawing took ${renderMs} ms`);
  assert.ok(interactMs < 3000, `zoom and search took ${interactMs} ms`);
  await p.page.screenshot({ path: join(SHOTS, 'large-2000.png') });
  await p.page.close();
});

btest('bad input: 50 levels of Parallel in Map draw, the innermost state inside them all', async () => {
  const p = await harness.open({ theme: 'dark' });
  const graph = graphOf(analyze(nestedMachine(50)));
  await showGraph(p, graph);
  const { states } = await drawn(p);
  assert.equal(states.length, 101);
  assert.ok(states.includes('Leaf'));
  await p.page.click('#fit');
  await p.page.screenshot({ path: join(SHOTS, 'nested-50-dark.png') });
  await p.page.close();
});

btest('themes: screenshots of the seed run in light, dark and high contrast', async () => {
  const graph = graphOfFile(ORDER);
  const result = await runTestCase(ORDER, ORDER_MOCKS, 'PaymentRetriedThenFallback');
  for (const theme of ['light', 'dark', 'hc'] as const) {
    const p = await harness.open({ theme });
    await showGraph(p, graph);
    await p.send({ type: 'runResult', result, millis: 3 });
    await p.page.waitForSelector('#canvas svg.run');
    await p.page.click(PanelPage.node('ProcessPayment'));
    await p.page.screenshot({ path: join(SHOTS, `order-run-${theme}.png`) });
    // Text is drawn in a colour that differs from the background it sits on.
    const contrast = await p.page.$eval(`${PanelPage.node('ValidateOrder')} text.name`, (t) => [
      getComputedStyle(t).fill,
      getComputedStyle(document.body).backgroundColor,
    ]);
    assert.notEqual(contrast[0], contrast[1], `${theme}: state names are visible`);
    assert.deepEqual(await p.violations(), []);
    await p.page.close();
  }
});

btest(
  "hostile names and a long loop: the SVG parses as strict XML in Chromium; a loop of 3,000 states is drawn without a note; a layout's note shows in the banner",
  async () => {
    const p = await harness.open();
    const controls = Array.from({ length: 32 }, (_, c) => String.fromCharCode(c)).join('');
    const odd = graphOf(
      analyze(
        JSON.stringify({
          StartAt: '\uD800',
          States: { '\uD800': { Type: 'Pass', Next: `x${controls}` }, [`x${controls}`]: { Type: 'Succeed', Comment: '\uFFFE' } },
        }),
      ),
    );
    const { renderSvg } = await import('../../server/src/core/graph');
    for (const standalone of [true, false]) {
      const svg = renderSvg(odd, { standalone });
      const error = await p.page.evaluate((text: string) => {
        const parsed = new (window as any).DOMParser().parseFromString(text, 'image/svg+xml');
        return parsed.querySelector('parsererror')?.textContent ?? null;
      }, svg);
      assert.equal(error, null, `standalone ${standalone}`);
    }
    const states: Record<string, unknown> = {};
    for (let i = 0; i < 3000; i++) states[`S${i}`] = { Type: 'Pass', Next: `S${(i + 1) % 3000}` };
    const loop = graphOf(analyze(JSON.stringify({ StartAt: 'S0', States: states })));
    assert.equal(loop.layout.notes, undefined);
    await showGraph(p, loop);
    assert.equal(await p.page.isHidden('#banner'), true);
    // A scope past the layered layout's limit is drawn in rows with a note (test/unit/hardening.test.ts): the page says it.
    const note = 'State machine: drawn in simple rows, not the full layout: 10001 boxes in one scope (more than 10000).';
    const seed = graphOfFile(SEED);
    await p.send({ type: 'graph', version: 2, graph: { ...seed, layout: { ...seed.layout, notes: [note] } }, millis: 1 });
    await p.page.waitForSelector('#banner:not([hidden])');
    assert.equal(await p.page.textContent('#banner'), note);
    // The next graph that needs no note hides the banner.
    await p.send({ type: 'graph', version: 3, graph: graphOfFile(SEED), millis: 1 });
    await p.page.waitForSelector('#banner', { state: 'hidden' });
    await p.page.close();
  },
);

btest('a test case run shows its verdict: an expected failure is a passed test, a missed expectation a failed one', async () => {
  const p = await harness.open();
  const text = JSON.stringify({ StartAt: 'Boom', States: { Boom: { Type: 'Fail', Error: 'Expected.Error', Cause: 'on purpose' } } });
  await showGraph(p, graphOf(analyze(text)));
  const failed = await runText(text, {});
  assert.equal(failed.status, 'FAILED');
  await p.send({ type: 'runResult', result: failed, millis: 1, verdict: { passed: true, failures: [] } });
  await p.page.waitForSelector('#result .verdict');
  assert.equal(await p.page.textContent('#result .verdict'), 'Test passed: every $test expectation met');
  assert.ok(!((await p.page.getAttribute('#result', 'class')) ?? '').includes('failed'), 'an expected failure is not shown as a failure');
  await p.send({
    type: 'runResult',
    result: failed,
    millis: 1,
    verdict: { passed: false, failures: ['expected error "Other", got "Expected.Error"'] },
  });
  await p.page.waitForFunction(
    () =>
      (globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null } }).document.querySelector(
        '#result .verdict',
      )?.textContent === 'Test failed',
  );
  assert.ok(((await p.page.getAttribute('#result', 'class')) ?? '').includes('failed'));
  assert.equal(await p.page.textContent('#result .verdict-failure'), 'expected error "Other", got "Expected.Error"');
});
