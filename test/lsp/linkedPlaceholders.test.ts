// The server over stdio with a definition file that templates link (SAM DefinitionUri +
// DefinitionSubstitutions, Serverless ${file(...)}): hover over a ${Name} in the file says what
// each linking template gives it, go to definition opens the Name: key in the template.
//
// What SAM does with them, from the AWS SAM Developer Guide, AWS::Serverless::StateMachine,
// DefinitionSubstitutions (https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-statemachine.html#sam-statemachine-definitionsubstitutions):
// "a string-to-string map that specifies the mappings for placeholder variables in the state
// machine definition", which lets values obtained at deployment (from intrinsic functions such
// as !GetAtt) be injected; its example links `DefinitionUri: statemachine/my_state_machine.asl.json`
// and writes `"Resource": "${MyFunctionArn}"` there with `MyFunctionArn: !GetAtt MyFunction.Arn`.
// The CloudFormation User Guide (AWS::Lambda::Function, Return values) gives `Fn::GetAtt Arn` as
// the function's ARN.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Position } from 'vscode-languageserver-protocol';
import { LspClient, withServer } from './client';

/** A stuck wait fails the test instead of hanging the suite. */
const TEST_MS = 30_000;
/** A modification time (seconds) set on a template file, so that its version stamp is known. */
const FIRST_MTIME_S = 1_700_000_000;

const DEFINITION = [
  '{',
  '  "StartAt": "Process",',
  '  "States": {',
  '    "Process": {',
  '      "Type": "Task",',
  '      "Resource": "${ProcessFunctionArn}",',
  '      "Parameters": { "Table": "${TableName}", "Other": "${Missing}" },',
  '      "End": true',
  '    }',
  '  }',
  '}',
  '',
].join('\n');

/** A SAM template whose machine `id` reads `file`, with `extra` lines of DefinitionSubstitutions. */
function samTemplate(id: string, file: string, extra: string[]): string {
  return [
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    '  ProcessFunction:',
    '    Type: AWS::Serverless::Function',
    `  ${id}:`,
    '    Type: AWS::Serverless::StateMachine',
    '    Properties:',
    `      DefinitionUri: ${file}`,
    '      DefinitionSubstitutions:',
    ...extra,
    '',
  ].join('\n');
}

interface HoverAnswer {
  contents: { value: string };
  range: { start: Position; end: Position };
}
interface LocationAnswer {
  uri: string;
  range: { start: Position };
}

/** The position of the `k`th character of `needle` in `text`. */
function positionOf(text: string, needle: string, k = 2): Position {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, needle);
  const before = text.slice(0, at + k).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

function open(client: LspClient, uri: string, languageId: string, text: string): Promise<void> {
  return client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
}

