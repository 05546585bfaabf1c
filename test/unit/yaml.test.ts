import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isMap, parseDocument } from 'yaml';
import { parseYamlDocument, treeFromYaml, YAML_OPTIONS } from '../../server/src/core/yaml';
import { analyzeText } from '../../server/src/core/syntax';
import { stringOffsetsAt } from '../../server/src/core/strings';
import { ARRAY, OBJECT, PROPERTY, STRING, type Tree } from '../../server/src/core/tree';

/** The tree's value as plain data (objects, arrays, scalars), read through the named API. */
function toData(tree: Tree, i: number): unknown {
  const kind = tree.kindOf(i);
  if (kind === 'object') {
    const out: Record<string, unknown> = {};
    for (const p of tree.children(i)) out[tree.keyText(p)!] = toData(tree, tree.valueNode(p));
    return out;
  }
  if (kind === 'array') return tree.children(i).map((c) => toData(tree, c));
  return tree.scalar(i);
}

function slice(text: string, tree: Tree, i: number): string {
  const r = tree.range(i);
  return text.slice(r.offset, r.offset + r.length);
}

/** Structural checks every tree must pass: subtrees nest, children in text order inside their parent. */
function checkShape(tree: Tree): void {
  for (let i = 0; i < tree.size; i++) {
    const up = tree.parentOf(i);
    assert.ok(tree.end[i] > i && tree.end[i] <= tree.size, `end of ${i}`);
    if (up >= 0) {
      assert.ok(i > up && i < tree.end[up], `node ${i} lies in its parent's subtree`);
      const r = tree.range(i);
      const p = tree.range(up);
      assert.ok(r.offset >= p.offset && r.offset + r.length <= p.offset + p.length, `node ${i} lies in its parent's text`);
    }
    if (tree.kind[i] === PROPERTY) assert.equal(tree.kind[i + 1], STRING);
  }
}

const MACHINE = `# a machine in block style
Comment: "A \\"quoted\\" comment"
StartAt: First
States:
  First:
    Type: Pass
    Parameters:
      plain: some words
      single: 'it''s'
      number: 42
      float: 1.5
      yes: true
      none: null
      tilde: ~
      list: [1, two, {three: 3}]
      literal: |
        line one
        line two
      folded: >-
        folded
        text
    Next: Second
  Second: {Type: Succeed}
`;

test('YAML: block and flow style, scalars of every kind, offsets at their text', () => {
  const doc = parseYamlDocument(MACHINE);
  assert.deepEqual(doc.syntaxErrors, []);
  const tree = doc.tree!;
  checkShape(tree);
  assert.deepEqual(toData(tree, 0), parseDocument(MACHINE).toJS());
  const params = tree.get(tree.get(tree.get(tree.get(0, 'States'), 'First'), 'Parameters'), 'plain');
  assert.equal(slice(MACHINE, tree, params), 'some words');
  const first = tree.get(tree.get(0, 'States'), 'First');
  const p = tree.get(first, 'Parameters');
  assert.equal(slice(MACHINE, tree, tree.get(p, 'single')), "'it''s'");
  assert.equal(slice(MACHINE, tree, tree.get(p, 'number')), '42');
  assert.equal(slice(MACHINE, tree, tree.get(p, 'literal')), '|\n        line one\n        line two');
  assert.equal(slice(MACHINE, tree, tree.get(p, 'list')), '[1, two, {three: 3}]');
  assert.equal(tree.kindOf(tree.get(p, 'tilde')), 'null');
  // Every key at its text, each property from its key to its value's end, colon at ':'.
  for (let i = 0; i < tree.size; i++) {
    if (tree.kind[i] !== PROPERTY) continue;
    assert.equal(slice(MACHINE, tree, tree.keyNode(i)), tree.keyText(i));
    assert.equal(MACHINE[tree.colon[i]], ':');
    const v = tree.valueNode(i);
    const r = tree.range(i);
    assert.equal(r.offset + r.length, tree.range(v).offset + tree.range(v).length);
  }
  // Flow mapping as a state: the object spans its braces.
  assert.equal(slice(MACHINE, tree, tree.get(tree.get(0, 'States'), 'Second')), '{Type: Succeed}');
});

