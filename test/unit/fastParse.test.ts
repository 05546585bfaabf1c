import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseTree, type Node, type ParseError } from 'jsonc-parser';
import { fastParseTree } from '../../server/src/core/fastParse';
import { generateMachine } from '../fixtures/generate';

const ROOT = join(__dirname, '..', '..', '..');

function strip(n: Node): unknown {
  return {
    type: n.type, offset: n.offset, length: n.length, value: n.value, colonOffset: n.colonOffset,
    parent: n.parent ? n.parent.offset : -1, children: n.children?.map(strip),
  };
}

/** Where the fast parser succeeds, its tree is jsonc-parser's; where jsonc-parser errs, it gives up. */
function agree(text: string, label: string): void {
  const errors: ParseError[] = [];
  const slow = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const fast = fastParseTree(text);
  if (errors.length > 0) {
    assert.equal(fast, undefined, `${label}: fast parser accepted text jsonc-parser rejects`);
    return;
  }
  if (fast === undefined) return; // allowed: the fallback handles it
  assert.ok(!('tooDeepAt' in fast));
  assert.deepEqual(strip(fast as Node), strip(slow!), label);
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
    '{}', '[]', '""', '0', '-0', '1.5e+10', '-12.25E-3', 'true', 'false', 'null',
    '{"a\\"b": "c\\\\d\\u00e9\\n", "x": [1, [2, [3, {}]]], "y": {"z": null}}',
    ' \t\r\n{ "a" : 1 , "b" :[ ] } \n',
  ];
  for (const c of cases) {
    assert.notEqual(fastParseTree(c), undefined, c);
    agree(c, c);
  }
});

test('gives up on anything jsonc-parser reports, at every prefix and with mutations', () => {
  const text = readFileSync(join(ROOT, 'examples', 'article-review', 'article-review.asl.json'), 'utf8');
  for (let i = 0; i < text.length; i++) agree(text.slice(0, i), `prefix ${i}`);
  const bad = ['{"a": 01}', '{"a": 1.}', '{"a": -}', '{"a": .5}', '{"a": 1e}', '{"a" 1}', '{"a": 1,}', '[1,]', '{,}', '{"a": tru}',
    '{"a": "x\ny"}', '{"a": "\\x"}', '{"a": 1} x', '// c\n{}', '{"a": 1 /* c */}', '{\'a\': 1}', '{"a": NaN}', '\uFEFF{}'];
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
