import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LspClient } from './client';
import { generateMachine } from '../fixtures/generate';

const URI = 'file:///work/typing.asl.json';
const VALID = '{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}';
const INVALID = '{"StartAt":"A","States":{"A":{"Type":"Pass"}}}';

/** LSP messages framed as on the wire. */
function frame(message: unknown): string {
  const body = JSON.stringify({ jsonrpc: '2.0', ...(message as object) });
  return `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`;
}

test('a burst of keystrokes gives one validation after it, of its last version', async () => {
  const client = new LspClient();
  try {
    await client.initialize();
    const text = generateMachine({ states: 200, seed: 3 });
    const opened = client.nextDiagnostics(URI);
    await client.open(URI, text);
    await opened;
    const before = client.published.length;
    // Ten keystrokes in one write: they reach the server together, well inside any debounce
    // floor, however loaded the machine (no timing is asserted, only the count).
    const at = text.indexOf('"Comment": "') + '"Comment": "'.length;
    const position = { line: text.slice(0, at).split('\n').length - 1, character: at - text.lastIndexOf('\n', at - 1) - 1 };
    const KEYSTROKES = 10;
    let wire = '';
    for (let k = 0; k < KEYSTROKES; k++) {
      const p = { line: position.line, character: position.character + k };
      wire += frame({ method: 'textDocument/didChange', params: { textDocument: { uri: URI, version: 2 + k }, contentChanges: [{ range: { start: p, end: p }, text: 'x' }] } });
    }
    const last = client.nextDiagnostics(URI, (p) => p.version === 1 + KEYSTROKES);
    client.process.stdin!.write(wire);
    await last;
    const after = client.published.slice(before).filter((p) => p.uri === URI);
    assert.deepEqual(after.map((p) => p.version), [1 + KEYSTROKES], 'one publish, of the last version');
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});

test('a change or re-open that repeats a version number gets the diagnostics of its own text', async () => {
  const client = new LspClient();
  try {
    await client.initialize();
    let next = client.nextDiagnostics(URI);
    await client.open(URI, VALID, 1);
    assert.deepEqual((await next).diagnostics, []);
    next = client.nextDiagnostics(URI);
    await client.change(URI, 1, [{ text: INVALID }]);
    assert.deepEqual((await next).diagnostics.map((d) => d.code), ['exclusive-fields']);
    // Opened again without a close, version 1 again, the first text again.
    next = client.nextDiagnostics(URI);
    await client.open(URI, VALID, 1);
    assert.deepEqual((await next).diagnostics, []);
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});
