// The server over stdio with templates: a SAM template.yaml's machine gets its diagnostics at the
// template's lines, a CodeLens, a graph and a dry run; yaml/json files without machines get nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient, withServer } from './client';
import { GRAPH_REQUEST, RUN_REQUEST, type GraphResult, type RunResult } from '../../protocol/panel';

const SAM_URI = 'file:///work/app/template.yaml';
const SAM = [
  'AWSTemplateFormatVersion: "2010-09-09"',
  'Transform: AWS::Serverless-2016-10-31',
  'Resources:',
  '  Greeter:',
  '    Type: AWS::Serverless::StateMachine',
  '    Properties:',
  '      DefinitionSubstitutions:',
  '        Greeting: hello',
  '      Definition:',
  '        StartAt: Greet',
  '        States:',
  '          Greet:',
  '            Type: Pass',
  '            Result: ${Greeting}',
  '            Nxet: Done',
  '            Next: Done',
  '          Done:',
  '            Type: Succeed',
  '  Queue:',
  '    Type: AWS::SQS::Queue',
  '',
].join('\n');

function open(client: LspClient, uri: string, languageId: string, text: string): Promise<void> {
  return client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
}

test('a SAM template.yaml: the finding at the template line, nothing outside the definition; CodeLens, graph and dry run per machine', async () => {
  await withServer(async (client) => {
    const published = client.nextDiagnostics(SAM_URI);
    await open(client, SAM_URI, 'yaml', SAM);
    const diagnostics = (await published).diagnostics;
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]),
      [['unknown-field', 14, 12]],
    );

    const lenses = await client.request<
      { range: { start: { line: number } }; command: { title: string; command: string; arguments?: unknown[] } }[]
    >('textDocument/codeLens', { textDocument: { uri: SAM_URI } });
    assert.deepEqual(
      lenses.map((l) => [l.range.start.line, l.command.title]),
      [
        [3, 'Graph'],
        [3, 'Dry run'],
        [3, 'Debug'],
        [3, '1 problem'],
      ],
    );
    assert.deepEqual(lenses[0].command.arguments, [SAM_URI, 'Greeter']);
    // "Dry run" opens the same panel and asks it to start a run (client/src/panel: { run: true }).
    assert.equal(lenses[1].command.command, 'aslWorkbench.openGraph');
    assert.deepEqual(lenses[1].command.arguments, [SAM_URI, 'Greeter', { run: true }]);
    // "Debug" starts the debugger on the template's machine, no launch.json (client/src/debug.ts: (uri, machine)).
    assert.equal(lenses[2].command.command, 'aslWorkbench.debug');
    assert.deepEqual(lenses[2].command.arguments, [SAM_URI, 'Greeter']);

    const graph = await client.request<GraphResult>(GRAPH_REQUEST, { uri: SAM_URI, version: 1, machine: 'Greeter' });
    assert.ok(graph.ok, JSON.stringify(graph));
    const greet = graph.graph.model.nodes.find((n) => n.name === 'Greet');
    assert.equal(SAM.slice(greet!.nameOffset!, greet!.nameOffset! + greet!.nameLength!), 'Greet', "graph offsets are the template's");

    // Fixed, the machine runs, with the literal substitution applied.
    const fixed = client.nextDiagnostics(SAM_URI, (p) => p.version === 2);
    await client.change(SAM_URI, 2, [{ text: SAM.replace('            Nxet: Done\n', '') }]);
    assert.deepEqual((await fixed).diagnostics, []);
    // The run the lens starts: the panel sends the lens's document and machine.
    const [uri, machine] = lenses[1].command.arguments as [string, string];
    const run = await client.request<RunResult>(RUN_REQUEST, { uri, machine, allowHandlers: false });
    assert.ok(run.ok, JSON.stringify(run));
    assert.equal(run.result.status, 'SUCCEEDED');
    assert.equal(run.result.output, 'hello');
  });
});

