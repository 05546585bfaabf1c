/**
 * `asl-workbench run`: one dry run of a state machine, against a mock file's mocks and local
 * handlers. Also the setup `test` shares: reading the definition, the mock file and the input.
 */
import { parseDocument, syntaxOfPath, type Machine, type Syntax } from '../core';
import { explainRun, type ExplainedVisit } from '../core/explain';
import { blockingErrors } from '../core/mockfile';
import { inputTooLarge } from '../core/engine';
import type { ExecutionResult, HistoryEvent } from '../core/engine/types';
import { PAYLOAD_LIMIT } from '../core/engine/values';
import {
  DEFAULT_HANDLER_TIMEOUT_MS,
  definitionInfo,
  loadMockFile,
  type DefinitionInfo,
  type MockConfig,
  type MockDiagnostic,
  type MockStateMachine,
  type MockTestCase,
} from '../core/engine/mocks';
import { didYouMean } from '../core/suggest';
import { DryRunner } from '../dryRun/isolated';
import {
  DEFAULT_MEMORY_LIMIT_MB,
  DEFAULT_TIME_LIMIT_SECONDS,
  readMemoryLimit,
  readTimeLimit,
  timeLimitMs,
  type DryRunLimits,
} from '../dryRun/limits';
import { UsageError, parseArgs, type ParsedArgs } from './args';
import { DEFAULT_MAX_FILE_MB, MAX_FILE_ENV, configureMaxFileSize, readText } from './files';
import { blockingFindings } from './gate';
import { readMachineType } from './checkFormats';
import { chooseDefinition, findingLine } from './templates';

/** Set (to anything but "" or "0") to disable local handlers, as --no-handlers does: for CI on untrusted code. */
export const NO_HANDLERS_ENV = 'ASLWB_NO_HANDLERS';

/** The limit flags, shared with the help of `test`. */
export const LIMIT_HELP = `  --time-limit SECS        Real time one run may take; past it the run is ABORTED (default ${DEFAULT_TIME_LIMIT_SECONDS},
                           or twice --handler-timeout if that is more).
  --memory-limit MB        Memory one run may use (the heap of the worker it runs in); past it the run
                           is ABORTED (default ${DEFAULT_MEMORY_LIMIT_MB}).`;

const HELP = `Usage: asl-workbench run FILE [options]

Runs a state machine locally on a virtual clock (Wait states and retry intervals take no time),
answering its Tasks from a mock file: mocked responses of a test case, else local Lambda handlers.
Local handlers run in a process group of their own: 1024 MB of resident memory for all its processes,
the time limit below, up to 4 MB of output per call (to stderr); the group is killed when the call
times out or the CLI ends, however it ends.
  --input JSON | @FILE     The execution input (default: the test case's "$test".Input, else {}).
  --mocks FILE             A mock file: Step Functions Local's MockConfigFile.json format, plus
                           "LocalHandlers": { "<function name>": "path/module.mjs#export" }, and
                           "LocalStateMachines": { "<name or ARN>": { "Definition": "child.asl.json",
                           "TestCase": "<child case>" } } to run states:startExecution children locally.
  --test-case NAME         The test case whose mocked responses apply.
  --machine ID             FILE is a template (CloudFormation, SAM, CDK output, serverless.yml): run the state
                           machine with this logical ID (Serverless: key); needed when it holds several.
  --state-machine NAME     The machine's name in the mock file (default: FILE's name without .asl.json / .asl.yaml;
                           for a template's machine, its logical ID).
  --echo-unmocked          A Task with neither mock nor handler returns its input instead of failing.
  --handler-timeout SECS   Real-time limit of one local handler call (default ${DEFAULT_HANDLER_TIMEOUT_MS / 1000}).
  --no-handlers            Never run LocalHandlers (for untrusted checkouts; also ${NO_HANDLERS_ENV}=1): a Task
                           that needs one fails the execution with States.Runtime; mocks still answer.
  --max-file-size MB       Largest file read (definition, mock file, --input @FILE; default ${DEFAULT_MAX_FILE_MB}, or $${MAX_FILE_ENV}).
${LIMIT_HELP}
  --json                   Print one JSON object {status, output, error, cause, hint, path, events, simulatedSeconds,
                           explained} (cause is AWS's text; hint is our explanation, or null; explained: the state
                           visits with something to explain, in words: {stateName, scope?, enteredEventId, lines}).
  --type STANDARD|EXPRESS  The machine's workflow type; EXPRESS adds the checks of Express workflows.
  --strict                 Refuse to run on any error or warning (default: only on errors, which
                           are what AWS rejects at creation; warnings are printed).
Exit status: 0 SUCCEEDED, 1 FAILED/TIMED_OUT/ABORTED, 2 bad usage or unreadable input.`;

