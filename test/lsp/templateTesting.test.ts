/**
 * The graph panel's testing gestures on a template's machine (a SAM template opened with a
 * `machine` logical ID), over LSP: "Test this state", an imported history with its replay, the
 * test case from that history, and "Run all cases" (the Testing request with `templateMachine`),
 * each on the machine with the template's substitutions applied, as the Dry run lens runs it, and
 * answering as the same definition written out as an ASL file does.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  HISTORY_TEST_CASE_REQUEST,
  IMPORT_HISTORY_REQUEST,
  TEST_STATE_REQUEST,
  type ImportHistoryResult,
  type TestStateResult,
} from '../../protocol/panelTests';
import type { AddTestCaseResult } from '../../protocol/mockFiles';
import { TEST_REQUEST, type TestResult } from '../../protocol/testing';
import { LspClient } from './client';

const ROOT = join(__dirname, '..', '..', '..');
const H = join(ROOT, 'test', 'cli', 'fixtures', 'history');
const DEF_PATH = join(H, 'branch-caught.asl.json');
const DEF = readFileSync(DEF_PATH, 'utf8');
const DEF_URI = pathToFileURL(DEF_PATH).toString();
const HISTORY = readFileSync(join(H, 'branch-caught.history.json'), 'utf8');

/** branch-caught.asl.json as a SAM template's machine, Backorder's status a substitution; a second machine, so the ID is needed. */
const SAM_URI = 'file:///work/app/template.yaml';
const SAM = [
  'AWSTemplateFormatVersion: "2010-09-09"',
  'Transform: AWS::Serverless-2016-10-31',
  'Resources:',
  '  Orders:',
  '    Type: AWS::Serverless::StateMachine',
  '    Properties:',
  '      DefinitionSubstitutions:',
  '        BackorderStatus: BACKORDERED',
  '      Definition:',
  "        Comment: A Parallel whose second branch fails; the Parallel's catcher takes the error.",
  '        StartAt: Both',
  '        States:',
  '          Both:',
  '            Type: Parallel',
  '            Branches:',
  '              - StartAt: Quote',
  '                States:',
  '                  Quote: { Type: Task, Resource: "arn:aws:lambda:us-east-1:123456789012:function:quote", End: true }',
  '              - StartAt: Reserve',
  '                States:',
  '                  Reserve: { Type: Task, Resource: "arn:aws:lambda:us-east-1:123456789012:function:reserve", End: true }',
  '            Catch:',
  '              - { ErrorEquals: [OutOfStock], ResultPath: $.problem, Next: Backorder }',
  '              - { ErrorEquals: [States.ALL], Next: Broken }',
  '            Next: Done',
  '          Backorder:',
  '            Type: Pass',
  '            Parameters:',
  '              sku.$: $.sku',
  '              status: ${BackorderStatus}',
  '            Next: Done',
  '          Broken: { Type: Fail, Error: Unexpected }',
  '          Done: { Type: Succeed }',
  '  Other:',
  '    Type: AWS::Serverless::StateMachine',
  '    Properties:',
  '      Definition:',
  '        StartAt: Only',
  '        States:',
  '          Only: { Type: Succeed }',
  '',
].join('\n');

async function started(): Promise<LspClient> {
  const client = new LspClient(['--stdio']);
  await client.initialize();
  await client.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri: SAM_URI, languageId: 'yaml', version: 1, text: SAM },
  });
  await client.open(DEF_URI, DEF);
  return client;
}

