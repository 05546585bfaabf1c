// Mock files in the language server over stdio: diagnostics against the machine, completion of
// its state names, hover, and a state's rename reaching the mock file in the same workspace edit.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CompletionList, Hover, WorkspaceEdit } from 'vscode-languageserver-protocol/node';
import { LspClient } from './client';
import { positionOf } from './text';

const MACHINE = `{
  "StartAt": "Validate",
  "States": {
    "Validate": { "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:validate", "Next": "Charge" },
    "Charge": { "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": { "FunctionName": "charge" }, "Next": "Done" },
    "Done": { "Type": "Succeed" }
  }
}`;
const MOCKS = `{
  "StateMachines": {
    "orders": {
      "TestCases": {
        "Happy": { "Charge": "Charged", "$test": { "ExpectedPath": ["Validate", "Charge", "Done"] } },
        "Typo": { "Chrage": "Charged" }
      }
    }
  },
  "MockedResponses": {
    "Charged": { "0": { "Return": { "id": 7 } } }
  },
  "LocalHandlers": { "validate": "handlers/validate.mjs#validate", "charge": "handlers/missing.mjs" }
}`;

let dir: string;
let client: LspClient;
let machineUri: string;
let mockUri: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aslwb-mocks-'));
  mkdirSync(join(dir, 'handlers'));
  writeFileSync(join(dir, 'handlers', 'validate.mjs'), 'export async function handler(event) { return event; }\n');
  writeFileSync(join(dir, 'orders.asl.json'), MACHINE);
  writeFileSync(join(dir, 'orders.mocks.json'), MOCKS);
  machineUri = pathToFileURL(join(dir, 'orders.asl.json')).href;
  mockUri = pathToFileURL(join(dir, 'orders.mocks.json')).href;
  client = new LspClient();
  await client.initialize(pathToFileURL(dir).href);
  await client.open(machineUri, MACHINE);
  await client.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri: mockUri, languageId: 'json', version: 1, text: MOCKS },
  });
});

