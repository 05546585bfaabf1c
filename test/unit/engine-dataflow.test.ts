/**
 * JSONPath data flow: paths as Step Functions (Jayway) evaluates them, and InputPath, Parameters,
 * ResultSelector, ResultPath and OutputPath with their failures.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compilePathText, NOTHING, type PathEnv } from '../../server/src/core/engine/paths';
import { machine, runText, scripted } from './engineHelpers';

const env: PathEnv = { context: () => ({ Execution: { Id: 'x' } }), variable: (n) => (n === 'v' ? { a: 1 } : NOTHING) };
const sel = (path: string, input: unknown) => compilePathText(path).select(input, env);

const store = {
  book: [
    { category: 'reference', author: 'Nigel Rees', title: 'Sayings', price: 8.95 },
    { category: 'fiction', author: 'Evelyn Waugh', title: 'Sword', price: 12.99 },
    { category: 'fiction', author: 'Herman Melville', title: 'Moby Dick', isbn: '0-553', price: 8.99 },
  ],
  bicycle: { color: 'red', price: 19.95 },
};

describe('paths (Jayway semantics)', () => {
  test('definite paths select one value or nothing', () => {
    assert.equal(sel('$.bicycle.color', store), 'red');
    assert.equal(sel("$['bicycle']['price']", store), 19.95);
    assert.equal(sel('$.book[1].title', store), 'Sword');
    assert.equal(sel('$.book[-1].title', store), 'Moby Dick');
    assert.equal(sel('$.book[5]', store), NOTHING);
    assert.equal(sel('$.missing', store), NOTHING);
    assert.equal(sel('$.bicycle.color.x', store), NOTHING);
    assert.equal(sel('$.book.title', store), NOTHING, 'a name step into an array selects nothing');
    assert.deepEqual(sel('$', store), store);
    assert.equal(sel('$.n', { n: null }), null, 'a null field is found');
  });

  test('indefinite paths select lists, skipping missing leaves', () => {
    assert.deepEqual(sel('$.book[*].author', store), ['Nigel Rees', 'Evelyn Waugh', 'Herman Melville']);
    assert.deepEqual(sel('$.book[*].isbn', store), ['0-553']);
    assert.deepEqual(sel('$..price', store), [8.95, 12.99, 8.99, 19.95]);
    assert.deepEqual(sel('$.book[0:2].price', store), [8.95, 12.99]);
    assert.deepEqual(sel('$.book[-2:].price', store), [12.99, 8.99]);
    assert.deepEqual(sel('$.book[:1].price', store), [8.95]);
    assert.deepEqual(sel('$.book[0,2].title', store), ['Sayings', 'Moby Dick']);
    assert.deepEqual(sel('$.book[(@.length-1)].title', store), ['Moby Dick']);
    assert.deepEqual(sel('$.nothing[*]', store), []);
  });

  test('filters compare like kinds; a missing field fails the comparison', () => {
    assert.deepEqual(sel('$.book[?(@.price < 10)].title', store), ['Sayings', 'Moby Dick']);
    assert.deepEqual(sel("$.book[?(@.category == 'fiction' && @.price > 10)].title", store), ['Sword']);
    assert.deepEqual(sel('$.book[?(@.isbn)].title', store), ['Moby Dick']);
    assert.deepEqual(sel("$.book[?(@.price == '8.95')].title", store), [], 'a number is not equal to a string');
    assert.deepEqual(sel("$.book[?(@.isbn != 'x')].title", store), ['Moby Dick'], '!= on a missing field is false');
    assert.deepEqual(sel('$.book[?(!(@.price < 10))].title', store), ['Sword']);
  });

  test('several names in the last step select one object of the fields that exist', () => {
    assert.deepEqual(sel("$.bicycle['color','price','gears']", store), { color: 'red', price: 19.95 });
  });

  test('$$ reads the context object and $name a variable', () => {
    assert.equal(sel('$$.Execution.Id', {}), 'x');
    assert.equal(sel('$v.a', {}), 1);
    assert.equal(sel('$w', {}), NOTHING);
  });
});

describe('InputPath, Parameters, ResultSelector, ResultPath, OutputPath', () => {
  test('each step applies in order and the Exited event records it', async () => {
    const text = machine({
      T: {
        Type: 'Task',
        Resource: 'arn:aws:states:::dynamodb:getItem',
        InputPath: '$.order',
        Parameters: { TableName: 'orders', 'Key.$': '$.id', Static: { 'nested.$': '$.id', list: [{ 'x.$': '$.id' }, 2] } },
        ResultSelector: { 'item.$': '$.Item', 'count.$': 'States.ArrayLength($.all)' },
        ResultPath: '$.lookup.result',
        OutputPath: '$.lookup',
        End: true,
      },
    });
    const invoker = scripted({ T: (p) => ({ Item: { id: p.Key }, all: [1, 2, 3] }) });
    const r = await runText(text, { order: { id: 'o1' }, keep: true }, invoker);
    assert.equal(r.status, 'SUCCEEDED', r.cause);
    assert.deepEqual(invoker.calls[0].payload, { TableName: 'orders', Key: 'o1', Static: { nested: 'o1', list: [{ x: 'o1' }, 2] } });
    assert.deepEqual(r.output, { result: { item: { id: 'o1' }, count: 3 } });
    const exited = r.events.find((e) => e.type === 'TaskStateExited')!;
    const flow = exited.details?.dataFlow as Record<string, unknown>;
    assert.deepEqual(flow.afterInputPath, { id: 'o1' });
    assert.deepEqual(flow.result, { Item: { id: 'o1' }, all: [1, 2, 3] });
    assert.deepEqual(flow.afterResultSelector, { item: { id: 'o1' }, count: 3 });
    assert.deepEqual(flow.afterResultPath, { order: { id: 'o1' }, keep: true, lookup: { result: { item: { id: 'o1' }, count: 3 } } });
    assert.deepEqual(flow.afterOutputPath, r.output);
  });

  test('ResultPath null keeps the input, "$" replaces it, and InputPath/OutputPath null give {}', async () => {
    const text = machine({
      A: { Type: 'Pass', Result: { r: 1 }, ResultPath: null, Next: 'B' },
      B: { Type: 'Pass', InputPath: null, Next: 'C' },
      C: { Type: 'Pass', Result: 'x', ResultPath: '$', Next: 'D' },
      D: { Type: 'Pass', OutputPath: null, End: true },
    });
    const r = await runText(text, { in: 1 });
    const out = (name: string) => r.events.find((e) => e.stateName === name && e.type === 'PassStateExited')!.details!.output;
    assert.deepEqual(out('A'), { in: 1 });
    assert.deepEqual(out('B'), {});
    assert.equal(out('C'), 'x');
    assert.deepEqual(r.output, {});
  });

  test('ResultPath creates missing objects and never changes the input it was given', async () => {
    const input = { a: { keep: 1 } };
    const r = await runText(machine({ P: { Type: 'Pass', Result: 5, ResultPath: '$.a.b.c', End: true } }), input);
    assert.deepEqual(r.output, { a: { keep: 1, b: { c: 5 } } });
    assert.deepEqual(input, { a: { keep: 1 } });
  });

  test('ResultPath into a value that is not an object is States.ResultPathMatchFailure, which a Catch can take', async () => {
    const failing = machine({ P: { Type: 'Pass', Result: 5, ResultPath: '$.a.b', End: true } });
    const r = await runText(failing, { a: 'text' });
    assert.equal(r.status, 'FAILED');
    assert.equal(r.error, 'States.ResultPathMatchFailure');
    // AWS's wording (an execution's cause quoted in aws/aws-cdk issue 29473); ours is the hint.
    assert.equal(
      r.cause,
      `An error occurred while executing the state 'P' (entered at the event id #2). Unable to apply ReferencePath $.a.b to input {"a":"text"}`,
    );
    assert.match(r.hint!, /Unable to apply ResultPath '\$\.a\.b' to input '"text"'/);
    const caught = machine({
      T: {
        Type: 'Task',
        Resource: 'arn:aws:states:::sqs:sendMessage',
        ResultPath: '$.x',
        Catch: [{ ErrorEquals: ['States.ResultPathMatchFailure'], Next: 'F' }],
        End: true,
      },
      F: { Type: 'Pass', End: true },
    });
    const r2 = await runText(caught, 'a string input');
    assert.equal(r2.status, 'SUCCEEDED');
    assert.equal((r2.output as { Error: string }).Error, 'States.ResultPathMatchFailure');
  });

  test('a Parameters path that selects nothing is States.Runtime, worded as AWS words it', async () => {
    const r = await runText(
      machine({ T: { Type: 'Task', Resource: 'arn:aws:states:::glue:startJobRun', Parameters: { 'JobName.$': '$.JobName' }, End: true } }),
      {},
    );
    assert.equal(r.status, 'FAILED');
    assert.equal(r.error, 'States.Runtime');
    assert.equal(
      r.cause,
      "An error occurred while executing the state 'T' (entered at the event id #2). The JSONPath '$.JobName' specified for the field 'JobName.$' could not be found in the input '{}'",
    );
  });

  test('States.Runtime from a path is not caught by States.ALL', async () => {
    const r = await runText(
      machine({
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sns:publish',
          InputPath: '$.missing',
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'F' }],
          End: true,
        },
        F: { Type: 'Pass', End: true },
      }),
      {},
    );
    assert.equal(r.status, 'FAILED');
    assert.equal(r.error, 'States.Runtime');
    assert.match(r.cause!, /Invalid path '\$\.missing'/);
    assert.deepEqual(r.path, ['T']);
  });

  test('an OutputPath that selects nothing fails; indefinite paths are lists', async () => {
    const r = await runText(machine({ P: { Type: 'Pass', OutputPath: '$.nope', End: true } }), { a: 1 });
    assert.equal(r.error, 'States.Runtime');
    const r2 = await runText(machine({ P: { Type: 'Pass', InputPath: '$.items[*].id', End: true } }), {
      items: [{ id: 1 }, { id: 2 }, {}],
    });
    assert.deepEqual(r2.output, [1, 2]);
  });

  test('Parameters read the context object and variables', async () => {
    const text = machine({
      A: { Type: 'Pass', Assign: { greeting: 'hi' }, Next: 'B' },
      B: {
        Type: 'Pass',
        Parameters: {
          'id.$': '$$.Execution.Id',
          'state.$': '$$.State.Name',
          'start.$': '$$.Execution.StartTime',
          'g.$': '$greeting',
          'machine.$': '$$.StateMachine.Name',
        },
        End: true,
      },
    });
    const r = await runText(text, {}, scripted(), { stateMachineName: 'Orders', executionName: 'run-1' });
    assert.deepEqual(r.output, {
      id: 'arn:aws:states:us-east-1:123456789012:execution:Orders:run-1',
      state: 'B',
      start: '2026-01-01T00:00:00.000Z',
      g: 'hi',
      machine: 'Orders',
    });
  });

  test('Pass Result wins over Parameters, and keys ending in .$ are only evaluated in templates', async () => {
    const r = await runText(machine({ P: { Type: 'Pass', Parameters: { 'a.$': '$.x' }, Result: { 'b.$': '$.x' }, End: true } }), { x: 1 });
    assert.deepEqual(r.output, { 'b.$': '$.x' });
  });
});
