// The graph of a template machine over stdio: a machine whose definition is a linked file (SAM
// DefinitionUri) gets a graph whose offsets are the linked file's, and the answer names that file
// in `source`, so that the panel reveals states and sets breakpoints there; an inline machine's
// offsets stay the template's, with no `source`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { withServer } from './client';
import { GRAPH_REQUEST, type GraphResult } from '../../protocol/panel';

/** A stuck request fails the test instead of hanging the suite. */
const TEST_MS = 30_000;

// A comment with a substitution before the states: the built definition (substituted) and the file
// differ in length from there on, so offsets of the built text would not be the file's.
const FLOW = `{
  "Comment": "\${Greeting}",
  "StartAt": "First Step",
  "States": {
    "First Step": { "Type": "Pass", "Next": "Done" },
    "Done": { "Type": "Succeed" }
  }
}
`;

const TEMPLATE = [
  'Transform: AWS::Serverless-2016-10-31',
  'Resources:',
  '  Linked:',
  '    Type: AWS::Serverless::StateMachine',
  '    Properties:',
  '      DefinitionUri: statemachine/flow.asl.json',
  '      DefinitionSubstitutions:',
  '        Greeting: a much longer greeting than the placeholder',
  '  Inline:',
  '    Type: AWS::Serverless::StateMachine',
  '    Properties:',
  '      Definition:',
  '        StartAt: Only',
  '        States:',
  '          Only:',
  '            Type: Succeed',
  '',
].join('\n');

/** A SAM project on disk: template.yaml (TEMPLATE, not written: the tests open it) and the linked statemachine/flow.asl.json. */
function samProject(): { uri: string; flowUri: string } {
  const dir = mkdtempSync(join(tmpdir(), 'aslwb-tpl-graph-'));
  mkdirSync(join(dir, 'statemachine'));
  const flowPath = join(dir, 'statemachine', 'flow.asl.json');
  writeFileSync(flowPath, FLOW);
  return { uri: pathToFileURL(join(dir, 'template.yaml')).toString(), flowUri: pathToFileURL(flowPath).toString() };
}

/** Each state's name as the text at its offsets reads it. */
function namesAt(graph: GraphResult, text: string): [string, string][] {
  assert.ok(graph.ok, JSON.stringify(graph));
  return graph.graph.model.nodes
    .filter((n) => n.kind === 'state')
    .map((n) => [n.name, text.slice(n.nameOffset!, n.nameOffset! + n.nameLength!)] as [string, string])
    .sort();
}

test(
  "a template machine with a linked definition: the graph's offsets are the linked file's, and `source` names it",
  { timeout: TEST_MS },
  async () => {
    const { uri, flowUri } = samProject();
    await withServer(async (client) => {
      await client.open(uri, TEMPLATE, 1, 'yaml');
      const linked = await client.request<GraphResult>(GRAPH_REQUEST, { uri, version: 1, machine: 'Linked' });
      assert.ok(linked.ok, JSON.stringify(linked));
      assert.equal(linked.source, flowUri);
      assert.deepEqual(namesAt(linked, FLOW), [
        ['Done', '"Done"'],
        ['First Step', '"First Step"'],
      ]);
      // The definition (name key to closing brace) is the file's too: the cursor and breakpoints read it.
      const first = linked.graph.model.nodes.find((n) => n.name === 'First Step')!;
      assert.equal(FLOW.slice(first.start, first.end), '"First Step": { "Type": "Pass", "Next": "Done" }');

      // The inline machine of the same template: the template's offsets, no source.
      const inline = await client.request<GraphResult>(GRAPH_REQUEST, { uri, version: 1, machine: 'Inline' });
      assert.ok(inline.ok, JSON.stringify(inline));
      assert.equal(inline.source, undefined);
      assert.deepEqual(namesAt(inline, TEMPLATE), [['Only', 'Only']]);
    });
  },
);

test(
  "an edit of the open linked file moves the template machine's graph, the template's version unchanged",
  { timeout: TEST_MS },
  async () => {
    const { uri, flowUri } = samProject();
    await withServer(async (client) => {
      await client.open(uri, TEMPLATE, 1, 'yaml');
      await client.open(flowUri, FLOW, 1, 'asl');
      const before = await client.request<GraphResult>(GRAPH_REQUEST, { uri, version: 1, machine: 'Linked' });
      assert.deepEqual(namesAt(before, FLOW)[1], ['First Step', '"First Step"']);
      // Unsaved lines above the states: the graph is the open text's, at its new offsets.
      const edited = FLOW.replace('{\n', '{\n  "Version": "1.0",\n');
      await client.change(flowUri, 2, [{ text: edited }]);
      const after = await client.request<GraphResult>(GRAPH_REQUEST, { uri, version: 1, machine: 'Linked' });
      assert.ok(after.ok, JSON.stringify(after));
      assert.equal(after.source, flowUri);
      assert.deepEqual(namesAt(after, edited), [
        ['Done', '"Done"'],
        ['First Step', '"First Step"'],
      ]);
    });
  },
);

test('a Serverless machine with ${file(...)}: the same, the linked file named and its offsets', { timeout: TEST_MS }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'aslwb-sls-graph-'));
  mkdirSync(join(dir, 'machines'));
  const flowPath = join(dir, 'machines', 'flow.asl.json');
  writeFileSync(flowPath, FLOW);
  const uri = pathToFileURL(join(dir, 'serverless.yml')).toString();
  const text = [
    'service: demo',
    'stepFunctions:',
    '  stateMachines:',
    '    flow:',
    '      definition: ${file(machines/flow.asl.json)}',
    '',
  ].join('\n');
  await withServer(async (client) => {
    await client.open(uri, text, 1, 'yaml');
    const graph = await client.request<GraphResult>(GRAPH_REQUEST, { uri, version: 1, machine: 'flow' });
    assert.ok(graph.ok, JSON.stringify(graph));
    assert.equal(graph.source, pathToFileURL(flowPath).toString());
    assert.deepEqual(namesAt(graph, FLOW), [
      ['Done', '"Done"'],
      ['First Step', '"First Step"'],
    ]);
  });
});
