// The engine conformance corpus: state machines as data under test/engine-corpus (see its
// README), each run through prepare + run with the Step Functions Local mock invoker, its result
// compared with what AWS documents. A case listed in KNOWN_FAILURES must still fail (so a fix is
// noticed and the entry removed).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { analyze } from '../../server/src/core';
import { analyzeText } from '../../server/src/core/syntax';
import { treeToYaml } from '../../server/src/core/yaml';
import { prepare, run } from '../../server/src/core/engine';
import type { ExecutionResult, RunOptions, TaskInvocation, TaskInvoker, TaskOutcome } from '../../server/src/core/engine';
import { createTaskInvoker, definitionInfo, loadMockFile } from '../../server/src/core/engine/mocks';

/**
 * Cases the engine gets wrong per the AWS documentation, keyed `file/case name`, with the reason.
 * The runner asserts that each still fails: when one passes, remove it here.
 */
const KNOWN_FAILURES: Record<string, string> = {};

const MIN_CASES = 410;

// ---------------------------------------------------------------------------------------------
// The case format (documented in test/engine-corpus/README.md); every key is checked, so a typo
// in a case file is an error rather than a silently ignored expectation.

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

interface Answer {
  Return?: Json;
  Throw?: { Error: string; Cause?: string };
  /** Simulated seconds the call takes (our addition: SFN Local mocks have no duration). */
  Seconds?: number;
}

interface Check {
  /** Dot path into the output ("a.b.0"); "" is the output itself. */
  at: string;
  type?: 'string' | 'number' | 'boolean' | 'object' | 'array' | 'null';
  pattern?: string;
  range?: [number, number];
  integer?: boolean;
  length?: number;
  equalsAt?: string;
  notEqualsAt?: string;
}

interface Expected {
  status: ExecutionResult['status'];
  output?: Json;
  error?: string;
  cause?: string;
  causeContains?: string | string[];
  /** Part of our explanation, which the engine keeps apart from AWS's cause. */
  hintContains?: string;
  path?: string[];
  simulatedSeconds?: number;
  /** Event types that must appear in this order (other events may come between them). */
  events?: string[];
  /** Event types that must not appear at all. */
  noEvents?: string[];
  /** Exact number of events of each listed type. */
  eventCounts?: Record<string, number>;
  /** Seconds after the start at which each event of the type happened, in order. */
  eventTimes?: Record<string, number[]>;
  /** Checks on parts of the output whose exact value is not fixed (UUIDs, random numbers). */
  checks?: Check[];
  /** The payload each call of a Task received, by state name, in call order. */
  payloads?: Record<string, Json[]>;
}

interface Case {
  name: string;
  description: string;
  source?: string;
  docsSilent?: string;
  definition: Obj;
  input?: Json;
  mocks?: Record<string, Answer[] | Record<string, Answer>>;
  options?: {
    seed?: number;
    maxEvents?: number;
    startTime?: string;
    executionName?: string;
    stateMachineName?: string;
    echoUnmocked?: boolean;
    /**
     * Diagnostic codes to ignore when preparing: for the few cases that test a runtime rule whose
     * definition the static checks (rightly) reject, e.g. reading an out-of-scope variable.
     */
    skipChecks?: string[];
  };
  expected: Expected;
}

interface CaseFile {
  title: string;
  source: string;
  cases: Case[];
}

const CASE_KEYS = ['name', 'description', 'source', 'docsSilent', 'definition', 'input', 'mocks', 'options', 'expected'];
const FILE_KEYS = ['title', 'source', 'cases'];
const EXPECTED_KEYS = [
  'status',
  'output',
  'error',
  'cause',
  'causeContains',
  'hintContains',
  'path',
  'simulatedSeconds',
  'events',
  'noEvents',
  'eventCounts',
  'eventTimes',
  'checks',
  'payloads',
];
const OPTION_KEYS = ['seed', 'maxEvents', 'startTime', 'executionName', 'stateMachineName', 'echoUnmocked', 'skipChecks'];
const ANSWER_KEYS = ['Return', 'Throw', 'Seconds'];
const CHECK_KEYS = ['at', 'type', 'pattern', 'range', 'integer', 'length', 'equalsAt', 'notEqualsAt'];

