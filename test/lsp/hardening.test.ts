/**
 * Hostile requests to the built server over stdio (issue 12): parameters of the wrong type or out
 * of range answer InvalidParams (-32602), never an internal error (-32603) or a crash; formatting
 * refuses past its limits with a message; rename refuses names that are not strings; the graph
 * of lone-surrogate names and of a 3,000-state loop comes back.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol/node';
import { GRAPH_REQUEST, graphProblem, type GraphResult } from '../../protocol/panel';
import { LspClient } from './client';

const URI = 'file:///work/hostile.asl.json';
const TEXT = '{\n  "StartAt": "A",\n  "States": {\n    "A": { "Type": "Pass", "Next": "B" },\n    "B": { "Type": "Succeed" }\n  }\n}';
const INVALID_PARAMS = -32602;
const REQUEST_FAILED = -32803;

let client: LspClient;

before(async () => {
  client = new LspClient();
  await client.initialize();
  const published = client.nextDiagnostics(URI);
  await client.open(URI, TEXT);
  await published;
});

after(async () => {
  assert.equal(await client.shutdown(), 0);
});

/** The error a request is answered with, or undefined when it succeeds. */
async function errorOf(method: string, params: unknown): Promise<{ code: number; message: string } | undefined> {
  try {
    await client.request(method, params);
    return undefined;
  } catch (err) {
    return err as { code: number; message: string };
  }
}

const doc = { uri: URI };
const BAD_POSITIONS = [
  null,
  {},
  { line: '0', character: 0 },
  { line: -1, character: 0 },
  { line: 0, character: 1.5 },
  { line: 0, character: 2 ** 40 },
  { line: NaN, character: 0 },
  [0, 0],
];

test('every position request: a malformed position is InvalidParams, not an internal error', async () => {
  const methods = [
    'textDocument/completion',
    'textDocument/hover',
    'textDocument/definition',
    'textDocument/references',
    'textDocument/documentHighlight',
    'textDocument/prepareRename',
  ];
  for (const method of methods) {
    for (const position of BAD_POSITIONS) {
      const err = await errorOf(method, { textDocument: doc, position, context: { includeDeclaration: true } });
      assert.equal(err?.code, INVALID_PARAMS, `${method} ${JSON.stringify(position)}: ${JSON.stringify(err)}`);
      assert.match(err!.message, /position must be \{ line, character \}/);
    }
  }
});

test('every document request: a missing or non-string uri, or no parameters at all, is InvalidParams', async () => {
  const methods = [
    'textDocument/completion',
    'textDocument/hover',
    'textDocument/documentSymbol',
    'textDocument/foldingRange',
    'textDocument/formatting',
    'textDocument/codeAction',
    'textDocument/selectionRange',
    'textDocument/rename',
  ];
  for (const method of methods) {
    for (const params of [{}, { textDocument: null }, { textDocument: { uri: 42 } }, { textDocument: 'x' }]) {
      const err = await errorOf(method, params);
      assert.equal(err?.code, INVALID_PARAMS, `${method} ${JSON.stringify(params)}: ${JSON.stringify(err)}`);
    }
  }
});

test('ranges out of order, selection positions and references without a context', async () => {
  const range = { start: { line: 3, character: 0 }, end: { line: 1, character: 0 } };
  for (const method of ['textDocument/codeAction', 'textDocument/rangeFormatting']) {
    const err = await errorOf(method, {
      textDocument: doc,
      range,
      context: { diagnostics: [] },
      options: { tabSize: 2, insertSpaces: true },
    });
    assert.equal(err?.code, INVALID_PARAMS, method);
    assert.match(err!.message, /range.start must not come after range.end/);
  }
  assert.equal(
    (
      await errorOf('textDocument/selectionRange', {
        textDocument: doc,
        positions: [
          { line: 0, character: 0 },
          { line: -1, character: 0 },
        ],
      })
    )?.code,
    INVALID_PARAMS,
  );
  assert.equal((await errorOf('textDocument/selectionRange', { textDocument: doc, positions: 'x' }))?.code, INVALID_PARAMS);
  // A missing context is read as "without the declaration", not a TypeError.
  const refs = await client.request<unknown[]>('textDocument/references', { textDocument: doc, position: { line: 3, character: 7 } });
  assert.equal(refs.length, 1);
  assert.equal(
    (
      await client.request<unknown[]>('textDocument/codeAction', {
        textDocument: doc,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      })
    ).length >= 0,
    true,
  );
});

test('rename: a new name that is not a string is refused (["x"] used to be written as a key), and the server goes on', async () => {
  const position = { line: 3, character: 6 };
  for (const newName of [['x'], 42, null, { a: 1 }, true]) {
    const err = await errorOf('textDocument/rename', { textDocument: doc, position, newName });
    assert.equal(err?.code, INVALID_PARAMS, JSON.stringify(newName));
    assert.match(err!.message, /new name must be a string/);
  }
  const huge = await errorOf('textDocument/rename', { textDocument: doc, position, newName: 'x'.repeat(5_000_000) });
  assert.equal(huge?.code, INVALID_PARAMS);
  const control = await errorOf('textDocument/rename', { textDocument: doc, position, newName: 'a\nb' });
  assert.match(control!.message, /control characters/);
  const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: doc, position, newName: 'First "one"' });
  assert.deepEqual(
    edit.changes![URI].map((e) => e.newText),
    ['"First \\"one\\""', '"First \\"one\\""'],
  );
});