export interface Out {
  write(s: string): unknown;
}

export const SESSION_FLAGS = ['--json', '--echo-unmocked', '--no-handlers', '--strict', '--help', '-h'];
export const SESSION_VALUES = [
  '--machine',
  '--mocks',
  '--test-case',
  '--state-machine',
  '--handler-timeout',
  '--max-file-size',
  '--type',
  '--time-limit',
  '--memory-limit',
];

/** Everything a run needs that is read from files and options, checked once. */
export interface Session {
  file: string;
  /** The definition's text: a worker runs it (dryRun/). */
  text: string;
  /** Its syntax (a template machine's text is JSON, whatever the template's). */
  syntax: Syntax;
  machineName: string;
  info: DefinitionInfo;
  /** The definition's model, for the explanation of a run and coverage (its ranges are the file's lines). */
  machine: Machine;
  mocks?: { file: string; text: string; config: MockConfig; machine?: MockStateMachine; diagnostics: MockDiagnostic[] };
  /** Runs each execution in a worker within the limits; handlers' output goes to stderr. */
  runner: DryRunner;
  limits: DryRunLimits;
  onLog: (state: string, stream: 'stdout' | 'stderr', text: string) => void;
  /** Why local handlers do not run (--no-handlers or the environment variable); unset: they run. */
  handlersDisabled?: string;
  echoUnmocked: boolean;
  handlerTimeoutMs: number;
}

/** Reads the definition and the mock file; problems are written to stderr and give exit code 2. */
export function openSession(args: ParsedArgs, command: string, stderr: Out): Session | number {
  const fail = (message: string): number => {
    stderr.write(`asl-workbench ${command}: ${message}\n`);
    return 2;
  };
  if (args.positional.length !== 1)
    return fail(args.positional.length === 0 ? 'no state machine file given.' : 'give one state machine file.');
  const file = args.positional[0];
  const badCap = configureMaxFileSize(args.values.get('--max-file-size'));
  if (badCap) return fail(badCap);
  const def = readText(file);
  if ('error' in def) return fail(def.error);
  // One parse serves the check, the mock file's state names and the engine. A template's
  // machine (--machine ID when it holds several) is checked at the template's lines.
  const chosen = chooseDefinition(
    file,
    def.text,
    { machineType: readMachineType(args.values.get('--type')) },
    args.values.get('--machine'),
  );
  if (typeof chosen === 'string') return fail(chosen);
  const analysis = chosen.analysis;
  // Errors are what AWS rejects at creation; everything AWS accepts runs, its warnings shown.
  const all = chosen.findings.map((f) => f.diagnostic);
  const refused = blockingFindings(all, args.flags.has('--strict'));
  for (const { file: where, diagnostic: d } of chosen.findings) {
    if (d.severity === 'error' || d.severity === 'warning') stderr.write(`${findingLine(where, d)}\n`);
  }
  if (refused.length > 0) {
    const what = args.flags.has('--strict') ? 'finding' : 'error';
    return fail(
      `${file}${chosen.embedded ? ` (${chosen.name})` : ''} has ${refused.length} ${what}${refused.length === 1 ? '' : 's'}${args.flags.has('--strict') ? ' (--strict)' : ''}; fix ${refused.length === 1 ? 'it' : 'them'} before running.`,
    );
  }
  const machineName = args.values.get('--state-machine') ?? chosen.name;
  let handlerTimeoutMs = DEFAULT_HANDLER_TIMEOUT_MS;
  const timeout = args.values.get('--handler-timeout');
  if (timeout !== undefined) {
    const seconds = Number(timeout);
    if (!(seconds > 0) || !Number.isFinite(seconds)) return fail(`--handler-timeout takes a number of seconds above 0, not "${timeout}".`);
    handlerTimeoutMs = seconds * 1000;
  }
  const limits = readLimits(args, handlerTimeoutMs);
  if (typeof limits === 'string') return fail(limits);
  const info = definitionInfo(analysis.machine, machineName);
  const session: Session = {
    file,
    text: chosen.text,
    syntax: chosen.embedded ? 'json' : syntaxOfPath(file),
    machineName,
    info,
    machine: analysis.machine,
    runner: new DryRunner(),
    limits,
    // Handlers' console output goes to stderr, so that stdout stays the result (and valid JSON).
    onLog: (state, _stream, text) => {
      for (const line of text.replace(/\n$/, '').split('\n')) stderr.write(`[${state || 'handler'}] ${line}\n`);
    },
    echoUnmocked: args.flags.has('--echo-unmocked'),
    handlerTimeoutMs,
  };

  const mocksFile = args.values.get('--mocks');
  if (mocksFile === undefined) {
    if (args.values.has('--test-case')) return fail('--test-case needs --mocks FILE.');
    return session;
  }
  const mocksText = readText(mocksFile);
  if ('error' in mocksText) return fail(mocksText.error);
  const loaded = loadMockFile(mocksText.text, info);
  // A run reads one test case: mistakes elsewhere in the file are shown but do not stop it. `test`
  // stops here only for mistakes every case reads; a broken case fails on its own (test.ts).
  const mockErrors = blockingErrors(
    mocksText.text,
    loaded.diagnostics,
    machineName,
    command === 'run' ? args.values.get('--test-case') : undefined,
  ).length;
  for (const d of loaded.diagnostics) {
    if (d.severity !== 'error' && d.severity !== 'warning') continue;
    stderr.write(`${mocksFile}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.code} ${d.message}\n`);
  }
  if (mockErrors > 0)
    return fail(
      `${mocksFile} has ${mockErrors} error${mockErrors === 1 ? '' : 's'}; fix ${mockErrors === 1 ? 'it' : 'them'} before running.`,
    );
  const machine = loaded.config.stateMachines.get(machineName);
  session.mocks = { file: mocksFile, text: mocksText.text, config: loaded.config, machine, diagnostics: loaded.diagnostics };
  if (!machine && (args.values.has('--test-case') || command === 'test')) {
    const names = [...loaded.config.stateMachines.keys()];
    const known = names.length
      ? ` It has: ${names.map((n) => `"${n}"`).join(', ')}.${didYouMean(machineName, names)} Choose one with --state-machine NAME.`
      : ' It has no "StateMachines".';
    const why = args.values.has('--state-machine')
      ? ''
      : chosen.embedded
        ? " (the machine's logical ID)"
        : ` (the name of ${file} without .asl.json / .asl.yaml)`;
    return fail(`${mocksFile} has no state machine named "${machineName}"${why}.${known}`);
  }
  const noHandlers = args.flags.has('--no-handlers')
    ? '--no-handlers'
    : handlersDisabledByEnv()
      ? `${NO_HANDLERS_ENV}=${process.env[NO_HANDLERS_ENV]}`
      : undefined;
  if (noHandlers !== undefined) {
    session.handlersDisabled = `local handlers are disabled (${noHandlers}), so nothing was run. Mock the state in the test case, or run without ${noHandlers} in a trusted checkout.`;
  }
  return session;
}

