/**
 * The panel's testing side in headless Chromium on the real bundle (test/webview/page.ts): Run all
 * cases (real runs judged by the one verdict function, coverage from core/coverage) with the
 * verdicts listed, a failed case's diff and run, coverage marked on the graph with a legend and a
 * toggle; Test this state prefilled from the last run and answered in TestState's shape; an
 * imported history with its first divergence marked; a child run drilled into and back; the
 * mock-file buttons. Screenshots go to test-results/webview/ (the README's docs/images/panel-*.png are these).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { analyze } from '../../server/src/core';
import { prepare, run } from '../../server/src/core/engine';
import { createTaskInvoker, definitionInfo, loadMockFile } from '../../server/src/core/engine/mocks';
import { testState } from '../../server/src/core/engine/testState';
import type { ExecutionResult } from '../../server/src/core/engine/types';
import { graphOf } from '../../server/src/core/graph';
import {
  divergenceMessage,
  firstDivergence,
  historyInput,
  historyToResult,
  replayMockFile,
  REPLAY_CASE,
} from '../../server/src/core/history';
import { judge } from '../../server/src/core/testing/verdict';
import { runJob } from '../../server/src/dryRun/job';
import { coverageMarks, coverageSummary } from '../../media/src/coverageMarks';
import type { CoverageRange, TestCaseOutcome } from '../../protocol/testing';
import { browserSuite, PanelPage, ROOT, SHOTS, showGraph, type Posted } from './page';
import { coverageOf, graphOfFile, runTestCase, runTestCaseText } from './runs';

/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
declare function getComputedStyle(el: unknown): any;

const SEED = 'examples/article-review/article-review.asl.json';
const SEED_MOCKS = 'examples/article-review/article-review.mocks.json';
const ORDER = 'examples/order-processing/order-processing.asl.json';
const ORDER_MOCKS = 'examples/order-processing/order-processing.mocks.json';
const MOCK_URI = 'file:///work/article-review.mocks.json';

const { harness, btest } = browserSuite();

/** The seed example's cases plus one whose expectation is wrong, run and judged as the server does (lsp/testing.ts). */
async function allCases(): Promise<{ outcomes: TestCaseOutcome[]; coverage: CoverageRange[] }> {
  const file = JSON.parse(readFileSync(join(ROOT, SEED_MOCKS), 'utf8'));
  const cases = file.StateMachines['article-review'].TestCases;
  // A draft expected to be published: the run goes to review instead.
  cases.DraftIsPublished = {
    $test: {
      Input: { name: 'Intro to DP', status: 'Draft' },
      ExpectedPath: ['GeeksForGeeks Article Description', 'Choice', 'Move To Publish', 'Show Article'],
    },
  };
  const text = JSON.stringify(file);
  const analysis = analyze(readFileSync(join(ROOT, SEED), 'utf8'));
  const loaded = loadMockFile(text, definitionInfo(analysis.machine, 'article-review'));
  const names = ['PendingGoesToReview', 'OtherStatusGoesToReview', 'ThrottledThenRecovers', 'DraftIsPublished'];
  const outcomes: TestCaseOutcome[] = [];
  const results: ExecutionResult[] = [];
  for (const name of names) {
    const result = await runTestCaseText(SEED, text, SEED_MOCKS, name);
    results.push(result);
    outcomes.push({
      testCase: name,
      result,
      verdict: judge(loaded.config.stateMachines.get('article-review')!.testCases.get(name)!.test, result),
      millis: 1,
    });
  }
  const coverage = coverageOf(SEED, results, 'article-review').items;
  return { outcomes, coverage };
}

async function uncoveredNames(p: PanelPage): Promise<{ nodes: string[]; edges: number }> {
  return p.page.evaluate(() => ({
    nodes: [...document.querySelectorAll('#canvas g.node.state.uncovered')].map((g: any) => g.dataset.name as string).sort(),
    edges: document.querySelectorAll('#canvas g.edge.uncovered').length,
  }));
}