test('yaml and json documents without a state machine get no diagnostics and no lenses', async () => {
  await withServer(async (client) => {
    const workflow = 'file:///work/.github/workflows/ci.yml';
    const pkg = 'file:///work/package.json';
    const a = client.nextDiagnostics(workflow);
    const b = client.nextDiagnostics(pkg);
    await open(
      client,
      workflow,
      'yaml',
      'name: CI\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "StartAt"\n',
    );
    await open(client, pkg, 'json', '{"name": "x", "StartAt": 1, "States": "not a machine"}');
    assert.deepEqual((await a).diagnostics, []);
    assert.deepEqual((await b).diagnostics, []);
    assert.deepEqual(await client.request('textDocument/codeLens', { textDocument: { uri: workflow } }), []);
    // Nor do the ASL editing features answer there.
    assert.equal(await client.at('textDocument/hover', pkg, { line: 0, character: 20 }), null);
  });
});

test('a CDK template: the machine is checked; a rename inside it is refused, pointing to the CDK source', async () => {
  const uri = 'file:///work/cdk.out/Stack.template.json';
  const text = JSON.stringify(
    {
      Resources: {
        Flow1234: {
          Type: 'AWS::StepFunctions::StateMachine',
          Properties: {
            DefinitionString: {
              'Fn::Join': [
                '',
                ['{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"', { 'Fn::GetAtt': ['Fn', 'Arn'] }, '","End":true}}}'],
              ],
            },
          },
          Metadata: { 'aws:cdk:path': 'Stack/Flow/Resource' },
        },
      },
    },
    null,
    2,
  );
  await withServer(async (client) => {
    const published = client.nextDiagnostics(uri);
    await open(client, uri, 'json', text);
    assert.deepEqual((await published).diagnostics, []);
    const at = text.indexOf('StartAt');
    const line = text.slice(0, at).split('\n').length - 1;
    const character = at - text.lastIndexOf('\n', at) - 1;
    await assert.rejects(
      client.at('textDocument/prepareRename', uri, { line, character: character + 12 }),
      /synthesized by the CDK \(Stack\/Flow\/Resource\)/,
    );
  });
});

test('DefinitionUri: "go to definition" on it opens the linked file; its findings count in the CodeLens', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'aslwb-tpl-lsp-'));
  mkdirSync(join(dir, 'statemachine'));
  writeFileSync(
    join(dir, 'statemachine', 'flow.asl.yaml'),
    'StartAt: A\nStates:\n  A:\n    Type: Task\n    Resource: ${FnArn}\n    End: true\n',
  );
  const uri = pathToFileURL(join(dir, 'template.yaml')).toString();
  const text =
    'Transform: AWS::Serverless-2016-10-31\nResources:\n  Flow:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      DefinitionUri: statemachine/flow.asl.yaml\n      DefinitionSubstitutions:\n        FnArn: arn:aws:lambda:us-east-1:12345:function:f\n';
  await withServer(async (client) => {
    const published = client.nextDiagnostics(uri);
    await open(client, uri, 'yaml', text);
    // The linked file's findings are its own (an account ID has 12 digits: IAM identifiers, ARN format), not the template's.
    assert.deepEqual((await published).diagnostics, []);
    const lenses = await client.request<{ command: { title: string } }[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(
      lenses.map((l) => l.command.title),
      ['Graph', 'Dry run', 'Debug', '1 problem'],
    );
    const locations = await client.at<{ uri: string }[]>('textDocument/definition', uri, { line: 5, character: 30 });
    assert.deepEqual(
      locations.map((l) => l.uri),
      [pathToFileURL(join(dir, 'statemachine', 'flow.asl.yaml')).toString()],
    );
  });
});

/** A stuck wait fails the test instead of hanging the suite. */
const LINKED_TEST_MS = 30_000;

/** The next diagnostics for `uri` published after a publication for `after` that is not among the first `seen` publications. */
function publishedAfter(client: LspClient, uri: string, after: string, seen: number) {
  return client.nextDiagnostics(uri, (p) => client.published.slice(seen, client.published.indexOf(p)).some((q) => q.uri === after));
}