function handlersDisabledByEnv(): boolean {
  const v = process.env[NO_HANDLERS_ENV];
  return v !== undefined && v !== '' && v !== '0';
}

/** --time-limit and --memory-limit, or what is wrong with them. */
function readLimits(args: ParsedArgs, handlerTimeoutMs: number): DryRunLimits | string {
  let seconds: number | undefined;
  const time = args.values.get('--time-limit');
  if (time !== undefined) {
    const t = readTimeLimit(time);
    if (typeof t === 'string') return `--time-limit ${t}, not "${time}".`;
    seconds = t;
  }
  let memoryLimitMb = DEFAULT_MEMORY_LIMIT_MB;
  const memory = args.values.get('--memory-limit');
  if (memory !== undefined) {
    const m = readMemoryLimit(memory);
    if (typeof m === 'string') return `--memory-limit ${m}, not "${memory}".`;
    memoryLimitMb = m;
  }
  return { timeLimitMs: timeLimitMs(seconds, handlerTimeoutMs), memoryLimitMb };
}

/** The named test case, or a usage error naming the ones there are. */
export function testCaseOf(session: Session, name: string): MockTestCase {
  const cases = session.mocks?.machine?.testCases;
  const testCase = cases?.get(name);
  if (!testCase) {
    const names = [...(cases?.keys() ?? [])];
    throw new UsageError(
      `no test case "${name}" for "${session.machineName}" in ${session.mocks?.file}.${didYouMean(name, names)}${names.length ? ` Test cases: ${names.join(', ')}.` : ''}`,
    );
  }
  return testCase;
}

/**
 * One execution with a fresh invoker (mock invocation counts start at 0), in a worker process
 * within the session's time and memory limits.
 */
