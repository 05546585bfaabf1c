import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseTree, type Node, type ParseError } from 'jsonc-parser';
import { parseTreeFast, parseTreeTolerant, spliceTree, type Tree } from '../../server/src/core/fastParse';
import { seededRandom } from '../../server/src/core/engine/random';
import { LineIndex } from '../../server/src/core/text';
import { generateMachine } from '../fixtures/generate';
import { parseDocument } from '../../server/src/core/parse';
import { buildModel } from '../../server/src/core/model';
import { runRules } from '../../server/src/core/validate';

const ROOT = join(__dirname, '..', '..', '..');

/** The fast parser's tree in `strip`'s shape, read through the named API (or what it returned instead). */
function fastParseTree(text: string, maxDepth?: number): object | undefined {
  const r = parseTreeFast(text, maxDepth);
  return r && !('tooDeepAt' in r) ? (shape(r, 0) as object) : r;
}

/** A jsonc-parser node (the oracle), as plain data to compare. */
function strip(n: Node): unknown {
  return {
    type: n.type,
    offset: n.offset,
    length: n.length,
    value: n.value,
    colonOffset: n.colonOffset,
    parent: n.parent ? n.parent.offset : -1,
    children: n.children?.map(strip),
  };
}

/** Node i of a Tree in the same shape, through the named API (the colon from its raw array). */
function shape(tree: Tree, i: number): unknown {
  const kind = tree.kindOf(i)!;
  const { offset, length } = tree.range(i);
  const parent = tree.parentOf(i);
  const container = kind === 'object' || kind === 'array' || kind === 'property';
  return {
    type: kind,
    offset,
    length,
    value: tree.scalar(i),
    colonOffset: tree.colon[i] >= 0 ? tree.colon[i] : undefined,
    parent: parent >= 0 ? tree.range(parent).offset : -1,
    children: container ? tree.children(i).map((c) => shape(tree, c)) : undefined,
  };
}

/** Where the fast parser succeeds, its tree is jsonc-parser's; where jsonc-parser errs, it gives up. */
function agree(text: string, label: string): void {
  const errors: ParseError[] = [];
  const slow = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const fast = fastParseTree(text);
  if (errors.length > 0) {
    assert.equal(fast, undefined, `${label}: fast parser accepted text jsonc-parser rejects`);
    // What the fallback reads instead: jsonc-parser's recovered tree, node for node, errors alike.
    tolerantAgrees(text, slow, errors, label);
    return;
  }
  if (fast === undefined) return; // allowed: the fallback handles it
  assert.ok(!('tooDeepAt' in fast));
  assert.deepEqual(fast, strip(slow!), label);
  // The fallback's builder gives the same nodes too.
  tolerantAgrees(text, slow, errors, label);
}

/** The tolerant builder makes parseTree's nodes (and its errors) from the same text. */
function tolerantAgrees(text: string, slow: Node | undefined, errors: ParseError[], label: string): void {
  const found: ParseError[] = [];
  const tree = parseTreeTolerant(text, found, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  assert.deepEqual(found, errors, `${label} (tolerant: errors)`);
  if (!slow) {
    assert.equal(tree, undefined, `${label} (tolerant: no tree)`);
    return;
  }
  assert.ok(tree, `${label} (tolerant: a tree)`);
  assert.deepEqual(shape(tree, 0), strip(slow), `${label} (tolerant)`);
  // Subtree ends are consistent: every node's children lie inside it and follow one another.
  for (let i = 0; i < tree.size; i++) {
    assert.ok(tree.end[i] > i && tree.end[i] <= (tree.parent[i] >= 0 ? tree.end[tree.parent[i]] : tree.size), `${label}: end of ${i}`);
  }
}

function aslFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) aslFiles(p, out);
    else if (name.endsWith('.json')) out.push(p);
  }
  return out;
}

