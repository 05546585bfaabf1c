// Workflow coverage (core/coverage): a machine with a Choice, a Parallel with a retrier and a
// catcher, and a Map, run by the engine; the figures are counted by hand from the definition and
// the runs (see each test). Formats: lcov lines and branches at the lines they are written on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core';
import { computeCoverage, sumTotals } from '../../server/src/core/coverage';
import { coverageJson, coverageLcov, coverageText } from '../../server/src/core/coverage/formats';
import { prepare, run } from '../../server/src/core/engine';
import type { ExecutionResult, TaskOutcome } from '../../server/src/core/engine';

const MACHINE = `{
  "StartAt": "Route",
  "States": {
    "Route": {
      "Type": "Choice",
      "Choices": [
        { "Variable": "$.kind", "StringEquals": "fan", "Next": "Fan" },
        { "Variable": "$.kind", "StringEquals": "each", "Next": "Each" }
      ],
      "Default": "Done"
    },
    "Fan": {
      "Type": "Parallel",
      "Branches": [
        { "StartAt": "A", "States": { "A": { "Type": "Pass", "End": true } } },
        { "StartAt": "B", "States": { "B": { "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:b",
            "Retry": [ { "ErrorEquals": ["Flaky"], "MaxAttempts": 1 } ], "End": true } } }
      ],
      "Catch": [ { "ErrorEquals": ["States.ALL"], "Next": "Recover" } ],
      "Next": "Done"
    },
    "Each": {
      "Type": "Map",
      "ItemsPath": "$.items",
      "ItemProcessor": {
        "StartAt": "Check",
        "States": {
          "Check": { "Type": "Choice", "Choices": [ { "Variable": "$", "NumericGreaterThan": 0, "Next": "Pos" } ], "Default": "Neg" },
          "Pos": { "Type": "Succeed" },
          "Neg": { "Type": "Succeed" }
        }
      },
      "Next": "Done"
    },
    "Recover": { "Type": "Pass", "Next": "Done" },
    "Done": { "Type": "Succeed" }
  }
}`;

/** Runs the machine; function b answers from `answers` in turn (the last one repeats). */
async function runWith(input: unknown, answers: TaskOutcome[] = [{ ok: true, output: 'b' }]): Promise<ExecutionResult> {
  let call = 0;
  const prepared = prepare(MACHINE);
  assert.ok(prepared.ok, JSON.stringify(prepared.diagnostics));
  return run(prepared, { input, invoker: { invoke: async () => answers[Math.min(call++, answers.length - 1)] } });
}

const machine = () => analyze(MACHINE).machine;

test('three runs: fan with one retry, each over [1, 2], other', async () => {
  const runs = [
    await runWith({ kind: 'fan' }, [
      { ok: false, error: 'Flaky', cause: 'once' },
      { ok: true, output: 'b' },
    ]),
    await runWith({ kind: 'each', items: [1, 2] }),
    await runWith({ kind: 'other' }),
  ];
  for (const r of runs) assert.equal(r.status, 'SUCCEEDED', r.cause);
  const c = computeCoverage(machine(), runs, 'm', 'm.asl.json');
  // 10 states (Route, Fan, A, B, Each, Check, Pos, Neg, Recover, Done), 5 inside Fan or Each
  // (A, B, Check, Pos, Neg); entered: all but Neg and Recover.
  assert.deepEqual(c.totals.states, { covered: 8, total: 10 });
  assert.deepEqual(c.totals.innerStates, { covered: 4, total: 5 });
  // 9 transitions: Route's 2 rules and Default, Fan's Catch and Next, Each's Next, Check's rule
  // and Default, Recover's Next; not taken: Fan's Catch, Check's Default, Recover's Next.
  assert.deepEqual(c.totals.transitions, { covered: 6, total: 9 });
  assert.deepEqual(c.totals.retriers, { covered: 1, total: 1 });
  const hits = (pred: (i: (typeof c.items)[number]) => boolean) => c.items.filter(pred).map((i) => i.hits);
  assert.deepEqual(
    hits((i) => i.kind === 'state' && i.state === 'Check'),
    [2],
    'Check: once per item',
  );
  assert.deepEqual(
    hits((i) => i.kind === 'transition' && i.state === 'Check' && i.transition === 'Choice'),
    [2],
  );
  assert.deepEqual(
    hits((i) => i.kind === 'retrier'),
    [1],
  );
  assert.deepEqual(c.items.find((i) => i.state === 'B' && i.kind === 'state')?.within, ['Fan']);
  const missed = c.items.filter((i) => i.hits === 0).map((i) => `${i.kind} ${i.state} ${i.transition ?? ''}${i.index ?? ''}`.trim());
  assert.deepEqual(missed, ['transition Fan Catch0', 'transition Check Default', 'state Neg', 'state Recover', 'transition Recover Next']);
});

test('a run whose branch keeps failing takes the catcher: Catch and Recover covered', async () => {
  const r = await runWith({ kind: 'fan' }, [{ ok: false, error: 'Boom', cause: 'down' }]);
  assert.equal(r.status, 'SUCCEEDED');
  const c = computeCoverage(machine(), [r], 'm');
  const item = (state: string, transition: string) => c.items.find((i) => i.state === state && i.transition === transition)!;
  assert.equal(item('Fan', 'Catch').hits, 1);
  assert.equal(item('Fan', 'Next').hits, 0);
  assert.equal(item('Recover', 'Next').hits, 1);
  // "Boom" is not "Flaky": the retrier did not fire.
  assert.equal(c.items.find((i) => i.kind === 'retrier')!.hits, 0);
});

test('formats: lcov lines and branches where they are written, text names what is missed, json totals', async () => {
  const c = computeCoverage(machine(), [await runWith({ kind: 'other' })], 'm', 'm.asl.json');
  const lcov = coverageLcov([c]);
  const lineOf = (needle: string) => MACHINE.split('\n').findIndex((l) => l.includes(needle)) + 1;
  assert.match(lcov, new RegExp(`^DA:${lineOf('"Route": {')},1$`, 'm'));
  assert.match(lcov, new RegExp(`^DA:${lineOf('"Fan": {')},0$`, 'm'));
  // Route's Default (branch 2 of block 0) was taken once; its first rule never.
  assert.match(lcov, new RegExp(`^BRDA:${lineOf('"Default": "Done"')},0,2,1$`, 'm'));
  assert.match(lcov, new RegExp(`^BRDA:${lineOf('"StringEquals": "fan"')},0,0,0$`, 'm'));
  // Fan never entered: its branches are "-".
  assert.match(lcov, new RegExp(`^BRDA:${lineOf('"Catch"')},1,1,-$`, 'm'));
  assert.match(lcov, /^LF:10\nLH:2\nend_of_record$/m);
  assert.match(coverageText([c]), /not covered:\n[\s\S]*m\.asl\.json:\d+ {2}Choice rule #0 of "Route" -> "Fan"/);
  assert.deepEqual(JSON.parse(coverageJson([c, c])).total, sumTotals([c.totals, c.totals]));
});
