// Differential: after an edit, the YAML splice (core/yaml/splice.ts: only the block entry around
// the edit parsed again) must give exactly the tree, the syntax errors and the findings that a
// full parse of the new text gives. Seeded random edits made of the characters YAML is made of
// (typing, deleting, indenting, line breaks, quotes, tags, anchors, comments, block scalars) on
// every corpus machine converted to YAML, generated machines, and hand-written YAML with
// comments, flow collections, block scalars, short-form tags and anchors; compared after every
// edit. A fixed seed by default; ASLWB_SEED=N runs another.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom } from '../../server/src/core/engine/random';
import { reparse, validateEdited, type EditableAnalysis } from '../../server/src/core/incremental';
import { analyzeText, parseText } from '../../server/src/core/syntax';
import { stringOffsetsAt } from '../../server/src/core/strings';
import { STRING, type Tree } from '../../server/src/core/tree';
import { treeToYaml } from '../../server/src/core/yaml';
import { spliceYamlDocument } from '../../server/src/core/yaml/splice';
import { generateMachine } from '../fixtures/generate';
import { randomYamlEdit, treeSnapshot, YAML_PIECES, type EditOdds } from '../fixtures/yamlTyping';

const ROOT = join(__dirname, '..', '..', '..');
const DEFAULT_SEED = 20261207;
const STEPS = Number(process.env.ASLWB_YAML_SPLICE_STEPS ?? 10);
const PIECES = [
  ...YAML_PIECES,
  '\n    ',
  '!GetAtt x.y',
  '<<: *a\n',
  '? ',
  '---\n',
  '\\u00',
  'x',
  'xy',
  '1',
  'Next: A',
  '\n    End: true',
  '\n  Extra:\n    Type: Pass\n    End: true',
  'Type: Map',
];
const ODDS: EditOdds = { undo: 0.15, remove: 0.35, indent: 0.45 };

const HAND_WRITTEN = `# a machine in block style, with what a person writes
Comment: "A \\"quoted\\" comment"   # trailing
StartAt: First
States:
  # the first state
  First:
    Type: Pass
    Parameters:
      plain: some words
        that go on
      single: 'it''s'
      list: [1, two, {three: 3}]
      literal: |
        line one

        line two
      folded: >-
        folded
        text
      sub: !Sub "arn:\${AWS::Region}"
      att: !GetAtt Fn.Arn
      flow: {a: 1,
        b: 2}
    Next: Second
  Second: {Type: Pass, Next: Third}
  Third:
    Type: Task
    Resource: arn:aws:states:::lambda:invoke
    Retry:
      - ErrorEquals: [States.ALL]
        IntervalSeconds: 2
      - ErrorEquals:
          - Lambda.ServiceException
    End: true
# the end
`;

const ANCHORED = `StartAt: A
States:
  A:
    Type: Pass
    Parameters: &params
      a: 1
    Next: B
  B:
    Type: Pass
    Parameters: *params
    End: true
`;

function machines(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  for (const dir of ['valid', 'accepted', 'invalid']) {
    const path = join(ROOT, 'test', 'corpus', dir);
    for (const file of readdirSync(path)
      .filter((f) => f.endsWith('.asl.json') && !f.startsWith('syntax-'))
      .sort()) {
      const tree = parseText(readFileSync(join(path, file), 'utf8'), 'json').tree;
      if (tree) out.push({ name: `${dir}/${file}`, text: treeToYaml(tree) });
    }
  }
  for (const states of [30, 80])
    out.push({ name: `generated ${states}`, text: treeToYaml(parseText(generateMachine({ states, seed: states }), 'json').tree!) });
  out.push({ name: 'hand-written', text: HAND_WRITTEN }, { name: 'anchored', text: ANCHORED });
  return out;
}

/** Where every string's characters are in the text (YAML quoting and escapes stepped over). */
function stringPlaces(text: string, tree: Tree | undefined): number[][] {
  if (!tree) return [];
  const out: number[][] = [];
  for (let i = 0; i < tree.size; i++) {
    if (tree.kind[i] !== STRING) continue;
    const at = stringOffsetsAt(text, tree, i);
    const value = tree.string(i)!;
    out.push([0, value.length >> 1, value.length].map((k) => at(k)));
  }
  return out;
}