export async function execute(session: Session, input: unknown, testCase: MockTestCase | undefined): Promise<ExecutionResult> {
  const answer = await session.runner.run(
    {
      definition: session.text,
      syntax: session.syntax,
      machineName: session.machineName,
      mocks: session.mocks && { path: session.mocks.file, text: session.mocks.text },
      testCase: testCase?.name,
      input,
      echoUnmocked: session.echoUnmocked,
      handlerTimeoutMs: session.handlerTimeoutMs,
      allowHandlers: session.handlersDisabled === undefined,
      handlersDisabled: session.handlersDisabled,
      wallTimeMs: session.limits.timeLimitMs,
    },
    session.limits,
    session.onLog,
  );
  if (!answer.ok) throw new Error(answer.reason);
  return answer.result;
}

/** An --input text too big for Step Functions, measured before it is parsed. */
export class OversizedInput {
  constructor(readonly bytes: number) {}
}

/**
 * `--input JSON` or `--input @file.json`; a parse error says where. A text over Step Functions'
 * limit is not parsed at all: StartExecution counts the input string's UTF-8 bytes ("Length
 * constraints apply to the payload size, and are expressed as bytes in UTF-8 encoding",
 * maximum 262144: API reference, StartExecution / ExecutionStartedEventDetails).
 */
export function readInput(value: string): unknown {
  const fromFile = value.startsWith('@');
  let text = value;
  if (fromFile) {
    const r = readText(value.slice(1));
    if ('error' in r) throw new UsageError(`--input: ${r.error}`);
    text = r.text.replace(/^\uFEFF/, '');
  }
  // Characters are at most 3 bytes each in UTF-8 (a surrogate pair is 4 for 2): measure only near the limit.
  if (text.length > PAYLOAD_LIMIT / 3) {
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > PAYLOAD_LIMIT) return new OversizedInput(bytes);
  }
  try {
    return JSON.parse(text);
  } catch {
    const doc = parseDocument(text, { placeholders: false });
    const e = doc.syntaxErrors[0];
    if (text.trim() === '')
      throw new UsageError(
        `--input ${fromFile ? `file ${value.slice(1)} ` : ''}is empty; give a JSON value, e.g. --input '{"name": "x"}'.`,
      );
    const at = e ? doc.lines.positionAt(e.offset) : { line: 0, character: 0 };
    const where = fromFile ? `${value.slice(1)}:${at.line + 1}:${at.character + 1}` : `line ${at.line + 1}, column ${at.character + 1}`;
    throw new UsageError(
      `--input is not valid JSON (${where}): ${e?.message ?? 'unexpected text.'}${fromFile ? '' : ' Quote it for your shell, e.g. --input \'{"name": "x"}\', or use --input @file.json.'}`,
    );
  }
}

export async function runRun(argv: string[], stdout: Out, stderr: Out): Promise<number> {
  const args = parseArgs(argv, { flags: SESSION_FLAGS, values: ['--input', ...SESSION_VALUES] });
  if (args.flags.has('--help') || args.flags.has('-h')) {
    stdout.write(HELP + '\n');
    return 0;
  }
  const session = openSession(args, 'run', stderr);
  if (typeof session === 'number') return session;
  try {
    const caseName = args.values.get('--test-case');
    const testCase = caseName !== undefined ? testCaseOf(session, caseName) : undefined;
    const inputArg = args.values.get('--input');
    const input = inputArg !== undefined ? readInput(inputArg) : testCase?.test.input ? testCase.test.input.value : {};
    const result = input instanceof OversizedInput ? inputTooLarge(input.bytes) : await execute(session, input, testCase);
    const explained = explainRun(result, session.machine);
    if (args.flags.has('--json')) {
      const { status, output, error, cause, hint, path, events, simulatedSeconds, childExecutions } = result;
      stdout.write(
        JSON.stringify(
          {
            status,
            output: output ?? null,
            error: error ?? null,
            cause: cause ?? null,
            hint: hint ?? null,
            path,
            events,
            simulatedSeconds,
            explained,
            childExecutions,
          },
          null,
          2,
        ) + '\n',
      );
    } else stdout.write(describeResult(result, explained));
    return result.status === 'SUCCEEDED' ? 0 : 1;
  } finally {
    await session.runner?.dispose();
  }
}

/** The result for a reader: status, path, output or error, then each state's input and output. */
export function describeResult(r: ExecutionResult, explained: readonly ExplainedVisit[] = []): string {
  const lines: string[] = [];
  lines.push(`${r.status} in ${seconds(r.simulatedSeconds)} of simulated time`);
  lines.push(`Path: ${describePath(r.path)}`);
  if (r.status === 'SUCCEEDED') {
    lines.push('Output:', indent(pretty(r.output), '  '));
  } else {
    if (r.error !== undefined) lines.push(`Error: ${r.error}`);
    if (r.cause !== undefined) lines.push(`Cause: ${r.cause}`);
    if (r.hint !== undefined) lines.push(`Hint: ${r.hint}`);
  }
  lines.push('', 'States (t = simulated time since the start):');
  lines.push(...describeStates(r.events, new Map(explained.map((v) => [v.enteredEventId, v.lines]))));
  return lines.join('\n') + '\n';
}

