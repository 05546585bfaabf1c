/**
 * Over LSP (the built server over stdio): the machine type comes from the `aslWorkbench.machineType`
 * setting, and the panel's dry run runs every definition AWS accepts, warnings and all (issue #11).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RUN_REQUEST, type RunResult } from '../../protocol/panel';
import { LspClient } from './client';

const URI = 'file:///work/express.asl.json';
const SYNC = JSON.stringify(
  {
    StartAt: 'Build',
    States: {
      Build: { Type: 'Task', Resource: 'arn:aws:states:::codebuild:startBuild.sync', Parameters: { ProjectName: 'site' }, End: true },
    },
  },
  null,
  2,
);

async function settledCodes(client: LspClient, uri: string, text: string, until: (codes: string[]) => boolean): Promise<string[]> {
  const first = client.nextDiagnostics(uri);
  await client.open(uri, text);
  const codes = (await first).diagnostics.map((d) => String(d.code));
  if (until(codes)) return codes;
  // The configuration arrives after initialized; wait for the publication made with it.
  return (await client.nextDiagnostics(uri, (p) => until(p.diagnostics.map((d) => String(d.code))))).diagnostics.map((d) => String(d.code));
}

test('aslWorkbench.machineType EXPRESS reports .sync; without it, nothing', async () => {
  const express = new LspClient(['--stdio'], { machineType: 'EXPRESS' });
  try {
    await express.initialize();
    const codes = await settledCodes(express, URI, SYNC, (c) => c.includes('express-unsupported'));
    assert.deepEqual(codes, ['express-unsupported']);
  } finally {
    await express.shutdown();
  }
  const unknown = new LspClient(['--stdio'], {});
  try {
    await unknown.initialize();
    const d = unknown.nextDiagnostics(URI);
    await unknown.open(URI, SYNC);
    assert.deepEqual((await d).diagnostics, []);
  } finally {
    await unknown.shutdown();
  }
});

test('the panel runs a definition with warnings only (a literal " {% %} "), and refuses one AWS rejects', async () => {
  const client = new LspClient();
  try {
    await client.initialize();
    const warned = 'file:///work/warned.asl.json';
    const text = JSON.stringify(
      { QueryLanguage: 'JSONata', StartAt: 'A', States: { A: { Type: 'Pass', Output: ' {% $states.input.id %} ', End: true } } },
      null,
      2,
    );
    const d = client.nextDiagnostics(warned);
    await client.open(warned, text);
    assert.deepEqual(
      (await d).diagnostics.map((x) => [x.code, x.severity]),
      [['invalid-jsonata', 2]],
    );
    const ran = await client.request<RunResult>(RUN_REQUEST, { uri: warned, input: { value: { id: 7 } }, allowHandlers: false });
    assert.ok(ran.ok, JSON.stringify(ran));
    assert.equal(ran.result.status, 'SUCCEEDED');
    assert.equal(ran.result.output, ' {% $states.input.id %} ');

    const rejected = 'file:///work/rejected.asl.json';
    await client.open(rejected, JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Nope' } } }));
    const refused = await client.request<RunResult>(RUN_REQUEST, { uri: rejected, input: { value: {} }, allowHandlers: false });
    assert.ok(!refused.ok && /1 error/.test(refused.reason), JSON.stringify(refused));
  } finally {
    await client.shutdown();
  }
});
