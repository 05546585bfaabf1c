import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validate } from '../../server/src/core';
import { generateMachine } from '../fixtures/generate';
import { seededRandom } from '../../server/src/core/engine/random';

const ROOT = join(__dirname, '..', '..', '..');

test('empty and blank files give one clear json-syntax diagnostic', () => {
  for (const text of ['', '   \n\t\n']) {
    const d = validate(text);
    assert.equal(d.length, 1);
    assert.equal(d[0].code, 'json-syntax');
    assert.match(d[0].message, /empty/);
  }
});

test('a non-object root is reported', () => {
  for (const text of ['[]', '42', '"machine"', 'null']) {
    const d = validate(text);
    assert.ok(
      d.some((x) => x.code === 'json-syntax' && /must be a JSON object/.test(x.message)),
      text,
    );
  }
});

test('10,000 levels of nesting: a located diagnostic, no stack overflow', () => {
  const n = 10_000;
  for (const text of ['['.repeat(n) + ']'.repeat(n), '{"a":'.repeat(n) + '1' + '}'.repeat(n)]) {
    const d = validate(text);
    assert.equal(d.length, 1);
    assert.equal(d[0].code, 'json-syntax');
    assert.match(d[0].message, /nested more than 1000 levels/);
    assert.equal(d[0].offset, text[0] === '[' ? 1000 : 5000);
  }
  const inParameters = `{"StartAt":"S","States":{"S":{"Type":"Pass","End":true,"Parameters":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}}}`;
  assert.equal(validate(inParameters)[0].code, 'json-syntax');
});

test('900 levels of nesting inside a state still validate fully', () => {
  const n = 900;
  const text = `{"StartAt":"S","States":{"S":{"Type":"Pass","End":true,"Parameters":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}}}`;
  assert.deepEqual(validate(text), []);
});

/** The json-syntax rule shows this many parse errors, then one line saying how many more follow. */
const SHOWN_SYNTAX_ERRORS = 100;
/**
 * Seeds of the garbage below, chosen for the shapes they parse to: 46 and 90 are arrays at the root
 * with more errors than are shown (the cap's summary line plus the two root findings, 103
 * diagnostics: the case that failed now and then with unseeded bytes), 9 a string, 1 a number.
 */
const GARBAGE_SEEDS = [46, 90, 9, 1];

function garbage(seed: number, length: number): string {
  const random = seededRandom(seed);
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = Math.floor(random() * 256);
  return bytes.toString('latin1');
}

test('binary garbage: json-syntax diagnostics, capped, no crash', () => {
  for (const seed of GARBAGE_SEEDS) {
    const d = validate(garbage(seed, 300_000));
    const at = `seed ${seed}: ${d.length} diagnostics`;
    // Besides the parse errors, a root that is not an object is said once in each of two ways.
    const rootShape = d.filter((x) => /must be a JSON object/.test(x.message));
    assert.ok(rootShape.length === 0 || rootShape.length === 2, `${at}: ${JSON.stringify(rootShape)}`);
    const parse = d.filter((x) => !rootShape.includes(x));
    assert.ok(
      parse.length >= 1 && parse.every((x) => x.code === 'json-syntax'),
      `${at}: ${JSON.stringify(parse.find((x) => x.code !== 'json-syntax'))}`,
    );
    const summary = parse.filter((x) => /more JSON syntax errors follow/.test(x.message));
    assert.ok(parse.length <= SHOWN_SYNTAX_ERRORS + 1, at);
    assert.equal(summary.length, parse.length > SHOWN_SYNTAX_ERRORS ? 1 : 0, at);
  }
  const overflowing = validate(garbage(GARBAGE_SEEDS[0], 300_000));
  assert.equal(overflowing.length, SHOWN_SYNTAX_ERRORS + 3, 'the seed that fills the cap still does (else pick another)');
  const nul = '\u0000\u0001\u0002{"StartAt": "A"\u0000}';
  assert.ok(validate(nul).some((x) => x.code === 'json-syntax'));
});

test('a 5 MB machine validates (no crash), and 5 MB of near-JSON noise too', () => {
  let text = generateMachine({ states: 20_000, seed: 7 });
  assert.ok(text.length > 5_000_000, `generated ${text.length} characters`);
  const d = validate(text);
  assert.deepEqual(
    d.filter((x) => x.severity === 'error'),
    [],
  );
  text = '{"StartAt": "A", "States": {' + '"x": [1, 2, {"y": "z"}], '.repeat(200_000) + '}}';
  assert.ok(validate(text).length > 0);
});

test('every prefix of a real machine: no crash, a diagnostic for each', () => {
  const full = readFileSync(join(ROOT, 'examples', 'article-review', 'article-review.asl.json'), 'utf8').trimEnd();
  assert.deepEqual(validate(full), []);
  for (let i = 0; i < full.length; i++) {
    const prefix = full.slice(0, i);
    let d;
    try {
      d = validate(prefix);
    } catch (err) {
      assert.fail(`prefix of ${i} characters threw: ${(err as Error).stack}`);
    }
    assert.ok(d.length > 0, `prefix of ${i} characters gave no diagnostic`);
    assert.ok(!d.some((x) => x.code === 'internal-error'), `prefix of ${i}: ${JSON.stringify(d.find((x) => x.code === 'internal-error'))}`);
  }
});

test('deep nesting after an unterminated string is still caught by the nesting guard (found by the LSP fuzzer, seed 189377907)', () => {
  // jsonc-parser ends an unterminated string at the line break, so the brackets after it nest for
  // real; the guard used to skip them as the inside of a string and a rule overflowed the stack.
  const text = `{"StartAt": "A", "States": {"A": {"Type": "Pass", "Comment": "unterminated\n "x": ${'['.repeat(1500)}1${']'.repeat(1500)}, "End": true}}}`;
  const d = validate(text);
  assert.ok(!d.some((x) => x.code === 'internal-error'), d.map((x) => x.message).join('\n'));
  assert.ok(
    d.some((x) => /nested more than 1000 levels/.test(x.message)),
    d.map((x) => x.message).join('\n'),
  );
});
