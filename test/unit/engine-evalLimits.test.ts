/**
 * JSONata evaluation limits (issue 12, items 2 and 3). AWS's own bounds (nesting depth, value
 * size) fail the state with States.QueryEvaluationError in AWS's words, which Catch and Retry
 * handle (measured on AWS: floci-io/floci issue 2737, PR 2783; the corpus file
 * 24-jsonata-bounds.json has the boundaries). A loop by tail calls never nests, so it meets our
 * own limits instead (steps, real time), which end the run as ABORTED and no Catch can swallow.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import jsonataLibrary from 'jsonata';
import { EVALUATION_LIMIT_EXCEEDED, MEMORY_LIMIT_EXCEEDED, STACK_OVERFLOW } from '../../server/src/core/engine';
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

  test("an endless recursion that is not a tail call fails the state at AWS's depth ceiling", async () => {
    const started = Date.now();
    const r = await runText(passOutput(ENDLESS_RECURSION), {});
    assert.equal(r.status, 'FAILED');
    assert.equal(r.error, 'States.QueryEvaluationError');
    assert.ok(r.cause!.endsWith(`threw an error during evaluation: ${STACK_OVERFLOW}`), r.cause);
    assert.match(r.hint!, /more than 100 levels deep/);
    assert.ok(Date.now() - started < 10_000);
  });

  test("our limits are not errors the workflow's Catch can handle; AWS's bounds are", async () => {
    const inParallel = (expr: string): string =>
      jsonata({
        Par: {
          Type: 'Parallel',
          Branches: [{ StartAt: 'P', States: { P: { Type: 'Pass', Output: `{% ${expr} %}`, End: true } } }],
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Handled' }],
          End: true,
        },
        Handled: { Type: 'Succeed' },
      });
    for (const t of [passOutput(ENDLESS_TAIL_CALL), inParallel(ENDLESS_TAIL_CALL)]) {
      const r = await runText(t, {}, undefined, { maxEvaluationSteps: 5000 });
      assert.equal(r.status, 'ABORTED', r.cause);
      assert.equal(r.error, EVALUATION_LIMIT_EXCEEDED);
      assert.equal(r.path.includes('Handled'), false);
    }
    for (const expr of [ENDLESS_RECURSION, '$sum([1..900000])']) {
      const r = await runText(inParallel(expr), {});
      assert.equal(r.status, 'SUCCEEDED', `${expr}: ${r.cause}`);
      assert.equal(r.path.includes('Handled'), true);
    }
  });

  test("$pad of 400,000,000 characters fails with AWS's memory cause, before it allocates anything", async () => {
    const r = await runText(passOutput('$length($pad("", 400000000, "x"))'), {});
    assert.equal(r.status, 'FAILED');
    assert.equal(r.error, 'States.QueryEvaluationError');
    assert.ok(r.cause!.endsWith(`threw an error during evaluation: ${MEMORY_LIMIT_EXCEEDED}`), r.cause);
    assert.match(r.hint!, /6,990,256 bytes/);
  });

  test("strings that double on each step, $join and $string of huge values, and long arrays meet AWS's memory bound", async () => {
    const cases = [
      '($s := "x"; $f := function($s, $n){ $n = 0 ? $s : $f($s & $s, $n - 1) }; $length($f($s, 40)))',
      '$length($join([1..2000].$pad("", 5000, "y")))',
      '($big := $pad("", 4000, "z"); $length($string([1..2000].{"v": $big})))',
      '$count($append([1..600000], [1..600000]))',
      '$count($range(0, 1000000000, 1))',
    ];
    for (const expr of cases) {
      const r = await runText(passOutput(expr), {});
      assert.equal(r.status, 'FAILED', `${expr}: ${r.status} ${r.cause}`);
      assert.equal(r.error, 'States.QueryEvaluationError');
      assert.ok(r.cause!.endsWith(MEMORY_LIMIT_EXCEEDED), `${expr}: ${r.cause}`);
    }
  });

  test('the depth ceiling holds for expressions without functions too, which carry no hooks', async () => {
    const chain = (n: number): string => '1' + '+1'.repeat(n - 1);
    assert.equal(canRunAway(jsonataLibrary(chain(101)).ast()), false);
    const ok = await runText(passOutput(chain(100)), {});
    assert.equal(ok.status, 'SUCCEEDED', ok.cause);
    assert.equal(ok.output, 100);
    const deep = await runText(passOutput(chain(101)), {});
    assert.equal(deep.status, 'FAILED');
    assert.ok(deep.cause!.endsWith(STACK_OVERFLOW), deep.cause);
  });

  test('ordinary expressions and the checked functions behave as the library defines them', async () => {
    const r = await runText(
      passOutput(
        '{"pad": $pad("ab", -5, "-"), "join": $join(["a", "b"], "+"), "string": $string({"a": [1, 2]}), "pretty": $string([1], true), "sum": $sum([1..1000]), "rec": ($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(31))}',
      ),
      {},
    );
    assert.equal(r.status, 'SUCCEEDED', r.cause);
    assert.deepEqual(JSON.parse(JSON.stringify(r.output)), {
      pad: '---ab',
      join: 'a+b',
      string: '{"a":[1,2]}',
      pretty: '[\n  1\n]',
      sum: 500500,
      rec: 31,
    });
    // The library's own argument checks still apply to the checked functions: the same message as the library's.
    const library = await jsonataLibrary('$pad(1, 2)')
      .evaluate({})
      .then(
        () => '',
        (e: Error) => e.message,
      );
    assert.match(library, /does not match function signature/);
    const bad = await runText(passOutput('$pad(1, 2)'), {});
    assert.equal(bad.status, 'FAILED');
    assert.equal(bad.error, 'States.QueryEvaluationError');
    // AWS's form for a library error with a code: '. CODE: message' (see 18-jsonata-errors.json).
    assert.ok(bad.cause!.endsWith(`threw an error during evaluation. T0410: ${library}`), bad.cause);
  });

  test('only expressions that can run away are checked step by step (a function of their own, a range, $eval)', () => {
    const ast = (e: string): unknown => jsonataLibrary(e).ast();
    for (const e of [
      ENDLESS_TAIL_CALL,
      '$map($states.input, function($v){ $v * 2 })',
      '[1..10]',
      '$count([0..$states.input.n])',
      '$eval($states.input.code)',
      '{"a": [1, 2, [3..5]]}',
    ]) {
      assert.equal(canRunAway(ast(e)), true, e);
    }
    for (const e of [
      '$states.input.price * 2',
      '$merge([$states.input, {"total": 1}])',
      '$states.input.items[price > 10].name',
      '$join($states.input.tags, ",")',
      '"a..b"',
      '$sort($states.input, $number)',
    ]) {
      assert.equal(canRunAway(ast(e)), false, e);
    }
  });
});
