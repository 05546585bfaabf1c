/**
 * Limits on JSONata evaluation in a dry run, so that no expression can hold its caller (the
 * language server, the CLI) hostage: a count of evaluation steps, a nesting depth, the run's
 * real-time deadline, and the length of the strings and arrays an expression builds.
 *
 * The library evaluates asynchronously, one microtask after another: a runaway expression (an
 * endless recursion, which JSONata turns into a loop by tail calls) never yields to timers or
 * I/O, so nothing outside it can stop it. jsonata 2.x calls the bindings
 * `Symbol.for('jsonata.__evaluate_entry')` and `Symbol.for('jsonata.__evaluate_exit')` around
 * every node it evaluates (jsonata.js, `evaluate`); the checks sit there. Step Functions
 * documents no such limits of its own, so going past one ends the run as ABORTED (like the
 * wall-time budget), which no Retry or Catch can handle: it is the dry run that gives up, not the
 * workflow that fails.
 */
import type jsonata from 'jsonata';
import { Fatal } from './errors';
import type { Strand } from './strand';

/** Evaluation steps (expression nodes evaluated) in one run: about 20 s of evaluation. */
export const DEFAULT_MAX_EVALUATION_STEPS = 50_000_000;
/** Nesting of evaluation (about 2 KB each; a recursive function uses 3 or 4 per call). */
export const DEFAULT_MAX_EVALUATION_DEPTH = 10_000;
/**
 * The longest string (characters, up to 20 MB) or array (items) an expression may build: where
 * JSONata's own range operator stops ([1..10000001] is its error D2014).
 */
export const DEFAULT_MAX_VALUE_LENGTH = 10_000_000;

/** The error of a run that one of these limits stopped. */
export const EVALUATION_LIMIT_EXCEEDED = 'EvaluationLimitExceeded';

/**
 * The binding under which an evaluation finds its strand (and so its run's budget and state).
 * A JSONata variable name ends at white space, so no expression can name it.
 */
export const STRAND_BINDING = 'asl workbench strand';

const ENTRY = Symbol.for('jsonata.__evaluate_entry');
const EXIT = Symbol.for('jsonata.__evaluate_exit');
/** The clock is read every this many steps (well under a millisecond of evaluation). */
const CLOCK_EVERY = 1024;
/** Results shorter than this are not looked at on exit. */
const MEASURED_FROM = 4096;

/** The part of the library's environment the hooks read. */
interface Environment {
  base: { depth: number; lookup(name: string): unknown };
  lookup(name: string): unknown;
}

/** How far a run has got, and its limits. One per run; every strand's evaluations count here. */
export class EvaluationBudget {
  steps = 0;
  readonly maxSteps: number;
  readonly maxDepth: number;
  readonly maxLength: number;

  constructor(
    limits: { maxEvaluationSteps?: number; maxEvaluationDepth?: number; maxValueLength?: number },
    private readonly deadline: number,
    private readonly timeUp: () => Fatal,
  ) {
    this.maxSteps = limits.maxEvaluationSteps ?? DEFAULT_MAX_EVALUATION_STEPS;
    this.maxDepth = limits.maxEvaluationDepth ?? DEFAULT_MAX_EVALUATION_DEPTH;
    this.maxLength = limits.maxValueLength ?? DEFAULT_MAX_VALUE_LENGTH;
  }

  step(s: Strand, depth: number): void {
    const n = ++this.steps;
    if (n > this.maxSteps) {
      throw stopped(s, `took more than ${this.maxSteps} JSONata evaluation steps in this run; an expression probably loops (a function that calls itself without end?).`);
    }
    if (depth > this.maxDepth) {
      throw stopped(s, `nested JSONata evaluation more than ${this.maxDepth} levels deep; a function probably calls itself without end.`);
    }
    if (n % CLOCK_EVERY === 0 && Date.now() > this.deadline) throw this.timeUp();
  }

  /** A string of this length is about to be made, or was just made. */
  string(s: Strand, length: number): void {
    if (length > this.maxLength) {
      throw stopped(s, `built a string of ${length} characters; a dry run allows at most ${this.maxLength} in one value (the evaluation memory limit).`);
    }
  }

  array(s: Strand, length: number): void {
    if (length > this.maxLength) {
      throw stopped(s, `built an array of ${length} items; a dry run allows at most ${this.maxLength} in one value (the evaluation memory limit).`);
    }
  }
}

function stopped(s: Strand, what: string): Fatal {
  const where = s.state ? `The JSONata evaluation in the state '${s.state.name}'` : 'A JSONata evaluation';
  return new Fatal('ABORTED', EVALUATION_LIMIT_EXCEEDED, `${where} ${what} The dry run was stopped.`);
}

function strandOf(env: Environment): Strand | undefined {
  return env.base.lookup(STRAND_BINDING) as Strand | undefined;
}

function onEntry(_expr: unknown, _input: unknown, env: Environment): void {
  const s = strandOf(env);
  if (s !== undefined) s.run.evaluation.step(s, env.base.depth);
}

function onExit(_expr: unknown, _input: unknown, env: Environment, result: unknown): void {
  if (typeof result === 'string') {
    if (result.length < MEASURED_FROM) return;
    const s = strandOf(env);
    if (s !== undefined) s.run.evaluation.string(s, result.length);
  } else if (Array.isArray(result) && result.length >= MEASURED_FROM) {
    const s = strandOf(env);
    if (s !== undefined) s.run.evaluation.array(s, result.length);
  }
}

