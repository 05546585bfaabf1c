/** Parallel and Map on the virtual clock: concurrency, limits, Distributed Map features. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { machine, runText, scripted } from './engineHelpers';

const wait = (seconds: number) => ({ Type: 'Wait', Seconds: seconds, End: true });

describe('Parallel', () => {
  test('branches run at the same virtual time; events interleave in time order', async () => {
    const text = machine({
      P: {
        Type: 'Parallel',
        Branches: [
          { StartAt: 'Slow', States: { Slow: wait(30) } },
          {
            StartAt: 'Fast',
            States: { Fast: { Type: 'Wait', Seconds: 10, Next: 'Then' }, Then: { Type: 'Pass', Result: 'b', End: true } },
          },
        ],
        End: true,
      },
    });
    const r = await runText(text, { in: 1 });
    assert.deepEqual(r.output, [{ in: 1 }, 'b']);
    assert.equal(r.simulatedSeconds, 30);
    const order = r.events.filter((e) => e.scope).map((e) => `${e.type}:${e.stateName}@${e.timestamp.slice(11, 19)}`);
    assert.deepEqual(order, [
      'WaitStateEntered:Slow@00:00:00',
      'WaitStateEntered:Fast@00:00:00',
      'WaitStateExited:Fast@00:00:10',
      'PassStateEntered:Then@00:00:10',
      'PassStateExited:Then@00:00:10',
      'WaitStateExited:Slow@00:00:30',
    ]);
    assert.deepEqual(r.events.find((e) => e.stateName === 'Fast')?.scope, ['P', 'branch 1']);
  });

  test('tasks in branches are called in virtual-time order, so mocks see a deterministic order', async () => {
    const text = machine({
      P: {
        Type: 'Parallel',
        Branches: [
          {
            StartAt: 'W1',
            States: {
              W1: { Type: 'Wait', Seconds: 5, Next: 'T1' },
              T1: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', End: true },
            },
          },
          { StartAt: 'T2', States: { T2: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', End: true } } },
        ],
        End: true,
      },
    });
    const inv = scripted({ T2: () => ({ ok: true, output: 2, durationSeconds: 7 }) });
    const r = await runText(text, {}, inv);
    assert.deepEqual(
      inv.calls.map((c) => c.stateName),
      ['T2', 'T1'],
    );
    assert.deepEqual(inv.calls[0].statePath, ['P']);
    assert.equal(r.simulatedSeconds, 7);
  });

  test('the first branch to fail in virtual time decides the error', async () => {
    const text = machine({
      P: {
        Type: 'Parallel',
        Branches: [
          { StartAt: 'Late', States: { Late: { Type: 'Wait', Seconds: 20, Next: 'F1' }, F1: { Type: 'Fail', Error: 'Late' } } },
          { StartAt: 'Early', States: { Early: { Type: 'Wait', Seconds: 5, Next: 'F2' }, F2: { Type: 'Fail', Error: 'Early' } } },
        ],
        End: true,
      },
    });
    const r = await runText(text, {});
    assert.equal(r.error, 'Early');
    assert.equal(r.simulatedSeconds, 5);
    assert.ok(r.events.some((e) => e.type === 'ParallelStateFailed'));
  });

  test('nested Parallel states keep their scopes', async () => {
    const inner = { Type: 'Parallel', Branches: [{ StartAt: 'X', States: { X: wait(1) } }], End: true };
    const text = machine({ Outer: { Type: 'Parallel', Branches: [{ StartAt: 'Inner', States: { Inner: inner } }], End: true } });
    const r = await runText(text, {});
    assert.deepEqual(r.events.find((e) => e.stateName === 'X')?.scope, ['Outer', 'branch 0', 'Inner', 'branch 0']);
    assert.deepEqual(r.output, [[{}]]);
  });
});

describe('Map', () => {
  test('ItemsPath, ItemSelector with $$.Map.Item, ResultPath', async () => {
    const text = machine({
      M: {
        Type: 'Map',
        ItemsPath: '$.items',
        ItemSelector: { 'item.$': '$$.Map.Item.Value', 'index.$': '$$.Map.Item.Index', 'tag.$': '$.tag' },
        ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
        ResultPath: '$.results',
        End: true,
      },
    });
    const r = await runText(text, { items: ['a', 'b'], tag: 't' });
    assert.deepEqual(r.output, {
      items: ['a', 'b'],
      tag: 't',
      results: [
        { item: 'a', index: 0, tag: 't' },
        { item: 'b', index: 1, tag: 't' },
      ],
    });
    const types = r.events.map((e) => e.type);
    assert.deepEqual(types.slice(0, 5), [
      'ExecutionStarted',
      'MapStateEntered',
      'MapStateStarted',
      'MapIterationStarted',
      'PassStateEntered',
    ]);
    assert.deepEqual(r.events.find((e) => e.type === 'MapIterationSucceeded')?.details, { name: 'M', index: 0 });
  });

  test('MaxConcurrency on the virtual clock: 5 items of 10 s, 2 at a time, take 30 s', async () => {
    const text = machine({
      M: {
        Type: 'Map',
        MaxConcurrency: 2,
        ItemProcessor: { StartAt: 'W', States: { W: { Type: 'Wait', SecondsPath: '$', End: true } } },
        End: true,
      },
    });
    const r = await runText(text, [10, 10, 10, 10, 10]);
    assert.equal(r.simulatedSeconds, 30);
    const starts = r.events.filter((e) => e.type === 'MapIterationStarted').map((e) => e.timestamp.slice(14, 19));
    assert.deepEqual(starts, ['00:00', '00:00', '00:10', '00:10', '00:20']);
    const unlimited = await runText(text.replace('"MaxConcurrency": 2', '"MaxConcurrency": 0'), [10, 10, 10, 10, 10]);
    assert.equal(unlimited.simulatedSeconds, 10);
  });

  test('a freed slot goes to the next item at the time it frees', async () => {
    const text = machine({
      M: {
        Type: 'Map',
        MaxConcurrency: 2,
        ItemProcessor: { StartAt: 'W', States: { W: { Type: 'Wait', SecondsPath: '$', End: true } } },
        End: true,
      },
    });
    // 30 and 10 start at 0; at 10 the third (10) starts, ends at 20; the fourth (5) runs 20..25; 30 ends at 30.
    const r = await runText(text, [30, 10, 10, 5]);
    assert.equal(r.simulatedSeconds, 30);
    const starts = r.events.filter((e) => e.type === 'MapIterationStarted').map((e) => e.timestamp.slice(17, 19));
    assert.deepEqual(starts, ['00', '00', '10', '20']);
  });

  test('inline: an iteration failure fails the Map with that error', async () => {
    const text = machine({
      M: {
        Type: 'Map',
        ItemProcessor: {
          StartAt: 'C',
          States: {
            C: { Type: 'Choice', Choices: [{ Variable: '$', NumericEquals: 2, Next: 'F' }], Default: 'OK' },
            F: { Type: 'Fail', Error: 'Two', Cause: 'item 2' },
            OK: { Type: 'Pass', End: true },
          },
        },
        End: true,
      },
    });
    const r = await runText(text, [1, 2, 3]);
    assert.equal(r.error, 'Two');
    assert.ok(r.events.some((e) => e.type === 'MapIterationFailed' && e.details?.index === 1));
    assert.ok(r.events.some((e) => e.type === 'MapStateFailed'));
  });

  test('items that are not an array fail with States.Runtime', async () => {
    const r = await runText(
      machine({
        M: { Type: 'Map', ItemsPath: '$.x', ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true },
      }),
      { x: 1 },
    );
    assert.equal(r.error, 'States.Runtime');
    // AWS's cause, from a recorded execution (issue 11); our explanation is the hint.
    assert.equal(
      r.cause,
      "An error occurred while executing the state 'M' (entered at the event id #2). Map state input must be an array but was: 1",
    );
    assert.match(r.hint!, /must select an array, but it selects number/);
    const failed = r.events.find((e) => e.type === 'ExecutionFailed');
    assert.equal(failed?.details?.hint, r.hint);
  });

  test('an empty array gives an empty result', async () => {
    const r = await runText(
      machine({ M: { Type: 'Map', ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true } }),
      [],
    );
    assert.deepEqual(r.output, []);
  });
});

describe('Distributed Map', () => {
  const distributed = (extra: Record<string, unknown>, processor: Record<string, unknown> = { P: { Type: 'Pass', End: true } }) =>
    machine({
      M: {
        Type: 'Map',
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: Object.keys(processor)[0],
          States: processor,
        },
        End: true,
        ...extra,
      },
    });

  test('ItemReader: CSV text from s3:getObject, with the first row as headers and MaxItems', async () => {
    const text = distributed({
      ItemReader: {
        Resource: 'arn:aws:states:::s3:getObject',
        ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW', MaxItems: 2 },
        Parameters: { Bucket: 'b', 'Key.$': '$.key' },
      },
    });
    const inv = scripted({ M: () => 'id,name\n1,"Smith, J"\n2,Doe\n3,Roe\n' });
    const r = await runText(text, { key: 'people.csv' }, inv);
    assert.deepEqual(inv.calls[0].payload, { Bucket: 'b', Key: 'people.csv' });
    assert.equal(inv.calls[0].resource, 'arn:aws:states:::s3:getObject');
    assert.deepEqual(r.output, [
      { id: '1', name: 'Smith, J' },
      { id: '2', name: 'Doe' },
    ]);
    assert.ok(
      r.events.some(
        (e) =>
          e.type === 'MapRunStarted' &&
          /^arn:aws:states:us-east-1:123456789012:mapRun:LocalStateMachine\/M:/.test(String(e.details?.mapRunArn)),
      ),
    );
  });

  test('ItemReader: GIVEN headers, other delimiters, JSON, JSONL, listObjectsV2, items as an array', async () => {
    const csv = distributed({
      ItemReader: {
        Resource: 'arn:aws:states:::s3:getObject',
        ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'GIVEN', CSVHeaders: ['a', 'b'], CSVDelimiter: 'PIPE' },
      },
    });
    assert.deepEqual((await runText(csv, {}, scripted({ M: () => '1|2\n3|4' }))).output, [
      { a: '1', b: '2' },
      { a: '3', b: '4' },
    ]);
    const json = distributed({ ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'JSON' } } });
    assert.deepEqual((await runText(json, {}, scripted({ M: () => ({ Body: '[1,2]' }) }))).output, [1, 2]);
    const jsonl = distributed({ ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'JSONL' } } });
    assert.deepEqual((await runText(jsonl, {}, scripted({ M: () => '{"a":1}\n\n{"a":2}\n' }))).output, [{ a: 1 }, { a: 2 }]);
    const list = distributed({ ItemReader: { Resource: 'arn:aws:states:::s3:listObjectsV2', Parameters: { Bucket: 'b' } } });
    assert.deepEqual((await runText(list, {}, scripted({ M: () => ({ Contents: [{ Key: 'k1' }, { Key: 'k2' }] }) }))).output, [
      { Key: 'k1' },
      { Key: 'k2' },
    ]);
    assert.deepEqual((await runText(json, {}, scripted({ M: () => [{ x: 1 }] }))).output, [{ x: 1 }]);
  });

  test('$$.Map.Item.Source names the S3 object an item came from', async () => {
    const text = distributed({
      ItemReader: { Resource: 'arn:aws:states:::s3:listObjectsV2', Parameters: { Bucket: 'photos' } },
      ItemSelector: { 'key.$': '$$.Map.Item.Value.Key', 'source.$': '$$.Map.Item.Source' },
    });
    const r = await runText(text, {}, scripted({ M: () => [{ Key: 'a.jpg' }] }));
    assert.deepEqual(r.output, [{ key: 'a.jpg', source: 's3://photos/a.jpg' }]);
  });

  test('an ItemReader that fails or cannot be read is States.ItemReaderFailed', async () => {
    const json = distributed({ ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'JSON' } } });
    const r = await runText(json, {}, scripted({ M: () => ({ ok: false, error: 'S3.NoSuchKey', cause: 'gone' }) }));
    assert.equal(r.error, 'States.ItemReaderFailed');
    assert.match(r.cause!, /S3.NoSuchKey: gone/);
    const bad = await runText(json, {}, scripted({ M: () => '{"not":"an array"}' }));
    assert.equal(bad.error, 'States.ItemReaderFailed');
  });

  test('ItemBatcher: batches by count, with BatchInput', async () => {
    const text = distributed({ ItemBatcher: { MaxItemsPerBatch: 2, BatchInput: { 'tag.$': '$.tag' } }, ItemsPath: '$.items' });
    const r = await runText(text, { items: [1, 2, 3, 4, 5], tag: 'x' });
    assert.deepEqual(r.output, [
      { BatchInput: { tag: 'x' }, Items: [1, 2] },
      { BatchInput: { tag: 'x' }, Items: [3, 4] },
      { BatchInput: { tag: 'x' }, Items: [5] },
    ]);
  });

  test('failures within ToleratedFailureCount are tolerated; beyond it, States.ExceedToleratedFailureThreshold', async () => {
    const processor = {
      C: { Type: 'Choice', Choices: [{ Variable: '$', NumericGreaterThan: 2, Next: 'F' }], Default: 'OK' },
      F: { Type: 'Fail', Error: 'Big' },
      OK: { Type: 'Pass', End: true },
    };
    const tolerant = await runText(distributed({ ToleratedFailureCount: 2 }, processor), [1, 2, 3, 4]);
    assert.equal(tolerant.status, 'SUCCEEDED');
    assert.deepEqual(tolerant.output, [1, 2, { Error: 'Big', Cause: '' }, { Error: 'Big', Cause: '' }]);
    const strict = await runText(distributed({ ToleratedFailureCount: 1 }, processor), [1, 2, 3, 4]);
    assert.equal(strict.error, 'States.ExceedToleratedFailureThreshold');
    assert.ok(strict.events.some((e) => e.type === 'MapRunFailed'));
    const none = await runText(distributed({}, processor), [1, 3]);
    assert.equal(none.error, 'States.ExceedToleratedFailureThreshold');
    const percent = await runText(distributed({ ToleratedFailurePercentage: 50 }, processor), [1, 2, 3, 4]);
    assert.equal(percent.status, 'SUCCEEDED');
  });

  test('ResultWriter sends the results through the invoker and returns the map run details', async () => {
    const text = distributed({
      ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'out', Prefix: 'runs' } },
    });
    const inv = scripted();
    const r = await runText(text, [1, 2], inv);
    assert.deepEqual(inv.calls[0].payload, { Bucket: 'out', Prefix: 'runs', Results: [1, 2] });
    const out = r.output as { MapRunArn: string; ResultWriterDetails: { Bucket: string; Key: string } };
    assert.equal(out.ResultWriterDetails.Bucket, 'out');
    assert.match(out.ResultWriterDetails.Key, /^runs\/[0-9a-f-]{36}\/manifest.json$/);
  });

  test("child executions do not count toward the parent's event limit, but have their own", async () => {
    const r = await runText(
      distributed({}),
      Array.from({ length: 100 }, (_, i) => i),
      scripted(),
      { maxEvents: 50 },
    );
    assert.equal(r.status, 'SUCCEEDED');
    assert.equal((r.output as number[]).length, 100);
    const looping = distributed(
      {},
      {
        A: { Type: 'Pass', Next: 'B' },
        B: { Type: 'Choice', Choices: [{ Variable: '$.stop', IsPresent: true, Next: 'C' }], Default: 'A' },
        C: { Type: 'Succeed' },
      },
    );
    const stuck = await runText(looping, [{}], scripted(), { maxEvents: 50 });
    assert.equal(stuck.error, 'States.ExceedToleratedFailureThreshold');
    assert.equal(stuck.cause, 'The specified tolerated failure threshold was exceeded');
    const failed = stuck.events.find((e) => e.type === 'MapRunFailed')?.details?.failedItem as { cause: string };
    assert.equal(failed.cause, 'The execution reached the maximum number of history events (50).');
  });
});