btest("Run all cases: each verdict listed, coverage on the graph with a legend and a toggle, a failed case's run and diff", async () => {
  const p = await harness.open({ width: 1400, height: 900 });
  const graph = graphOfFile(SEED);
  await showGraph(p, graph);
  await p.send({
    type: 'mocks',
    files: [{ uri: MOCK_URI, label: 'article-review.mocks.json', testCases: [{ name: 'PendingGoesToReview' }] }],
  });
  await p.page.click('#tests button:text("Run all cases")');
  const asked = await p.waitForPosted((m) => m.type === 'runAll');
  assert.deepEqual(asked, { type: 'runAll', mockFile: MOCK_URI });
  const { outcomes, coverage } = await allCases();
  await p.send({ type: 'testResults', mockFile: MOCK_URI, outcomes, coverage });
  await p.page.waitForSelector('.test-case');
  const rows = await p.page.$$eval('.test-case', (els) => els.map((e) => [(e as any).dataset.case, e.classList.contains('passed')]));
  assert.deepEqual(
    rows,
    outcomes.map((o) => [o.testCase, o.verdict.passed]),
  );
  assert.deepEqual(
    rows.map((r) => r[1]),
    [true, true, true, false],
  );
  assert.equal((await p.page.textContent('.test-list .summary')) ?? '', '3 of 4 test cases passed');
  // Coverage: what core/coverage says, on the nodes and edges the page drew.
  const marks = coverageMarks(graph.model, coverage);
  const names = new Map(graph.model.nodes.map((n) => [n.id, n.name]));
  assert.deepEqual(
    [...marks.uncoveredNodes].map((id) => names.get(id)),
    ['Move To Publish'],
  );
  assert.deepEqual(await uncoveredNames(p), { nodes: ['Move To Publish'], edges: marks.uncoveredEdges.size });
  assert.equal(marks.uncoveredEdges.size, 2);
  assert.equal((await p.page.textContent('.coverage-summary')) ?? '', coverageSummary(marks));
  await p.page.screenshot({ path: join(SHOTS, 'panel-coverage.png') });
  await p.page.uncheck('#coverage-toggle');
  assert.deepEqual(await uncoveredNames(p), { nodes: [], edges: 0 });
  await p.page.check('#coverage-toggle');
  assert.deepEqual((await uncoveredNames(p)).nodes, ['Move To Publish']);
  // The failed case: its run on the graph, its verdict, and the expected and actual paths.
  await p.page.click('.test-case[data-case="DraftIsPublished"]');
  await p.page.waitForSelector('.diff');
  assert.equal((await p.page.textContent('#result .verdict')) ?? '', 'Test failed');
  const paths = await p.page.$$eval('.diff .path', (els) => els.map((e) => e.textContent));
  assert.deepEqual(paths, [
    'GeeksForGeeks Article Description → Choice → Move To Publish → Show Article',
    'GeeksForGeeks Article Description → Choice → Add To Review → Show Article',
  ]);
  const visited = await p.page.$$eval('#canvas g.node.visited', (els) => els.map((e) => (e as any).dataset.name).sort());
  assert.deepEqual(visited, ['Add To Review', 'Choice', 'GeeksForGeeks Article Description', 'Show Article']);
  await p.page.screenshot({ path: join(SHOTS, 'panel-run-all.png') });
  assert.deepEqual(await p.violations(), []);
  assert.deepEqual(
    p.console.filter((l) => /^(error|pageerror)/.test(l)),
    [],
  );
  await p.page.close();
});

btest('Run all cases without a mock file says so; a server refusal is shown; Testing-view coverage alone marks the graph', async () => {
  const p = await harness.open();
  const graph = graphOfFile(SEED);
  await showGraph(p, graph);
  await p.page.click('#tests button:text("Run all cases")');
  assert.match((await p.page.textContent('.test-list')) ?? '', /Pick a mock file/);
  assert.equal(
    (await p.posted()).some((m) => m.type === 'runAll'),
    false,
  );
  await p.send({ type: 'testsError', message: 'x.mocks.json has no test cases for "m".' });
  assert.equal((await p.page.textContent('.test-list .error')) ?? '', 'x.mocks.json has no test cases for "m".');
  const { coverage } = await allCases();
  await p.send({ type: 'coverage', coverage });
  await p.page.waitForSelector('#canvas g.node.uncovered');
  assert.deepEqual((await uncoveredNames(p)).nodes, ['Move To Publish']);
  // A malformed coverage message is dropped with a log line.
  await p.send({ type: 'coverage', coverage: [{ kind: 'nope' }] });
  const log = await p.waitForPosted((m) => m.type === 'log' && /coverage item is malformed/.test(String(m.message)));
  assert.ok(log);
  // The panel shows another machine: this one's coverage and results go with it.
  await p.send({ type: 'init', uri: 'file:///work/other.asl.json', fileName: 'other.asl.json', trusted: true });
  await p.send({ type: 'graph', version: 1, graph, millis: 1 });
  await p.page.waitForSelector('#canvas g.node');
  assert.deepEqual(await uncoveredNames(p), { nodes: [], edges: 0 });
  assert.equal(await p.page.isHidden('#coverage-legend'), true);
  await p.page.close();
});

