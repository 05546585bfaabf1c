/** The graph panel's messages (checked on arrival), its page's CSP, and cursor-to-state lookup. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../server/src/core';
import { graphOf } from '../../server/src/core/graph';
import { graphProblem, readToExtension, readToWebview, resultProblem } from '../../protocol/panel';
import { contentSecurityPolicy, makeNonce, panelHtml } from '../../client/src/panel/html';
import { nodeAt } from '../../client/src/panel/cursor';
import { reusablePanel } from '../../client/src/panel/reuse';

const ROOT = join(__dirname, '..', '..', '..');
const SEED = readFileSync(join(ROOT, 'examples/article-review/article-review.asl.json'), 'utf8');
const graph = graphOf(analyze(SEED));

test('messages from the page: the well-formed are read, anything else gets a reason', () => {
  assert.deepEqual(readToExtension({ type: 'ready' }), { type: 'ready' });
  assert.deepEqual(readToExtension({ type: 'reveal', nodeId: 'm/Choice', extra: 1 }), { type: 'reveal', nodeId: 'm/Choice' });
  assert.deepEqual(readToExtension({ type: 'run', input: '{}', mockFile: 'file:///m.json' }), {
    type: 'run',
    input: '{}',
    mockFile: 'file:///m.json',
    testCase: undefined,
  });
  assert.equal(readToExtension({ type: 'reveal', nodeId: 3 }), 'reveal needs a string "nodeId" (and "focus" a boolean)');
  assert.deepEqual(readToExtension({ type: 'reveal', nodeId: 'm/A', focus: true }), { type: 'reveal', nodeId: 'm/A', focus: true });
  assert.equal(readToExtension({ type: 'run', input: '{}', testCase: 5 }), 'run: "mockFile" and "testCase" must be strings');
  assert.equal(readToExtension({ type: 'rm -rf' }), 'unknown type "rm -rf"');
  assert.equal(readToExtension(null), 'not an object with a "type"');
  assert.equal(readToExtension([{ type: 'ready' }]), 'not an object with a "type"');
  assert.equal((readToExtension({ type: 'log', message: 'x'.repeat(5000) }) as { message: string }).message.length, 2000);
});

test('messages to the page: a real graph and run result pass; damaged ones are named', () => {
  assert.equal(graphProblem(graph), undefined);
  const msg = readToWebview({ type: 'graph', version: 3, graph, millis: 2 });
  assert.ok(typeof msg !== 'string' && msg.type === 'graph');
  const damaged = JSON.parse(JSON.stringify(graph));
  damaged.layout.edges.e1.points[0].x = 'left';
  assert.equal(graphProblem(damaged), 'edge e1: malformed points');
  const noKind = JSON.parse(JSON.stringify(graph));
  noKind.model.nodes[2].kind = 'bomb';
  assert.equal(graphProblem(noKind), 'a graph node is malformed');
  assert.equal(readToWebview({ type: 'graph', version: 1, graph: { model: 5 }, millis: 1 }), 'graph needs "model" and "layout"');
  assert.equal(readToWebview({ type: 'cursor', nodeId: 7 }), 'cursor needs "nodeId" (string or null)');
  assert.deepEqual(readToWebview({ type: 'cursor', nodeId: null }), { type: 'cursor', nodeId: null });
  // The "Dry run" CodeLens's request to the page; nothing else it carries is passed on.
  assert.deepEqual(readToWebview({ type: 'startRun', input: 'x' }), { type: 'startRun' });
  assert.equal(
    readToWebview({ type: 'mocks', files: [{ uri: 'u', label: 'l', testCases: ['old form'] }] }),
    'mocks needs "files": [{uri, label, testCases: [{name, input?}]}]',
  );

  const result = {
    status: 'FAILED',
    error: 'E',
    path: ['A'],
    events: [{ id: 1, previousEventId: 0, timestamp: 't', type: 'ExecutionStarted' }],
    simulatedSeconds: 0,
  };
  assert.equal(resultProblem(result), undefined);
  assert.equal(resultProblem({ ...result, status: 'DONE' }), 'result needs a "status"');
  assert.equal(resultProblem({ ...result, events: [{ id: 'one', type: 'x' }] }), 'a history event is malformed');
  assert.equal(resultProblem({ ...result, events: [{ id: 1, type: 'x', scope: [1] }] }), 'event 1: "scope" must be strings');
  // Our hint travels beside AWS's cause, as a string or not at all.
  assert.equal(resultProblem({ ...result, cause: 'AWS text', hint: 'ours' }), undefined);
  assert.equal(resultProblem({ ...result, hint: 7 }), 'result.error, result.cause and result.hint must be strings');
  // The run explained in words rides along, checked like the rest.
  const explained = [{ stateName: 'A', enteredEventId: 2, lines: ['rule 1 matched: $.x == 1 -> B'] }];
  const withWhy = readToWebview({ type: 'runResult', result, millis: 3, explained });
  assert.ok(typeof withWhy !== 'string' && withWhy.type === 'runResult' && withWhy.explained?.[0].lines[0] === explained[0].lines[0]);
  assert.equal(
    readToWebview({ type: 'runResult', result, millis: 3, explained: [{ stateName: 'A', lines: 'x' }] }),
    'an explained visit is malformed',
  );
});

test('the page: default-src none, the script by nonce only, assets from the webview origin only', () => {
  const csp = contentSecurityPolicy({ cspSource: 'https://x.vscode-cdn.net', nonce: 'abc' });
  assert.equal(
    csp,
    "default-src 'none'; script-src 'nonce-abc'; style-src https://x.vscode-cdn.net; img-src https://x.vscode-cdn.net data:; font-src https://x.vscode-cdn.net",
  );
  const html = panelHtml({
    cspSource: 'https://x.vscode-cdn.net',
    nonce: 'n0nce',
    scriptUri: 'https://x.vscode-cdn.net/media/dist/graph.js',
    styleUri: 'https://x.vscode-cdn.net/media/graph.css?a=1&b="2"',
  });
  assert.ok(html.includes('<script nonce="n0nce" src="https://x.vscode-cdn.net/media/dist/graph.js"></script>'));
  assert.ok(html.includes('href="https://x.vscode-cdn.net/media/graph.css?a=1&amp;b=&quot;2&quot;"'));
  assert.equal((html.match(/<script/g) ?? []).length, 1, 'one script, no inline code');
  assert.ok(!/ style="|unsafe-inline|unsafe-eval|http:\/\//.test(html));
  const a = makeNonce();
  const b = makeNonce();
  assert.match(a, /^[A-Za-z0-9+/]{22}==$/);
  assert.notEqual(a, b);
});

test('the cursor: the innermost state holding the offset, none outside every state', () => {
  const at = (text: string) => nodeAt(graph.model, SEED.indexOf(text))?.name;
  assert.equal(at('"Choices"'), 'Choice');
  assert.equal(at('"Show Article": {'), 'Show Article');
  assert.equal(at('ArticleDescription:$LATEST'), 'GeeksForGeeks Article Description');
  assert.equal(at('"Comment"'), undefined);
  const nested = graphOf(analyze(readFileSync(join(ROOT, 'test/corpus/valid/parallel-with-nested-map.asl.json'), 'utf8')));
  const text = readFileSync(join(ROOT, 'test/corpus/valid/parallel-with-nested-map.asl.json'), 'utf8');
  assert.equal(nodeAt(nested.model, text.indexOf('function:BookCourier'))?.name, 'Book Courier');
  assert.equal(nodeAt(nested.model, text.indexOf('"ResultSelector"'))?.name, 'Fulfil Order');
});

test('edit messages from the graph: each gesture read, anything else refused with why', () => {
  assert.deepEqual(readToExtension({ type: 'edit', edit: { op: 'add', type: 'Task', after: 'm/A', extra: 1 } }), {
    type: 'edit',
    edit: { op: 'add', type: 'Task', after: 'm/A' },
  });
  assert.deepEqual(readToExtension({ type: 'edit', edit: { op: 'connect', from: 'm/A', to: 'm/B', edge: 'e3' } }), {
    type: 'edit',
    edit: { op: 'connect', from: 'm/A', to: 'm/B', edge: 'e3' },
  });
  assert.deepEqual(readToExtension({ type: 'edit', edit: { op: 'setField', node: 'm/A', key: 'Seconds', value: 5 } }), {
    type: 'edit',
    edit: { op: 'setField', node: 'm/A', key: 'Seconds', value: 5 },
  });
  assert.equal(
    readToExtension({ type: 'edit', edit: { op: 'add', type: 'Shell', after: 'm/A' } }),
    'edit: add: "type" must be one of Pass, Task, Choice, Wait, Parallel, Map, Succeed, Fail',
  );
  assert.equal(
    readToExtension({ type: 'edit', edit: { op: 'add', type: 'Pass', after: 'm/A', edge: 'e1' } }),
    'edit: add needs one of "after" (a node) or "edge"',
  );
  assert.match(
    readToExtension({ type: 'edit', edit: { op: 'setField', node: 'm/A', key: 'Type', value: 'Fail' } }) as string,
    /^edit: setField needs "node" and a "key" among Comment/,
  );
  assert.equal(
    readToExtension({ type: 'edit', edit: { op: 'rename', node: 'm/A', name: 'x'.repeat(20_000) } }),
    'edit: rename needs strings "node" and "name"',
  );
  assert.equal(readToExtension({ type: 'edit', edit: { op: 'format c:' } }), 'edit: unknown op "format c:"');
  assert.deepEqual(readToExtension({ type: 'collapse', nodeId: 'm/P', collapsed: true }), {
    type: 'collapse',
    nodeId: 'm/P',
    collapsed: true,
  });
  assert.equal(
    readToExtension({ type: 'collapse', nodeId: 'm/P', collapsed: 'yes' }),
    'collapse needs a string "nodeId" and a boolean "collapsed"',
  );
  assert.deepEqual(readToWebview({ type: 'editResult', ok: false, message: 'no' }), {
    type: 'editResult',
    ok: false,
    message: 'no',
    select: undefined,
  });
  assert.equal(readToWebview({ type: 'editResult', ok: 'yes' }), 'editResult needs "ok" (and strings "message", "select")');
});

test('one graph panel per editor group: another machine goes to a panel in another group, the visible one first', () => {
  const a = { name: 'a', panel: { viewColumn: 2, visible: false } };
  const b = { name: 'b', panel: { viewColumn: 3, visible: true } };
  const c = { name: 'c', panel: { viewColumn: 1, visible: true } };
  assert.equal(reusablePanel([a, b, c], 1)?.name, 'b');
  assert.equal(reusablePanel([a, c], 1)?.name, 'a');
  // Never the panel in the editor's own group (it would cover the editor), nor one not shown.
  assert.equal(reusablePanel([c, { name: 'd', panel: { viewColumn: undefined, visible: false } }], 1), undefined);
});
