// An `.asl.yaml` machine through the built server over stdio: the YAML front-end's findings at
// the YAML text's lines, and edits written as YAML (comments, quoting and indentation kept).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import type {
  CodeAction,
  CompletionList,
  DocumentSymbol,
  FoldingRange,
  Location,
  Range,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { LspClient } from './client';
import { applyEdits, positionOf, rangeText } from './text';
import { CONVERT_REQUEST, type ConvertAnswer } from '../../protocol/convert';
import { GRAPH_REQUEST, RUN_REQUEST, type GraphResult, type RunResult } from '../../protocol/panel';

const URI = 'file:///work/orders.asl.yaml';
const TEXT = `# Orders: validate, charge, ship.
Comment: Order flow
StartAt: Validate # the first state
States:
  Validate:
    Type: Task
    Resource: arn:aws:lambda:us-east-1:123456789012:function:validate
    Next: Charge
  # Charge the card; failures go to Failed.
  Charge:
    Type: Task
    Resource: arn:aws:states:::lambda:invoke
    Parameters:
      FunctionName: charge
      Payload.$: $
    Catch:
      - ErrorEquals: [States.ALL]
        Next: 'Failed'
    Next: Shp
  Ship:
    Type: Pass
  Failed: {Type: Fail}
`;

let client: LspClient;

before(async () => {
  client = new LspClient();
  await client.initialize();
});

after(async () => {
  assert.equal(await client.shutdown(), 0);
});

test("asl-yaml: diagnostics at the YAML text's line and column", async () => {
  const published = client.nextDiagnostics(URI);
  await client.open(URI, TEXT, 1, 'asl-yaml');
  const { diagnostics } = await published;
  const unknown = diagnostics.find((d) => d.code === 'unknown-state');
  assert.ok(unknown, JSON.stringify(diagnostics));
  assert.equal(rangeText(TEXT, unknown.range), 'Shp');
  assert.deepEqual(unknown.range.start, positionOf(TEXT, 'Next: Shp', 6));
  const endless = diagnostics.find((d) => d.code === 'exclusive-fields' || d.code === 'missing-field');
  assert.ok(endless, 'Ship has neither Next nor End');
  assert.equal(unknown.range.start.line, 18);
});

test("asl-yaml: rename keeps comments and each name's quoting", async () => {
  const prepared = await client.at<{ range: Range; placeholder: string }>(
    'textDocument/prepareRename',
    URI,
    positionOf(TEXT, 'Failed:', 1),
  );
  assert.equal(rangeText(TEXT, prepared.range), 'Failed', 'a plain key: the whole scalar');
  const edit = await client.at<WorkspaceEdit>('textDocument/rename', URI, positionOf(TEXT, 'Failed:', 1), { newName: 'Payment failed' });
  const after = applyEdits(TEXT, edit.changes![URI]);
  assert.match(after, /# Charge the card; failures go to Failed\./, 'the comment stays');
  assert.match(after, /StartAt: Validate # the first state/);
  assert.match(after, /\n {2}Payment failed: \{Type: Fail\}/, 'plain stays plain when it can');
  assert.match(after, /Next: 'Payment failed'/, 'single-quoted stays single-quoted');
  assert.equal(parse(after).States['Payment failed'].Type, 'Fail');
  // A name that cannot be plain is quoted.
  const quoted = await client.at<WorkspaceEdit>('textDocument/rename', URI, positionOf(TEXT, 'Ship:', 1), { newName: 'Ship: now' });
  const renamed = applyEdits(TEXT, quoted.changes![URI]);
  assert.equal(parse(renamed).States['Ship: now'].Type, 'Pass');
});

test('asl-yaml: navigation, symbols, folding and selection read the YAML tree', async () => {
  const def = await client.at<Location[] | Location>('textDocument/definition', URI, positionOf(TEXT, 'Next: Charge', 7));
  const loc = Array.isArray(def) ? def[0] : def;
  assert.equal(rangeText(TEXT, loc.range), 'Charge');
  assert.equal(loc.range.start.line, positionOf(TEXT, '  Charge:').line);
  const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: URI } });
  const names = JSON.stringify(symbols);
  for (const n of ['Validate', 'Charge', 'Ship', 'Failed']) assert.ok(names.includes(`"${n}"`), n);
  const folds = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: URI } });
  assert.ok(
    folds.some((f) => f.startLine === positionOf(TEXT, '  Charge:').line),
    JSON.stringify(folds),
  );
  const hover = await client.at<{ contents: unknown } | null>('textDocument/hover', URI, positionOf(TEXT, 'Type: Task', 7));
  assert.ok(hover && JSON.stringify(hover.contents).includes('Task'));
});

