// Typing in a SAM template over LSP: the server splices each version's host from the previous one
// (core/templates yamlHost) and carries unchanged machines' analyses; every version must get the
// diagnostics and CodeLenses a fresh open of the same text gets (another document, same text).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LspClient } from './client';

const TEMPLATE = readFileSync(join(__dirname, '..', '..', '..', 'test', 'e2e', 'fixtures', 'sam-app', 'template.yaml'), 'utf8');
const URI = 'file:///work/typed/template.yaml';

interface Lens {
  range: { start: { line: number } };
  command: { title: string };
}

/** Keystrokes: [text to find, offset past it, what to type (a character), or a count to delete]. */
const KEYSTROKES: [string, number, string | number][] = [
  // "Dnoe" mended to "Done", one key at a time (the finding goes).
  ['Next: Dnoe', 'Next: D'.length, 3],
  ['Next: D\n', 'Next: D'.length, 'o'],
  ['Next: Do\n', 'Next: Do'.length, 'n'],
  ['Next: Don\n', 'Next: Don'.length, 'e'],
  // A new field typed in a state, misspelt then broken YAML (an open quote) then removed.
  ['ResultPath: $.greeting', 'ResultPath: $.greeting'.length, '\n            Cmment: "x'],
  ['Cmment: "x', 'Cmment: "x'.length, '"'],
  ['            Cmment: "x"\n', 0, '            Cmment: "x"\n'.length],
  // In another resource: the machine keeps its analysis.
  ['BillingMode: PAY_PER_REQUEST', 'BillingMode: PAY'.length, 'x'],
  // In the Description above the machine: every offset below moves.
  ['Description: An order', 'Description: An'.length, ' early'],
];

function positionAt(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

test('typing in a SAM template: each version gets the diagnostics and lenses of a fresh open', async () => {
  const client = new LspClient();
  try {
    await client.initialize();
    const fresh = async (text: string, k: number) => {
      const uri = `file:///work/fresh${k}/template.yaml`;
      const published = client.nextDiagnostics(uri);
      await client.open(uri, text, 1, 'yaml');
      const diagnostics = (await published).diagnostics;
      const lenses = await client.request<Lens[]>('textDocument/codeLens', { textDocument: { uri } });
      await client.close(uri);
      return { diagnostics, lenses: lenses.map((l) => [l.range.start.line, l.command.title]) };
    };
    let text = TEMPLATE;
    let version = 1;
    const opened = client.nextDiagnostics(URI);
    await client.open(URI, text, version, 'yaml');
    const codes = [(await opened).diagnostics.map((d) => d.code)];
    for (const [find, past, key] of KEYSTROKES) {
      const at = text.indexOf(find);
      assert.ok(at >= 0, `"${find}" in the text`);
      const offset = at + past;
      const removed = typeof key === 'number' ? key : 0;
      const typed = typeof key === 'string' ? key : '';
      const range = { start: positionAt(text, offset), end: positionAt(text, offset + removed) };
      text = text.slice(0, offset) + typed + text.slice(offset + removed);
      version++;
      const published = client.nextDiagnostics(URI, (p) => p.version === version);
      await client.change(URI, version, [{ range, text: typed }]);
      const diagnostics = (await published).diagnostics;
      const lenses = await client.request<Lens[]>('textDocument/codeLens', { textDocument: { uri: URI } });
      const want = await fresh(text, version);
      assert.deepEqual(diagnostics, want.diagnostics, `version ${version}:\n${text}`);
      assert.deepEqual(
        lenses.map((l) => [l.range.start.line, l.command.title]),
        want.lenses,
        `version ${version}`,
      );
      codes.push(diagnostics.map((d) => d.code));
    }
    // The keystrokes did change what is found: the misspelt Next goes, the misspelt field comes.
    assert.ok(codes[0].length > 0 && codes[4].length === codes[0].length - 1, JSON.stringify(codes));
    assert.ok(codes[6].includes('unknown-field'), JSON.stringify(codes));
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});