test('YAML: string offsets map value indexes across quoting, escapes and blocks', () => {
  const doc = parseYamlDocument(MACHINE);
  const tree = doc.tree!;
  let checked = 0;
  for (let i = 0; i < tree.size; i++) {
    if (tree.kind[i] !== STRING) continue;
    const value = tree.string(i)!;
    const at = stringOffsetsAt(MACHINE, tree, i);
    for (let k = 0; k < value.length; k++) {
      const ch = value[k];
      // A folded line break (space) or a '' escape may sit on another character; the rest is itself.
      if (ch === ' ' || ch === '\n' || ch === '"' || ch === "'") continue;
      assert.equal(MACHINE[at(k)], ch, `${JSON.stringify(value)}[${k}]`);
      checked++;
    }
    const r = tree.range(i);
    assert.ok(at(value.length) <= r.offset + r.length && at(value.length) >= at(Math.max(0, value.length - 1)));
  }
  assert.ok(checked > 100);
  // Escapes: the value index after \" and \u00e9 lands after them in the text.
  const text = "a: \"x\\\"y\\u00e9z\"\nb: 'p''q'\n";
  const t = parseYamlDocument(text).tree!;
  const a = stringOffsetsAt(text, t, t.get(0, 'a'));
  assert.equal(text[a(0)], 'x');
  assert.equal(text.slice(a(1), a(1) + 2), '\\"');
  assert.equal(text[a(2)], 'y');
  assert.equal(text.slice(a(3), a(3) + 6), '\\u00e9');
  assert.equal(text[a(4)], 'z');
  const b = stringOffsetsAt(text, t, t.get(0, 'b'));
  assert.equal(text[b(2)], 'q');
});

test('YAML: anchors and aliases stand for the anchored node; merge keys bring its keys', () => {
  const text = 'base: &b\n  Type: Pass\n  End: true\ncopy: *b\nmerged:\n  <<: *b\n  End: false\n';
  const doc = parseYamlDocument(text);
  assert.deepEqual(doc.syntaxErrors, []);
  const tree = doc.tree!;
  assert.deepEqual(toData(tree, tree.get(0, 'copy')), { Type: 'Pass', End: true });
  // The alias's nodes are the anchor's text.
  assert.equal(tree.range(tree.get(tree.get(0, 'copy'), 'Type')).offset, text.indexOf('Pass'));
  assert.deepEqual(toData(tree, tree.get(0, 'merged')), { Type: 'Pass', End: false });
  const bad = parseYamlDocument('a: *nowhere\n');
  assert.equal(bad.syntaxErrors.length, 1);
  assert.match(bad.syntaxErrors[0].message, /Unknown alias \*nowhere/);
  assert.equal(bad.syntaxErrors[0].offset, 3);
});

test('YAML: CloudFormation short-form tags read as their long forms', () => {
  const text = [
    'a: !Sub "arn:${AWS::Region}"',
    'b: !GetAtt Fn.Arn',
    'c: !Ref Name',
    'd: !Join',
    '  - ""',
    '  - [x, !Ref Y]',
    'e: !If [Cond, 1, 2]',
    'f: !Condition IsProd',
    'g: !Select [0, !GetAZs ""]',
    'h: !Base64 text',
    'i: !FindInMap [M, K, V]',
    'j: !ImportValue Exported',
    'k: !Split [",", "a,b"]',
    'l: !Equals [1, 1]',
    'm: !And [!Not [!Or [x, y]]]',
    'n: !Cidr [ip, 6, 5]',
    '',
  ].join('\n');
  const doc = parseYamlDocument(text);
  assert.deepEqual(doc.syntaxErrors, []);
  const tree = doc.tree!;
  checkShape(tree);
  assert.deepEqual(toData(tree, 0), {
    a: { 'Fn::Sub': 'arn:${AWS::Region}' },
    b: { 'Fn::GetAtt': ['Fn', 'Arn'] },
    c: { Ref: 'Name' },
    d: { 'Fn::Join': ['', ['x', { Ref: 'Y' }]] },
    e: { 'Fn::If': ['Cond', 1, 2] },
    f: { Condition: 'IsProd' },
    g: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] },
    h: { 'Fn::Base64': 'text' },
    i: { 'Fn::FindInMap': ['M', 'K', 'V'] },
    j: { 'Fn::ImportValue': 'Exported' },
    k: { 'Fn::Split': [',', 'a,b'] },
    l: { 'Fn::Equals': [1, 1] },
    m: { 'Fn::And': [{ 'Fn::Not': [{ 'Fn::Or': ['x', 'y'] }] }] },
    n: { 'Fn::Cidr': ['ip', 6, 5] },
  });
  // The long form's key is the tag's text; !GetAtt's parts are their own text.
  const sub = tree.get(0, 'a');
  assert.equal(sub >= 0 && tree.kind[sub], OBJECT);
  assert.equal(slice(text, tree, tree.keyNode(tree.property(sub, 'Fn::Sub'))), '!Sub');
  assert.equal(slice(text, tree, sub), '!Sub "arn:${AWS::Region}"');
  const parts = tree.get(tree.get(0, 'b'), 'Fn::GetAtt');
  assert.equal(tree.kind[parts], ARRAY);
  assert.deepEqual(
    tree.children(parts).map((c) => slice(text, tree, c)),
    ['Fn', 'Arn'],
  );
});

