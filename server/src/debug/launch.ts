/**
 * A launch configuration read into what a debug run needs: the definition (checked as `run`
 * checks it: errors refuse, warnings run), the mock file and test case, and the input. Every
 * problem is one message for the launch request's error response.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { Analysis } from '../core';
import { prepare, type PreparedMachine } from '../core/engine';
import {
  definitionInfo,
  DEFAULT_HANDLER_TIMEOUT_MS,
  loadMockFile,
  machineNameOf,
  type DefinitionInfo,
  type MockConfig,
  type MockTestCase,
} from '../core/engine/mocks';
import { didYouMean } from '../core/suggest';
import { LineIndex } from '../core/text';
import type { Position } from '../core/types';
import { readText } from '../cli/files';
import { chooseDefinition, linkedPath } from '../cli/templates';

/** launch.json attributes of debug type `asl` (package.json declares the same, for the editor). */
export interface AslLaunchArgs {
  /** The state machine file (.asl.json, .asl.yaml), or a template holding state machines. */
  program?: string;
  /** A template's state machine: its logical ID (or Serverless key); needed when it holds several. */
  machine?: string;
  /** The execution input, a JSON value... */
  input?: unknown;
  /** ...or a file holding it. */
  inputFile?: string;
  /** A mock file (Step Functions Local's format plus LocalHandlers); default `<machine>.mocks.json` beside the program. */
  mocks?: string;
  testCase?: string;
  /** The machine's name in the mock file; default the program's file name without `.asl.json`. */
  stateMachine?: string;
  stopOnEntry?: boolean;
  echoUnmocked?: boolean;
  /** Real-time limit of one local handler call, in seconds. */
  handlerTimeout?: number;
  /** Never run local handlers (mocks only). */
  noHandlers?: boolean;
  /** Seed of retry jitter and $random/States.UUID (default 1, as `run`). */
  seed?: number;
  /** Local handlers run under the Node inspector, with a child session of VS Code's JavaScript debugger attached. */
  debugHandlers?: boolean;
  /** Folder relative paths resolve against (default: the adapter's working folder). */
  cwd?: string;
}

/** Every attribute above, for the check that package.json declares the same. */
export const LAUNCH_ATTRIBUTES = [
  'program',
  'machine',
  'input',
  'inputFile',
  'mocks',
  'testCase',
  'stateMachine',
  'stopOnEntry',
  'echoUnmocked',
  'handlerTimeout',
  'noHandlers',
  'seed',
  'debugHandlers',
  'cwd',
] as const satisfies readonly (keyof AslLaunchArgs)[];

export interface Program {
  /** The file whose lines hold the states (breakpoints, stack frames): the machine file, the template, or a template's linked definition file. */
  file: string;
  /** The template's machine (logical ID), when the program is a template. */
  machine?: string;
  /** The template, when `file` is the definition file it links to (DefinitionUri, `${file(...)}`). */
  template?: string;
  analysis: Analysis;
  /** 0-based line and character in `file` of an offset of the analysis (a template's built definition string maps back to the template). */
  position(offset: number): Position;
  prepared: PreparedMachine;
  machineName: string;
  info: DefinitionInfo;
  mocks?: { file: string; config: MockConfig };
  testCase?: MockTestCase;
  input: unknown;
  /** Warnings worth showing in the Debug Console (findings AWS accepts, a discovered mock file). */
  notes: string[];
  echoUnmocked: boolean;
  handlerTimeoutMs: number;
  allowHandlers: boolean;
  /** Handlers run under the Node inspector, for the JavaScript debugger to attach to ("debugHandlers"). */
  debugHandlers: boolean;
  /** No real-time limit on a handler call (not the handler time limit, not the state's TimeoutSeconds): debugging handlers without "handlerTimeout", a paused handler is not a slow one. */
  noHandlerLimit: boolean;
  seed: number;
}

export const MOCKS_SUFFIX = '.mocks.json';

