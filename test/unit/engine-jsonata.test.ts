/** JSONata states: every field that takes expressions, $states, the Step Functions functions, errors. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { machine, runText, scripted } from './engineHelpers';

const JSONATA = { QueryLanguage: 'JSONata' };

describe('JSONata states', () => {
  test('Task: Arguments go to the resource, Output shapes $states.result, Assign is visible in the next state', async () => {
    const text = machine(
      {
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Arguments: {
            FunctionName: 'f',
            Payload: {
              id: '{% $states.input.order.id %}',
              total: '{% $sum($states.input.order.items.price) %}',
              fixed: [1, '{% 1 + 1 %}'],
            },
          },
          Assign: { lastTotal: '{% $states.result.Payload.total %}', before: '{% $states.input.order.id %}' },
          Output: '{% $states.result.Payload %}',
          Next: 'P',
        },
        P: { Type: 'Pass', Output: { seen: '{% $lastTotal %}', id: '{% $before %}', input: '{% $states.input %}' }, End: true },
      },
      JSONATA,
    );
    const invoker = scripted({ T: (p) => ({ Payload: { total: p.Payload.total * 2 }, StatusCode: 200 }) });
    const r = await runText(text, { order: { id: 'o1', items: [{ price: 2 }, { price: 3 }] } }, invoker);
    assert.equal(r.status, 'SUCCEEDED', r.cause);
    assert.deepEqual(invoker.calls[0].payload, { FunctionName: 'f', Payload: { id: 'o1', total: 5, fixed: [1, 2] } });
    assert.deepEqual(r.output, { seen: 10, id: 'o1', input: { total: 10 } });
    const exited = r.events.find((e) => e.type === 'TaskStateExited')!;
    assert.deepEqual(exited.details?.assignedVariables, { lastTotal: 10, before: 'o1' });
  });

  test('Pass without Output passes its input; a whole-field expression can build any value', async () => {
    const text = machine(
      { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Output: '{% [$states.input.n, $states.input.n * 10] %}', End: true } },
      JSONATA,
    );
    assert.deepEqual((await runText(text, { n: 4 })).output, [4, 40]);
  });

  test('Choice: Condition picks the rule; a rule Output and Assign apply; a non-boolean Condition fails', async () => {
    const text = machine(
      {
        C: {
          Type: 'Choice',
          Choices: [
            { Condition: '{% $states.input.n > 10 %}', Next: 'Big', Output: { size: 'big' }, Assign: { picked: 'big' } },
            { Condition: '{% $states.input.n %}', Next: 'Big' },
          ],
          Default: 'Small',
          Assign: { checked: true },
        },
        Big: { Type: 'Pass', Output: { out: '{% $states.input %}', picked: '{% $picked %}', checked: '{% $checked %}' }, End: true },
        Small: { Type: 'Pass', End: true },
      },
      JSONATA,
    );
    const big = await runText(text, { n: 11 });
    assert.deepEqual(big.output, { out: { size: 'big' }, picked: 'big', checked: true });
    const small = await runText(text, { n: 0 });
    assert.equal(small.status, 'FAILED');
    assert.equal(small.error, 'States.QueryEvaluationError');
    assert.match(small.cause!, /Condition of a Choice rule must give a boolean, but it gives 0/);
  });

  test('Map: Items and ItemSelector with $states.context.Map.Item', async () => {
    const text = machine(
      {
        M: {
          Type: 'Map',
          Items: '{% $states.input.list %}',
          ItemSelector: {
            value: '{% $states.context.Map.Item.Value %}',
            index: '{% $states.context.Map.Item.Index %}',
            tag: '{% $states.input.tag %}',
          },
          ItemProcessor: {
            ProcessorConfig: { Mode: 'INLINE' },
            StartAt: 'P',
            States: { P: { Type: 'Pass', Output: '{% $states.input.value & "-" & $states.input.index & $states.input.tag %}', End: true } },
          },
          Output: '{% $states.result %}',
          End: true,
        },
      },
      JSONATA,
    );
    assert.deepEqual((await runText(text, { list: ['a', 'b'], tag: '!' })).output, ['a-0!', 'b-1!']);
    const bad = await runText(text, { list: 'nope', tag: '' });
    assert.equal(bad.error, 'States.QueryEvaluationError');
    // AWS's wording (recorded, LocalStack's Items and issue 11): the expression, the field, the type.
    assert.equal(
      bad.cause,
      `An error occurred while executing the state 'M' (entered at the event id #2). The JSONata expression '$states.input.list' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'string' for value: "nope"`,
    );
  });

  test('Wait Seconds and Task TimeoutSeconds take expressions', async () => {
    const text = machine(
      {
        W: { Type: 'Wait', Seconds: '{% $states.input.delay %}', Next: 'T' },
        T: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', TimeoutSeconds: '{% $states.input.limit %}', End: true },
      },
      JSONATA,
    );
    const slow = scripted({ T: () => ({ ok: true, output: 1, durationSeconds: 30 }) });
    const r = await runText(text, { delay: 60, limit: 10 }, slow);
    assert.equal(r.error, 'States.Timeout');
    assert.equal(r.simulatedSeconds, 70);
    const bad = await runText(text, { delay: -1, limit: 10 }, slow);
    assert.equal(bad.error, 'States.QueryEvaluationError');
  });

  test('the Step Functions functions: $partition $range $hash $random $uuid $parse', async () => {
    const text = machine(
      {
        P: {
          Type: 'Pass',
          Output: {
            parts: '{% $partition([1,2,3,4,5], 2) %}',
            range: '{% $range(0, 10, 5) %}',
            hash: '{% $hash("abc", "SHA-256") %}',
            seeded: '{% $random(42) = $random(42) %}',
            random: '{% $random() %}',
            uuid: '{% $uuid() %}',
            parsed: '{% $parse(\'{"a":[1]}\') %}',
          },
          End: true,
        },
      },
      JSONATA,
    );
    const r = await runText(text, {}, scripted(), { seed: 9 });
    const o = r.output as Record<string, unknown>;
    assert.deepEqual(o.parts, [[1, 2], [3, 4], [5]]);
    assert.deepEqual(o.range, [0, 5, 10]);
    assert.equal(o.hash, 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.equal(o.seeded, true);
    assert.ok(typeof o.random === 'number' && o.random >= 0 && o.random < 1);
    assert.match(o.uuid as string, /^[0-9a-f-]{36}$/);
    assert.deepEqual(o.parsed, { a: [1] });
    const again = await runText(text, {}, scripted(), { seed: 9 });
    assert.deepEqual(again.output, r.output, 'the same seed gives the same $random and $uuid');
  });

  test('an expression that returns nothing is States.QueryEvaluationError naming the field', async () => {
    const text = machine(
      {
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Arguments: { Input: { pushLocation: '{% $states.input.pushLocation %}' } },
          End: true,
        },
      },
      JSONATA,
    );
    const r = await runText(text, {});
    assert.equal(r.error, 'States.QueryEvaluationError');
    assert.equal(
      r.cause,
      "An error occurred while executing the state 'T' (entered at the event id #2). The JSONata expression '$states.input.pushLocation' specified for the field 'Arguments/Input/pushLocation' returned nothing (undefined).",
    );
  });

  test('a failing expression can be caught; the Catch sees $states.errorOutput', async () => {
    const text = machine(
      {
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sqs:sendMessage',
          Arguments: '{% $error("boom") %}',
          Catch: [
            {
              ErrorEquals: ['States.QueryEvaluationError'],
              Next: 'Handled',
              Output: { err: '{% $states.errorOutput.Error %}', was: '{% $states.input %}' },
              Assign: { failed: true },
            },
          ],
          End: true,
        },
        Handled: { Type: 'Pass', Output: { got: '{% $states.input %}', failed: '{% $failed %}' }, End: true },
      },
      JSONATA,
    );
    const r = await runText(text, { x: 1 });
    assert.deepEqual(r.output, { got: { err: 'States.QueryEvaluationError', was: { x: 1 } }, failed: true });
  });

  test('a Catch without Output passes the error output', async () => {
    const text = machine(
      {
        T: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'H' }], End: true },
        H: { Type: 'Pass', End: true },
      },
      JSONATA,
    );
    const r = await runText(text, {}, scripted({ T: () => ({ ok: false, error: 'Custom', cause: 'why' }) }));
    assert.deepEqual(r.output, { Error: 'Custom', Cause: 'why' });
  });

  test('Fail: Error and Cause from expressions; $states.context reads the execution', async () => {
    const text = machine(
      {
        F: {
          Type: 'Fail',
          Error: '{% "E." & $states.input.code %}',
          Cause: '{% $states.context.Execution.Name & " failed in " & $states.context.State.Name %}',
        },
      },
      JSONATA,
    );
    const r = await runText(text, { code: 'Bad' }, scripted(), { executionName: 'exec-7' });
    assert.equal(r.error, 'E.Bad');
    assert.equal(r.cause, 'exec-7 failed in F');
  });

  test('one JSONata state in a JSONPath machine', async () => {
    const text = machine({
      A: { Type: 'Pass', Parameters: { 'n.$': '$.n' }, Next: 'B' },
      B: { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% $states.input.n + 1 %}', End: true },
    });
    assert.equal((await runText(text, { n: 1 })).output, 2);
  });

  test('Parallel Arguments and Output', async () => {
    const text = machine(
      {
        P: {
          Type: 'Parallel',
          Arguments: { v: '{% $states.input.v * 2 %}' },
          Branches: [
            { StartAt: 'A', States: { A: { Type: 'Pass', Output: '{% $states.input.v + 1 %}', End: true } } },
            { StartAt: 'B', States: { B: { Type: 'Pass', Output: '{% $states.input.v + 2 %}', End: true } } },
          ],
          Output: '{% $sum($states.result) %}',
          End: true,
        },
      },
      JSONATA,
    );
    assert.equal((await runText(text, { v: 5 })).output, 23);
  });
});

describe('JSONata results are plain JSON', () => {
  test('sequences lose their markers; functions are dropped from objects', async () => {
    const text = machine(
      {
        P: {
          Type: 'Pass',
          Output: { prices: '{% $states.input.items.price %}', o: '{% {"a": 1, "f": function($x) { $x }} %}' },
          End: true,
        },
      },
      JSONATA,
    );
    const r = await runText(text, { items: [{ price: 1 }, { price: 2 }] });
    assert.deepStrictEqual(r.output, { prices: [1, 2], o: { a: 1 } });
    assert.equal(Object.keys((r.output as { prices: unknown[] }).prices).length, 2);
  });
});

describe('JSONata failures: AWS cause, our hint beside it', () => {
  test('returned nothing and a one-element Items carry a hint that never reaches the cause', async () => {
    const nothing = await runText(machine({ P: { Type: 'Pass', Output: { v: '{% $states.input.missing %}' }, End: true } }, JSONATA), {});
    assert.equal(
      nothing.cause,
      "An error occurred while executing the state 'P' (entered at the event id #2). The JSONata expression '$states.input.missing' specified for the field 'Output/v' returned nothing (undefined).",
    );
    assert.match(nothing.hint ?? '', /gives no value/);
    const failed = nothing.events.find((e) => e.type === 'ExecutionFailed')!;
    assert.equal(failed.details?.cause, nothing.cause);
    assert.equal(failed.details?.hint, nothing.hint);
    // AWS's history (recorded): EvaluationFailed, with the field as its location, before ExecutionFailed.
    const evaluation = nothing.events.find((e) => e.type === 'EvaluationFailed')!;
    assert.deepEqual(evaluation.details, { error: 'States.QueryEvaluationError', cause: nothing.cause, location: 'Output/v', state: 'P' });
    assert.equal(failed.previousEventId, evaluation.id);

    const one = machine(
      {
        M: {
          Type: 'Map',
          Items: '{% $states.input.jobs[ok] %}',
          ItemProcessor: { StartAt: 'X', States: { X: { Type: 'Pass', End: true } } },
          End: true,
        },
      },
      JSONATA,
    );
    const r = await runText(one, { jobs: [{ ok: true }, { ok: false }] });
    assert.match(r.cause!, /Expected 'array', but was 'object' for value: \{"ok":true\}$/);
    assert.match(r.hint ?? '', /End the path with \[\]/);
    assert.ok(!r.cause!.includes('[]'));
  });

  test("a library error keeps its code after '. '; an error without one follows ': '", async () => {
    const coded = await runText(machine({ P: { Type: 'Pass', Output: { v: "{% $sum(['a']) %}" }, End: true } }, JSONATA));
    assert.match(coded.cause!, /threw an error during evaluation\. T0412: Argument 1 of function "sum" must be an array of "numbers"$/);
    const bare = await runText(machine({ P: { Type: 'Pass', Output: { v: "{% $parse('{') %}" }, End: true } }, JSONATA));
    assert.match(bare.cause!, /specified for the field 'Output\/v' threw an error during evaluation: \$parse: /);
  });
});