test('YAML: every syntax error located, with a plain message', () => {
  const cases: [string, string, RegExp][] = [
    ['StartAt: A\nStates:\n\tA: 1\n', '\t', /Tabs are not allowed as indentation/],
    ['StartAt: "A\nStates: {}\n', '', /Missing closing "quote/],
    ['StartAt: A\n---\nStates: {}\n', '---', /second YAML document/],
    ['StartAt: A\nStates: [1, 2\n', '', /Flow sequence/],
    ['StartAt: "\\q"\n', '\\q', /Invalid escape/],
    ['StartAt: A\n  States: 1\n', '', /./],
    ['StartAt: @A\n', '@', /reserved character @/],
  ];
  for (const [text, at, message] of cases) {
    const doc = parseYamlDocument(text);
    assert.ok(doc.syntaxErrors.length > 0, JSON.stringify(text));
    const e = doc.syntaxErrors[0];
    assert.match(e.message, /^YAML syntax error: /);
    assert.match(doc.syntaxErrors.map((x) => x.message).join('\n'), message, JSON.stringify(text));
    if (at) assert.equal(text.slice(e.offset, e.offset + at.length), at, JSON.stringify(text));
    // Findings carry them as json-syntax errors at their place.
    const found = analyzeText(text, 'yaml').diagnostics.filter((d) => d.code === 'json-syntax');
    assert.ok(
      found.some((d) => d.offset === e.offset),
      JSON.stringify(text),
    );
  }
});

test("YAML: repeated keys are the duplicate rule's findings, at the repeated key", () => {
  const text = 'StartAt: A\nStates:\n  A:\n    Type: Pass\n    End: true\n    End: true\n  A:\n    Type: Succeed\n';
  const found = analyzeText(text, 'yaml').diagnostics.filter((d) => d.code === 'duplicate-state');
  assert.deepEqual(found.map((d) => d.range.start.line).sort(), [5, 6]);
});

test("YAML: a tree of one node inside a larger document keeps the host text's offsets", () => {
  const text =
    'Resources:\n  Machine:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      Definition:\n        StartAt: A\n        States:\n          A: {Type: Pass, End: true}\n';
  const doc = parseDocument(text, YAML_OPTIONS);
  const resources = doc.get('Resources');
  assert.ok(isMap(resources));
  const def = doc.getIn(['Resources', 'Machine', 'Properties', 'Definition'], true);
  const tree = treeFromYaml(text, def, doc)!;
  checkShape(tree);
  assert.deepEqual(toData(tree, 0), { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } });
  assert.equal(tree.range(tree.keyNode(tree.property(0, 'StartAt'))).offset, text.indexOf('StartAt'));
  assert.equal(slice(text, tree, tree.get(tree.get(0, 'States'), 'A')), '{Type: Pass, End: true}');
});

test('YAML: sub-string findings land on the written characters (JSONPath in quotes, intrinsic in a folded block)', () => {
  const text = [
    'StartAt: A',
    'States:',
    '  A:',
    '    Type: Pass',
    '    Parameters:',
    '      "x.$": "$.\\u0061b[?(@.c=)]"',
    '      y.$: >-',
    "        States.Format('{}',",
    '        $.q',
    '    End: true',
    '',
  ].join('\n');
  const ds = analyzeText(text, 'yaml').diagnostics;
  const path = ds.find((d) => d.code === 'invalid-jsonpath');
  assert.ok(path, JSON.stringify(ds));
  assert.equal(text.slice(path.offset, path.offset + path.length), '=');
  const intrinsic = ds.find((d) => d.code === 'invalid-intrinsic');
  assert.ok(intrinsic, JSON.stringify(ds));
  assert.equal(intrinsic.range.start.line, 7);
  assert.equal(text[intrinsic.offset], 'S');
});