test('YAML splice: the same tree, errors and findings as a full parse after every random edit', () => {
  const seed = Number(process.env.ASLWB_SEED ?? DEFAULT_SEED);
  const random = seededRandom(seed);
  let edits = 0;
  let spliced = 0;
  /** Edits from a text without syntax errors to another: the ones a splice can serve. */
  let clean = 0;
  for (const { name, text: start } of machines()) {
    let text = start;
    let prev: EditableAnalysis = validateEdited(undefined, reparse(undefined, text, {}, 'yaml'));
    for (let step = 0; step < STEPS; step++) {
      text = randomYamlEdit(random, text, start, PIECES, ODDS);
      const parsed = reparse(prev, text, {}, 'yaml');
      const next = validateEdited(prev, parsed);
      const full = analyzeText(text, 'yaml');
      const label = `seed ${seed}, ${name}, edit ${step} (${parsed.parse})\n${text}`;
      assert.deepEqual(treeSnapshot(next.doc.tree), treeSnapshot(full.doc.tree), label);
      assert.deepEqual(next.doc.syntaxErrors, full.doc.syntaxErrors, label);
      assert.deepEqual(stringPlaces(text, next.doc.tree), stringPlaces(text, full.doc.tree), label);
      assert.deepEqual(next.diagnostics, full.diagnostics, label);
      if (parsed.parse === 'spliced') spliced++;
      if (prev.doc.syntaxErrors.length === 0 && full.doc.syntaxErrors.length === 0 && name !== 'anchored') clean++;
      edits++;
      prev = next;
    }
  }
  // Broken text is parsed whole; of the edits between good texts, nearly all splice (a line made a comment at column 0 does not).
  assert.ok(spliced > clean * 0.8, `${spliced} of ${edits} edits spliced, ${clean} between texts without errors`);
});

test('YAML splice: a keystroke in a state parses only that entry; anchors, flow style and broken text parse whole', () => {
  const yaml = treeToYaml(parseText(generateMachine({ states: 50, seed: 5 }), 'json').tree!);
  const doc = parseText(yaml, 'yaml');
  const at = yaml.indexOf('Comment: Call') + 'Comment: Call'.length;
  const typed = `${yaml.slice(0, at)}x${yaml.slice(at)}`;
  const spliced = spliceYamlDocument(doc, typed);
  assert.ok(spliced?.tree, 'spliced');
  assert.ok(spliced.tree.reparsed! < 200, `parsed ${spliced.tree.reparsed} characters again`);
  assert.deepEqual(treeSnapshot(spliced.tree), treeSnapshot(parseText(typed, 'yaml').tree));
  // An anchor anywhere: a part may show elsewhere, so nothing is parsed alone.
  const anchored = parseText(ANCHORED, 'yaml');
  const a = ANCHORED.indexOf('a: 1') + 3;
  assert.equal(spliceYamlDocument(anchored, `${ANCHORED.slice(0, a)}2${ANCHORED.slice(a)}`), undefined);
  // Inside a flow mapping its entries are not lines: the block entry around it is parsed again, a line.
  const flow = HAND_WRITTEN.indexOf('Type: Pass, Next') + 'Type: Pa'.length;
  const flowTyped = `${HAND_WRITTEN.slice(0, flow)}x${HAND_WRITTEN.slice(flow)}`;
  const inFlow = spliceYamlDocument(parseText(HAND_WRITTEN, 'yaml'), flowTyped);
  assert.equal(inFlow?.tree?.reparsed, '  Second: {Type: Paxss, Next: Third}\n'.length);
  assert.deepEqual(treeSnapshot(inFlow.tree), treeSnapshot(parseText(flowTyped, 'yaml').tree));
  // An unclosed quote typed: the entry alone has an error, so the whole text is parsed (and located).
  const open = yaml.indexOf('Comment: Call') + 'Comment: '.length;
  const quote = `${yaml.slice(0, open)}"${yaml.slice(open)}`;
  assert.equal(spliceYamlDocument(doc, quote), undefined);
  assert.ok(parseText(quote, 'yaml').syntaxErrors.length > 0);
});