test(
  'a linked file: hover on ${Name} gives the GetAtt or literal its template declares, go to definition opens the key; an undeclared one says so',
  { timeout: TEST_MS },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aslwb-linked-hover-'));
    mkdirSync(join(dir, 'statemachine'));
    writeFileSync(join(dir, 'statemachine', 'process.asl.json'), DEFINITION);
    const templateUri = pathToFileURL(join(dir, 'template.yaml')).toString();
    const fileUri = pathToFileURL(join(dir, 'statemachine', 'process.asl.json')).toString();
    const template = samTemplate('ProcessMachine', 'statemachine/process.asl.json', [
      '        ProcessFunctionArn: !GetAtt ProcessFunction.Arn',
      '        TableName: orders-table',
    ]);
    await withServer(async (client) => {
      const templateChecked = client.nextDiagnostics(templateUri);
      await open(client, templateUri, 'yaml', template);
      await templateChecked;
      // The template's finding for the undeclared name, published in the linked file.
      const fileChecked = client.nextDiagnostics(fileUri, (p) => p.diagnostics.some((d) => d.code === 'undeclared-substitution'));
      await open(client, fileUri, 'asl', DEFINITION);
      const undeclared = (await fileChecked).diagnostics.find((d) => d.code === 'undeclared-substitution')!;

      const getAtt = await client.at<HoverAnswer>('textDocument/hover', fileUri, positionOf(DEFINITION, '${ProcessFunctionArn}'));
      assert.match(getAtt.contents.value, /template\.yaml\]\([^)]*template\.yaml#L10\), state machine `ProcessMachine`/);
      assert.match(
        getAtt.contents.value,
        /`!GetAtt ProcessFunction\.Arn`: the Arn of ProcessFunction \(AWS::Serverless::Function\): a Lambda function ARN\./,
      );
      assert.match(getAtt.contents.value, /Known when the stack is deployed/);
      // The range is the placeholder's, quotes excluded.
      const start = positionOf(DEFINITION, '${ProcessFunctionArn}', 0);
      assert.deepEqual(getAtt.range, { start, end: { line: start.line, character: start.character + '${ProcessFunctionArn}'.length } });

      const literal = await client.at<HoverAnswer>('textDocument/hover', fileUri, positionOf(DEFINITION, '${TableName}'));
      assert.match(literal.contents.value, /state machine `ProcessMachine`: "orders-table"/);

      // Not declared: said in the hover as in the finding at the same place.
      const missingAt = positionOf(DEFINITION, '${Missing}');
      const missing = await client.at<HoverAnswer>('textDocument/hover', fileUri, missingAt);
      assert.match(missing.contents.value, /state machine `ProcessMachine`: not declared in its DefinitionSubstitutions/);
      assert.equal(undeclared.range.start.line, missingAt.line);
      const effect = /: ([^:]*)$/.exec(undeclared.message)![1];
      assert.ok(missing.contents.value.includes(effect), `${missing.contents.value}\n${undeclared.message}`);

      const definition = await client.at<LocationAnswer[]>(
        'textDocument/definition',
        fileUri,
        positionOf(DEFINITION, '${ProcessFunctionArn}'),
      );
      assert.deepEqual(definition, [
        {
          uri: templateUri,
          range: { start: { line: 9, character: 8 }, end: { line: 9, character: 8 + 'ProcessFunctionArn'.length } },
        },
      ]);
      // An undeclared name has no declaration to go to; a state name still goes to its state.
      assert.deepEqual(await client.at('textDocument/definition', fileUri, missingAt), []);
      const startAt = await client.at<LocationAnswer[]>('textDocument/definition', fileUri, positionOf(DEFINITION, '"Process",'));
      assert.deepEqual(
        startAt.map((l) => [l.uri, l.range.start.line]),
        [[fileUri, 3]],
      );
    });
  },
);