test('formatting: tab sizes out of range and non-boolean options refused; 10,000 levels refused at once; 50 levels formatted whole', async () => {
  for (const options of [
    { tabSize: 100_000_000, insertSpaces: true },
    { tabSize: 10_000_000, insertSpaces: true },
    { tabSize: 0, insertSpaces: true },
  ]) {
    const err = await errorOf('textDocument/formatting', { textDocument: doc, options });
    assert.equal(err?.code, REQUEST_FAILED, JSON.stringify(options));
    assert.match(err!.message, /tab size must be a whole number from 1 to 32/);
  }
  for (const options of [
    { tabSize: '4', insertSpaces: true },
    { tabSize: 4, insertSpaces: 'yes' },
    null,
    { tabSize: 2.5, insertSpaces: true },
  ]) {
    assert.equal((await errorOf('textDocument/formatting', { textDocument: doc, options }))?.code, INVALID_PARAMS, JSON.stringify(options));
  }
  const deepUri = 'file:///work/deep.json';
  await client.open(deepUri, '['.repeat(10_000) + ']'.repeat(10_000));
  const started = Date.now();
  const err = await errorOf('textDocument/formatting', { textDocument: { uri: deepUri }, options: { tabSize: 4, insertSpaces: true } });
  assert.equal(err?.code, REQUEST_FAILED);
  assert.match(err!.message, /nested more than 1000 levels deep \(line 1\)/);
  assert.ok(Date.now() - started < 5000, `${Date.now() - started} ms`);

  const fiftyUri = 'file:///work/fifty.json';
  await client.open(fiftyUri, '['.repeat(50) + '1' + ']'.repeat(50));
  const edits = await client.request<TextEdit[]>('textDocument/formatting', {
    textDocument: { uri: fiftyUri },
    options: { tabSize: 4, insertSpaces: true },
  });
  assert.ok(
    edits.every((e) => typeof e.newText === 'string'),
    'no edit without its text',
  );
  assert.ok(edits.some((e) => e.newText === '\n' + ' '.repeat(200)));
});

test('graph: lone-surrogate state names draw (was "URI malformed"); a 3,000-state loop draws (was a stack overflow); bad params refused', async () => {
  const uri = 'file:///work/surrogate.asl.json';
  await client.open(uri, '{"StartAt":"\\uD800","States":{"\\uD800":{"Type":"Pass","Next":"\\uDC00"},"\\uDC00":{"Type":"Succeed"}}}');
  const r = await client.request<GraphResult>(GRAPH_REQUEST, { uri, version: 1 });
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(graphProblem(r.graph), undefined);

  const loopUri = 'file:///work/loop.asl.json';
  const states: Record<string, unknown> = {};
  for (let i = 0; i < 3000; i++) states[`S${i}`] = { Type: 'Pass', Next: `S${(i + 1) % 3000}` };
  await client.open(loopUri, JSON.stringify({ StartAt: 'S0', States: states }));
  const loop = await client.request<GraphResult>(GRAPH_REQUEST, { uri: loopUri, version: 1 });
  assert.ok(loop.ok, JSON.stringify(loop).slice(0, 300));
  // The layered layout (server/src/core/graph/sugiyama.ts) recurses nowhere: the whole loop gets it, with no note.
  assert.equal(loop.graph.layout.notes, undefined);
  assert.equal(Object.keys(loop.graph.layout.nodes).length, loop.graph.model.nodes.length);

  for (const params of [null, {}, { uri: 42, version: 1 }, { uri, version: 'x' }, { uri, version: 1.5 }]) {
    assert.equal((await errorOf(GRAPH_REQUEST, params))?.code, INVALID_PARAMS, JSON.stringify(params));
  }
  assert.equal((await errorOf('aslWorkbench/run', { uri: 7 }))?.code, INVALID_PARAMS);
});

test('folding: a client that states no limit gets at most 5,000 ranges, the outermost', async () => {
  const uri = 'file:///work/many-folds.json';
  const items = Array.from({ length: 6000 }, (_, i) => `  {\n    "n": ${i},\n    "m": [\n      1\n    ]\n  }`);
  await client.open(uri, `[\n${items.join(',\n')}\n]`);
  const ranges = await client.request<{ startLine: number; endLine: number }[]>('textDocument/foldingRange', { textDocument: { uri } });
  assert.equal(ranges.length, 5000);
  assert.equal(ranges[0].startLine, 0, 'the outermost array is kept');
});

test('nothing above reached a handler\'s catch-all: no "failed on" in the server log', () => {
  assert.deepEqual(
    client.logs.filter((m) => /failed on|failed:/.test(m)),
    [],
  );
});
