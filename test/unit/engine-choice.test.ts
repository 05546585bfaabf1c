/** Choice rules (JSONPath): every operator, the Path forms, the type tests, and the failures. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { machine, runText } from './engineHelpers';

/** Runs one rule against an input: 'yes', 'no', or the error. */
async function rule(r: Record<string, unknown>, input: unknown): Promise<string> {
  const text = machine({
    C: { Type: 'Choice', Choices: [{ ...r, Next: 'Yes' }], Default: 'No' },
    Yes: { Type: 'Pass', End: true },
    No: { Type: 'Pass', End: true },
  });
  const result = await runText(text, input);
  if (result.status !== 'SUCCEEDED') return `${result.error}: ${result.cause}`;
  return result.path[1] === 'Yes' ? 'yes' : 'no';
}

describe('Choice rules', () => {
  test('string comparisons', async () => {
    const v = { s: 'banana', n: 5 };
    assert.equal(await rule({ Variable: '$.s', StringEquals: 'banana' }, v), 'yes');
    assert.equal(await rule({ Variable: '$.n', StringEquals: '5' }, v), 'no', 'a number is not a string');
    assert.equal(await rule({ Variable: '$.s', StringLessThan: 'cherry' }, v), 'yes');
    assert.equal(await rule({ Variable: '$.s', StringGreaterThan: 'apple' }, v), 'yes');
    assert.equal(await rule({ Variable: '$.s', StringLessThanEquals: 'banana' }, v), 'yes');
    assert.equal(await rule({ Variable: '$.s', StringGreaterThanEquals: 'bananas' }, v), 'no');
    assert.equal(await rule({ Variable: '$.s', StringEqualsPath: '$.t' }, { s: 'x', t: 'x' }), 'yes');
    assert.equal(await rule({ Variable: '$.s', StringLessThanPath: '$.t' }, { s: 'a', t: 'b' }), 'yes');
  });

  test('StringMatches: * is any run of characters, \\* a star, \\\\ a backslash', async () => {
    assert.equal(await rule({ Variable: '$.f', StringMatches: 'log-*.txt' }, { f: 'log-2024-01.txt' }), 'yes');
    assert.equal(await rule({ Variable: '$.f', StringMatches: 'log-*.txt' }, { f: 'log-1.txt.bak' }), 'no');
    assert.equal(await rule({ Variable: '$.f', StringMatches: '*' }, { f: '' }), 'yes');
    assert.equal(await rule({ Variable: '$.f', StringMatches: 'a\\*b' }, { f: 'a*b' }), 'yes');
    assert.equal(await rule({ Variable: '$.f', StringMatches: 'a\\*b' }, { f: 'axxb' }), 'no');
    assert.equal(await rule({ Variable: '$.f', StringMatches: 'c:\\\\*' }, { f: 'c:\\dir' }), 'yes');
    assert.equal(await rule({ Variable: '$.f', StringMatches: 'a.c' }, { f: 'abc' }), 'no', 'a dot is literal');
    assert.equal(await rule({ Variable: '$.f', StringMatches: '*end' }, { f: 'line\nend' }), 'yes');
  });

  test('numeric comparisons and their Path forms', async () => {
    const v = { n: 5, m: 7, s: '5' };
    assert.equal(await rule({ Variable: '$.n', NumericEquals: 5 }, v), 'yes');
    assert.equal(await rule({ Variable: '$.s', NumericEquals: 5 }, v), 'no');
    assert.equal(await rule({ Variable: '$.n', NumericLessThan: 5.5 }, v), 'yes');
    assert.equal(await rule({ Variable: '$.n', NumericGreaterThan: 5 }, v), 'no');
    assert.equal(await rule({ Variable: '$.n', NumericLessThanEquals: 5 }, v), 'yes');
    assert.equal(await rule({ Variable: '$.n', NumericGreaterThanEquals: 6 }, v), 'no');
    assert.equal(await rule({ Variable: '$.n', NumericLessThanPath: '$.m' }, v), 'yes');
    assert.equal(await rule({ Variable: '$.n', NumericEqualsPath: '$.s' }, v), 'no');
    assert.match(await rule({ Variable: '$.n', NumericEqualsPath: '$.missing' }, v), /^States.Runtime: .*Invalid path '\$\.missing'/);
  });

  test('BooleanEquals and BooleanEqualsPath', async () => {
    assert.equal(await rule({ Variable: '$.b', BooleanEquals: true }, { b: true }), 'yes');
    assert.equal(await rule({ Variable: '$.b', BooleanEquals: true }, { b: 'true' }), 'no');
    assert.equal(await rule({ Variable: '$.b', BooleanEqualsPath: '$.c' }, { b: false, c: false }), 'yes');
  });

  test('timestamps compare as instants, offsets included', async () => {
    const v = { t: '2026-03-14T01:59:00Z' };
    assert.equal(await rule({ Variable: '$.t', TimestampEquals: '2026-03-14T02:59:00+01:00' }, v), 'yes');
    assert.equal(await rule({ Variable: '$.t', TimestampLessThan: '2026-03-14T01:59:00.001Z' }, v), 'yes');
    assert.equal(await rule({ Variable: '$.t', TimestampGreaterThan: '2026-03-14T01:58:59.999Z' }, v), 'yes');
    assert.equal(await rule({ Variable: '$.t', TimestampLessThanEquals: '2026-03-14T01:59:00Z' }, v), 'yes');
    assert.equal(await rule({ Variable: '$.t', TimestampGreaterThanEquals: '2026-03-15T00:00:00Z' }, v), 'no');
    assert.equal(
      await rule({ Variable: '$.t', TimestampEqualsPath: '$.u' }, { t: '2026-01-01T00:00:00Z', u: '2025-12-31T19:00:00-05:00' }),
      'yes',
    );
    assert.equal(
      await rule({ Variable: '$.t', TimestampEquals: '2026-03-14T01:59:00Z' }, { t: '2026-03-14 01:59:00Z' }),
      'no',
      'a space in place of the T is not a timestamp',
    );
    assert.equal(await rule({ Variable: '$.t', TimestampLessThan: '2030-01-01T00:00:00Z' }, { t: 12 }), 'no');
  });

  test('type tests hold when the value matches the operand, so "IsNull": false means "not null"', async () => {
    assert.equal(await rule({ Variable: '$.x', IsNull: true }, { x: null }), 'yes');
    assert.equal(await rule({ Variable: '$.x', IsNull: false }, { x: null }), 'no');
    assert.equal(await rule({ Variable: '$.x', IsNull: false }, { x: 0 }), 'yes');
    assert.equal(await rule({ Variable: '$.x', IsNumeric: true }, { x: 1.5 }), 'yes');
    assert.equal(await rule({ Variable: '$.x', IsNumeric: false }, { x: '1' }), 'yes');
    assert.equal(await rule({ Variable: '$.x', IsString: true }, { x: 'a' }), 'yes');
    assert.equal(await rule({ Variable: '$.x', IsBoolean: true }, { x: false }), 'yes');
    assert.equal(await rule({ Variable: '$.x', IsTimestamp: true }, { x: '2026-01-01T00:00:00Z' }), 'yes');
    assert.equal(await rule({ Variable: '$.x', IsTimestamp: true }, { x: '2026-02-30T00:00:00Z' }), 'no');
    assert.equal(await rule({ Variable: '$.x', IsTimestamp: false }, { x: 'soon' }), 'yes');
  });

  test('IsPresent asks whether the path selects something; other operators fail on a missing path', async () => {
    assert.equal(await rule({ Variable: '$.x', IsPresent: true }, {}), 'no');
    assert.equal(await rule({ Variable: '$.x', IsPresent: false }, {}), 'yes');
    assert.equal(await rule({ Variable: '$.x', IsPresent: true }, { x: null }), 'yes');
    const r = await rule({ Variable: '$.x', IsNull: true }, {});
    assert.equal(
      r,
      "States.Runtime: An error occurred while executing the state 'C' (entered at the event id #2). Invalid path '$.x': The choice state's condition path references an invalid value.",
    );
  });

  test('And, Or, Not, nested', async () => {
    const v = { a: 1, b: 'x' };
    assert.equal(
      await rule(
        {
          And: [
            { Variable: '$.a', NumericEquals: 1 },
            { Variable: '$.b', StringEquals: 'x' },
          ],
        },
        v,
      ),
      'yes',
    );
    assert.equal(
      await rule(
        {
          And: [
            { Variable: '$.a', NumericEquals: 1 },
            { Variable: '$.b', StringEquals: 'y' },
          ],
        },
        v,
      ),
      'no',
    );
    assert.equal(await rule({ Or: [{ Variable: '$.a', NumericEquals: 2 }, { Not: { Variable: '$.b', StringEquals: 'y' } }] }, v), 'yes');
    assert.equal(await rule({ Not: { Or: [{ Variable: '$.a', IsPresent: true }] } }, v), 'no');
    // Short-circuit: the second rule's missing path is never read.
    assert.equal(
      await rule(
        {
          Or: [
            { Variable: '$.a', IsPresent: true },
            { Variable: '$.zzz', NumericEquals: 1 },
          ],
        },
        v,
      ),
      'yes',
    );
  });

  test('rules read variables and the context object', async () => {
    const text = machine({
      Set: { Type: 'Pass', Assign: { limit: 3 }, Next: 'C' },
      C: {
        Type: 'Choice',
        Choices: [
          { Variable: '$limit', NumericGreaterThanPath: '$.n', Next: 'Yes' },
          { Variable: '$$.State.Name', StringEquals: 'C', Next: 'No' },
        ],
      },
      Yes: { Type: 'Succeed' },
      No: { Type: 'Succeed' },
    });
    assert.deepEqual((await runText(text, { n: 1 })).path, ['Set', 'C', 'Yes']);
    assert.deepEqual((await runText(text, { n: 9 })).path, ['Set', 'C', 'No']);
  });

  test('no rule and no Default is States.NoChoiceMatched; InputPath and OutputPath apply', async () => {
    const text = machine({
      C: { Type: 'Choice', InputPath: '$.in', OutputPath: '$.v', Choices: [{ Variable: '$.v', NumericEquals: 1, Next: 'Yes' }] },
      Yes: { Type: 'Pass', End: true },
    });
    const ok = await runText(text, { in: { v: 1 } });
    assert.equal(ok.output, 1);
    const r = await runText(text, { in: { v: 2 } });
    assert.equal(r.error, 'States.NoChoiceMatched');
    assert.match(r.cause!, /No Choice Rule matched the input '\{"v":2\}'/);
  });
});
