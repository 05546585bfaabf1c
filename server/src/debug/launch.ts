/**
 * A launch configuration read into what a debug run needs: the definition (checked as `run`
 * checks it: errors refuse, warnings run), the mock file and test case, and the input. Every
 * problem is one message for the launch request's error response.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { analyze, type Analysis } from '../core';
import { prepare, type PreparedMachine } from '../core/engine';
import { definitionInfo, DEFAULT_HANDLER_TIMEOUT_MS, loadMockFile, machineNameOf, type DefinitionInfo, type MockConfig, type MockTestCase } from '../core/engine/mocks';
import { didYouMean } from '../core/suggest';
import { readText } from '../cli/files';

/** launch.json attributes of debug type `asl` (package.json declares the same, for the editor). */
export interface AslLaunchArgs {
  /** The state machine file. */
  program?: string;
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
  /** Not supported yet: handlers under the Node inspector. */
  debugHandlers?: boolean;
  /** Folder relative paths resolve against (default: the adapter's working folder). */
  cwd?: string;
}

/** Every attribute above, for the check that package.json declares the same. */
export const LAUNCH_ATTRIBUTES = ['program', 'input', 'inputFile', 'mocks', 'testCase', 'stateMachine', 'stopOnEntry', 'echoUnmocked', 'handlerTimeout', 'noHandlers', 'seed', 'debugHandlers', 'cwd'] as const satisfies readonly (keyof AslLaunchArgs)[];

export interface Program {
  file: string;
  text: string;
  analysis: Analysis;
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
  seed: number;
}

export const MOCKS_SUFFIX = '.mocks.json';

/** Reads and checks everything a launch names; a string is what is wrong. */
export function loadProgram(args: AslLaunchArgs): Program | string {
  const base = args.cwd ?? process.cwd();
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
  if (typeof args.program !== 'string' || args.program === '') return 'The launch configuration has no "program": name the state machine file (e.g. "${file}" or "${workspaceFolder}/machine.asl.json").';
  const file = abs(args.program);
  const def = readText(file);
  if ('error' in def) return `Cannot debug ${args.program}: ${def.error}`;
  const analysis = analyze(def.text);
  const notes: string[] = [];
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    const list = errors.slice(0, 10).map((d) => `  line ${d.range.start.line + 1}: ${d.message}`).join('\n');
    return `${args.program} has ${errors.length} error${errors.length === 1 ? '' : 's'} (AWS would reject it), so it cannot run; fix ${errors.length === 1 ? 'it' : 'them'} first:\n${list}`;
  }
  for (const d of analysis.diagnostics) if (d.severity === 'warning') notes.push(`${file}:${d.range.start.line + 1}: warning ${d.code} ${d.message}`);
  const machineName = args.stateMachine ?? machineNameOf(file);
  const info = definitionInfo(analysis.machine, machineName);
  const prog: Program = {
    file,
    text: def.text,
    analysis,
    prepared: prepare(analysis),
    machineName,
    info,
    input: {},
    notes,
    echoUnmocked: args.echoUnmocked === true,
    handlerTimeoutMs: DEFAULT_HANDLER_TIMEOUT_MS,
    allowHandlers: args.noHandlers !== true,
    seed: 1,
  };
  if (args.handlerTimeout !== undefined) {
    if (typeof args.handlerTimeout !== 'number' || !(args.handlerTimeout > 0)) return `"handlerTimeout" takes a number of seconds above 0, not ${JSON.stringify(args.handlerTimeout)}.`;
    prog.handlerTimeoutMs = args.handlerTimeout * 1000;
  }
  if (args.seed !== undefined) {
    if (!Number.isInteger(args.seed)) return `"seed" takes an integer, not ${JSON.stringify(args.seed)}.`;
    prog.seed = args.seed;
  }

  let mocksFile = args.mocks !== undefined ? abs(args.mocks) : undefined;
  if (mocksFile === undefined) {
    const near = join(dirname(file), machineNameOf(file) + MOCKS_SUFFIX);
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
    if (bad.length > 0) return `${mocksFile} has ${bad.length} error${bad.length === 1 ? '' : 's'}:\n${bad.map((d) => `  line ${d.range.start.line + 1}: ${d.message}`).join('\n')}`;
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
  if (args.debugHandlers === true) notes.push('"debugHandlers" is not supported yet: local handlers run as in a dry run, without the Node inspector.');
  return prog;
}
