// The editing features through the built server over stdio, as an editor uses them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type {
  CodeAction,
  CompletionList,
  DocumentSymbol,
  Hover,
  Location,
  Range,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { LspClient } from './client';
import { applyEdits, positionOf, rangeText } from './text';

const URI = 'file:///work/orders.asl.json';
const TEXT = `{
  "StartAt": "Validate",
  "States": {
    "Validate": {
      "Type": "Task",
      "Resource": "arn:aws:lambda:us-east-1:123456789012:function:validate",
      "Next": "Charge"
    },
    "Charge": {
      "Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke",
      "Parameters": { "FunctionName": "charge", "Payload.$": "$" },
      "Catch": [ { "ErrorEquals": ["States.ALL"], "Next": "Failed" } ],
      "Next": "Shp"
    },
    "Ship": { "Type": "Succeed" },
    "Failed": { "Type": "Fail" }
  }
}`;

let client: LspClient;
let workspace: string;

before(async () => {
  // A workspace with another ASL file whose Lambda ARN completion should offer.
  workspace = mkdtempSync(join(tmpdir(), 'asl-lsp-'));
  writeFileSync(
    join(workspace, 'other.asl.json'),
    JSON.stringify({
      StartAt: 'X',
      States: { X: { Type: 'Task', Resource: 'arn:aws:lambda:eu-west-1:123456789012:function:from-workspace', End: true } },
    }),
  );
  client = new LspClient(['--stdio'], { extraLambdaArns: ['arn:aws:lambda:us-east-1:123456789012:function:from-settings'] });
  await client.initialize(pathToFileURL(workspace).href);
  const diagnostics = client.nextDiagnostics(URI);
  await client.open(URI, TEXT);
  await diagnostics;
});

after(async () => {
  assert.equal(await client.shutdown(), 0);
  rmSync(workspace, { recursive: true, force: true });
});

test('completion at a Next: the state names of the scope, as text edits inside the string', async () => {
  const list = await client.at<CompletionList>('textDocument/completion', URI, positionOf(TEXT, '"Next": "Shp"', 9));
  const names = list.items.map((i) => i.label).sort();
  assert.deepEqual(names, ['Charge', 'Failed', 'Ship', 'Validate']);
  const ship = list.items.find((i) => i.label === 'Ship')!;
  assert.ok(ship.textEdit && 'range' in ship.textEdit);
  // Inside the quotes only: a snippet placeholder there survives the pick (core/language/completion.ts).
  assert.equal(rangeText(TEXT, (ship.textEdit as TextEdit).range), 'Shp');
  assert.equal((ship.textEdit as TextEdit).newText, 'Ship');
  assert.ok(ship.sortText! < list.items.find((i) => i.label === 'Validate')!.sortText!, 'a state nothing leads to comes first');
});