test(
  "DefinitionUri: the linked file gets the template's findings at its own lines, once each, and loses them with the link",
  { timeout: LINKED_TEST_MS },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aslwb-tpl-linked-'));
    mkdirSync(join(dir, 'statemachine'));
    const flowText = 'StartAt: A\nStates:\n  A:\n    Type: Task\n    Resource: ${FnArn}\n    End: true\n';
    writeFileSync(join(dir, 'statemachine', 'flow.asl.yaml'), flowText);
    const uri = pathToFileURL(join(dir, 'template.yaml')).toString();
    const flowUri = pathToFileURL(join(dir, 'statemachine', 'flow.asl.yaml')).toString();
    const text =
      'Transform: AWS::Serverless-2016-10-31\nResources:\n  Flow:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      DefinitionUri: statemachine/flow.asl.yaml\n      DefinitionSubstitutions:\n        FnArn: arn:aws:lambda:us-east-1:12345:function:f\n';
    const client = new LspClient();
    const where = (p: { diagnostics: { code?: unknown; range: { start: { line: number; character: number } } }[] }) =>
      p.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]).sort();
    try {
      await client.initialize();
      // Not open: the file gets the template's finding alone, on its own line (the substituted
      // ARN's account has 5 digits; an account ID has 12: IAM identifiers, ARN format).
      const linked = client.nextDiagnostics(flowUri);
      await open(client, uri, 'yaml', text);
      const first = where(await linked);
      assert.equal(first.length, 1);
      assert.deepEqual(first[0].slice(1), [4, 14]);
      const arnCode = first[0][0];

      // Open on its own with a typo that both its own check and the template's find: listed once.
      const typo = flowText.replace('    End: true\n', '    End: true\n    Nxet: B\n');
      // The template reads the open text again (the typo) and publishes; the file's list after that is the settled one.
      const merged = publishedAfter(client, flowUri, uri, client.published.length);
      await open(client, flowUri, 'asl-yaml', typo);
      assert.deepEqual(
        where(await merged),
        [
          [arnCode, 4, 14],
          ['unknown-field', 6, 4],
        ].sort(),
      );

      // The link goes away: the template's finding leaves the file; its own stays.
      const unlinked = client.nextDiagnostics(flowUri, (p) => p.diagnostics.length === 1);
      await client.change(uri, 2, [{ text: text.replace('statemachine/flow.asl.yaml', 's3://bucket/flow.asl.yaml') }]);
      assert.deepEqual(where(await unlinked), [['unknown-field', 6, 4]]);

      // Linked again, then the template closes: its findings go with it.
      const relinked = client.nextDiagnostics(flowUri, (p) => p.diagnostics.length === 2);
      await client.change(uri, 3, [{ text }]);
      await relinked;
      const closed = client.nextDiagnostics(flowUri, (p) => p.diagnostics.length === 1);
      await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
      assert.deepEqual(where(await closed), [['unknown-field', 6, 4]]);
    } finally {
      assert.equal(await client.shutdown(), 0);
    }
  },
);

test('symbolic values: hover says what a GetAtt stands for; a Ref of a function as a Task Resource is an error at its line', async () => {
  const uri = 'file:///work/app/typed.template.yaml';
  const text = [
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    '  MyFunction:',
    '    Type: AWS::Serverless::Function',
    '  Flow:',
    '    Type: AWS::Serverless::StateMachine',
    '    Properties:',
    '      DefinitionSubstitutions:',
    '        FnArn: !GetAtt MyFunction.Arn',
    '      Definition:',
    '        StartAt: A',
    '        States:',
    '          A:',
    '            Type: Task',
    '            Resource: ${FnArn}',
    '            Next: B',
    '          B:',
    '            Type: Task',
    '            Resource: !Ref MyFunction',
    '            End: true',
    '',
  ].join('\n');
  await withServer(async (client) => {
    const published = client.nextDiagnostics(uri);
    await open(client, uri, 'yaml', text);
    assert.deepEqual(
      (await published).diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]),
      [['invalid-arn', 18, 22]],
    );
    const hover = await client.at<{ contents: { value: string }; range: { start: { line: number; character: number } } }>(
      'textDocument/hover',
      uri,
      { line: 14, character: 26 },
    );
    assert.match(hover.contents.value, /the Arn of MyFunction \(AWS::Serverless::Function\): a Lambda function ARN/);
    assert.deepEqual(hover.range.start, { line: 14, character: 22 });
  });
});