test("YAML incremental validation: a finding after a state's last key (an entry without a value) stays when another state is edited", () => {
  // The finding sits after the colon, past the end of the state's block (its last key).
  const text =
    'StartAt: A\nStates:\n  A:\n    Type: Task\n    Resource: arn:aws:states:::lambda:invoke\n    Next: B\n    ResultSelector:\n  B:\n    Type: Pass\n    Comment: b\n    Next: C\n  C:\n    Type: Succeed\n';
  const first = validateEdited(undefined, reparse(undefined, text, {}, 'yaml'));
  assert.ok(
    first.diagnostics.some((d) => d.code === 'invalid-value' && /ResultSelector/.test(d.message)),
    'the null ResultSelector is found',
  );
  const at = text.indexOf('Comment: b') + 'Comment: b'.length;
  const edited = `${text.slice(0, at)}x${text.slice(at)}`;
  const next = validateEdited(first, reparse(first, edited, {}, 'yaml'));
  assert.ok(next.reuse.statesReused > 0, 'state C is reused');
  assert.deepEqual(next.diagnostics, analyzeText(edited, 'yaml').diagnostics);
});

test("YAML incremental validation: a finding on an alias (at its anchor's text, in another state) stays when that other state is edited", () => {
  // B's Parameters are A's Result by alias: B's invalid path is found at A's text.
  const text =
    'StartAt: A\nStates:\n  A:\n    Type: Pass\n    Result: &r\n      x.$: y\n    Next: B\n  B:\n    Type: Pass\n    Parameters: *r\n    End: true\n';
  const first = validateEdited(undefined, reparse(undefined, text, {}, 'yaml'));
  assert.ok(
    first.diagnostics.some((d) => d.code === 'invalid-jsonpath'),
    JSON.stringify(first.diagnostics),
  );
  const at = text.indexOf('Type: Pass') + 'Type: Pass'.length;
  const edited = `${text.slice(0, at)}\n    Comment: a${text.slice(at)}`;
  const next = validateEdited(first, reparse(first, edited, {}, 'yaml'));
  assert.deepEqual(next.diagnostics, analyzeText(edited, 'yaml').diagnostics);
});

test('YAML splice: typing a new field, through the versions with syntax errors, splices from the last good version', () => {
  const yaml = treeToYaml(parseText(generateMachine({ states: 50, seed: 5 }), 'json').tree!);
  const at = yaml.indexOf('\n', yaml.indexOf('Comment: Call'));
  let prev: EditableAnalysis = validateEdited(undefined, reparse(undefined, yaml, {}, 'yaml'));
  const snippet = '\n    Foo: 1';
  let withErrors = 0;
  for (let k = 1; k <= snippet.length; k++) {
    const text = yaml.slice(0, at) + snippet.slice(0, k) + yaml.slice(at);
    const parsed = reparse(prev, text, {}, 'yaml');
    const full = analyzeText(text, 'yaml');
    assert.equal(parsed.parse, 'spliced', `${JSON.stringify(snippet.slice(0, k))} is spliced`);
    assert.ok(parsed.charactersParsed < 2000, `${JSON.stringify(snippet.slice(0, k))}: ${parsed.charactersParsed} characters parsed`);
    const next = validateEdited(prev, parsed);
    assert.deepEqual(treeSnapshot(next.doc.tree), treeSnapshot(full.doc.tree));
    assert.deepEqual(next.doc.syntaxErrors, full.doc.syntaxErrors);
    assert.deepEqual(next.diagnostics, full.diagnostics);
    if (full.doc.syntaxErrors.length > 0) withErrors++;
    prev = next;
  }
  assert.ok(withErrors >= 3, `${withErrors} versions with syntax errors on the way`);
});