btest(
  "retriers never fired: their state's retry badge dashed and grey, saying which Retry in its tooltip; fired ones as before",
  async () => {
    const p = await harness.open({ width: 1400, height: 900 });
    const graph = graphOfFile(SEED);
    await showGraph(p, graph);
    const { coverage } = await allCases();
    // What core/coverage says, read from its items: the states with a retrier of 0 hits, and their Retry indices.
    const unfired = new Map<string, number[]>();
    for (const i of coverage)
      if (i.kind === 'retrier' && i.hits === 0) unfired.set(i.state, [...(unfired.get(i.state) ?? []), i.index ?? 0]);
    const fired = coverage.filter((i) => i.kind === 'retrier' && i.hits > 0).map((i) => i.state);
    assert.ok(unfired.size > 0 && fired.length > 0, 'the cases fire some retriers and not others');
    await p.send({ type: 'coverage', coverage });
    await p.page.waitForSelector('#canvas g.node.retry-unfired');
    const marked = () =>
      p.page.evaluate(() =>
        [...document.querySelectorAll('#canvas g.node.state')]
          .filter((g: any) => g.querySelector('.badge.retry'))
          .map((g: any) => {
            const rect = g.querySelector('.badge.retry rect');
            return {
              name: g.dataset.name,
              dash: getComputedStyle(rect).strokeDasharray,
              tip: g.querySelector('.badge.retry > title')?.textContent ?? '',
            };
          }),
      );
    const badges = await marked();
    const dashed = badges.filter((b: any) => b.dash !== 'none');
    assert.deepEqual(dashed.map((b: any) => b.name).sort(), [...unfired.keys()].sort());
    for (const b of dashed)
      assert.equal(
        b.tip,
        `Never fired in these runs: ${unfired
          .get(b.name)!
          .map((i) => `Retry[${i}]`)
          .join(', ')}`,
      );
    for (const name of fired.filter((n) => !unfired.has(n)))
      assert.equal(badges.find((b: any) => b.name === name)?.dash, 'none', `${name}'s retrier fired`);
    assert.match((await p.page.textContent('#coverage-legend')) ?? '', /retrier never fired/);
    await p.page.screenshot({ path: join(SHOTS, 'panel-coverage-retriers.png') });
    // Coverage hidden: the badges as drawn.
    await p.page.uncheck('#coverage-toggle');
    assert.deepEqual(
      (await marked()).filter((b: any) => b.dash !== 'none' || b.tip !== ''),
      [],
    );
    assert.deepEqual(
      p.console.filter((l) => /^(error|pageerror)/.test(l)),
      [],
    );
    await p.page.close();
  },
);