after(async () => {
  await client.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

test('a mock file gets its own diagnostics: unknown state, missing handler file and export', async () => {
  const p = client.published.find((x) => x.uri === mockUri) ?? (await client.nextDiagnostics(mockUri));
  const byCode = (code: string) => p.diagnostics.filter((d) => d.code === code).map((d) => d.message);
  assert.deepEqual(byCode('mock-unknown-state'), ['State machine "orders" has no state named "Chrage". Did you mean "Charge"?']);
  assert.deepEqual(byCode('mock-invalid-handler').sort(), [
    '"handlers/validate.mjs" has no export named "validate". It exports: handler.',
    'The handler file "handlers/missing.mjs" does not exist (paths are relative to the mock file).',
  ]);
  assert.ok(
    p.diagnostics.every((d) => d.source === 'asl-mock'),
    'no ASL findings on a mock file',
  );
  const d = p.diagnostics.find((x) => x.code === 'mock-unknown-state')!;
  assert.deepEqual(d.range.start, positionOf(MOCKS, '"Chrage"'));
});

test("completion in a test case offers the machine's Task states", async () => {
  const list = await client.at<CompletionList>('textDocument/completion', mockUri, positionOf(MOCKS, '"Chrage"', 2));
  assert.deepEqual(
    list.items.map((i) => i.label),
    ['Validate', 'Charge', '$test'],
  );
  const charge = list.items.find((i) => i.label === 'Charge')!;
  assert.equal((charge.textEdit as { newText: string }).newText, '"Charge"');
});

test('hover on a mocked state says what it returns', async () => {
  const h = await client.at<Hover>('textDocument/hover', mockUri, positionOf(MOCKS, '"Charged"', 2));
  const value = (h.contents as { value: string }).value;
  assert.match(value, /\*\*Charge\*\* is answered by `Charged`/);
  assert.match(value, /"id": 7/);
});

test('renaming a state in the machine renames it in the mock file, in one workspace edit', async () => {
  const edit = await client.at<WorkspaceEdit>('textDocument/rename', machineUri, positionOf(MACHINE, '"Charge": {', 2), { newName: 'Pay' });
  assert.deepEqual(Object.keys(edit.changes ?? {}).sort(), [machineUri, mockUri].sort());
  const mockEdits = edit.changes![mockUri];
  // The key in "Happy" and the ExpectedPath item; the typo "Chrage" is not the state and stays.
  assert.equal(mockEdits.length, 2);
  assert.ok(mockEdits.every((e) => e.newText === '"Pay"'));
  assert.deepEqual(
    mockEdits.map((e) => e.range.start).sort((a, b) => a.line - b.line || a.character - b.character),
    [positionOf(MOCKS, '"Charge"'), positionOf(MOCKS, '"Charge"', 0, 1)],
  );
  assert.equal(edit.changes![machineUri].length, 2);
});

test("the commands' requests: a new mock file for the machine, a test case from a run as edits", async () => {
  const skeleton = await client.request<{ ok: true; machineName: string; text: string; lambdaFunctions: string[] }>(
    'aslWorkbench/mockSkeleton',
    { uri: machineUri },
  );
  assert.equal(skeleton.machineName, 'orders');
  assert.deepEqual(Object.keys(JSON.parse(skeleton.text).StateMachines.orders.TestCases.HappyPath), ['Validate', 'Charge', '$test']);
  assert.deepEqual(skeleton.lambdaFunctions.sort(), ['charge', 'validate']);

  const result = {
    status: 'SUCCEEDED',
    output: { ok: 1 },
    path: ['Validate', 'Charge', 'Done'],
    simulatedSeconds: 0,
    events: [
      {
        id: 5,
        previousEventId: 4,
        timestamp: '2026-01-01T00:00:00Z',
        type: 'TaskSucceeded',
        stateName: 'Charge',
        details: { output: { id: 9 } },
      },
    ],
  };
  const added = await client.request<{ ok: true; caseName: string; edits: { newText: string }[] }>('aslWorkbench/addTestCase', {
    uri: machineUri,
    mocksText: MOCKS,
    caseName: 'Happy',
    input: { a: 1 },
    result,
  });
  assert.equal(added.caseName, 'Happy 2', 'a name of its own beside the existing "Happy"');
  assert.ok(added.edits.some((e) => e.newText.includes('"Happy 2: Charge"')));
  await assert.rejects(
    client.request('aslWorkbench/addTestCase', { uri: machineUri, mocksText: MOCKS, caseName: '', input: {}, result }),
    /caseName/,
  );
});

test('a panel run of an unmocked Task points to the Dry Run form and the commands, not to CLI flags', async () => {
  const r = await client.request<{ ok: true; result: { status: string; cause?: string } }>('aslWorkbench/run', {
    uri: machineUri,
    allowHandlers: false,
  });
  assert.equal(r.result.status, 'FAILED');
  assert.match(
    r.result.cause!,
    /Dry Run form; "ASL: Create Mock File" writes one\), or give "validate" a local handler \("ASL: Create Handler Stub"\)\.$/,
  );
  assert.ok(!/--/.test(r.result.cause!), r.result.cause);
});

test('rename started in the mock file renames the state in its machine and in the mock file, in one workspace edit', async () => {
  const at = positionOf(MOCKS, '"Charge": "Charged"', 2);
  const prepared = await client.at<{ range: { start: { character: number } }; placeholder: string }>(
    'textDocument/prepareRename',
    mockUri,
    at,
  );
  assert.equal(prepared.placeholder, 'Charge');
  assert.equal(prepared.range.start.character, positionOf(MOCKS, '"Charge": "Charged"').character + 1);
  const edit = await client.at<WorkspaceEdit>('textDocument/rename', mockUri, at, { newName: 'Pay' });
  assert.deepEqual(Object.keys(edit.changes ?? {}).sort(), [machineUri, mockUri].sort());
  assert.equal(edit.changes![machineUri].length, 2, 'the key and the Next naming it');
  assert.equal(edit.changes![mockUri].length, 2, 'the test case key and the ExpectedPath item');
  await assert.rejects(client.at('textDocument/prepareRename', mockUri, positionOf(MOCKS, '"Chrage"', 2)), /nothing to rename/);
});

test('JSON sent for its name that is not a mock file gets no ASL answers', async () => {
  const uri = pathToFileURL(join(dir, 'mockups.json')).href;
  const text = '{ "St": 1 }';
  await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text } });
  const list = await client.at<CompletionList | null>('textDocument/completion', uri, { line: 0, character: 4 });
  assert.equal(list, null);
  // The same text as ASL is offered StartAt and States there: the refusal above is the language's.
  const asl = pathToFileURL(join(dir, 'other.asl.json')).href;
  await client.open(asl, text);
  const offered = await client.at<CompletionList>('textDocument/completion', asl, { line: 0, character: 4 });
  assert.ok(offered.items.some((i) => i.label === 'StartAt'));
});