/** Long paths (a loop) keep their start and end. */
function describePath(path: string[]): string {
  if (path.length === 0) return '(no state entered)';
  if (path.length <= MAX_PATH) return path.join(' -> ');
  return `${path.slice(0, 20).join(' -> ')} -> ... ${path.length - 30} more ... -> ${path.slice(-10).join(' -> ')}  (${path.length} states)`;
}

const MAX_PATH = 40;
/** States listed in full before the listing skips to the last ones. */
const MAX_LISTED = 200;

function describeStates(events: HistoryEvent[], why: ReadonlyMap<number, string[]>): string[] {
  const out: string[] = [];
  let listed = 0;
  const total = events.filter((e) => e.type.endsWith('StateEntered')).length;
  const skipFrom = total > MAX_LISTED + 50 ? MAX_LISTED : Infinity;
  const skipTo = total - 50;
  const start = events.length ? Date.parse(events[0].timestamp) : 0;
  const t = (e: HistoryEvent) => `t=${seconds((Date.parse(e.timestamp) - start) / 1000)}`;
  const entered = new Map<string, HistoryEvent>();
  // Parallel branches and Map iterations interleave: a line that does not follow its own state's
  // lines names the state again, with its branch or iteration.
  let last = '';
  const heading = (e: HistoryEvent, key: string, pad: string, suffix: string) => {
    if (key !== last) out.push(`${pad}${e.stateName}${e.scope?.length ? ` [${e.scope[e.scope.length - 1]}]` : ''}${suffix}`);
    last = key;
  };
  for (const e of events) {
    const pad = '  ' + '  '.repeat(e.scope?.length ?? 0);
    const d = e.details ?? {};
    if (e.type.endsWith('StateEntered')) listed++;
    if (listed > skipFrom && listed <= skipTo) {
      if (listed === skipFrom + 1 && e.type.endsWith('StateEntered'))
        out.push(`  ... ${skipTo - skipFrom} states not shown (--json gives the whole history) ...`);
      last = '';
      continue;
    }
    const key = `${e.scope?.join('/')}/${e.stateName}`;
    if (e.type.endsWith('StateEntered')) {
      entered.set(key, e);
      last = '';
      heading(e, key, pad, `  (${e.type.replace(/StateEntered$/, '')}, ${t(e)})`);
      if ('input' in d) out.push(`${pad}  in   ${preview(d.input)}`);
      // What happened in this visit, in words: computed from the whole history, shown where it starts.
      for (const line of why.get(e.id) ?? []) out.push(`${pad}  why  ${line}`);
    } else if (e.type.endsWith('StateExited')) {
      const from = entered.get(key);
      const took = from ? (Date.parse(e.timestamp) - Date.parse(from.timestamp)) / 1000 : 0;
      heading(e, key, pad, '');
      if ('output' in d) out.push(`${pad}  out  ${preview(d.output)}${took > 0 ? `  (${seconds(took)})` : ''}`);
    } else if (/(Failed|TimedOut)$/.test(e.type) && !e.type.startsWith('Execution') && ('error' in d || 'cause' in d)) {
      heading(e, key, pad, '');
      out.push(`${pad}  ${e.type} at ${t(e)}: ${String(d.error ?? '')}${d.cause !== undefined ? ` (${preview(d.cause, 100)})` : ''}`);
    }
  }
  return out;
}

function seconds(s: number): string {
  return `${Math.round(s * 1000) / 1000} s`;
}

/** Event details may carry values or, as AWS's history does, JSON text. */
function preview(v: unknown, max = 160): string {
  let s: string;
  if (typeof v === 'string') {
    try {
      s = JSON.stringify(JSON.parse(v));
    } catch {
      s = v;
    }
  } else s = JSON.stringify(v) ?? 'undefined';
  return s.length > max ? `${s.slice(0, max - 3)}...` : s;
}

function pretty(v: unknown): string {
  const s = JSON.stringify(v, null, 2) ?? 'null';
  return s.length > 20_000 ? `${s.slice(0, 20_000)}\n... (${s.length} characters; use --json for all of it)` : s;
}

function indent(s: string, pad: string): string {
  return s
    .split('\n')
    .map((l) => pad + l)
    .join('\n');
}
