import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient } from './client';
import { generateMachine } from '../fixtures/generate';
import { randomEdit, seededRandom } from '../fixtures/randomEdits';
import { analyze } from '../../server/src/core';
import { toLspDiagnostic } from '../../server/src/lsp/convert';

const ROOT = join(__dirname, '..', '..', '..');

const URI = 'file:///work/typing.asl.json';
const VALID = '{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}';
const INVALID = '{"StartAt":"A","States":{"A":{"Type":"Pass"}}}';

/** LSP messages framed as on the wire. */
function frame(message: unknown): string {
  const body = JSON.stringify({ jsonrpc: '2.0', ...(message as object) });
  return `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`;
}

/**
 * No workspace/configuration capability: settings read after an open would validate the open
 * documents once more, an extra publish at a time the test does not control.
 */
async function initializeWithoutSettings(client: LspClient): Promise<void> {
  await client.connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
  await client.connection.sendNotification('initialized', {});
}

test('a burst of keystrokes gives one validation after it, of its last version', async () => {
  const client = new LspClient();
  try {
    await initializeWithoutSettings(client);
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
      wire += frame({
        method: 'textDocument/didChange',
        params: { textDocument: { uri: URI, version: 2 + k }, contentChanges: [{ range: { start: p, end: p }, text: 'x' }] },
      });
    }
    const last = client.nextDiagnostics(URI, (p) => p.version === 1 + KEYSTROKES);
    client.process.stdin!.write(wire);
    await last;
    const after = client.published.slice(before).filter((p) => p.uri === URI);
    assert.deepEqual(
      after.map((p) => p.version),
      [1 + KEYSTROKES],
      'one publish, of the last version',
    );
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});

test('a change or re-open that repeats a version number gets the diagnostics of its own text', async () => {
  const client = new LspClient();
  try {
    await initializeWithoutSettings(client);
    let next = client.nextDiagnostics(URI);
    await client.open(URI, VALID, 1);
    assert.deepEqual((await next).diagnostics, []);
    next = client.nextDiagnostics(URI);
    await client.change(URI, 1, [{ text: INVALID }]);
    assert.deepEqual(
      (await next).diagnostics.map((d) => d.code),
      ['exclusive-fields'],
    );
    // Opened again without a close, version 1 again, the first text again.
    next = client.nextDiagnostics(URI);
    await client.open(URI, VALID, 1);
    assert.deepEqual((await next).diagnostics, []);
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});

test("random incremental edits over LSP: every published version has a full analysis's diagnostics", async () => {
  // The server's whole path (document sync, cache, spliced parse, reused findings) against a
  // fresh analysis of the same text; some versions are validated, others coalesced.
  const seed = Number(process.env.ASLWB_SEED ?? 4242);
  const random = seededRandom(seed);
  const client = new LspClient();
  try {
    await client.initialize();
    const starts = [
      generateMachine({ states: 60, seed: 5 }),
      readFileSync(join(ROOT, 'examples', 'data-pipeline', 'data-pipeline.asl.json'), 'utf8'),
    ];
    for (const [k, start] of starts.entries()) {
      const uri = `file:///work/random-${k}.asl.json`;
      let doc = TextDocument.create(uri, 'asl', 1, start);
      let next = client.nextDiagnostics(uri);
      await client.open(uri, start);
      await next;
      for (let step = 0; step < 30; step++) {
        // One to three edits before waiting: the later ones coalesce with the first.
        const edits = 1 + Math.floor(random() * 3);
        for (let e = 0; e < edits; e++) {
          const old = doc.getText();
          const text = randomEdit(random, old, start).text;
          let from = 0;
          while (from < old.length && from < text.length && old[from] === text[from]) from++;
          let back = 0;
          while (back < old.length - from && back < text.length - from && old[old.length - 1 - back] === text[text.length - 1 - back])
            back++;
          const range = { start: doc.positionAt(from), end: doc.positionAt(old.length - back) };
          const change = { range, text: text.slice(from, text.length - back) };
          doc = TextDocument.update(doc, [change], doc.version + 1);
          assert.equal(doc.getText(), text);
          if (e === edits - 1) next = client.nextDiagnostics(uri, (p) => p.version === doc.version);
          await client.change(uri, doc.version, [change]);
        }
        const published = await next;
        const expected = analyze(doc.getText()).diagnostics.map(toLspDiagnostic);
        assert.deepEqual(published.diagnostics, expected, `seed ${seed}, document ${k}, step ${step}: ${JSON.stringify(doc.getText())}`);
      }
    }
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});
