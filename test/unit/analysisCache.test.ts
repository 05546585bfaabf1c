import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze } from '../../server/src/core';
import { AnalysisCache } from '../../server/src/lsp/analyses';
import { generateMachine } from '../fixtures/generate';

const URI = 'file:///m.asl.json';
const VALID = '{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}';
const INVALID = '{"StartAt":"A","States":{"A":{"Type":"Pass"}}}';

/** An edit as an editor sends it: one range replaced, the version one up. */
function type(doc: TextDocument, at: number, text: string): TextDocument {
  const position = doc.positionAt(at);
  return TextDocument.update(doc, [{ range: { start: position, end: position }, text }], doc.version + 1);
}

test('one parse per version: the model for completion and the diagnostics share it, edits are spliced', () => {
  const cache = new AnalysisCache({});
  let doc = TextDocument.create(URI, 'asl', 1, generateMachine({ states: 300, seed: 4 }));
  cache.model(doc);
  cache.model(doc);
  const first = cache.get(doc);
  assert.deepEqual(cache.counts, { parses: 1, validations: 1 });
  assert.equal(first.machine, cache.model(doc), 'the validation read the model completion had');
  // Keystrokes: completion on the new version first (a spliced parse), then its validation.
  const at = doc.getText().indexOf('"TimeoutSeconds": ') + '"TimeoutSeconds": '.length;
  for (let i = 1; i <= 5; i++) {
    doc = type(doc, at, '1');
    const machine = cache.model(doc);
    const analysis = cache.get(doc);
    assert.equal(analysis.machine, machine);
    assert.deepEqual(cache.counts, { parses: 1 + i, validations: 1 + i }, `keystroke ${i}`);
    assert.equal((analysis as { reuse?: { parse: string } }).reuse?.parse, 'spliced', `keystroke ${i}`);
    assert.deepEqual(analysis.diagnostics, analyze(doc.getText()).diagnostics, `keystroke ${i}`);
  }
  // A validation without completion before it: still one parse.
  doc = type(doc, at, '1');
  cache.get(doc);
  cache.get(doc);
  assert.deepEqual(cache.counts, { parses: 7, validations: 7 });
});

test('a version number that repeats with another text is not the cached version', () => {
  const cache = new AnalysisCache({});
  assert.deepEqual(cache.get(TextDocument.create(URI, 'asl', 1, VALID)).diagnostics, []);
  // A re-open (or a misbehaving change) with the same version and other text: its own findings.
  const reopened = TextDocument.create(URI, 'asl', 1, INVALID);
  assert.deepEqual(cache.get(reopened).diagnostics, analyze(INVALID).diagnostics);
  assert.ok(cache.get(reopened).diagnostics.length > 0);
  assert.equal(cache.model(TextDocument.create(URI, 'asl', 1, VALID)).states[0].terminal, true);
});

test('closing forgets the document; a settings change re-validates with the new options', () => {
  const cache = new AnalysisCache({});
  const doc = TextDocument.create(URI, 'asl', 1, INVALID);
  cache.get(doc);
  cache.delete(URI);
  cache.get(doc);
  assert.deepEqual(cache.counts, { parses: 2, validations: 2 });
  cache.setOptions({ severity: { 'exclusive-fields': 'warning' } });
  const after = cache.get(doc).diagnostics;
  assert.deepEqual(after, analyze(INVALID, { severity: { 'exclusive-fields': 'warning' } }).diagnostics);
  assert.ok(after.length > 0 && after.every((d) => d.severity === 'warning'));
});