test('same trees as jsonc-parser on the examples and the corpus', () => {
  const files = [...aslFiles(join(ROOT, 'examples')), ...aslFiles(join(ROOT, 'test', 'corpus'))];
  assert.ok(files.length >= 3);
  for (const f of files) agree(readFileSync(f, 'utf8'), f);
});

test('same trees on generated machines, both query languages', () => {
  for (const queryLanguage of ['JSONPath', 'JSONata'] as const) {
    const text = generateMachine({ states: 300, queryLanguage, seed: 11 });
    assert.notEqual(fastParseTree(text), undefined);
    agree(text, queryLanguage);
  }
});

test('edge cases: escapes, numbers, literals, whitespace', () => {
  const cases = [
    '{}',
    '[]',
    '""',
    '0',
    '-0',
    '1.5e+10',
    '-12.25E-3',
    'true',
    'false',
    'null',
    '{"a\\"b": "c\\\\d\\u00e9\\n", "x": [1, [2, [3, {}]]], "y": {"z": null}}',
    ' \t\r\n{ "a" : 1 , "b" :[ ] } \n',
  ];
  // Dense text, so the arrays grow past their first guess at the node count.
  cases.push(`[${'1,'.repeat(3000)}1]`, `{${Array.from({ length: 800 }, (_, i) => `"k${i}":[${i},{"x":null}]`).join(',')}}`);
  for (const c of cases) {
    assert.notEqual(fastParseTree(c), undefined, c.slice(0, 40));
    agree(c, c.slice(0, 40));
  }
});

test('gives up on anything jsonc-parser reports, at every prefix and with mutations', () => {
  const text = readFileSync(join(ROOT, 'examples', 'article-review', 'article-review.asl.json'), 'utf8');
  for (let i = 0; i < text.length; i++) agree(text.slice(0, i), `prefix ${i}`);
  const bad = [
    '{"a": 01}',
    '{"a": 1.}',
    '{"a": -}',
    '{"a": .5}',
    '{"a": 1e}',
    '{"a" 1}',
    '{"a": 1,}',
    '[1,]',
    '{,}',
    '{"a": tru}',
    '{"a": "x\ny"}',
    '{"a": "\\x"}',
    '{"a": 1} x',
    '// c\n{}',
    '{"a": 1 /* c */}',
    "{'a': 1}",
    '{"a": NaN}',
    '\uFEFF{}',
    // Recovery: missing values, colons and commas, mismatched brackets, values after the end.
    '{"a": , "b": 1}',
    '{"a" , "b": 2}',
    '{"a": {"b": , "c": [1, , 2]}, "d": }',
    '[1 2]',
    '{"a": 1 "b": 2}',
    '{"a": [}',
    '[{]',
    '{"a": {"b": 1]}',
    '{"a": 1}}',
    '[1]]',
    '{"a": 1} {"b": 2}',
    '{"a":',
    '{"a"',
    '{"a": [1, {"b": }',
    '{"x": tru, "y": 1}',
    ':',
    ',',
    // Dense text (more nodes than the first guess at the node count): the arrays grow.
    `[${'1,'.repeat(3000)}]`,
    `{${Array.from({ length: 800 }, (_, i) => `"k${i}":[${i},{}]`).join(',')},}`,
  ];
  for (const b of bad) {
    assert.equal(fastParseTree(b), undefined, b);
    agree(b, b);
  }
});

test('deep nesting is reported, not recursed', () => {
  const deep = '['.repeat(100_000) + ']'.repeat(100_000);
  const r = fastParseTree(deep, 2000);
  assert.ok(r && 'tooDeepAt' in r);
  assert.equal((r as { tooDeepAt: number }).tooDeepAt, 2000);
});