test(
  'two templates link one file: the open one and one on disk the workspace walk found (read again when it changes) are each listed',
  { timeout: TEST_MS },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aslwb-linked-two-'));
    mkdirSync(join(dir, 'statemachine'));
    mkdirSync(join(dir, 'prod'));
    writeFileSync(join(dir, 'statemachine', 'process.asl.json'), DEFINITION);
    const devUri = pathToFileURL(join(dir, 'template.yaml')).toString();
    const prodPath = join(dir, 'prod', 'template.yaml');
    const prodUri = pathToFileURL(prodPath).toString();
    const fileUri = pathToFileURL(join(dir, 'statemachine', 'process.asl.json')).toString();
    const dev = samTemplate('DevMachine', 'statemachine/process.asl.json', ['        ProcessFunctionArn: !GetAtt ProcessFunction.Arn']);
    const prod = (arn: string) =>
      samTemplate('ProdMachine', '../statemachine/process.asl.json', [`        ProcessFunctionArn: ${arn}`, '        Missing: x']);
    writeFileSync(join(dir, 'template.yaml'), dev);
    writeFileSync(prodPath, prod('arn:aws:lambda:us-east-1:123456789012:function:prod'));
    const client = new LspClient();
    try {
      await client.initialize(pathToFileURL(dir).toString());
      await client.log(/Found 2 template\(s\) in the workspace that link definition files/);
      // The dev template open (its text differs from the disk's: the open text counts), prod only on disk.
      const devOpen = dev.replace('!GetAtt ProcessFunction.Arn', '!Ref ProcessFunction');
      const devChecked = client.nextDiagnostics(devUri);
      await open(client, devUri, 'yaml', devOpen);
      await devChecked;
      await open(client, fileUri, 'asl', DEFINITION);

      const at = positionOf(DEFINITION, '${ProcessFunctionArn}');
      const hover = await client.at<HoverAnswer>('textDocument/hover', fileUri, at);
      const lines = hover.contents.value.split('\n').filter((l) => l.startsWith('- '));
      assert.equal(lines.length, 2, hover.contents.value);
      assert.match(
        lines[0],
        /^- \[prod\/template\.yaml\].*state machine `ProdMachine`: "arn:aws:lambda:us-east-1:123456789012:function:prod"/,
      );
      assert.match(lines[1], /^- \[template\.yaml\].*state machine `DevMachine`: `!Ref ProcessFunction`: Ref ProcessFunction/);

      const definition = await client.at<LocationAnswer[]>('textDocument/definition', fileUri, at);
      assert.deepEqual(
        definition.map((l) => [l.uri, l.range.start.line]),
        [
          [prodUri, 9],
          [devUri, 9],
        ],
      );
      // Declared in one template only: the other says it does not declare it.
      const missing = await client.at<HoverAnswer>('textDocument/hover', fileUri, positionOf(DEFINITION, '${Missing}'));
      assert.match(missing.contents.value, /`ProdMachine`: "x"/);
      assert.match(missing.contents.value, /`DevMachine`: not declared in its DefinitionSubstitutions/);

      // The file on disk changes: the next hover reads its new version.
      const hoverText = async () => (await client.at<HoverAnswer>('textDocument/hover', fileUri, at)).contents.value;
      writeFileSync(prodPath, prod('arn:aws:lambda:us-east-1:123456789012:function:prod-v2'));
      utimesSync(prodPath, FIRST_MTIME_S, FIRST_MTIME_S);
      assert.match(await hoverText(), /function:prod-v2"/);
      // A version is its modification time and size: the same ones are not read again (so a
      // same-size rewrite that keeps the time shows the version already read), a new time is.
      writeFileSync(prodPath, prod('arn:aws:lambda:us-east-1:123456789012:function:prod-v3'));
      utimesSync(prodPath, FIRST_MTIME_S, FIRST_MTIME_S);
      assert.match(await hoverText(), /function:prod-v2"/);
      utimesSync(prodPath, FIRST_MTIME_S + 1, FIRST_MTIME_S + 1);
      assert.match(await hoverText(), /function:prod-v3"/);
    } finally {
      assert.equal(await client.shutdown(), 0);
    }
  },
);

test(
  'a plain .json file a Serverless ${file(...)} links: its ${...} are the framework variables; no template, no hover',
  { timeout: TEST_MS },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aslwb-linked-sls-'));
    const flow = '{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"${self:custom.fnArn}","End":true}}}\n';
    writeFileSync(join(dir, 'flow.json'), flow);
    const slsUri = pathToFileURL(join(dir, 'serverless.yml')).toString();
    const fileUri = pathToFileURL(join(dir, 'flow.json')).toString();
    const sls = 'service: s\nstepFunctions:\n  stateMachines:\n    Flow:\n      definition: ${file(flow.json)}\n';
    await withServer(async (client) => {
      await open(client, fileUri, 'json', flow);
      const at = positionOf(flow, '${self');
      // No template known yet: nothing to say.
      assert.equal(await client.at('textDocument/hover', fileUri, at), null);
      const checked = client.nextDiagnostics(slsUri);
      await open(client, slsUri, 'yaml', sls);
      await checked;
      const hover = await client.at<HoverAnswer>('textDocument/hover', fileUri, at);
      assert.match(hover.contents.value, /\[serverless\.yml\].*state machine `Flow`: a Serverless Framework variable/);
      // Nothing declares it anywhere: no definition to go to.
      assert.equal(await client.at('textDocument/definition', fileUri, at), null);
    });
  },
);