test('completion in a half-typed document after an edit: fields with snippets, Resource ARNs from settings and workspace', async () => {
  const uri = 'file:///work/typing.asl.json';
  const text = `{
  "StartAt": "A",
  "States": {
    "A": {
      "Type": "Task",
      "Resource": "arn:aws:
`;
  await client.open(uri, '{}');
  await client.change(uri, 2, [{ text }]);
  await client.log(/Read \d+ ASL file\(s\) of the workspace/);
  const list = await client.at<CompletionList>('textDocument/completion', uri, { line: 5, character: 27 });
  const labels = list.items.map((i) => i.label);
  assert.ok(labels.includes('arn:aws:states:::lambda:invoke'));
  assert.ok(labels.includes('arn:aws:lambda:us-east-1:123456789012:function:from-settings'), 'extraLambdaArns');
  assert.ok(labels.includes('arn:aws:lambda:eu-west-1:123456789012:function:from-workspace'), 'another ASL file of the workspace');

  await client.change(uri, 3, [{ text: text.replace('"Resource": "arn:aws:\n', '"Resource": "x",\n      "Ret\n') }]);
  const fields = await client.at<CompletionList>('textDocument/completion', uri, { line: 6, character: 10 });
  const retry = fields.items.find((i) => i.label === 'Retry')!;
  assert.equal(retry.insertTextFormat, 2, 'a snippet');
  assert.match((retry.textEdit as TextEdit).newText, /"Retry": \[\n\t\{\n\t\t"ErrorEquals"/);
  assert.equal(retry.documentation && typeof retry.documentation === 'object' ? retry.documentation.kind : '', 'markdown');
  await client.close(uri);
});

test('hover on a state name: its type and where it goes', async () => {
  const h = await client.at<Hover>('textDocument/hover', URI, positionOf(TEXT, '"Charge": {', 2));
  const value = (h.contents as { value: string }).value;
  assert.match(value, /\*\*Task\*\* state "Charge"/);
  assert.match(value, /next `Shp`; on errors `Failed`/);
  assert.equal(rangeText(TEXT, h.range!), '"Charge"');
  const arn = await client.at<Hover>('textDocument/hover', URI, positionOf(TEXT, 'lambda:invoke', 3));
  assert.match((arn.contents as { value: string }).value, /Invoke an AWS Lambda function/);
});

test('definition and references of a state', async () => {
  const defs = await client.at<Location[]>('textDocument/definition', URI, positionOf(TEXT, '"Next": "Failed"', 10));
  assert.equal(defs.length, 1);
  assert.equal(defs[0].uri, URI);
  assert.equal(rangeText(TEXT, defs[0].range), '"Failed"');
  assert.equal(defs[0].range.start.line, 16);
  const refs = await client.at<Location[]>('textDocument/references', URI, positionOf(TEXT, '"Charge": {', 1), {
    context: { includeDeclaration: true },
  });
  assert.deepEqual(
    refs.map((r) => r.range.start.line),
    [8, 6],
  );
  const highlights = await client.at<{ kind: number }[]>('textDocument/documentHighlight', URI, positionOf(TEXT, '"Charge": {', 1));
  assert.deepEqual(
    highlights.map((h) => h.kind),
    [3, 2],
  );
});

test('rename a state and its transitions; refuse a clash with the reason', async () => {
  const at = positionOf(TEXT, '"Failed": {', 2);
  const prepared = await client.at<{ range: Range; placeholder: string }>('textDocument/prepareRename', URI, at);
  assert.equal(prepared.placeholder, 'Failed');
  assert.equal(rangeText(TEXT, prepared.range), 'Failed');
  const edit = await client.at<WorkspaceEdit>('textDocument/rename', URI, at, { newName: 'Payment failed' });
  const after = applyEdits(TEXT, edit.changes![URI]);
  assert.equal(JSON.parse(after).States.Charge.Catch[0].Next, 'Payment failed');
  assert.ok(JSON.parse(after).States['Payment failed']);
  await assert.rejects(client.at('textDocument/rename', URI, at, { newName: 'Ship' }), (err: Error) =>
    /A state named "Ship" already exists/.test(err.message),
  );
  await assert.rejects(client.at('textDocument/rename', URI, at, { newName: 'n'.repeat(81) }), (err: Error) =>
    /at most 80/.test(err.message),
  );
  await assert.rejects(client.at('textDocument/prepareRename', URI, positionOf(TEXT, '"Resource"', 2)), /Put the cursor on a state name/);
});

test('code actions: did you mean for the unknown state, convert the Lambda ARN task', async () => {
  const range = { start: positionOf(TEXT, '"Shp"', 2), end: positionOf(TEXT, '"Shp"', 2) };
  const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri: URI },
    range,
    context: { diagnostics: [] },
  });
  const fix = actions.find((a) => a.title === 'Change to "Ship"')!;
  assert.equal(fix.kind, 'quickfix');
  assert.equal(fix.isPreferred, true);
  assert.equal(fix.diagnostics?.[0].code, 'unknown-state');
  assert.match(applyEdits(TEXT, fix.edit!.changes![URI]), /"Next": "Ship"/);

  const onLambda = { start: positionOf(TEXT, 'function:validate', 3), end: positionOf(TEXT, 'function:validate', 3) };
  const rewrites = await client.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri: URI },
    range: onLambda,
    context: { diagnostics: [], only: ['refactor'] },
  });
  assert.deepEqual(
    rewrites.map((a) => a.kind),
    ['refactor.rewrite'],
  );
  const converted = JSON.parse(applyEdits(TEXT, rewrites[0].edit!.changes![URI])).States.Validate;
  assert.equal(converted.Resource, 'arn:aws:states:::lambda:invoke');
  assert.equal(converted.Parameters.FunctionName, 'arn:aws:lambda:us-east-1:123456789012:function:validate');
  assert.equal(converted.OutputPath, '$.Payload');
});

test('outline, folding and formatting', async () => {
  const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: URI } });
  assert.deepEqual(
    symbols.map((s) => `${s.name}:${s.detail}`),
    ['Validate:Task', 'Charge:Task', 'Ship:Succeed', 'Failed:Fail'],
  );
  const folds = await client.request<{ startLine: number; endLine: number }[]>('textDocument/foldingRange', { textDocument: { uri: URI } });
  assert.ok(
    folds.some((f) => f.startLine === 3 && f.endLine === 6),
    'the Validate state',
  );
  const edits = await client.request<TextEdit[]>('textDocument/formatting', {
    textDocument: { uri: URI },
    options: { tabSize: 4, insertSpaces: true },
  });
  const formatted = applyEdits(TEXT, edits);
  assert.match(formatted, /^\{\n {4}"StartAt": "Validate",\n {4}"States": \{\n {8}"Validate": \{/);
  assert.deepEqual(Object.keys(JSON.parse(formatted).States), ['Validate', 'Charge', 'Ship', 'Failed'], 'key order kept');
});
