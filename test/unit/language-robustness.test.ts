// Every feature at every offset of real and broken documents, and of every prefix of one as it is
// typed: nothing throws, and every range stays inside the text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, type Analysis } from '../../server/src/core';
import {
  codeActions,
  complete,
  definition,
  documentSymbols,
  foldingRanges,
  highlights,
  hover,
  prepareRename,
  references,
  selectionRanges,
} from '../../server/src/core/language';

const CORPUS = join(__dirname, '..', '..', '..', 'test', 'corpus');

function corpusFiles(): string[] {
  const out: string[] = [];
  for (const dir of ['valid', 'invalid']) {
    const full = join(CORPUS, dir);
    for (const name of readdirSync(full)) if (name.endsWith('.json')) out.push(join(full, name));
  }
  return out;
}

function inside(text: string, span: { offset: number; length: number }, what: string): void {
  assert.ok(
    span.offset >= 0 && span.length >= 0 && span.offset + span.length <= text.length,
    `${what}: ${JSON.stringify(span)} outside the text`,
  );
}

function everything(a: Analysis, offset: number): void {
  const { machine } = a;
  const text = machine.doc.text;
  for (const item of complete(machine, offset, { lambdaArns: ['arn:aws:lambda:us-east-1:123456789012:function:f'] })) {
    inside(text, item.edit, `completion ${item.label} at ${offset}`);
    for (const e of item.additionalEdits ?? []) inside(text, e, 'additional edit');
  }
  const h = hover(machine, offset);
  if (h) inside(text, h, `hover at ${offset}`);
  for (const s of definition(machine, offset)) inside(text, s, 'definition');
  for (const s of references(machine, offset)) inside(text, s, 'references');
  for (const s of highlights(machine, offset)) inside(text, s, 'highlights');
  const r = prepareRename(machine, offset);
  if (!('error' in r)) inside(text, r, 'prepareRename');
  for (const action of codeActions(machine, a.diagnostics, { offset, length: 0 }))
    for (const e of action.edits) inside(text, e, action.title);
  for (const s of selectionRanges(machine.doc, offset)) inside(text, s, 'selection range');
}

test('every feature at every offset of the corpus documents', () => {
  let offsets = 0;
  for (const file of corpusFiles()) {
    const text = readFileSync(file, 'utf8');
    const a = analyze(text);
    // Every offset of small files; a stride keeps the big ones quick.
    const step = text.length > 2000 ? 4 : 1;
    for (let offset = 0; offset <= text.length; offset += step) {
      everything(a, offset);
      offsets++;
    }
    documentSymbols(a.machine);
    foldingRanges(a.machine.doc);
  }
  assert.ok(offsets > 10_000, `${offsets} offsets tried`);
});

test('every prefix of a machine being typed, with the cursor at its end', () => {
  const text = readFileSync(
    join(
      CORPUS,
      'valid',
      readdirSync(join(CORPUS, 'valid'))
        .filter((n) => n.endsWith('.json'))
        .sort()[0],
    ),
    'utf8',
  );
  for (let end = 0; end <= text.length; end++) {
    const prefix = text.slice(0, end);
    everything(analyze(prefix), end);
  }
});
