/**
 * Limits on JSONata evaluation in a dry run. Two kinds:
 *
 * - AWS's own bounds, which fail the state with States.QueryEvaluationError (a Retry or Catch
 *   handles them, as on AWS) and AWS's cause. Measured on AWS (TestState and executions) in
 *   floci-io/floci issue 2737 and PR 2783:
 *   - nesting deeper than 100 levels: "Stack overflow error: Check for non-terminating recursive
 *     function. Consider rewriting as tail-recursive". The library checks it at every node of
 *     every expression (core/jsonata STEP_FUNCTIONS_MAX_EVALUATION_DEPTH) and throws its D1011,
 *     which `evaluationBound` words as AWS does.
 *   - a value too big: "Expression evaluation memory limit exceeded: Check for excessive memory
 *     usage". AWS accepts `[1..873782] ~> $count()` and refuses one element more, accepts a string
 *     of 2^22 characters and refuses one of 2^23, and accepts `$range(1, 360145, 1)` and refuses
 *     one element more. What AWS measures is not published: the bound here is floci's reading,
 *     6,990,256 bytes with an array item counting 8 bytes and a character 1, which fits the range
 *     measurement exactly and the string one somewhere in its bracket (4,194,304 to 8,388,608).
 * - Ours, which AWS does not have in this form, so that no expression can hold the language server
 *   or the CLI hostage: a count of evaluation steps in the run and the run's real-time deadline.
 *   Going past one ends the run as ABORTED, which no Retry or Catch can handle: it is the dry run
 *   that gives up, not the workflow that fails. A recursion by tail calls (which JSONata turns
 *   into a loop, so it never nests) meets these.
 *
 * The library evaluates asynchronously, one microtask after another: a runaway expression never
 * yields to timers or I/O, so nothing outside it can stop it. jsonata 2.x calls the bindings
 * `Symbol.for('jsonata.__evaluate_entry')` and `Symbol.for('jsonata.__evaluate_exit')` around
 * every node it evaluates (jsonata.js, `evaluate`); the step count, the deadline and the size of
 * what a node built are checked there.
 */
import type jsonata from 'jsonata';
import { Fatal } from './errors';
import type { Strand } from './strand';

/** Evaluation steps (expression nodes evaluated) in one run: about 20 s of evaluation. */
export const DEFAULT_MAX_EVALUATION_STEPS = 50_000_000;

/** What one item of an array counts for against the memory bound (floci's reading, see above). */
export const BYTES_PER_ITEM = 8;
/** The most items AWS accepts in a range's array: `[1..873782]` evaluates, one more fails. */
export const MAX_RANGE_ITEMS = 873_782;
/** The most bytes one value may hold: 6,990,256. */
export const MAX_VALUE_BYTES = MAX_RANGE_ITEMS * BYTES_PER_ITEM;
/** The most items AWS's $range makes: `$range(1, 360145, 1)` evaluates, one more item fails. */
export const MAX_RANGE_FUNCTION_ITEMS = 360_145;

/** AWS's message (after "threw an error during evaluation: ") for a value too big. */
export const MEMORY_LIMIT_EXCEEDED = 'Expression evaluation memory limit exceeded: Check for excessive memory usage';
/** AWS's message for an evaluation nested too deep (the library's D1011 words it differently). */
export const STACK_OVERFLOW = 'Stack overflow error: Check for non-terminating recursive function. Consider rewriting as tail-recursive';

/** The error of a run that one of our own limits (steps) stopped. */
export const EVALUATION_LIMIT_EXCEEDED = 'EvaluationLimitExceeded';

/** The library's code for an evaluation deeper than its `stack` option. */
const LIBRARY_DEPTH_CODE = 'D1011';

const MEMORY_HINT =
  "Step Functions fails a JSONata expression that builds too big a value: an array of more than 873,782 items (a range such as [1..900000]), a string of millions of characters, or $range of more than 360,145 items. The dry run checks the strings and arrays that ranges, functions of the expression's own, $pad, $join and $string build, against 6,990,256 bytes (an item counting 8, a character 1); AWS publishes no exact figure.";
