/**
 * Parity with the dry run: for every engine-corpus case that fits the server, the history that
 * GetExecutionHistory gives (at --wait-time-scale 0) is the history of the dry run, event for
 * event: types, order, ids, previousEventId and details, apart from timestamps. The dry run is
 * runJob (what `asl-workbench run` executes in its worker); a sample of cases also goes through
 * `run --json` itself.
 *
 * Cases that do not fit: those with run options (names, start times), mock answers with simulated
 * durations (the mock file format has none), values from the clock, the context object or
 * randomness (they differ between two executions by design), and definitions AWS would refuse.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runJob } from '../../server/src/dryRun/job';
import type { HistoryEvent } from '../../server/src/core/engine/types';
import { awsEvent } from '../../server/src/endpoint/history';
import { CLI, raw, ROOT, serve, until, type Served } from './serve';

interface Case {
  name: string;
  definition: unknown;
  input?: unknown;
  mocks?: Record<string, unknown[] | Record<string, Record<string, unknown>>>;
  options?: unknown;
  expected: { error?: string };
}

const CORPUS = join(ROOT, 'test/engine-corpus');
/** Not the same in two executions: the clock, the context object, randomness. */
const VARIES = /\$\$|states\.context|UUID|Random|\$random|\$uuid|\$now|\$millis|MapRun|ItemReader|ResultWriter/;
/** Every `run --json` process costs a few hundred ms: one case in this many also goes through it. */
const CLI_SAMPLE_EVERY = 40;
/** The corpus has over 500 cases; fewer than this compared means the selection broke. */
const MIN_COMPARED = 150;

function fits(c: Case): boolean {
  if (c.options !== undefined || c.expected.error === 'InvalidDefinition') return false;
  const text = JSON.stringify(c.definition);
  if (VARIES.test(text) || /waitForTaskToken|\.sync/.test(text)) return false;
  for (const answers of Object.values(c.mocks ?? {})) {
    for (const a of Array.isArray(answers) ? answers : Object.values(answers))
      if ((a as Record<string, unknown>).Seconds !== undefined) return false;
  }
  return true;
}

interface Selected {
  id: string;
  c: Case;
  text: string;
}

const selected: Selected[] = [];
for (const file of readdirSync(CORPUS)
  .filter((f) => f.endsWith('.json'))
  .sort()) {
  for (const c of (JSON.parse(readFileSync(join(CORPUS, file), 'utf8')) as { cases: Case[] }).cases) {
    if (fits(c)) selected.push({ id: `c${String(selected.length).padStart(4, '0')}`, c, text: JSON.stringify(c.definition, null, 2) });
  }
}

/** One mock file for all cases: each case a state machine with the test case "Case". */
function mockFile(): string {
  const machines: Record<string, unknown> = {};
  const responses: Record<string, unknown> = {};
  for (const { id, c } of selected) {
    const tc: Record<string, string> = {};
    for (const [state, answers] of Object.entries(c.mocks ?? {})) {
      const name = `${id} ${state}`;
      tc[state] = name;
      responses[name] = Array.isArray(answers) ? Object.fromEntries(answers.map((a, i) => [String(i), a])) : answers;
    }
    machines[id] = { TestCases: { Case: tc } };
  }
  return JSON.stringify({ StateMachines: machines, MockedResponses: responses });
}

const dir = mkdtempSync(join(tmpdir(), 'aslwb-parity-'));
const MOCKS = join(dir, 'corpus.mocks.json');
let s: Served;
before(async () => {
  writeFileSync(MOCKS, mockFile());
  s = await serve(['--mock-config', MOCKS, '--wait-time-scale', '0']);
});
after(async () => {
  await s.stop();
});

/** Timestamps aside, and the Map Run's id (a UUID from the execution's own random seed). */
const noTime = (e: Record<string, unknown>) => {
  const { timestamp: _t, ...rest } = e;
  return JSON.parse(JSON.stringify(rest).replace(/(:mapRun:[^"]*):[0-9a-f-]{36}"/g, '$1:*"')) as unknown;
};

test(`GetExecutionHistory matches the dry run's history for the corpus cases that fit (${selected.length})`, async (t) => {
  assert.ok(selected.length >= MIN_COMPARED, `only ${selected.length} cases selected`);
  let compared = 0;
  let refused = 0;
  for (const [i, { id, c, text }] of selected.entries()) {
    const role = `arn:aws:iam::123456789012:role/StepFunctions-${id}-role`;
    const created = await raw(s.url, 'CreateStateMachine', JSON.stringify({ name: id, definition: text, roleArn: role }));
    if (created.status !== 200) {
      // A definition the server (as AWS) refuses: no execution to compare.
      assert.equal(created.json.__type, 'InvalidDefinition', `${c.name}: ${JSON.stringify(created.json)}`);
      refused++;
      continue;
    }
    const input = JSON.stringify(c.input ?? {});
    const started = await raw(
      s.url,
      'StartExecution',
      JSON.stringify({ stateMachineArn: `${String(created.json.stateMachineArn)}#Case`, name: 'Case', input }),
    );
    assert.equal(started.status, 200, JSON.stringify(started.json));
    const arn = String(started.json.executionArn);
    await until(async () =>
      (await raw(s.url, 'DescribeExecution', JSON.stringify({ executionArn: arn }))).json.status === 'RUNNING' ? undefined : true,
    );
    const served: Record<string, unknown>[] = [];
    let nextToken: unknown;
    do {
      const page = (await raw(s.url, 'GetExecutionHistory', JSON.stringify({ executionArn: arn, maxResults: 1000, nextToken }))).json;
      served.push(...(page.events as Record<string, unknown>[]));
      nextToken = page.nextToken;
    } while (nextToken);

    const dry = await runJob({
      definition: text,
      machineName: id,
      mocks: { path: MOCKS, text: readFileSync(MOCKS, 'utf8') },
      testCase: 'Case',
      input: c.input ?? {},
      handlerTimeoutMs: 1000,
      allowHandlers: false,
      wallTimeMs: 30_000,
    });
    assert.ok(dry.ok, `${c.name}: ${!dry.ok && dry.reason}`);
    let events: HistoryEvent[] = dry.result.events;
    if (i % CLI_SAMPLE_EVERY === 0) {
      // The same through the CLI, as a user runs it.
      const defFile = join(dir, `${id}.asl.json`);
      writeFileSync(defFile, text);
      const r = spawnSync(process.execPath, [CLI, 'run', defFile, '--mocks', MOCKS, '--test-case', 'Case', '--input', input, '--json'], {
        encoding: 'utf8',
        timeout: 60_000,
      });
      const cliEvents = (JSON.parse(r.stdout) as { events: HistoryEvent[] }).events;
      assert.deepEqual(
        cliEvents.map((e) => [e.id, e.type]),
        events.map((e) => [e.id, e.type]),
        c.name,
      );
      events = cliEvents;
    }
    const expected = events.map((e) => noTime(JSON.parse(JSON.stringify(awsEvent(e, true))) as Record<string, unknown>));
    assert.deepEqual(served.map(noTime), expected, `${c.name} (${id})`);
    compared++;
  }
  t.diagnostic(`compared ${compared} histories; ${refused} definitions refused at creation`);
  assert.ok(compared >= MIN_COMPARED, `compared ${compared}, refused ${refused}`);
});
