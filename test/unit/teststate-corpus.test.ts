// The TestState corpus: request/response pairs under test/teststate-corpus (see its README), each
// request answered by testState() and compared with the response AWS gives (recorded, documented
// or reasoned, as each case says). JSON-encoded fields are compared as the JSON they hold: AWS's
// own spacing inside those strings varies (the recordings show both "[1, 4, 9]" and compact text).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { testState, TestStateRequestError, type TestStateRequest } from '../../server/src/core/engine/testState';

const MIN_CASES = 60;
const CORPUS = resolve(__dirname, '../../../test/teststate-corpus');
/** Response fields holding JSON text (the API model's string-typed JSON). */
const JSON_TEXT = new Set([
  'output',
  'input',
  'afterArguments',
  'afterInputPath',
  'afterParameters',
  'result',
  'afterResultSelector',
  'afterResultPath',
  'variables',
  'afterItemsPath',
  'afterItemSelector',
]);
const CASE_KEYS = new Set(['name', 'source', 'kind', 'match', 'note', 'request', 'response']);

interface Case {
  name: string;
  source: string;
  kind: 'recorded' | 'adapted' | 'guide' | 'documented' | 'reasoned';
  match: 'exact' | 'subset' | 'exception';
  note?: string;
  request: TestStateRequest;
  response: Record<string, unknown>;
}

function decoded(key: string, v: unknown): unknown {
  return JSON_TEXT.has(key) && typeof v === 'string' ? JSON.parse(v) : v;
}

/** Compares one object level; `exact` also holds the key sets equal. */
function compare(actual: Record<string, unknown>, expected: Record<string, unknown>, exact: boolean, where: string): void {
  if (exact) assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), `${where}: fields`);
  for (const [k, want] of Object.entries(expected)) {
    const got = actual[k];
    assert.ok(got !== undefined, `${where}.${k}: missing (expected ${JSON.stringify(want)})`);
    if (typeof want === 'object' && want !== null && !Array.isArray(want)) {
      assert.equal(typeof got, 'object', `${where}.${k}: not an object`);
      compare(got as Record<string, unknown>, want as Record<string, unknown>, exact, `${where}.${k}`);
    } else {
      if (JSON_TEXT.has(k)) assert.equal(typeof got, 'string', `${where}.${k}: AWS sends JSON text here`);
      assert.deepEqual(decoded(k, got), decoded(k, want), `${where}.${k}`);
    }
  }
}

const files = readdirSync(CORPUS).filter((f) => f.endsWith('.json'));
const all: { file: string; c: Case }[] = [];
for (const file of files) for (const c of JSON.parse(readFileSync(join(CORPUS, file), 'utf8')) as Case[]) all.push({ file, c });

describe('TestState corpus', () => {
  test(`has at least ${MIN_CASES} cases, each with a source`, () => {
    assert.ok(all.length >= MIN_CASES, `${all.length} cases`);
    const names = new Set<string>();
    for (const { file, c } of all) {
      for (const k of Object.keys(c)) assert.ok(CASE_KEYS.has(k), `${file}/${c.name}: unknown key ${k}`);
      assert.ok(c.source && c.source.length > 10, `${file}/${c.name}: no source`);
      assert.ok(!names.has(c.name), `duplicate case name ${c.name}`);
      names.add(c.name);
      if (c.kind === 'reasoned' || c.kind === 'adapted')
        assert.ok(c.note || c.kind === 'reasoned', `${c.name}: an adapted case says what was changed`);
    }
  });

  for (const { file, c } of all) {
    test(`${file}: ${c.name}`, async () => {
      if (c.match === 'exception') {
        await assert.rejects(testState(c.request), (e: unknown) => {
          assert.ok(e instanceof TestStateRequestError, `expected ${String(c.response.__type)}, got ${String(e)}`);
          assert.equal(e.code, c.response.__type);
          // A recorded refusal gives AWS's message too.
          if (c.response.message !== undefined) assert.equal(e.message, c.response.message);
          return true;
        });
        return;
      }
      const response = (await testState(c.request)) as unknown as Record<string, unknown>;
      compare(response, c.response, c.match === 'exact', c.name);
    });
  }
});