const DEPTH_HINT =
  'Step Functions fails a JSONata evaluation nested more than 100 levels deep: a chain of more than 100 operands (1+1+...), 100 nested brackets or parentheses, or a recursion that is not a tail call (1 + $f($n - 1)) about 32 calls deep. Make the recursion a tail call ($f($n - 1, $acc + 1)) or use $reduce, $map or a range.';

/** An AWS bound on an evaluation: a plain error with AWS's message (no code, so ": message"). */
export class EvaluationBound extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

/** The value-size bound, as AWS words it. */
export function memoryLimitExceeded(): EvaluationBound {
  return new EvaluationBound(MEMORY_LIMIT_EXCEEDED, MEMORY_HINT);
}

/** The AWS bound an evaluation's error stands for, if it is one (the library's D1011 included). */
export function evaluationBound(e: unknown): EvaluationBound | undefined {
  if (e instanceof EvaluationBound) return e;
  if ((e as { code?: unknown } | null)?.code === LIBRARY_DEPTH_CODE) return new EvaluationBound(STACK_OVERFLOW, DEPTH_HINT);
  return undefined;
}

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
  base: { lookup(name: string): unknown };
  lookup(name: string): unknown;
}

/** How far a run has got, and its limits. One per run; every strand's evaluations count here. */
export class EvaluationBudget {
  steps = 0;
  readonly maxSteps: number;

  constructor(
    limits: { maxEvaluationSteps?: number },
    private readonly deadline: number,
    private readonly timeUp: () => Fatal,
  ) {
    this.maxSteps = limits.maxEvaluationSteps ?? DEFAULT_MAX_EVALUATION_STEPS;
  }

  step(s: Strand): void {
    const n = ++this.steps;
    if (n > this.maxSteps) {
      throw stopped(
        s,
        `took more than ${this.maxSteps} JSONata evaluation steps in this run; an expression probably loops (a function that calls itself without end?).`,
      );
    }
    if (n % CLOCK_EVERY === 0 && Date.now() > this.deadline) throw this.timeUp();
  }
}

/** A string of this length is about to be made, or was just made. */
function checkString(length: number): void {
  if (length > MAX_VALUE_BYTES) throw memoryLimitExceeded();
}

function checkArray(length: number): void {
  if (length * BYTES_PER_ITEM > MAX_VALUE_BYTES) throw memoryLimitExceeded();
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
  if (s !== undefined) s.run.evaluation.step(s);
}

function onExit(_expr: unknown, _input: unknown, env: Environment, result: unknown): void {
  if (typeof result === 'string') {
    if (result.length >= MEASURED_FROM && strandOf(env) !== undefined) checkString(result.length);
  } else if (Array.isArray(result) && result.length >= MEASURED_FROM && strandOf(env) !== undefined) {
    checkArray(result.length);
  }
}

/**
 * Puts the checks on a compiled expression that can run away (they do nothing in an evaluation
 * without a strand). Each check costs the library an await per node (about 20% of the run time
 * of a Map of small expressions), so the others go without: with no function of its own, no range
 * and no $eval, an expression does work in proportion to its data and its own length, and the
 * functions that could make a huge value in one call check themselves (sizeCheckedFunctions).
 * AWS's depth bound needs no hook: the library checks it at every node of every expression.
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
 * checks and errors), with the size of their result checked (against AWS's memory bound, as a
 * string) before it is made. Bound with the
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
        if (strandOf(this.environment) !== undefined) checkString(size(args, MAX_VALUE_BYTES));
        return original.implementation.apply(this, args);
      },
    };
  };
  guardedFunctions = {
    pad: checked('pad', ([, width]) => (typeof width === 'number' ? Math.abs(Math.trunc(width)) : 0)),
    join: checked('join', ([strs, sep]) => joinedLength(strs, typeof sep === 'string' ? sep.length : 0)),
    string: checked('string', ([value, prettify], max) =>
      typeof value === 'object' && value !== null ? jsonLengthUpTo(value, prettify === true, max) : 0,
    ),
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