test('repeated keys collected while parsing are the ones the tree walk finds', () => {
  const text = `{
  "StartAt": "A", "StartAt": "A",
  "States": {
    "A": { "Type": "Pass", "Result": { "x": 1, "y": 2, "x": 3 }, "End": true, "End": true },
    "B": { "Type": "Pass", "End": true, "Parameters": { ${Array.from({ length: 14 }, (_, i) => `"k${i % 13}": ${i}`).join(', ')} } },
    "A": { "Type": "Succeed" }
  }
}`;
  const doc = parseDocument(text);
  assert.ok(doc.duplicateKeys, 'the fast parser collected the repeated keys');
  // StartAt, x, End, k0 (the 13+ key object takes the Map path); the repeated state name "A" is a key too.
  assert.deepEqual(
    doc.duplicateKeys.map(([k]) => doc.tree!.string(k)),
    ['x', 'End', 'k0', 'A', 'StartAt'],
  );
  const machine = buildModel(doc);
  const collected = runRules(doc, machine, {});
  const walked = runRules({ ...doc, duplicateKeys: undefined }, machine, {});
  assert.deepEqual(collected, walked);
  assert.equal(collected.filter((d) => d.code === 'duplicate-state').length, 5);
});

test("the named API reads what jsonc-parser's tree holds, from either parser", () => {
  const text = '{"a": 1, "b": {"c": [true, null]}, "d": "x", "a": 2}';
  const slow = parseTree(text)!;
  const errors: ParseError[] = [];
  const trees = [
    parseTreeFast(text) as Tree,
    parseTreeTolerant(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false })!,
  ];
  const rangeOf = (n: Node) => ({ offset: n.offset, length: n.length });
  for (const tree of trees) {
    assert.equal(tree.kindOf(0), 'object');
    const props = tree.children(0);
    assert.equal(props.length, slow.children!.length);
    props.forEach((p, i) => {
      const oracle = slow.children![i];
      assert.equal(tree.kindOf(p), 'property');
      assert.equal(tree.parentOf(p), 0);
      assert.deepEqual(tree.children(p), [tree.keyNode(p), tree.valueNode(p)]);
      assert.deepEqual(tree.range(tree.keyNode(p)), rangeOf(oracle.children![0]));
      assert.deepEqual(tree.range(tree.valueNode(p)), rangeOf(oracle.children![1]));
      assert.equal(tree.keyText(p), oracle.children![0].value);
      assert.equal(tree.string(tree.keyNode(p)), oracle.children![0].value);
      assert.equal(tree.parentOf(tree.keyNode(p)), p);
      assert.equal(tree.parentOf(tree.valueNode(p)), p);
    });
    // First occurrence wins, as JSON.parse does not: the model reads the first.
    assert.equal(tree.property(0, 'a'), props[0]);
    assert.equal(tree.number(tree.get(0, 'a')), 1);
    assert.equal(tree.get(0, 'missing'), -1);
    assert.equal(tree.property(0, 'missing'), -1);
    const c = tree.get(tree.get(0, 'b'), 'c');
    assert.equal(tree.kindOf(c), 'array');
    const [t, n] = tree.children(c);
    assert.equal(tree.boolean(t), true);
    assert.equal(tree.scalar(n), null);
    assert.equal(tree.kindOf(n), 'null');
    assert.equal(tree.string(tree.get(0, 'd')), 'x');
    // Wrong kinds and -1 give nothing, never another node's value.
    assert.equal(tree.string(tree.get(0, 'a')), undefined);
    assert.equal(tree.number(tree.get(0, 'd')), undefined);
    assert.equal(tree.scalar(c), undefined);
    assert.equal(tree.get(c, 'x'), -1, 'an array has no properties');
    assert.equal(tree.keyNode(-1), -1);
    assert.equal(tree.keyText(-1), undefined);
    assert.equal(tree.valueNode(tree.get(0, 'a')), -1, 'a number has no value node');
    assert.equal(tree.kindOf(-1), undefined);
    assert.deepEqual(tree.children(-1), []);
    assert.deepEqual(tree.children(t), [], 'a scalar has no children');
    assert.equal(tree.parentOf(0), -1);
  }
  assert.deepEqual(errors, []);
});

