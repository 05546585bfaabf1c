import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { LspClient, SERVER } from './client';

const URI = 'file:///work/review.asl.json';
const BROKEN = `{
  "StartAt": "Describe",
  "States": {
    "Describe": { "Type": "Pass", "Next": "Reveiw" },
    "Review": { "Type": "Succeed" },
    "Draft": { "Type": "Succeed" }
  }
}`;

test('the built server exists', () => assert.ok(existsSync(SERVER), `${SERVER} missing: run npm run build`));

test('open, receive diagnostics, edit, see them update, close clears them', async () => {
  const client = new LspClient();
  try {
    await client.initialize();
    const first = client.nextDiagnostics(URI);
    await client.open(URI, BROKEN);
    const d1 = await first;
    const codes = d1.diagnostics.map((d) => d.code).sort();
    assert.deepEqual(codes, ['unknown-state', 'unreachable-state']);
    const unknown = d1.diagnostics.find((d) => d.code === 'unknown-state')!;
    assert.deepEqual(unknown.range, { start: { line: 3, character: 42 }, end: { line: 3, character: 50 } });
    assert.match(unknown.message, /Did you mean "Review"/);
    const unreachable = d1.diagnostics.find((d) => d.code === 'unreachable-state')!;
    assert.deepEqual(unreachable.tags, [1]);

    // Fix the typo with an incremental edit: replace "Reveiw" by "Review".
    const second = client.nextDiagnostics(URI, (p) => p.version === 2);
    await client.change(URI, 2, [{ range: { start: { line: 3, character: 43 }, end: { line: 3, character: 49 } }, text: 'Review' }]);
    const d2 = await second;
    assert.deepEqual(
      d2.diagnostics.map((d) => d.code),
      ['unreachable-state'],
      'only the state nothing leads to is left',
    );

    const third = client.nextDiagnostics(URI, (p) => p.version === 3);
    await client.change(URI, 3, [{ text: '{"StartAt": ' }]);
    const d3 = await third;
    assert.ok(d3.diagnostics.some((d) => d.code === 'json-syntax'));

    const cleared = client.nextDiagnostics(URI, (p) => p.version === undefined);
    await client.close(URI);
    assert.deepEqual((await cleared).diagnostics, []);
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});

test('settings from workspace/configuration change severities and placeholders', async () => {
  const client = new LspClient(['--stdio'], { severity: { 'unreachable-state': 'warning' }, placeholders: true });
  try {
    await client.initialize();
    const d = client.nextDiagnostics(URI);
    await client.open(URI, BROKEN);
    const diags = (await d).diagnostics;
    // The configuration request is answered after initialized; wait for the settled publication.
    const settled =
      diags.find((x) => x.code === 'unreachable-state')?.severity === 2
        ? diags
        : (await client.nextDiagnostics(URI, (p) => p.diagnostics.some((x) => x.code === 'unreachable-state' && x.severity === 2)))
            .diagnostics;
    assert.equal(settled.find((x) => x.code === 'unreachable-state')!.severity, 2);
  } finally {
    await client.shutdown();
  }
});