btest(
  "Test this state: a right-click opens it prefilled with the last run's input; a mocked error; the TestState answer step by step",
  async () => {
    const p = await harness.open({ width: 1400, height: 900 });
    await showGraph(p, graphOfFile(ORDER));
    const happy = await runTestCase(ORDER, ORDER_MOCKS, 'HappyPath');
    await p.send({ type: 'runResult', result: happy, millis: 1 });
    await p.page.click(PanelPage.node('ProcessPayment'), { button: 'right' });
    await p.page.waitForSelector('#st-input', { state: 'visible' });
    const entered = happy.events.find((e) => e.type === 'TaskStateEntered' && e.stateName === 'ProcessPayment')!;
    assert.deepEqual(JSON.parse(await p.page.inputValue('#st-input')), entered.details!.input);
    await p.page.selectOption('#st-mock', 'error');
    await p.page.fill('#st-error', 'Card.Declined');
    await p.page.fill('#st-cause', 'no funds');
    await p.page.click('#st-run');
    const asked = (await p.waitForPosted((m) => m.type === 'testState')) as Posted & { input: string };
    assert.deepEqual(
      { ...asked, input: JSON.parse(asked.input) },
      {
        type: 'testState',
        stateName: 'ProcessPayment',
        input: entered.details!.input,
        mock: { errorOutput: { error: 'Card.Declined', cause: 'no funds' } },
      },
    );
    // What the server answers: the core's TestState runner on the same request.
    const response = await testState({
      definition: readFileSync(join(ROOT, ORDER), 'utf8'),
      stateName: 'ProcessPayment',
      input: asked.input,
      inspectionLevel: 'DEBUG',
      mock: { errorOutput: { error: 'Card.Declined', cause: 'no funds' } },
    });
    await p.send({ type: 'testStateResult', stateName: 'ProcessPayment', response });
    await p.page.waitForSelector('.st-status');
    assert.equal((await p.page.textContent('.st-status')) ?? '', 'CAUGHT_ERROR');
    const text = (await p.page.textContent('#st-answer')) ?? '';
    assert.match(text, /Next state: PaymentFallback/);
    assert.match(text, /Error: Card\.Declined/);
    assert.match(text, /caught by catcher 0/);
    const labels = await p.page.$$eval('#st-answer .st-inspection label', (els) => els.map((e) => e.textContent));
    // The data flow up to the failure, then where the error went (the core's DEBUG inspection data of a caught error).
    assert.deepEqual(labels, ['Inspection data', 'Input', 'After InputPath', 'After Parameters', 'Error details']);
    await p.page.screenshot({ path: join(SHOTS, 'panel-test-state.png') });
    // A bad input never leaves the page.
    const before = (await p.posted()).filter((m) => m.type === 'testState').length;
    await p.page.fill('#st-input', '{ nope');
    await p.page.click('#st-run');
    assert.match((await p.page.textContent('#st-answer')) ?? '', /not valid JSON/);
    assert.equal((await p.posted()).filter((m) => m.type === 'testState').length, before);
    await p.page.close();
  },
);

btest('an imported history: the recorded run on the graph, its first divergence marked, a test case offered', async () => {
  const dir = join(ROOT, 'test', 'cli', 'fixtures', 'history');
  const original = readFileSync(join(dir, 'branch-caught.asl.json'), 'utf8');
  const changed = original.replace('"status": "BACKORDERED"', '"status": "ON_HOLD"');
  const history = JSON.parse(readFileSync(join(dir, 'branch-caught.history.json'), 'utf8'));
  const recorded = historyToResult(history, JSON.parse(changed));
  // The server's replay: the changed definition, each Task answering as recorded.
  const analysis = analyze(changed);
  const mocks = loadMockFile(replayMockFile(recorded, historyInput(history), 'm'), definitionInfo(analysis.machine, 'm'));
  const invoker = createTaskInvoker({
    config: mocks.config,
    testCase: mocks.config.stateMachines.get('m')!.testCases.get(REPLAY_CASE),
    definition: definitionInfo(analysis.machine, 'm'),
  });
  const replay = await run(prepare(analysis), { input: historyInput(history), invoker });
  const divergence = firstDivergence(recorded, replay)!;
  assert.equal(divergence.stateName, 'Backorder');
  const p = await harness.open({ width: 1400, height: 900 });
  await showGraph(p, graphOf(analysis));
  await p.page.click('#tests button:text("Import history…")');
  await p.waitForPosted((m) => m.type === 'importHistory');
  await p.send({ type: 'historyResult', fileName: 'branch-caught.history.json', recorded, replay, divergence });
  await p.page.waitForSelector('#canvas g.node.diverged');
  assert.deepEqual(await p.page.$$eval('#canvas g.node.diverged', (els) => els.map((e) => (e as any).dataset.name)), ['Backorder']);
  assert.equal((await p.page.textContent('.divergence-why')) ?? '', divergenceMessage(divergence));
  assert.match((await p.page.textContent('.history-title')) ?? '', /branch-caught\.history\.json: SUCCEEDED/);
  const visited = await p.page.$$eval('#canvas g.node.visited', (els) => els.map((e) => (e as any).dataset.name).sort());
  assert.deepEqual(visited, ['Backorder', 'Both', 'Done', 'Quote', 'Reserve']);
  await p.page.click('#history-result button:text("Create test case from this history")');
  await p.waitForPosted((m) => m.type === 'historyTestCase');
  await p.page.screenshot({ path: join(SHOTS, 'panel-history.png') });
  await p.page.close();
});