test('a spliced tree is the tree of a whole parse, entry for entry, after random edits', () => {
  const random = seededRandom(17);
  const base = generateMachine({ states: 80, seed: 4 });
  const pieces = ['1', ' ', '"x": 2, ', '{}', '[1, 2], ', '"a"', 'true, ', '\n'];
  let spliced = 0;
  for (let step = 0; step < 300; step++) {
    const prev = parseTreeFast(base, Infinity, []) as Tree;
    const pos = Math.floor(random() * base.length);
    const text =
      random() < 0.5
        ? base.slice(0, pos) + pieces[Math.floor(random() * pieces.length)] + base.slice(pos)
        : base.slice(0, pos) + base.slice(pos + 1 + Math.floor(random() * 4));
    let start = 0;
    while (start < Math.min(base.length, text.length) && base[start] === text[start]) start++;
    let suffix = 0;
    while (suffix < Math.min(base.length, text.length) - start && base[base.length - 1 - suffix] === text[text.length - 1 - suffix])
      suffix++;
    const tree = spliceTree(prev, text, start, base.length - suffix, text.length - base.length);
    const whole = parseTreeFast(text, Infinity, []);
    if (!tree) continue;
    spliced++;
    assert.ok(whole && !('tooDeepAt' in whole), `step ${step}: splice accepted text a whole parse rejects`);
    for (const field of ['kind', 'offset', 'length', 'parent', 'end', 'colon'] as const) {
      assert.deepEqual(Array.from(tree[field]), Array.from(whole[field]), `step ${step}: ${field}`);
    }
    assert.deepEqual(tree.values, whole.values, `step ${step}: values`);
    const pairs = (t: Tree) => {
      const r = t.repeated ?? [];
      const out: string[] = [];
      for (let k = 0; k < r.length; k += 2) out.push(`${r[k]}/${r[k + 1]}`);
      return out.sort();
    };
    assert.deepEqual(pairs(tree), pairs(whole), `step ${step}: repeated keys`);
    assert.deepEqual(tree.lineStarts, whole.lineStarts, `step ${step}: line starts`);
  }
  assert.ok(spliced > 100, `only ${spliced} edits were spliced`);
});

test('the line starts the parser notes are the ones the line index computes (LF, CRLF, lone CR)', () => {
  const machine = generateMachine({ states: 20, seed: 3 });
  for (const text of [machine, machine.replace(/\n/g, '\r\n'), machine.replace(/\n/g, '\r'), '{"a":\r\n1,\n\r"b" :\t[ \r ]}', '[]']) {
    const tree = parseTreeFast(text) as Tree;
    assert.ok(tree.lineStarts);
    const noted = new LineIndex(text, tree.lineStarts);
    const computed = new LineIndex(text);
    assert.equal(noted.lineCount, computed.lineCount);
    for (let i = 0; i <= text.length; i += 7) assert.deepEqual(noted.positionAt(i), computed.positionAt(i), `offset ${i}`);
  }
});

test('an edit between the states of a large machine splices the whole States object', () => {
  const text = generateMachine({ states: 3000, seed: 8 });
  const prev = parseTreeFast(text, Infinity, []) as Tree;
  // A space after the first state's closing brace: the innermost container is States itself.
  const at = text.indexOf('\n    },\n') + '\n    },'.length;
  const edited = text.slice(0, at) + ' ' + text.slice(at);
  const tree = spliceTree(prev, edited, at, at, 1);
  assert.ok(tree, 'spliced');
  assert.ok(tree.size > 100_000, `a large machine (${tree.size} nodes)`);
  const whole = parseTreeFast(edited, Infinity, []) as Tree;
  for (const field of ['kind', 'offset', 'length', 'parent', 'end', 'colon'] as const) {
    assert.deepEqual(Array.from(tree[field]), Array.from(whole[field]), field);
  }
  assert.deepEqual(tree.values, whole.values);
});