test('Test this state on a template machine: the substitution applied, the answer the ASL file gets', async () => {
  const client = await started();
  try {
    const input = '{"sku":"lamp-7"}';
    const ours = await client.request<TestStateResult>(TEST_STATE_REQUEST, {
      uri: SAM_URI,
      machine: 'Orders',
      stateName: 'Backorder',
      input,
    });
    assert.ok(ours.ok, JSON.stringify(ours));
    assert.deepEqual(JSON.parse(ours.response.output!), { sku: 'lamp-7', status: 'BACKORDERED' });
    const asl = await client.request<TestStateResult>(TEST_STATE_REQUEST, { uri: DEF_URI, stateName: 'Backorder', input });
    assert.ok(asl.ok);
    assert.deepEqual(ours.response, asl.response);
    // Two machines and none named: the panel of a template always names one.
    const unnamed = await client.request<TestStateResult>(TEST_STATE_REQUEST, { uri: SAM_URI, stateName: 'Backorder', input });
    assert.ok(!unnamed.ok && /CodeLens/.test(unnamed.reason), JSON.stringify(unnamed));
    const unknown = await client.request<TestStateResult>(TEST_STATE_REQUEST, {
      uri: SAM_URI,
      machine: 'Nope',
      stateName: 'Backorder',
      input,
    });
    assert.ok(!unknown.ok && /no state machine "Nope"/.test(unknown.reason), JSON.stringify(unknown));
  } finally {
    await client.shutdown();
  }
});

test("a history on a template machine: read and replayed without divergence; its test case named by the logical ID; Run all cases passes it, coverage at the template's lines", async () => {
  const client = await started();
  try {
    const imported = await client.request<ImportHistoryResult>(IMPORT_HISTORY_REQUEST, {
      uri: SAM_URI,
      machine: 'Orders',
      history: HISTORY,
    });
    assert.ok(imported.ok, JSON.stringify(imported));
    assert.deepEqual(imported.recorded.path, ['Both', 'Backorder', 'Done']);
    // The replay runs the substituted definition: "${BackorderStatus}" left as it is would diverge at Backorder.
    assert.ok(imported.replay, imported.note);
    assert.deepEqual(imported.replay!.path, ['Both', 'Backorder', 'Done']);
    assert.equal(imported.divergence, undefined);

    const added = await client.request<AddTestCaseResult>(HISTORY_TEST_CASE_REQUEST, {
      uri: SAM_URI,
      machine: 'Orders',
      history: HISTORY,
      mocksText: '',
      caseName: 'incident',
    });
    assert.ok(added.ok, JSON.stringify(added));
    const mocksText = added.edits[0].newText;
    const file = JSON.parse(mocksText);
    assert.deepEqual(Object.keys(file.StateMachines), ['Orders']);
    // The same test case the ASL file's history gives, under the logical ID.
    const asl = await client.request<AddTestCaseResult>(HISTORY_TEST_CASE_REQUEST, {
      uri: DEF_URI,
      history: HISTORY,
      mocksText: '',
      caseName: 'incident',
    });
    assert.ok(asl.ok);
    assert.deepEqual(file.StateMachines.Orders, JSON.parse(asl.edits[0].newText).StateMachines['branch-caught']);

    const mocks = { path: '/work/app/template.mocks.json', text: mocksText };
    const run = await client.request<TestResult>(TEST_REQUEST, {
      definition: { uri: SAM_URI, text: SAM },
      mocks,
      machine: 'Orders',
      templateMachine: 'Orders',
      testCases: ['incident'],
      allowHandlers: false,
      coverage: true,
    });
    assert.ok(run.ok, JSON.stringify(run));
    assert.equal(run.outcomes[0].verdict.passed, true, JSON.stringify(run.outcomes[0].verdict));
    assert.deepEqual(run.outcomes[0].result?.path, ['Both', 'Backorder', 'Done']);
    const backorder = run.coverage!.find((c) => c.kind === 'state' && c.state === 'Backorder');
    assert.equal(backorder?.hits, 1);
    assert.equal(backorder?.range.start.line, SAM.split('\n').indexOf('          Backorder:'), "the state's line in the template");
    const other = await client.request<TestResult>(TEST_REQUEST, {
      definition: { uri: SAM_URI, text: SAM },
      mocks,
      machine: 'Orders',
      templateMachine: 'Nope',
      testCases: ['incident'],
      allowHandlers: false,
      coverage: false,
    });
    assert.ok(!other.ok && /no state machine "Nope"/.test(other.reason), JSON.stringify(other));
  } finally {
    await client.shutdown();
  }
});
