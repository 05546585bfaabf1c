/** Wait in all its forms, and the less common fields of the other states. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { machine, runText } from './engineHelpers';

describe('Wait', () => {
  test('Seconds, SecondsPath, Timestamp, TimestampPath on the virtual clock', async () => {
    const text = machine({
      A: { Type: 'Wait', Seconds: 30, Next: 'B' },
      B: { Type: 'Wait', SecondsPath: '$.delay', Next: 'C' },
      C: { Type: 'Wait', Timestamp: '2026-01-01T01:00:00Z', Next: 'D' },
      D: { Type: 'Wait', TimestampPath: '$.until', End: true },
    });
    const started = Date.now();
    const r = await runText(text, { delay: 90, until: '2026-01-02T00:00:00+02:00' });
    assert.ok(Date.now() - started < 1000);
    assert.equal(r.status, 'SUCCEEDED');
    const exits = r.events.filter((e) => e.type === 'WaitStateExited').map((e) => e.timestamp);
    assert.deepEqual(exits, [
      '2026-01-01T00:00:30.000Z',
      '2026-01-01T00:02:00.000Z',
      '2026-01-01T01:00:00.000Z',
      '2026-01-01T22:00:00.000Z',
    ]);
    assert.equal(r.simulatedSeconds, 22 * 3600);
  });

  test('a timestamp in the past does not wait; bad values fail with States.Runtime', async () => {
    const past = await runText(machine({ W: { Type: 'Wait', Timestamp: '2020-01-01T00:00:00Z', End: true } }), {});
    assert.equal(past.simulatedSeconds, 0);
    const bad = await runText(machine({ W: { Type: 'Wait', SecondsPath: '$.s', End: true } }), { s: 'soon' });
    assert.equal(bad.error, 'States.Runtime');
    // AWS's causes (LocalStack's SecondsPath/TimestampPath texts); ours are the hints.
    assert.equal(
      bad.cause,
      "An error occurred while executing the state 'W' (entered at the event id #2). The SecondsPath parameter cannot be parsed as a long value: $.s == soon",
    );
    assert.match(bad.hint!, /seconds must be a non-negative integer, but it is "soon"/);
    const badStamp = await runText(machine({ W: { Type: 'Wait', TimestampPath: '$.t', End: true } }), { t: '2026-01-01' });
    assert.equal(
      badStamp.cause,
      "An error occurred while executing the state 'W' (entered at the event id #2). The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: $.t == 2026-01-01",
    );
    assert.match(badStamp.hint!, /RFC 3339/);
  });

  test('the run start time moves timestamps', async () => {
    const r = await runText(machine({ W: { Type: 'Wait', Timestamp: '2030-01-01T00:01:00Z', End: true } }), {}, undefined, {
      startTime: new Date('2030-01-01T00:00:00Z'),
    });
    assert.equal(r.simulatedSeconds, 60);
  });

  test('Wait with InputPath, OutputPath and Assign', async () => {
    const r = await runText(
      machine({
        W: { Type: 'Wait', Seconds: 1, InputPath: '$.a', OutputPath: '$.b', Assign: { 'seen.$': '$.b' }, Next: 'P' },
        P: { Type: 'Pass', Parameters: { 'seen.$': '$seen', 'in.$': '$' }, End: true },
      }),
      { a: { b: 2 } },
    );
    assert.deepEqual(r.output, { seen: 2, in: 2 });
  });
});

describe('other fields', () => {
  test("Parallel Parameters build the branches' input; ResultSelector and ResultPath shape the result", async () => {
    const text = machine({
      P: {
        Type: 'Parallel',
        Parameters: { 'n.$': '$.n', fixed: true },
        Branches: [{ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }],
        ResultSelector: { 'first.$': '$[0]' },
        ResultPath: '$.out',
        End: true,
      },
    });
    assert.deepEqual((await runText(text, { n: 1 })).output, { n: 1, out: { first: { n: 1, fixed: true } } });
  });

  test('the legacy Map fields Iterator and Parameters still work', async () => {
    const text = machine({
      M: {
        Type: 'Map',
        Parameters: { 'v.$': '$$.Map.Item.Value' },
        Iterator: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
        End: true,
      },
    });
    assert.deepEqual((await runText(text, [1, 2])).output, [{ v: 1 }, { v: 2 }]);
  });

  test('ResultPath into an array element', async () => {
    const r = await runText(machine({ P: { Type: 'Pass', Result: 'x', ResultPath: '$.list[1]', End: true } }), { list: [1, 2, 3] });
    assert.deepEqual(r.output, { list: [1, 'x', 3] });
  });

  test('Succeed inside a Parallel branch ends the branch with its output', async () => {
    const text = machine({
      P: { Type: 'Parallel', Branches: [{ StartAt: 'S', States: { S: { Type: 'Succeed', OutputPath: '$.v' } } }], End: true },
    });
    assert.deepEqual((await runText(text, { v: 7 })).output, [7]);
  });

  test('a Fail state without Error or Cause fails with neither', async () => {
    const r = await runText(machine({ F: { Type: 'Fail' } }), {});
    assert.equal(r.status, 'FAILED');
    assert.equal(r.error, undefined);
    assert.equal(r.cause, undefined);
  });
});
