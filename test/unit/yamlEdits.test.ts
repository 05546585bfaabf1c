import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { analyzeText } from '../../server/src/core/syntax';
import { codeActions } from '../../server/src/core/language';
import { completeYaml, yamlEdits, type Edit } from '../../server/src/core/yaml';

function apply(text: string, edits: Edit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.offset - a.offset)) out = out.slice(0, e.offset) + e.newText + out.slice(e.offset + e.length);
  return out;
}

const TEXT = `StartAt: A
States:
  A:
    Type: Pass
    Next: "B"
  Orphan:
    Type: Pass
    End: true
  # B ends the flow.
  B: {Type: Pass}
`;

test("YAML quick fixes: delete keeps the next entry's comment; End goes into a flow mapping as YAML", () => {
  const a = analyzeText(TEXT, 'yaml');
  const unreachable = a.diagnostics.find((d) => d.code === 'unreachable-state')!;
  const del = codeActions(a.machine, a.diagnostics, { offset: unreachable.offset, length: 0 }).find((x) => x.title.startsWith('Delete'))!;
  const deleted = apply(TEXT, yamlEdits(a.doc, del.edits)!);
  assert.match(deleted, /\n {2}# B ends the flow\.\n {2}B: \{Type: Pass\}/);
  assert.equal(parse(deleted).States.Orphan, undefined);
  const b = TEXT.indexOf('B: {');
  const end = codeActions(a.machine, a.diagnostics, { offset: b, length: 0 }).find((x) => x.title.startsWith('Add "End"'))!;
  const ended = apply(TEXT, yamlEdits(a.doc, end.edits)!);
  assert.match(ended, /B: \{Type: Pass, End: true\}/);
});

test('YAML edits: a replaced scalar keeps its quoting; JSON that has no YAML form is refused', () => {
  const a = analyzeText(TEXT, 'yaml');
  const next = TEXT.indexOf('"B"');
  assert.deepEqual(yamlEdits(a.doc, [{ offset: next, length: 3, newText: '"C D"' }]), [{ offset: next, length: 3, newText: '"C D"' }]);
  const key = TEXT.indexOf('Orphan');
  assert.deepEqual(yamlEdits(a.doc, [{ offset: key, length: 6, newText: '"Not: plain"' }]), [
    { offset: key, length: 6, newText: '"Not: plain"' },
  ]);
  assert.deepEqual(yamlEdits(a.doc, [{ offset: key, length: 6, newText: '"Plain"' }]), [{ offset: key, length: 6, newText: 'Plain' }]);
  assert.equal(yamlEdits(a.doc, [{ offset: key, length: 0, newText: '{\n  "x": {"y": 1}\n}' }]), undefined);
});

test('YAML completion: state names after Next keep the typed quoting; types after Type', () => {
  const a = analyzeText(TEXT, 'yaml');
  const at = TEXT.indexOf('"B"') + 2;
  const items = completeYaml(a.machine, at);
  assert.deepEqual(items.map((i) => i.label).sort(), ['A', 'B', 'Orphan']);
  const orphan = items.find((i) => i.label === 'Orphan')!;
  assert.equal(orphan.edit.newText, '"Orphan"');
  assert.equal(TEXT.slice(orphan.edit.offset, orphan.edit.offset + orphan.edit.length), '"B"');
  const types = completeYaml(a.machine, TEXT.indexOf('Type: Pass') + 8);
  assert.ok(types.some((i) => i.label === 'Choice' && i.edit.newText === 'Choice'));
});

test("YAML rename through an alias: the anchor's text is edited once", async () => {
  const { rename } = await import('../../server/src/core/language');
  const text =
    'StartAt: A\nStates:\n  A:\n    Type: Parallel\n    Branches:\n      - &branch\n        StartAt: B\n        States:\n          B: {Type: Pass, End: true}\n    Next: C\n  C: {Type: Succeed}\n';
  const a = analyzeText(text, 'yaml');
  const r = rename(a.machine, text.indexOf('C: {'), 'Done');
  assert.ok('edits' in r);
  const edits = yamlEdits(a.doc, r.edits)!;
  assert.equal(parse(apply(text, edits)).States.A.Next, 'Done');
  const twice = yamlEdits(a.doc, [...r.edits, ...r.edits])!;
  assert.equal(twice.length, edits.length);
});

test('YAML completion: the missing fields of a state where a key is typed, and of the machine', () => {
  const text = 'StartAt: A\nStates:\n  A:\n    Type: Task\n    Resource: arn:aws:states:::lambda:invoke\n    Ret\n';
  const a = analyzeText(text, 'yaml');
  const at = text.indexOf('Ret') + 3;
  const items = completeYaml(a.machine, at);
  const labels = items.map((i) => i.label);
  assert.ok(labels.includes('Retry') && labels.includes('Catch') && labels.includes('Next'), labels.join());
  assert.ok(!labels.includes('Resource') && !labels.includes('Choices'), 'present or foreign fields are not offered');
  const retry = items.find((i) => i.label === 'Retry')!;
  assert.equal(text.slice(retry.edit.offset, retry.edit.offset + retry.edit.length), 'Ret');
  assert.equal(retry.edit.newText, 'Retry: ');
  const top = 'StartAt: A\nCo\nStates:\n  A: {Type: Succeed}\n';
  const machineFields = completeYaml(analyzeText(top, 'yaml').machine, top.indexOf('Co') + 2).map((i) => i.label);
  assert.ok(machineFields.includes('Comment') && !machineFields.includes('StartAt'), machineFields.join());
});

test('YAML completion right after the colon (its trigger) adds the space YAML needs', () => {
  const text = 'StartAt: A\nStates:\n  A:\n    Type: Pass\n    Next:\n  B: {Type: Succeed}\n';
  const a = analyzeText(text, 'yaml');
  const items = completeYaml(a.machine, text.indexOf('Next:') + 5);
  const b = items.find((i) => i.label === 'B')!;
  assert.equal(b.edit.newText, ' B');
  assert.equal(parse(apply(text, [b.edit])).States.A.Next, 'B');
});
