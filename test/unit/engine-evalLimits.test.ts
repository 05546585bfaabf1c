/**
 * JSONata evaluation limits (issue 12, items 2 and 3): a runaway expression ends the run as
 * ABORTED within its budget, however it runs away (a loop by tail calls, a deep recursion, a
 * huge string), and the workflow's Catch cannot swallow that; ordinary expressions are untouched.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import jsonataLibrary from 'jsonata';
import { EVALUATION_LIMIT_EXCEEDED } from '../../server/src/core/engine';
import { canRunAway } from '../../server/src/core/engine/evalLimits';
import { machine, runText } from './engineHelpers';

const jsonata = (states: Record<string, unknown>): string => machine(states, { QueryLanguage: 'JSONata' });
const passOutput = (expr: string): string => jsonata({ P: { Type: 'Pass', Output: `{% ${expr} %}`, End: true } });

/** The reproduction of the issue: a tail call JSONata turns into an endless loop. */
const ENDLESS_TAIL_CALL = '($f := function($n){ $f($n + 1) }; $f(0))';
/** Not a tail call: the evaluation nests deeper and deeper. */
const ENDLESS_RECURSION = '($f := function($n){ 1 + $f($n + 1) }; $f(0))';

describe('JSONata evaluation limits', () => {
  test('an endless tail-call loop is stopped by the wall-time budget, in about that time', async () => {
    const started = Date.now();
    const r = await runText(passOutput(ENDLESS_TAIL_CALL), {}, undefined, { wallTimeMs: 300 });
    const took = Date.now() - started;
    assert.equal(r.status, 'ABORTED');
    assert.equal(r.error, 'WallTimeExceeded');
    assert.match(r.cause!, /more than its budget of 300 ms of real time/);
    assert.equal(r.events.at(-1)?.type, 'ExecutionAborted');
    assert.ok(took >= 290 && took < 3000, `took ${took} ms`);
  });

  test('the same loop is stopped by the step limit, which names the state', async () => {
    const r = await runText(passOutput(ENDLESS_TAIL_CALL), {}, undefined, { maxEvaluationSteps: 20_000 });
    assert.equal(r.status, 'ABORTED');
    assert.equal(r.error, EVALUATION_LIMIT_EXCEEDED);
    assert.match(r.cause!, /^The JSONata evaluation in the state 'P' took more than 20000 JSONata evaluation steps in this run/);
  });

  test('an endless recursion is stopped by the depth limit long before memory runs out', async () => {
    const started = Date.now();
    const r = await runText(passOutput(ENDLESS_RECURSION), {});
    assert.equal(r.status, 'ABORTED');
    assert.equal(r.error, EVALUATION_LIMIT_EXCEEDED);
    assert.match(r.cause!, /nested JSONata evaluation more than 10000 levels deep/);
    assert.ok(Date.now() - started < 10_000);
  });

  test("a limit is not an error the workflow's Catch can handle", async () => {
    const text = jsonata({
      P: { Type: 'Pass', Output: `{% ${ENDLESS_RECURSION} %}`, End: true },
    });
    const caught = jsonata({
      Par: {
        Type: 'Parallel',
        Branches: [{ StartAt: 'P', States: { P: { Type: 'Pass', Output: `{% ${ENDLESS_TAIL_CALL} %}`, End: true } } }],
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Handled' }],
        End: true,
      },
      Handled: { Type: 'Succeed' },
    });
    for (const t of [text, caught]) {
      const r = await runText(t, {}, undefined, { maxEvaluationSteps: 5000 });
      assert.equal(r.status, 'ABORTED', r.cause);
      assert.equal(r.path.includes('Handled'), false);
    }
  });

  test('$pad of 400,000,000 characters fails cleanly, before it allocates anything', async () => {
    const r = await runText(passOutput('$length($pad("", 400000000, "x"))'), {});
    assert.equal(r.status, 'ABORTED');
    assert.equal(r.error, EVALUATION_LIMIT_EXCEEDED);
    assert.match(r.cause!, /state 'P' built a string of 400000000 characters; a dry run allows at most 10000000 in one value/);
  });

  test('strings that double on each step, $join and $string of huge values are stopped at the limit', async () => {
    const cases = [
      '($s := "x"; $f := function($s, $n){ $n = 0 ? $s : $f($s & $s, $n - 1) }; $length($f($s, 40)))',
      '$length($join([1..1000].$pad("", 5000, "y")))',
      '($big := $pad("", 4000, "z"); $length($string([1..1000].{"v": $big})))',
      '$count($append([1..600000], [1..600000]))',
    ];
    for (const expr of cases) {
      const r = await runText(passOutput(expr), {}, undefined, { maxValueLength: 1_000_000 });
      assert.equal(r.status, 'ABORTED', `${expr}: ${r.status} ${r.cause}`);
      assert.equal(r.error, EVALUATION_LIMIT_EXCEEDED);
      assert.match(r.cause!, /built (a string|an array) of \d+ (characters|items)/, expr);
    }
  });

  test('ordinary expressions and the checked functions behave as the library defines them', async () => {
    const r = await runText(
      passOutput('{"pad": $pad("ab", -5, "-"), "join": $join(["a", "b"], "+"), "string": $string({"a": [1, 2]}), "pretty": $string([1], true), "sum": $sum([1..1000]), "rec": ($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(500))}'),
      {},
    );
    assert.equal(r.status, 'SUCCEEDED', r.cause);
    assert.deepEqual(JSON.parse(JSON.stringify(r.output)), { pad: '---ab', join: 'a+b', string: '{"a":[1,2]}', pretty: '[\n  1\n]', sum: 500500, rec: 500 });
    // The library's own argument checks still apply to the checked functions: the same message as the library's.
    const library = await jsonataLibrary('$pad(1, 2)')
      .evaluate({})
      .then(() => '', (e: Error) => e.message);
    assert.match(library, /does not match function signature/);
    const bad = await runText(passOutput('$pad(1, 2)'), {});
    assert.equal(bad.status, 'FAILED');
    assert.equal(bad.error, 'States.QueryEvaluationError');
    // AWS's form for a library error with a code: '. CODE: message' (see 18-jsonata-errors.json).
    assert.ok(bad.cause!.endsWith(`threw an error during evaluation. T0410: ${library}`), bad.cause);
  });

  test('only expressions that can run away are checked step by step (a function of their own, a range, $eval)', () => {
    const ast = (e: string): unknown => jsonataLibrary(e).ast();
    for (const e of [ENDLESS_TAIL_CALL, '$map($states.input, function($v){ $v * 2 })', '[1..10]', '$count([0..$states.input.n])', '$eval($states.input.code)', '{"a": [1, 2, [3..5]]}']) {
      assert.equal(canRunAway(ast(e)), true, e);
    }
    for (const e of ['$states.input.price * 2', '$merge([$states.input, {"total": 1}])', '$states.input.items[price > 10].name', '$join($states.input.tags, ",")', '"a..b"', '$sort($states.input, $number)']) {
      assert.equal(canRunAway(ast(e)), false, e);
    }
  });
});
