/** The graph panel's requests to the built server over stdio: the graph of an open document, and a dry run. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  GRAPH_EDIT_REQUEST,
  GRAPH_REQUEST,
  RUN_REQUEST,
  graphProblem,
  resultProblem,
  type GraphEditResponse,
  type GraphResult,
  type RunResult,
} from '../../protocol/panel';
import { LspClient } from './client';
import { applyEdits } from './text';

const ROOT = join(__dirname, '..', '..', '..');
const SEED_PATH = join(ROOT, 'examples/article-review/article-review.asl.json');
const SEED_URI = pathToFileURL(SEED_PATH).href;
const SEED = readFileSync(SEED_PATH, 'utf8');
const MOCKS_PATH = join(ROOT, 'examples/article-review/article-review.mocks.json');

async function withServer(fn: (client: LspClient) => Promise<void>): Promise<void> {
  const client = new LspClient();
  try {
    await client.initialize();
    await fn(client);
  } finally {
    await client.shutdown();
  }
}

test('graph: the positioned graph of an open document, then of each new version; a text that does not parse says where', async () => {
  await withServer(async (client) => {
    await client.open(SEED_URI, SEED, 1);
    const first = await client.request<GraphResult>(GRAPH_REQUEST, { uri: SEED_URI, version: 1 });
    assert.ok(first.ok, JSON.stringify(first));
    assert.equal(first.version, 1);
    assert.equal(graphProblem(first.graph), undefined);
    assert.deepEqual(
      first.graph.model.nodes.filter((n) => n.kind === 'state').map((n) => n.name),
      ['GeeksForGeeks Article Description', 'Choice', 'Add To Review', 'Move To Publish', 'Show Article'],
    );

    // A request for a version the server has not had yet waits for it.
    const renamed = SEED.replace(/"Show Article"/g, '"Display Article"');
    const pending = client.request<GraphResult>(GRAPH_REQUEST, { uri: SEED_URI, version: 2 });
    await client.change(SEED_URI, 2, [{ text: renamed }]);
    const second = await pending;
    assert.ok(second.ok && second.version === 2);
    assert.ok(second.graph.model.nodes.some((n) => n.name === 'Display Article'));

    await client.change(SEED_URI, 3, [{ text: SEED.slice(0, 400) }]);
    const broken = await client.request<GraphResult>(GRAPH_REQUEST, { uri: SEED_URI, version: 3 });
    assert.equal(broken.ok, false);
    assert.ok(!broken.ok && /^Line \d+: /.test(broken.reason), JSON.stringify(broken));

    const closed = await client.request<GraphResult>(GRAPH_REQUEST, { uri: 'file:///nowhere.asl.json', version: 1 });
    assert.deepEqual(closed, { ok: false, version: 1, reason: 'The document is not open in the language server.' });
  });
});

test('graphEdit: a state added from the graph comes back as LSP text edits; a refusal says why; bad params are InvalidParams', async () => {
  await withServer(async (client) => {
    await client.open(SEED_URI, SEED, 1);
    const graph = await client.request<GraphResult>(GRAPH_REQUEST, { uri: SEED_URI, version: 1 });
    assert.ok(graph.ok);
    const show = graph.graph.model.nodes.find((n) => n.name === 'Move To Publish')!.id;
    const added = await client.request<GraphEditResponse>(GRAPH_EDIT_REQUEST, {
      uri: SEED_URI,
      version: 1,
      edit: { op: 'add', type: 'Wait', after: show },
    });
    assert.ok(added.ok, JSON.stringify(added));
    assert.equal(added.select, 'New Wait');
    assert.equal(added.edits.length, 2);
    // Applied the way the editor applies a WorkspaceEdit: the text is a machine with the new state in the chain.
    const text = applyEdits(SEED, added.edits);
    const states = JSON.parse(text).States;
    assert.equal(states['Move To Publish'].Next, 'New Wait');
    assert.equal(states['New Wait'].Next, 'Show Article');
    const refused = await client.request<GraphEditResponse>(GRAPH_EDIT_REQUEST, {
      uri: SEED_URI,
      version: 1,
      edit: { op: 'rename', node: show, name: 'Choice' },
    });
    assert.ok(!refused.ok && /already exists/.test(refused.reason), JSON.stringify(refused));
    await assert.rejects(
      client.request(GRAPH_EDIT_REQUEST, { uri: SEED_URI, version: 1, edit: { op: 'explode' } }),
      /Graph edit: unknown op "explode"/,
    );
  });
});

test('graph: Parallel and Map states named in "collapsed" come back closed; a bad list is InvalidParams', async () => {
  const path = join(ROOT, 'test/fixtures/nested.asl.json');
  const uri = pathToFileURL(path).href;
  const text = JSON.stringify({
    StartAt: 'P',
    States: {
      P: {
        Type: 'Parallel',
        Branches: [
          { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } },
          { StartAt: 'B', States: { B: { Type: 'Pass', End: true } } },
        ],
        End: true,
      },
    },
  });
  await withServer(async (client) => {
    await client.open(uri, text, 1);
    const open = await client.request<GraphResult>(GRAPH_REQUEST, { uri, version: 1 });
    assert.ok(open.ok);
    const p = open.graph.model.nodes.find((n) => n.name === 'P')!;
    assert.equal(p.children?.length, 2);
    const closed = await client.request<GraphResult>(GRAPH_REQUEST, { uri, version: 1, collapsed: [p.id] });
    assert.ok(closed.ok);
    assert.deepEqual(
      closed.graph.model.nodes.filter((n) => n.kind === 'state').map((n) => [n.name, n.hidden]),
      [['P', 2]],
    );
    assert.notEqual(closed.key, open.key);
    await assert.rejects(client.request(GRAPH_REQUEST, { uri, version: 1, collapsed: 'P' }), /collapsed must be an array of node ids/);
  });
});

test('run: the seed example with its mock file and a test case, in the server; handlers refused when not trusted', async () => {
  await withServer(async (client) => {
    await client.open(SEED_URI, SEED, 1);
    const mocks = { path: MOCKS_PATH, text: readFileSync(MOCKS_PATH, 'utf8') };
    const refused = await client.request<RunResult>(RUN_REQUEST, {
      uri: SEED_URI,
      input: { value: { status: 'Pending' } },
      mocks,
      allowHandlers: false,
    });
    assert.equal(refused.ok, false);
    assert.ok(!refused.ok && refused.untrusted === true && /not trusted/.test(refused.reason));

    const ran = await client.request<RunResult>(RUN_REQUEST, {
      uri: SEED_URI,
      mocks,
      testCase: 'ReviewGoesToPublish',
      allowHandlers: true,
    });
    assert.ok(ran.ok, JSON.stringify(ran));
    assert.equal(resultProblem(ran.result), undefined);
    assert.equal(ran.result.status, 'SUCCEEDED');
    assert.deepEqual(ran.result.path, ['GeeksForGeeks Article Description', 'Choice', 'Move To Publish', 'Show Article']);
    const exited = ran.result.events.find((e) => e.type === 'TaskStateExited' && e.stateName === 'Show Article');
    assert.ok(exited?.details && 'dataFlow' in exited.details, 'JSONPath states record their data flow');

    const failing = await client.request<RunResult>(RUN_REQUEST, {
      uri: SEED_URI,
      mocks,
      testCase: 'ShowArticleKeepsFailing',
      allowHandlers: true,
    });
    assert.ok(failing.ok);
    assert.equal(failing.result.status, 'FAILED');
    assert.equal(failing.result.error, 'Lambda.ServiceException');

    const typo = await client.request<RunResult>(RUN_REQUEST, {
      uri: SEED_URI,
      mocks,
      testCase: 'ReviewGoesToPublsh',
      allowHandlers: true,
    });
    assert.ok(!typo.ok && /no test case "ReviewGoesToPublsh".*Did you mean "ReviewGoesToPublish"/.test(typo.reason), JSON.stringify(typo));

    // Without a mock file, a Task has nothing to answer it: the run fails and says so.
    const bare = await client.request<RunResult>(RUN_REQUEST, { uri: SEED_URI, input: { value: {} }, allowHandlers: false });
    assert.ok(bare.ok);
    assert.equal(bare.result.status, 'FAILED');
  });
});