test("asl-yaml: quick fix adds YAML at the siblings' column", async () => {
  const at = positionOf(TEXT, '  Ship:', 2);
  const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri: URI },
    range: { start: at, end: at },
    context: { diagnostics: [] },
  });
  const end = actions.find((a) => /End/.test(a.title));
  assert.ok(end, JSON.stringify(actions.map((a) => a.title)));
  const fixed = applyEdits(TEXT, end.edit!.changes![URI]);
  assert.match(fixed, /\n {2}Ship:\n {4}Type: Pass\n {4}End: true\n/, fixed);
  for (const a of actions)
    for (const e of a.edit?.changes?.[URI] ?? []) assert.doesNotMatch(e.newText, /"\w+": /, `no JSON in YAML: ${a.title}`);
});

test('asl-yaml: completion of a Next offers the state names as YAML scalars', async () => {
  const list = await client.at<CompletionList>('textDocument/completion', URI, positionOf(TEXT, 'Next: Shp', 8));
  const ship = list.items.find((i) => i.label === 'Ship');
  assert.ok(ship, JSON.stringify(list.items.map((i) => i.label)));
  assert.equal((ship.textEdit as TextEdit).newText, 'Ship');
  assert.equal(rangeText(TEXT, (ship.textEdit as TextEdit).range), 'Shp');
});

test('asl-yaml: formatting keeps the comments; convert writes JSON', async () => {
  const edits = await client.request<TextEdit[]>('textDocument/formatting', {
    textDocument: { uri: URI },
    options: { tabSize: 4, insertSpaces: true },
  });
  const formatted = applyEdits(TEXT, edits);
  assert.match(formatted, /# Charge the card; failures go to Failed\./);
  assert.match(formatted, /\n {4}Validate:\n {8}Type: Task/);
  assert.deepEqual(parse(formatted), parse(TEXT));
  const answer = await client.request<ConvertAnswer>(CONVERT_REQUEST, { uri: URI, to: 'json' });
  assert.ok(answer.ok);
  assert.deepEqual(JSON.parse(answer.text), parse(TEXT));
  assert.match(answer.notes.join(' '), /3 comments/);
});

test('asl-yaml: the graph and a dry run of a YAML machine', async () => {
  const uri = 'file:///work/flow.asl.yaml';
  const text =
    '# a small flow\nStartAt: Greet\nStates:\n  Greet:\n    Type: Pass\n    Result: {greeting: hello}\n    ResultPath: $.out\n    Next: Done\n  Done: {Type: Succeed}\n';
  const published = client.nextDiagnostics(uri);
  await client.open(uri, text, 1, 'asl-yaml');
  assert.deepEqual((await published).diagnostics, []);
  const graph = await client.request<GraphResult>(GRAPH_REQUEST, { uri, version: 1 });
  assert.ok(graph.ok, JSON.stringify(graph));
  const labels = JSON.stringify(graph.graph.model);
  assert.ok(labels.includes('Greet') && labels.includes('Done'));
  const run = await client.request<RunResult>(RUN_REQUEST, { uri, input: { value: { name: 'x' } }, allowHandlers: false });
  assert.ok(run.ok, JSON.stringify(run));
  assert.equal(run.result.status, 'SUCCEEDED');
  assert.deepEqual(run.result.output, { name: 'x', out: { greeting: 'hello' } });
});

test('asl-yaml: typing a new field a character at a time (through versions with syntax errors) gives each version the diagnostics of a fresh open of its text', async () => {
  // The server splices each version from the last good one (core/yaml/splice.ts): it must not show.
  const uri = 'file:///work/typing.asl.yaml';
  let text = TEXT;
  let version = 1;
  const opened = client.nextDiagnostics(uri, (p) => p.version === version);
  await client.open(uri, text, version, 'asl-yaml');
  await opened;
  const at = text.indexOf('\n', text.indexOf('    Type: Pass'));
  const snippet = '\n    Foo: 1';
  let withErrors = 0;
  for (let k = 0; k < snippet.length; k++) {
    const start = positionOf(text, '    Type: Pass', '    Type: Pass'.length + k);
    text = text.slice(0, at + k) + snippet[k] + text.slice(at + k);
    version++;
    const v = version;
    const typed = client.nextDiagnostics(uri, (p) => p.version === v);
    await client.change(uri, v, [{ range: { start, end: start }, text: snippet[k] }]);
    const fresh = `file:///work/fresh-${k}.asl.yaml`;
    const freshDiagnostics = client.nextDiagnostics(fresh);
    await client.open(fresh, text, 1, 'asl-yaml');
    const expected = (await freshDiagnostics).diagnostics;
    assert.deepEqual((await typed).diagnostics, expected, `after typing ${JSON.stringify(snippet.slice(0, k + 1))}`);
    if (expected.some((d) => d.code === 'json-syntax')) withErrors++;
    await client.close(fresh);
  }
  assert.ok(withErrors > 0, 'some versions on the way have syntax errors');
  await client.close(uri);
});