function onlyKeys(o: object, allowed: string[], where: string): void {
  for (const k of Object.keys(o)) assert.ok(allowed.includes(k), `${where}: unknown key "${k}" (allowed: ${allowed.join(', ')})`);
}

function checkShape(file: string, f: CaseFile): void {
  onlyKeys(f, FILE_KEYS, file);
  assert.equal(typeof f.title, 'string', `${file}: "title" must be a string`);
  assert.equal(typeof f.source, 'string', `${file}: "source" must be a string`);
  assert.ok(Array.isArray(f.cases) && f.cases.length > 0, `${file}: "cases" must be a non-empty array`);
  for (const c of f.cases) {
    const where = `${file} › ${c.name}`;
    onlyKeys(c, CASE_KEYS, where);
    assert.ok(typeof c.name === 'string' && c.name.length > 0, `${where}: "name" is required`);
    assert.ok(typeof c.description === 'string' && c.description.length > 0, `${where}: "description" is required`);
    assert.ok(c.definition && typeof c.definition === 'object', `${where}: "definition" is required`);
    assert.ok(c.expected && typeof c.expected.status === 'string', `${where}: "expected.status" is required`);
    onlyKeys(c.expected, EXPECTED_KEYS, `${where} expected`);
    if (c.options) onlyKeys(c.options, OPTION_KEYS, `${where} options`);
    for (const check of c.expected.checks ?? []) onlyKeys(check, CHECK_KEYS, `${where} check`);
    for (const [state, answers] of Object.entries(c.mocks ?? {})) {
      for (const a of Object.values(answers)) {
        onlyKeys(a, ANSWER_KEYS, `${where} mock of "${state}"`);
        assert.ok('Return' in a !== 'Throw' in a, `${where}: a mock answer of "${state}" needs exactly one of Return or Throw`);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Running a case

const MACHINE = 'Corpus';
const TEST_CASE = 'Case';

/** The case's mocks as a Step Functions Local MockConfigFile (answers keyed "0", "1", ... or as written). */
function mockFileOf(c: Case): { text: string; seconds: Map<string, Map<number, number>> } {
  const testCase: Record<string, string> = {};
  const responses: Record<string, Record<string, unknown>> = {};
  const seconds = new Map<string, Map<number, number>>();
  for (const [state, answers] of Object.entries(c.mocks ?? {})) {
    const name = `${state} response`;
    testCase[state] = name;
    const entries: Record<string, unknown> = {};
    const byIndex = new Map<number, number>();
    const keyed = Array.isArray(answers) ? answers.map((a, i) => [String(i), a] as const) : Object.entries(answers);
    for (const [key, a] of keyed) {
      const { Seconds, ...answer } = a;
      entries[key] = answer;
      if (Seconds !== undefined) {
        const [from, to] = key.split('-').map(Number);
        for (let i = from; i <= (to ?? from); i++) byIndex.set(i, Seconds);
      }
    }
    responses[name] = entries;
    seconds.set(state, byIndex);
  }
  const file = { StateMachines: { [MACHINE]: { TestCases: { [TEST_CASE]: testCase } } }, MockedResponses: responses };
  return { text: JSON.stringify(file, null, 2), seconds };
}

/** Adds each answer's simulated duration, read by the invocation index the mock invoker used. */
function withDurations(
  inner: TaskInvoker & { invocations: ReadonlyMap<string, number> },
  seconds: Map<string, Map<number, number>>,
  calls: TaskInvocation[],
): TaskInvoker {
  return {
    async invoke(inv: TaskInvocation): Promise<TaskOutcome> {
      calls.push(inv);
      const index = inner.invocations.get(inv.stateName) ?? 0;
      const outcome = await inner.invoke(inv);
      const s = seconds.get(inv.stateName)?.get(index);
      return s === undefined ? outcome : { ...outcome, durationSeconds: s };
    },
  };
}

async function runCase(c: Case, syntax: 'json' | 'yaml' = 'json'): Promise<{ result: ExecutionResult; calls: TaskInvocation[] }> {
  const json = JSON.stringify(c.definition, null, 2);
  // The YAML form (issue #13's differential): the same definition written as block YAML by the converter.
  const analysis = syntax === 'json' ? analyze(json) : analyzeText(treeToYaml(analyze(json).doc.tree!), 'yaml');
  const skip = c.options?.skipChecks;
  if (skip) analysis.diagnostics = analysis.diagnostics.filter((d) => !skip.includes(d.code));
  const machine = prepare(analysis);
  if (!machine.ok) {
    const list = machine.diagnostics.map((d) => `line ${d.range.start.line + 1}: [${d.code}] ${d.message}`).join('\n  ');
    throw new Error(`the case's definition does not validate:\n  ${list}`);
  }
  const info = definitionInfo(analysis.machine, MACHINE);
  const mocks = mockFileOf(c);
  const loaded = loadMockFile(mocks.text, info);
  const problems = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (problems.length) throw new Error(`the case's mocks are invalid:\n  ${problems.map((d) => d.message).join('\n  ')}`);
  const inner = createTaskInvoker({
    config: loaded.config,
    testCase: loaded.config.stateMachines.get(MACHINE)?.testCases.get(TEST_CASE),
    echoUnmocked: c.options?.echoUnmocked,
    definition: info,
  });
  const calls: TaskInvocation[] = [];
  const options: RunOptions = {
    input: c.input === undefined ? {} : c.input,
    invoker: withDurations(inner, mocks.seconds, calls),
    wallTimeMs: 20_000,
  };
  const o = c.options ?? {};
  if (o.seed !== undefined) options.seed = o.seed;
  if (o.maxEvents !== undefined) options.maxEvents = o.maxEvents;
  if (o.startTime !== undefined) options.startTime = new Date(o.startTime);
  if (o.executionName !== undefined) options.executionName = o.executionName;
  if (o.stateMachineName !== undefined) options.stateMachineName = o.stateMachineName;
  return { result: await run(machine, options), calls };
}

// ---------------------------------------------------------------------------------------------
// Comparing

function show(v: unknown): string {
  if (v === undefined) return 'undefined';
  const s = JSON.stringify(v);
  return s.length > 400 ? `${s.slice(0, 400)}…` : s;
}

/** Differences between two JSON values, as "path: expected X, got Y" lines. */
function diff(expected: unknown, actual: unknown, path: string, out: string[]): void {
  if (out.length >= 20) return;
  if (Object.is(expected, actual)) return;
  const ea = Array.isArray(expected);
  const aa = Array.isArray(actual);
  if (ea && aa) {
    const e = expected as unknown[];
    const a = actual as unknown[];
    if (e.length !== a.length) out.push(`${path}: expected an array of ${e.length}, got ${a.length}: ${show(a)}`);
    for (let i = 0; i < Math.min(e.length, a.length); i++) diff(e[i], a[i], `${path}[${i}]`, out);
    return;
  }
  const eo = typeof expected === 'object' && expected !== null && !ea;
  const ao = typeof actual === 'object' && actual !== null && !aa;
  if (eo && ao) {
    const e = expected as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    for (const k of Object.keys(e)) {
      if (!(k in a)) out.push(`${path}.${k}: missing (expected ${show(e[k])})`);
      else diff(e[k], a[k], `${path}.${k}`, out);
    }
    for (const k of Object.keys(a)) if (!(k in e)) out.push(`${path}.${k}: unexpected (${show(a[k])})`);
    return;
  }
  out.push(`${path}: expected ${show(expected)}, got ${show(actual)}`);
}

function at(value: unknown, path: string): unknown {
  if (path === '') return value;
  let v = value;
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

function kind(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

function runCheck(check: Check, output: unknown, out: string[]): void {
  const v = at(output, check.at);
  const where = `output.${check.at}`;
  if (check.type !== undefined && kind(v) !== check.type) out.push(`${where}: expected a ${check.type}, got ${show(v)}`);
  if (check.pattern !== undefined && !(typeof v === 'string' && new RegExp(check.pattern).test(v)))
    out.push(`${where}: expected to match /${check.pattern}/, got ${show(v)}`);
  if (check.range !== undefined && !(typeof v === 'number' && v >= check.range[0] && v <= check.range[1]))
    out.push(`${where}: expected a number in [${check.range.join(', ')}], got ${show(v)}`);
  if (check.integer && !Number.isInteger(v)) out.push(`${where}: expected an integer, got ${show(v)}`);
  if (check.length !== undefined && !((Array.isArray(v) || typeof v === 'string') && v.length === check.length))
    out.push(`${where}: expected length ${check.length}, got ${show(v)}`);
  if (check.equalsAt !== undefined) {
    const d: string[] = [];
    diff(at(output, check.equalsAt), v, where, d);
    if (d.length) out.push(`${where}: expected to equal output.${check.equalsAt} (${show(at(output, check.equalsAt))}), got ${show(v)}`);
  }
  if (check.notEqualsAt !== undefined && JSON.stringify(at(output, check.notEqualsAt)) === JSON.stringify(v))
    out.push(`${where}: expected to differ from output.${check.notEqualsAt}, both are ${show(v)}`);
}

/** Every way the result differs from the case's expectations (empty: the case passes). */
function compare(c: Case, result: ExecutionResult, calls: TaskInvocation[]): string[] {
  const e = c.expected;
  const out: string[] = [];
  if (result.status !== e.status) out.push(`status: expected ${e.status}, got ${result.status}`);
  if ('output' in e) diff(e.output, result.output, 'output', out);
  if (e.error !== undefined && result.error !== e.error) out.push(`error: expected ${show(e.error)}, got ${show(result.error)}`);
  if (e.cause !== undefined && result.cause !== e.cause) out.push(`cause: expected ${show(e.cause)}, got ${show(result.cause)}`);
  for (const part of typeof e.causeContains === 'string' ? [e.causeContains] : (e.causeContains ?? [])) {
    if (!(result.cause ?? '').includes(part)) out.push(`cause: expected to contain ${show(part)}, got ${show(result.cause)}`);
  }
  if (e.hintContains !== undefined && !(result.hint ?? '').includes(e.hintContains))
    out.push(`hint: expected to contain ${show(e.hintContains)}, got ${show(result.hint)}`);
  if (e.path !== undefined) diff(e.path, result.path, 'path', out);
  if (e.simulatedSeconds !== undefined && result.simulatedSeconds !== e.simulatedSeconds)
    out.push(`simulatedSeconds: expected ${e.simulatedSeconds}, got ${result.simulatedSeconds}`);
  const types = result.events.map((ev) => ev.type);
  if (e.events !== undefined) {
    let i = 0;
    for (const want of e.events) {
      while (i < types.length && types[i] !== want) i++;
      if (i === types.length) {
        out.push(`events: expected ${show(e.events)} in this order; "${want}" is missing after the earlier ones`);
        break;
      }
      i++;
    }
  }
  for (const t of e.noEvents ?? [])
    if (types.includes(t)) out.push(`events: expected no ${t}, found ${types.filter((x) => x === t).length}`);
  for (const [t, n] of Object.entries(e.eventCounts ?? {})) {
    const got = types.filter((x) => x === t).length;
    if (got !== n) out.push(`events: expected ${n} ${t}, got ${got}`);
  }
  const start = result.events.length ? Date.parse(result.events[0].timestamp) : 0;
  for (const [t, times] of Object.entries(e.eventTimes ?? {})) {
    const got = result.events.filter((ev) => ev.type === t).map((ev) => (Date.parse(ev.timestamp) - start) / 1000);
    diff(times, got, `eventTimes.${t}`, out);
  }
  for (const check of e.checks ?? []) runCheck(check, result.output, out);
  for (const [state, payloads] of Object.entries(e.payloads ?? {})) {
    diff(
      payloads,
      calls.filter((call) => call.stateName === state).map((call) => call.payload),
      `payloads.${state}`,
      out,
    );
  }
  return out;
}

function report(c: Case, result: ExecutionResult, problems: string[]): string {
  const summary = {
    status: result.status,
    error: result.error,
    cause: result.cause,
    output: result.output,
    path: result.path,
    simulatedSeconds: result.simulatedSeconds,
  };
  const types = result.events.map((ev) => ev.type);
  return [
    `${c.name}: ${c.description}`,
    ...problems.map((p) => `  - ${p}`),
    `  actual: ${show(summary)}`,
    `  events: ${types.length > 60 ? `${types.slice(0, 60).join(', ')}, … (${types.length})` : types.join(', ')}`,
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------

/** The corpus folder, found from wherever this file was compiled or bundled to. */
function corpusRoot(): string {
  for (const start of [__dirname, process.cwd()]) {
    let dir = resolve(start);
    for (;;) {
      const candidate = join(dir, 'test', 'engine-corpus');
      if (existsSync(join(candidate, 'README.md'))) return candidate;
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  throw new Error(`test/engine-corpus not found above ${__dirname}`);
}

const ROOT = corpusRoot();
const FILES = readdirSync(ROOT)
  .filter((f) => f.endsWith('.json'))
  .sort();
const CORPUS = FILES.map((f) => ({ file: f, content: JSON.parse(readFileSync(join(ROOT, f), 'utf8')) as CaseFile }));

test('the corpus is well formed: known keys only, unique names, enough cases', () => {
  const names = new Set<string>();
  let count = 0;
  for (const { file, content } of CORPUS) {
    checkShape(file, content);
    for (const c of content.cases) {
      const id = `${file.replace(/\.json$/, '')}/${c.name}`;
      assert.ok(!names.has(id), `duplicate case ${id}`);
      names.add(id);
      count++;
    }
  }
  assert.ok(count >= MIN_CASES, `the corpus has ${count} cases; it must keep at least ${MIN_CASES}`);
  for (const id of Object.keys(KNOWN_FAILURES)) assert.ok(names.has(id), `KNOWN_FAILURES names ${id}, which is not a case`);
});

for (const { file, content } of CORPUS) {
  describe(`${file}: ${content.title}`, () => {
    for (const c of content.cases) {
      const id = `${file.replace(/\.json$/, '')}/${c.name}`;
      const known = KNOWN_FAILURES[id];
      test(known ? `${c.name} (known failure)` : c.name, async () => {
        const { result, calls } = await runCase(c);
        const problems = compare(c, result, calls);
        if (known) {
          assert.ok(problems.length > 0, `${id} now passes: remove it from KNOWN_FAILURES (it was listed because: ${known})`);
          return;
        }
        if (problems.length) assert.fail(report(c, result, problems));
      });
    }
    // Issue #13: every definition written as YAML runs to the very same result (status, output,
    // error, cause, path, events, calls) as its JSON form.
    test('the YAML form of every case gives the same dry-run result', async () => {
      for (const c of content.cases) {
        const fromJson = await runCase(c);
        const fromYaml = await runCase(c, 'yaml');
        const out: string[] = [];
        diff(JSON.parse(JSON.stringify(fromJson)), JSON.parse(JSON.stringify(fromYaml)), c.name, out);
        assert.deepEqual(out, [], `${c.name}: the YAML form runs differently`);
      }
    });
  });
}