/** Reads and checks everything a launch names; a string is what is wrong. */
export function loadProgram(args: AslLaunchArgs): Program | string {
  const base = args.cwd ?? process.cwd();
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
  if (typeof args.program !== 'string' || args.program === '')
    return 'The launch configuration has no "program": name the state machine file (e.g. "${file}" or "${workspaceFolder}/machine.asl.json").';
  const programFile = abs(args.program);
  const def = readText(programFile);
  if ('error' in def) return `Cannot debug ${args.program}: ${def.error}`;
  if (args.machine !== undefined && typeof args.machine !== 'string')
    return `"machine" takes a template's state machine (its logical ID), not ${JSON.stringify(args.machine)}.`;
  // The same reading as `asl-workbench run`: a template's machine is checked at the template's lines.
  const chosen = chooseDefinition(programFile, def.text, {}, args.machine);
  if (typeof chosen === 'string')
    return chosen.replace('--machine ID', '"machine" in the launch configuration').replace(/^--machine/, '"machine"');
  const analysis = chosen.analysis;
  const notes: string[] = [];
  const errors = chosen.findings.filter((f) => f.diagnostic.severity === 'error');
  if (errors.length > 0) {
    const list = errors
      .slice(0, 10)
      .map((f) => `  ${f.file === programFile ? '' : `${f.file} `}line ${f.diagnostic.range.start.line + 1}: ${f.diagnostic.message}`)
      .join('\n');
    return `${args.program}${chosen.embedded ? ` (${chosen.name})` : ''} has ${errors.length} error${errors.length === 1 ? '' : 's'} (AWS would reject it), so it cannot run; fix ${errors.length === 1 ? 'it' : 'them'} first:\n${list}`;
  }
  for (const f of chosen.findings)
    if (f.diagnostic.severity === 'warning')
      notes.push(`${f.file}:${f.diagnostic.range.start.line + 1}: warning ${f.diagnostic.code} ${f.diagnostic.message}`);
  const where = sourceOf(programFile, def.text, chosen);
  if (typeof where === 'string') return where;
  const machineName = args.stateMachine ?? chosen.name;
  const info = definitionInfo(analysis.machine, machineName);
  const prog: Program = {
    file: where.file,
    ...(chosen.embedded ? { machine: chosen.name } : {}),
    ...(chosen.embedded && where.file !== programFile ? { template: programFile } : {}),
    analysis,
    position: where.position,
    prepared: prepare(analysis),
    machineName,
    info,
    input: {},
    notes,
    echoUnmocked: args.echoUnmocked === true,
    handlerTimeoutMs: DEFAULT_HANDLER_TIMEOUT_MS,
    allowHandlers: args.noHandlers !== true,
    debugHandlers: args.debugHandlers === true && args.noHandlers !== true,
    noHandlerLimit: args.debugHandlers === true && args.handlerTimeout === undefined,
    seed: 1,
  };
  if (args.handlerTimeout !== undefined) {
    if (typeof args.handlerTimeout !== 'number' || !(args.handlerTimeout > 0))
      return `"handlerTimeout" takes a number of seconds above 0, not ${JSON.stringify(args.handlerTimeout)}.`;
    prog.handlerTimeoutMs = args.handlerTimeout * 1000;
  }
  if (args.seed !== undefined) {
    if (!Number.isInteger(args.seed)) return `"seed" takes an integer, not ${JSON.stringify(args.seed)}.`;
    prog.seed = args.seed;
  }

  let mocksFile = args.mocks !== undefined ? abs(args.mocks) : undefined;
  if (mocksFile === undefined) {
    const near = join(dirname(programFile), (chosen.embedded ? chosen.name : machineNameOf(programFile)) + MOCKS_SUFFIX);
    if (existsSync(near)) {
      mocksFile = near;
      notes.push(`Using the mock file beside the program: ${near} (set "mocks" to choose another).`);
    }
  }
  if (mocksFile !== undefined) {
    const text = readText(mocksFile);
    if ('error' in text) return `Cannot read the mock file: ${text.error}`;
    const loaded = loadMockFile(text.text, info);
    const bad = loaded.diagnostics.filter((d) => d.severity === 'error');
    if (bad.length > 0)
      return `${mocksFile} has ${bad.length} error${bad.length === 1 ? '' : 's'}:\n${bad.map((d) => `  line ${d.range.start.line + 1}: ${d.message}`).join('\n')}`;
    prog.mocks = { file: mocksFile, config: loaded.config };
  }
  if (args.testCase !== undefined) {
    if (!prog.mocks) return `"testCase" needs a mock file ("mocks").`;
    const cases = prog.mocks.config.stateMachines.get(machineName)?.testCases;
    const tc = cases?.get(args.testCase);
    if (!tc) {
      const names = [...(cases?.keys() ?? [])];
      return `${prog.mocks.file} has no test case "${args.testCase}" for "${machineName}".${didYouMean(args.testCase, names)}${names.length ? ` Test cases: ${names.join(', ')}.` : ''}`;
    }
    prog.testCase = tc;
    notes.push(
      `Test case "${args.testCase}" of ${prog.mocks.file}: its mocked answers${args.input === undefined && args.inputFile === undefined && tc.test.input ? ' and its input' : ''}.`,
    );
  }

  if (args.input !== undefined && args.inputFile !== undefined) return 'Give "input" or "inputFile", not both.';
  if (args.inputFile !== undefined) {
    const t = readText(abs(args.inputFile));
    if ('error' in t) return `Cannot read "inputFile": ${t.error}`;
    try {
      prog.input = JSON.parse(t.text.replace(/^\uFEFF/, ''));
    } catch (e) {
      return `"inputFile" ${args.inputFile} is not JSON: ${(e as Error).message}`;
    }
  } else if (args.input !== undefined) {
    prog.input = args.input;
  } else if (prog.testCase?.test.input) {
    prog.input = prog.testCase.test.input.value;
  }
  if (args.debugHandlers === true && args.noHandlers === true)
    notes.push('"debugHandlers" has no effect: local handlers do not run ("noHandlers", or an untrusted workspace).');
  return prog;
}

/**
 * Where the states' lines are: the program itself (a machine file, or a template's inline
 * definition, read at the template's offsets), the template for a definition string (built text
 * mapped back), or the linked file a template names.
 */
function sourceOf(
  programFile: string,
  text: string,
  chosen: Exclude<ReturnType<typeof chooseDefinition>, string>,
): { file: string; position: (offset: number) => Position } | string {
  const e = chosen.embedded;
  if (!e) return { file: programFile, position: (o) => chosen.analysis.doc.lines.positionAt(o) };
  if (e.machine.form === 'file' && e.machine.file !== undefined) {
    const file = linkedPath(programFile, e.machine.file);
    const linked = readText(file);
    if ('error' in linked) return `Cannot read ${file}: ${linked.error}`;
    const lines = new LineIndex(linked.text);
    return { file, position: (o) => lines.positionAt(e.toHost(o, 0).offset) };
  }
  const lines = new LineIndex(text);
  return { file: programFile, position: (o) => lines.positionAt(e.toHost(o, 0).offset) };
}