btest('a child run: opened from the state that started it, drawn read-only with its own run, and back to the parent', async () => {
  const dir = join(ROOT, 'test', 'cli', 'fixtures', 'nested');
  const mocksPath = join(dir, 'parent.mocks.json');
  const parentText = readFileSync(join(dir, 'parent.asl.json'), 'utf8');
  const answer = await runJob({
    definition: parentText,
    machineName: 'parent',
    mocks: { path: mocksPath, text: readFileSync(mocksPath, 'utf8') },
    testCase: 'BothPatterns',
    input: JSON.parse(readFileSync(mocksPath, 'utf8')).StateMachines.parent.TestCases.BothPatterns.$test.Input,
    handlerTimeoutMs: 5000,
    allowHandlers: false,
    wallTimeMs: 30_000,
  });
  assert.ok(answer.ok);
  const result = answer.result;
  assert.equal(result.childExecutions?.length, 2);
  const mockUri = `file://${mocksPath}`;
  const p = await harness.open({ width: 1400, height: 900 });
  await showGraph(p, graphOf(analyze(parentText)));
  await p.send({ type: 'mocks', files: [{ uri: mockUri, label: 'parent.mocks.json', testCases: [{ name: 'BothPatterns' }] }] });
  await p.send({ type: 'runResult', result, millis: 1 });
  await p.page.click(PanelPage.node('Sync'));
  await p.page.waitForSelector('.child-runs a');
  assert.equal((await p.page.textContent('.child-runs a')) ?? '', 'child: SUCCEEDED');
  await p.page.click('.child-runs a');
  const asked = await p.waitForPosted((m) => m.type === 'openChild');
  assert.deepEqual(asked, { type: 'openChild', machine: 'child', mockFile: mockUri });
  const childGraph = graphOf(analyze(readFileSync(join(dirname(mocksPath), 'child.asl.json'), 'utf8')));
  await p.send({ type: 'childGraph', machine: 'child', fileName: 'child.asl.json', graph: childGraph });
  await p.page.waitForSelector(PanelPage.node('Double'));
  assert.match((await p.page.textContent('#child-bar')) ?? '', /Child execution of child \(child\.asl\.json\): SUCCEEDED/);
  assert.deepEqual(await p.page.$$eval('#canvas g.node.visited', (els) => els.map((e) => (e as any).dataset.name)), ['Double']);
  // The child's graph is not the document: a click reveals nothing in the editor; a graph of the document waits.
  const reveals = (await p.posted()).filter((m) => m.type === 'reveal').length;
  await p.page.click(PanelPage.node('Double'));
  assert.equal((await p.posted()).filter((m) => m.type === 'reveal').length, reveals);
  await p.send({ type: 'graph', version: 2, graph: graphOf(analyze(parentText)), millis: 1 });
  assert.equal(await p.page.$$eval('#canvas g.node.state', (els) => els.length), 1);
  await p.page.click('#child-bar button');
  await p.page.waitForSelector(PanelPage.node('Sync2'));
  assert.equal(await p.page.isHidden('#child-bar'), true);
  assert.deepEqual(await p.page.$$eval('#canvas g.node.visited', (els) => els.map((e) => (e as any).dataset.name).sort()), [
    'Sync',
    'Sync2',
  ]);
  await p.page.close();
});

btest('the mock-file buttons ask for the commands; "Add test case from this run" once there is a run', async () => {
  const p = await harness.open();
  await showGraph(p, graphOfFile(ORDER));
  assert.equal(await p.page.isDisabled('#tests button:text("Add test case from this run")'), true);
  await p.page.click('#tests button:text("Create mock file")');
  await p.page.click('#tests button:text("Create handler stub")');
  await p.send({ type: 'runResult', result: await runTestCase(ORDER, ORDER_MOCKS, 'HappyPath'), millis: 1 });
  await p.page.click('#tests button:text("Add test case from this run")');
  await p.waitForPosted((m) => m.type === 'mockCommand' && m.command === 'addTestCaseFromRun');
  assert.deepEqual(
    (await p.posted()).filter((m) => m.type === 'mockCommand').map((m) => m.command),
    ['createMockFile', 'createHandlerStub', 'addTestCaseFromRun'],
  );
  await p.page.close();
});
