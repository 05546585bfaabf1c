/**
 * The "Debug" CodeLens of a template's machine, end to end without the editor: the lens the
 * language server gives (over stdio), the launch configuration the extension's command makes of
 * its arguments (client/src/debugLaunch.ts), and the adapter (over stdio) started with it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { machineLaunch } from '../../client/src/debugLaunch';
import { DEBUG_MACHINE_COMMAND } from '../../protocol/debug';
import { LspClient } from '../lsp/client';
import { FIXTURES, launch, lineOf, recordProgress, clientsPerTest, stopped, type Client } from './client';

const TEMPLATE = join(FIXTURES, 'template.yaml');
const LINKED_TEMPLATE = join(FIXTURES, 'linked', 'template.yaml');

const start = clientsPerTest();
let dc: Client | undefined;

type Lens = { range: { start: { line: number } }; command: { title: string; command: string; arguments?: unknown[] } };

/** The template's "Debug" lenses, as the language server gives them for the open document. */
async function debugLenses(file: string): Promise<Lens[]> {
  const lsp = new LspClient();
  try {
    await lsp.initialize();
    const uri = pathToFileURL(file).toString();
    await lsp.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'yaml', version: 1, text: readFileSync(file, 'utf8') },
    });
    const lenses = await lsp.request<Lens[]>('textDocument/codeLens', { textDocument: { uri } });
    return lenses.filter((l) => l.command.title === 'Debug');
  } finally {
    assert.equal(await lsp.shutdown(), 0);
  }
}

test('the lens on each machine debugs that machine: its arguments, the configuration made of them, a session stopped on its first state', async () => {
  const lenses = await debugLenses(TEMPLATE);
  const uri = pathToFileURL(TEMPLATE).toString();
  assert.deepEqual(
    lenses.map((l) => [l.range.start.line + 1, l.command.command, l.command.arguments]),
    [
      [lineOf(TEMPLATE, '  CountMachine:'), DEBUG_MACHINE_COMMAND, [uri, 'CountMachine']],
      [lineOf(TEMPLATE, '  GreetMachine:'), DEBUG_MACHINE_COMMAND, [uri, 'GreetMachine']],
    ],
  );

  // The command: the document's path as "program", the machine, stopped on entry; nothing else.
  const [docUri, machine] = lenses[1].command.arguments as [string, string];
  const config = machineLaunch('asl', fileURLToPath(docUri), machine);
  assert.deepEqual(config, {
    type: 'asl',
    request: 'launch',
    name: 'Debug GreetMachine',
    program: TEMPLATE,
    machine: 'GreetMachine',
    stopOnEntry: true,
  });

  dc = await start();
  const seen = recordProgress(dc);
  const first = dc.waitForEvent('stopped');
  await launch(dc, { ...config });
  const stop = await stopped(dc, first);
  assert.equal(stop.reason, 'entry');
  assert.equal(stop.frames[0].name, 'Greet');
  assert.deepEqual([stop.frames[0].source?.path, stop.frames[0].line], [TEMPLATE, lineOf(TEMPLATE, '"Greet": {')]);
  assert.ok(seen.some((p) => p.machine === 'GreetMachine' && p.file === TEMPLATE));
});

test("a machine whose definition is a linked file: the lens debugs it with the linked file's lines", async () => {
  const lenses = await debugLenses(LINKED_TEMPLATE);
  assert.equal(lenses.length, 1);
  const [docUri, machine] = lenses[0].command.arguments as [string, string];
  dc = await start();
  const first = dc.waitForEvent('stopped');
  await launch(dc, { ...machineLaunch('asl', fileURLToPath(docUri), machine) });
  const stop = await stopped(dc, first);
  const linked = join(FIXTURES, 'linked', 'statemachine', 'greet.asl.json');
  assert.deepEqual(
    [stop.frames[0].name, stop.frames[0].source?.path, stop.frames[0].line],
    ['Greet', linked, lineOf(linked, '"Greet": {')],
  );
});

test('a machine file: no "machine", the default name', () => {
  assert.deepEqual(machineLaunch('asl', '/w/flow.asl.json'), {
    type: 'asl',
    request: 'launch',
    name: 'Debug state machine',
    program: '/w/flow.asl.json',
    stopOnEntry: true,
  });
});