/**
 * Puts the checks on a compiled expression that can run away (they do nothing in an evaluation
 * without a strand). Each check costs the library an await per node (about 20% of the run time
 * of a Map of small expressions), so the others go without: with no function of its own, no range
 * and no $eval, an expression does work in proportion to its data and its own length, and the
 * functions that could make a huge value in one call check themselves (sizeCheckedFunctions).
 */
export function guard(expression: jsonata.Expression): void {
  if (!canRunAway(expression.ast())) return;
  // The library binds any key; its typings say string.
  expression.assign(ENTRY as unknown as string, onEntry);
  expression.assign(EXIT as unknown as string, onExit);
}

/** True when the syntax tree defines a function (a loop by recursion), makes a range or calls $eval. */
export function canRunAway(ast: unknown): boolean {
  const seen = new Set<object>();
  const visit = (n: unknown): boolean => {
    if (typeof n !== 'object' || n === null || seen.has(n)) return false;
    seen.add(n);
    if (Array.isArray(n)) return n.some(visit);
    const node = n as { type?: unknown; value?: unknown; procedure?: { type?: unknown; value?: unknown } };
    if (node.type === 'lambda') return true;
    if (node.type === 'binary' && node.value === '..') return true;
    if (node.type === 'function' && node.procedure?.type === 'variable' && node.procedure.value === 'eval') return true;
    return Object.values(n).some(visit);
  };
  return visit(ast);
}

// ---------------------------------------------------------------------------------------------
// Library functions that can make a huge string in one call, checked before they do.

interface LibraryFunction {
  _jsonata_function: true;
  implementation: (this: { environment: Environment }, ...args: unknown[]) => unknown;
  signature?: unknown;
}

let guardedFunctions: Record<string, LibraryFunction> | undefined;

/**
 * $pad, $join and $string as the library defines them (same signature, so the same argument
 * checks and errors), with the size of their result checked before it is made. Bound with the
 * Step Functions functions in every evaluation of a run.
 */
export function sizeCheckedFunctions(): Record<string, LibraryFunction> {
  if (guardedFunctions) return guardedFunctions;
  const lib = libraryFunctions(['pad', 'join', 'string']);
  const checked = (name: string, size: (args: unknown[], max: number) => number): LibraryFunction => {
    const original = lib[name];
    return {
      ...original,
      implementation(...args: unknown[]) {
        const s = strandOf(this.environment);
        if (s !== undefined) s.run.evaluation.string(s, size(args, s.run.evaluation.maxLength));
        return original.implementation.apply(this, args);
      },
    };
  };
  guardedFunctions = {
    pad: checked('pad', ([, width]) => (typeof width === 'number' ? Math.abs(Math.trunc(width)) : 0)),
    join: checked('join', ([strs, sep]) => joinedLength(strs, typeof sep === 'string' ? sep.length : 0)),
    string: checked('string', ([value, prettify], max) => (typeof value === 'object' && value !== null ? jsonLengthUpTo(value, prettify === true, max) : 0)),
  };
  return guardedFunctions;
}

function joinedLength(strs: unknown, sep: number): number {
  if (!Array.isArray(strs)) return typeof strs === 'string' ? strs.length : 0;
  let n = strs.length > 0 ? (strs.length - 1) * sep : 0;
  for (const x of strs) if (typeof x === 'string') n += x.length;
  return n;
}

/**
 * About the length of the JSON text of a value, counted up to `stop` and no further: shared
 * parts are counted each time they appear (as the text repeats them), so a small value that
 * refers to one big part many times is still cheap to measure.
 */
export function jsonLengthUpTo(v: unknown, pretty: boolean, stop: number): number {
  let n = 0;
  const walk = (x: unknown, depth: number): void => {
    if (n > stop) return;
    if (typeof x === 'string') n += x.length + 2;
    else if (typeof x === 'number') n += 8;
    else if (typeof x !== 'object' || x === null) n += 5;
    else {
      const indent = pretty ? 2 * depth + 3 : 1;
      if (Array.isArray(x)) {
        n += 2;
        for (let i = 0; i < x.length && n <= stop; i++) {
          n += indent;
          walk(x[i], depth + 1);
        }
      } else {
        n += 2;
        for (const k in x) {
          if (n > stop) break;
          n += indent + k.length + 3;
          walk((x as Record<string, unknown>)[k], depth + 1);
        }
      }
    }
  };
  walk(v, 0);
  return n;
}

/** The library's own definitions of some built-in functions, read from its environment once. */
function libraryFunctions(names: string[]): Record<string, LibraryFunction> {
  const library = require('jsonata') as typeof jsonata;
  const probe = library('0');
  const found: Record<string, LibraryFunction> = {};
  // The entry hook runs before the evaluation's first await, so this is synchronous.
  probe.assign(ENTRY as unknown as string, (_e: unknown, _i: unknown, env: Environment) => {
    for (const name of names) found[name] = env.lookup(name) as LibraryFunction;
  });
  void probe.evaluate(null).catch(() => undefined);
  for (const name of names) {
    if (found[name]?._jsonata_function !== true) throw new Error(`The JSONata library has no function $${name} where expected.`);
  }
  return found;
}
