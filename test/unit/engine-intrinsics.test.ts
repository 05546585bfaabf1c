/** The 18 intrinsic functions, evaluated as Step Functions does (values, errors, seeds). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { StatesError } from '../../server/src/core/engine/errors';
import { compileIntrinsic, type IntrinsicEnv } from '../../server/src/core/engine/intrinsics';
import { NOTHING } from '../../server/src/core/engine/paths';
import { seededRandom } from '../../server/src/core/engine/random';
import { parseIntrinsic } from '../../server/src/core/intrinsics/parser';
import { machine, runText } from './engineHelpers';

function env(seed = 1): IntrinsicEnv {
  return { context: () => ({}), variable: () => NOTHING, rng: seededRandom(seed) };
}

function call(text: string, input: unknown = {}, e: IntrinsicEnv = env()): unknown {
  const parsed = parseIntrinsic(text);
  assert.ok(parsed.ast, parsed.error?.message);
  return compileIntrinsic(parsed.ast, text)(input, e);
}

function failure(text: string, input: unknown = {}): StatesError {
  try {
    call(text, input);
  } catch (e) {
    assert.ok(e instanceof StatesError, String(e));
    return e;
  }
  assert.fail(`${text} did not fail`);
}

describe('intrinsic functions', () => {
  test('States.Format: placeholders, escapes, and how values print', () => {
    assert.equal(call("States.Format('Hello, my name is {}.', $.name)", { name: 'Arnav' }), 'Hello, my name is Arnav.');
    assert.equal(
      call('States.Format($.template, $.name)', { name: 'Arnav', template: 'Hello, my name is {}.' }),
      'Hello, my name is Arnav.',
    );
    assert.equal(call("States.Format('\\{\\} is {}', 'literal')"), '{} is literal');
    assert.equal(call("States.Format('it\\'s {}', 1)"), "it's 1");
    assert.equal(call("States.Format('{} {} {} {}', 1.5, true, null, $.s)", { s: 'x' }), '1.5 true null x');
    assert.equal(call("States.Format('{} and {}', $.o, $.a)", { o: { a: 1, b: 'x' }, a: [1, [2]] }), '{a=1, b=x} and [1, [2]]');
    const e = failure("States.Format('{} {}', 1)");
    assert.equal(e.error, 'States.IntrinsicFailure');
    assert.match(e.cause, /^The function 'States.Format\('\{\} \{\}', 1\)' had the following error: the template has 2 placeholder/);
  });

  test('States.StringToJson and States.JsonToString', () => {
    assert.deepEqual(call('States.StringToJson($.s)', { s: '{"foo": "bar"}' }), { foo: 'bar' });
    assert.equal(call('States.JsonToString($.o)', { o: { foo: 'bar', n: [1, 2] } }), '{"foo":"bar","n":[1,2]}');
    assert.equal(failure('States.StringToJson($.s)', { s: '{oops' }).error, 'States.IntrinsicFailure');
  });

  test('States.Array and the array functions', () => {
    assert.deepEqual(call("States.Array($.Id, 2, 'x')", { Id: 123456 }), [123456, 2, 'x']);
    assert.deepEqual(call('States.Array()'), []);
    assert.deepEqual(call('States.ArrayPartition($.a, 4)', { a: [1, 2, 3, 4, 5, 6, 7, 8, 9] }), [[1, 2, 3, 4], [5, 6, 7, 8], [9]]);
    assert.equal(failure('States.ArrayPartition($.a, 0)', { a: [1] }).error, 'States.IntrinsicFailure');
    assert.equal(call('States.ArrayContains($.a, $.v)', { a: [1, { x: [2] }], v: { x: [2] } }), true);
    assert.equal(call('States.ArrayContains($.a, 3)', { a: [1, 2] }), false);
    assert.deepEqual(call('States.ArrayRange(1, 9, 2)'), [1, 3, 5, 7, 9]);
    assert.deepEqual(call('States.ArrayRange(5, 1, 1)'), []);
    assert.equal((call('States.ArrayRange(0, 999, 1)') as number[]).length, 1000);
    assert.match(failure('States.ArrayRange(0, 1000, 1)').cause, /1001 items; an array made by States.ArrayRange holds at most 1000/);
    assert.equal(failure('States.ArrayRange(1, 5, 0)').error, 'States.IntrinsicFailure');
    assert.equal(call('States.ArrayGetItem($.a, 5)', { a: [1, 2, 3, 4, 5, 6, 7, 8, 9] }), 6);
    assert.match(failure('States.ArrayGetItem($.a, 3)', { a: [1, 2, 3] }).cause, /index 3 is out of bounds/);
    assert.equal(call('States.ArrayLength($.a)', { a: [1, 2, 3] }), 3);
    assert.deepEqual(call('States.ArrayUnique($.a)', { a: [1, 2, 3, 3, 3, 3, 3, 3, 4, '3', { a: 1 }, { a: 1 }] }), [
      1,
      2,
      3,
      4,
      '3',
      { a: 1 },
    ]);
    assert.match(failure('States.ArrayLength($.a)', { a: 'no' }).cause, /must be an array, not string/);
  });

  test('Base64 and hashes', () => {
    assert.equal(call("States.Base64Encode('Data to encode')"), 'RGF0YSB0byBlbmNvZGU=');
    assert.equal(call("States.Base64Decode('RGF0YSB0byBlbmNvZGU=')"), 'Data to encode');
    assert.equal(call('States.Base64Encode($.s)', { s: 'é' }), 'w6k=');
    assert.equal(failure("States.Base64Decode('not base64!')").error, 'States.IntrinsicFailure');
    assert.match(failure('States.Base64Encode($.s)', { s: 'x'.repeat(10_001) }).cause, /10001 characters; at most 10000/);
    assert.equal(call("States.Hash('abc', 'MD5')"), '900150983cd24fb0d6963f7d28e17f72');
    assert.equal(call("States.Hash('abc', 'SHA-1')"), 'a9993e364706816aba3e25717850c26c9cd0d89d');
    assert.equal(call("States.Hash('abc', 'SHA-256')"), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.equal((call("States.Hash('abc', 'SHA-384')") as string).length, 96);
    assert.equal((call("States.Hash('abc', 'SHA-512')") as string).slice(0, 16), 'ddaf35a193617aba');
    assert.match(
      failure("States.Hash('abc', 'SHA-3')").cause,
      /'SHA-3' is not a hash algorithm; use one of MD5, SHA-1, SHA-256, SHA-384, SHA-512/,
    );
    // An inherited property of a plain object is no algorithm either (not a TypeError from inside).
    assert.match(failure("States.Hash('abc', 'toString')").cause, /'toString' is not a hash algorithm/);
  });

  test('States.JsonMerge is shallow and refuses deep merging', () => {
    assert.deepEqual(call('States.JsonMerge($.a, $.b, false)', { a: { x: 1, n: { p: 1 } }, b: { n: { q: 2 } } }), { x: 1, n: { q: 2 } });
    assert.match(failure('States.JsonMerge($.a, $.b, true)', { a: {}, b: {} }).cause, /third argument must be false/);
  });

  test('States.MathAdd rounds half up (as Java does) and States.MathRandom is seeded', () => {
    assert.equal(call('States.MathAdd($.value1, $.step)', { value1: 111, step: -1 }), 110);
    assert.equal(call('States.MathAdd(1.5, 1)'), 3);
    assert.equal(call('States.MathAdd(-2.5, 0)'), -2);
    assert.equal(call('States.MathAdd(2.4, 0.4)'), 2);
    assert.match(failure("States.MathAdd('1', 1)").cause, /must be a number, not string/);
    const r = call('States.MathRandom(1, 999)') as number;
    assert.ok(Number.isInteger(r) && r >= 1 && r < 999);
    assert.equal(call('States.MathRandom(1, 999)', {}, env(5)), call('States.MathRandom(1, 999)', {}, env(5)), 'the run seed decides');
    assert.equal(
      call('States.MathRandom(0, 1000000, 42)', {}, env(1)),
      call('States.MathRandom(0, 1000000, 42)', {}, env(2)),
      'a seed argument decides alone',
    );
    assert.equal(failure('States.MathRandom(5, 5)').error, 'States.IntrinsicFailure');
  });

  test('States.StringSplit splits at any delimiter character and drops empty parts', () => {
    assert.deepEqual(call("States.StringSplit('1,2,3,4,5', ',')"), ['1', '2', '3', '4', '5']);
    assert.deepEqual(call('States.StringSplit($.s, $.d)', { s: 'This.is+a,test=string', d: '.+,=' }), [
      'This',
      'is',
      'a',
      'test',
      'string',
    ]);
    assert.deepEqual(call("States.StringSplit('a,,b,', ',')"), ['a', 'b']);
  });

  test('States.UUID is a version 4 UUID from the run seed', () => {
    const a = call('States.UUID()', {}, env(3)) as string;
    assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(call('States.UUID()', {}, env(3)), a);
    assert.notEqual(call('States.UUID()', {}, env(4)), a);
  });

  test('nested calls', () => {
    assert.equal(call("States.ArrayGetItem(States.StringSplit($.arn, '/'), 1)", { arn: 'a/b/c' }), 'b');
  });

  test('a path argument that selects nothing is States.Runtime, worded as AWS words it', async () => {
    const r = await runText(machine({ Pick: { Type: 'Pass', Parameters: { 'v.$': "States.Format('{}', $.nope)" }, End: true } }), {
      other: 1,
    });
    assert.equal(r.error, 'States.Runtime');
    assert.equal(
      r.cause,
      "An error occurred while executing the state 'Pick' (entered at the event id #2). The function 'States.Format('{}', $.nope)' had the following error: The JsonPath argument for the field '$.nope' could not be found in the input '{\"other\":1}'",
    );
  });

  test('an intrinsic failure can be caught (States.IntrinsicFailure, and States.ALL)', async () => {
    const r = await runText(
      machine({
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sqs:sendMessage',
          ResultSelector: { 'x.$': 'States.ArrayGetItem($.list, 9)' },
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'F' }],
          End: true,
        },
        F: { Type: 'Pass', End: true },
      }),
      { list: [1] },
    );
    assert.equal(r.status, 'SUCCEEDED');
    assert.equal((r.output as { Error: string }).Error, 'States.IntrinsicFailure');
  });
});
