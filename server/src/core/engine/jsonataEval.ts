/**
 * JSONata in Step Functions: fields whose strings are `{% expression %}`, evaluated with the
 * expression compiled once (core/jsonata compileJsonata memoises the library's compilation).
 *
 * From "Transforming data with JSONata in Step Functions":
 * - `$states` is bound to { input, result (after a task, Parallel or Map), errorOutput (in a
 *   Catch), context }; workflow variables are bound by name.
 * - Step Functions adds $partition, $range, $hash, $random (optional seed), $uuid and $parse.
 * - A failing expression, or one that returns nothing (undefined) for a field, fails the state
 *   with States.QueryEvaluationError ("The JSONata expression '...' specified for the field
 *   'Arguments/Input/x' returned nothing (undefined).", as AWS words it).
 * - Any string in a field's value (inside objects and arrays too) that is a `{% %}` expression is
 *   evaluated; other values are taken literally.
 */
import type jsonata from 'jsonata';
import { compileJsonata } from '../jsonata/analyze';
import { jsonataExpression } from '../jsonata/strings';
import { E, Fatal, StatesError } from './errors';
import { evaluationBound, guard, MAX_RANGE_FUNCTION_ITEMS, memoryLimitExceeded } from './evalLimits';
import { hashText, isHashAlgorithm } from './hash';
import { uuidFrom, type Random } from './random';
import { deepFreeze, isObject, preview, put } from './values';

/** What an expression sees: the bindings are built once per evaluation phase of a state. */
export interface JsonataScope {
  input: unknown;
  bindings(): Record<string, unknown>;
  /** Told of an evaluation that failed (for the history's EvaluationFailed event). */
  failed?(e: StatesError, location: string): void;
}

export type JsonataTemplate =
  | { constant: true; value: unknown; usesContext: false }
  | {
      constant: false;
      usesContext: boolean;
      evaluate(scope: JsonataScope): Promise<unknown>;
      /** The expression, when the whole field is one `{% %}` string (AWS quotes it in type errors). */
      text?: string;
    };

interface Expr {
  text: string;
  expression: jsonata.Expression;
}

function compileExpr(text: string): Expr {
  const c = compileJsonata(text);
  if (!c.ok) throw new Error(`Invalid JSONata expression '${text}': ${c.error.message}`);
  guard(c.expression);
  return { text: text.trim(), expression: c.expression };
}

/** True when a value contains a `{% %}` string anywhere. */
function hasExpression(v: unknown): boolean {
  if (typeof v === 'string') return jsonataExpression(v) !== undefined;
  if (Array.isArray(v)) return v.some(hasExpression);
  if (isObject(v)) return Object.keys(v).some((k) => hasExpression(v[k]));
  return false;
}

/** Compiles the value of a JSONata-mode field; `field` names it in messages ("Arguments"). */
export function compileJsonataTemplate(value: unknown, field: string): JsonataTemplate {
  if (!hasExpression(value)) return { constant: true, value: deepFreeze(value), usesContext: false };
  let usesContext = false;
  const build = (v: unknown, where: string): ((scope: JsonataScope) => Promise<unknown>) | undefined => {
    if (typeof v === 'string') {
      const text = jsonataExpression(v);
      if (text === undefined) return undefined;
      if (text.includes('context')) usesContext = true;
      const expr = compileExpr(text);
      return (scope) => evaluateExpr(expr, scope, where);
    }
    if (Array.isArray(v)) {
      // AWS names an array element by its index in brackets: 'Output/a/b[0][1]'.
      const parts = v.map((x, i) => build(x, `${where}[${i}]`));
      if (parts.every((p) => p === undefined)) return undefined;
      const consts = v.map((x) => deepFreeze(x));
      return async (scope) => {
        const out = new Array<unknown>(v.length);
        for (let i = 0; i < v.length; i++) {
          const p = parts[i];
          out[i] = p ? await p(scope) : consts[i];
        }
        return out;
      };
    }
    if (isObject(v)) {
      const keys = Object.keys(v);
      const parts = keys.map((k) => build(v[k], `${where}/${k}`));
      if (parts.every((p) => p === undefined)) return undefined;
      const consts = keys.map((k) => deepFreeze(v[k]));
      return async (scope) => {
        const out: Record<string, unknown> = {};
        for (let i = 0; i < keys.length; i++) {
          const p = parts[i];
          out[keys[i]] = p ? await p(scope) : consts[i];
        }
        return out;
      };
    }
    return undefined;
  };
  const evaluate = build(value, field)!;
  const whole = typeof value === 'string' ? jsonataExpression(value)?.trim() : undefined;
  return whole === undefined ? { constant: false, usesContext, evaluate } : { constant: false, usesContext, evaluate, text: whole };
}

/** Evaluates a compiled template (constants cost nothing). */
export function evalJsonata(t: JsonataTemplate, scope: JsonataScope): unknown | Promise<unknown> {
  return t.constant ? t.value : t.evaluate(scope);
}

async function evaluateExpr(expr: Expr, scope: JsonataScope, field: string): Promise<unknown> {
  let v: unknown;
  try {
    v = await expr.expression.evaluate(scope.input, scope.bindings());
  } catch (e) {
    // A limit of the dry run (evalLimits.ts) ends the run: the expression's own failure it is not.
    if (e instanceof StatesError || e instanceof Fatal) throw e;
    // AWS's own bounds (depth, memory) fail the state like any other error, in AWS's words.
    const bound = evaluationBound(e);
    const thrown = bound ?? e;
    throw evaluationFailed(
      scope,
      field,
      new StatesError(
        E.QueryEvaluationError,
        `${exprInField(expr.text, field)} threw an error during evaluation${libraryError(thrown)}`,
        false,
        bound?.hint ?? thrownHint(e),
      ),
    );
  }
  if (v === undefined) {
    throw evaluationFailed(
      scope,
      field,
      new StatesError(E.QueryEvaluationError, `${exprInField(expr.text, field)} returned nothing (undefined).`, false, NOTHING_HINT),
    );
  }
  if (isFunction(v)) {
    throw evaluationFailed(
      scope,
      field,
      new StatesError(E.QueryEvaluationError, `${exprInField(expr.text, field)} returned a function, which is not a JSON value.`),
    );
  }
  return v === scope.input ? v : plainJson(v);
}

/** Records the failure with the scope (AWS's EvaluationFailed event) and returns it to throw. */
export function evaluationFailed(scope: JsonataScope, location: string, e: StatesError): StatesError {
  scope.failed?.(e, location);
  return e;
}

/** How AWS opens a JSONata failure's cause: "The JSONata expression '$x' specified for the field 'Output/a'". */
export function exprInField(text: string, field: string): string {
  return `The JSONata expression '${text}' specified for the field '${field}'`;
}

/**
 * AWS's cause when a field's expression gives a value of the wrong type (recorded for Items:
 * "... returned an unexpected result type. Expected 'array', but was 'number' for value: 1").
 */
export function unexpectedType(t: JsonataTemplate, field: string, expected: string, v: unknown): StatesError {
  const text = t.constant ? JSON.stringify(t.value) : (t.text ?? '');
  const type = v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
  const shown = typeof v === 'string' ? `"${v}"` : JSON.stringify(v);
  const hint = expected === 'array' && type !== 'array' ? SINGLETON_HINT : undefined;
  return new StatesError(
    E.QueryEvaluationError,
    `${exprInField(text, field)} returned an unexpected result type. Expected '${expected}', but was '${type}' for value: ${shown}`,
    false,
    hint,
  );
}

// Our explanations, beside AWS's causes (StatesError.hint).
const NOTHING_HINT =
  'The expression gives no value: a path that selects nothing (a missing field, an empty filter) or a variable that holds nothing. JSON has no "undefined", so the field fails; $exists(...) tests for a value.';
const SINGLETON_HINT =
  "JSONata's sequence rule: a path or filter that selects one element gives that element, not a one-element array. End the path with [] (e.g. $states.input.items[ok][]) to always get an array.";

/** A hint for a library error whose cause alone says little. */
function thrownHint(e: unknown): string | undefined {
  const code = (e as { code?: unknown })?.code;
  if (code !== 'T1006') return undefined;
  const token = (e as { token?: unknown })?.token;
  const name = typeof token === 'string' ? `$${token}` : 'The function';
  return token === 'eval'
    ? 'Step Functions leaves $eval out of JSONata; $parse turns a JSON string into a value.'
    : `${name} is not a function here: Step Functions adds only $partition, $range, $hash, $random, $uuid and $parse to JSONata's own functions.`;
}

/**
 * The library's error as AWS appends it after "threw an error during evaluation": ". CODE:
 * message" for a coded JSONata error (recorded: ". T1006: Attempted to invoke a non-function"),
 * ": message" for one without a code (AWS's own evaluation bounds read ": Expression evaluation
 * memory limit exceeded: ..." and ": Stack overflow error: ..."). The library's codes are S, T and D.
 */
function libraryError(e: unknown): string {
  const code = (e as { code?: unknown })?.code;
  const m = (e as { message?: unknown })?.message;
  const message = typeof m === 'string' ? m : String(e);
  return typeof code === 'string' && /^[SDT]\d{4}$/.test(code) ? `. ${code}: ${message}` : `: ${message}`;
}

/**
 * The library marks the arrays it builds (`sequence`, `keepSingleton`, ...) and may leave
 * functions in objects; what leaves an expression is plain JSON. Parts that are already plain
 * are shared, not copied.
 */
/** A JavaScript function, or a JSONata lambda (an object that refers to its environment). */
function isFunction(v: unknown): boolean {
  return (
    typeof v === 'function' ||
    (typeof v === 'object' &&
      v !== null &&
      ((v as { _jsonata_lambda?: unknown })._jsonata_lambda === true || (v as { _jsonata_function?: unknown })._jsonata_function === true))
  );
}

export function plainJson(v: unknown): unknown {
  // JSON has no non-finite numbers: AWS writes them as JavaScript names them (1/0 is "Infinity").
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    const marked = Object.keys(v).length !== v.length;
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      const y = x === undefined || isFunction(x) ? null : plainJson(x);
      if ((y !== x || marked) && !out) out = v.slice(0, i);
      if (out) out.push(y);
    }
    return out ?? v;
  }
  let out: Record<string, unknown> | undefined;
  const keys = Object.keys(v);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const x = (v as Record<string, unknown>)[k];
    const y = x === undefined || isFunction(x) ? undefined : plainJson(x);
    if (y !== x && !out) {
      out = {};
      for (let j = 0; j < i; j++) put(out, keys[j], (v as Record<string, unknown>)[keys[j]]);
    }
    if (out && y !== undefined) put(out, k, y);
  }
  return out ?? v;
}

/** Thrown by the Step Functions functions; becomes States.QueryEvaluationError. */
function bad(message: string): never {
  throw new Error(message);
}

/**
 * A coded JSONata error, as the library throws them (the cause reads ". CODE: message"). The
 * library renders a known code's message from its template and the error's fields (`index`, and
 * the function name it adds as `token`), so `message` only stands for codes without one.
 */
function coded(code: string, message: string, fields?: Record<string, unknown>): never {
  throw Object.assign(new Error(message), { code }, fields);
}

/** The library's wording for an argument that does not fit a function's signature. */
function signature(fn: string, argument: number): never {
  return coded('T0410', `Argument ${argument} of function "${fn}" does not match function signature`, { index: argument });
}

/** An integer argument: AWS takes a fractional one towards zero (-1.7 is -1). */
function integerArg(v: unknown, fn: string, argument: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) return signature(fn, argument);
  return Math.trunc(v);
}

const HASH_NAMES = 'SHA-1, SHA-384, SHA-256, SHA-512, MD5';

/**
 * The functions Step Functions adds, bound to one run's seeded generator, and the one it takes
 * away. What they answer at the edges follows what public reproductions measured on AWS (see
 * test/engine-corpus/README.md, 18-jsonata-errors.json).
 */
export function stepFunctionsFunctions(rng: Random): Record<string, unknown> {
  return {
    // "Step Functions supports JSONata 2.0.6" without $eval: calling it is the library's T1006.
    eval: {},
    partition: (array: unknown, size: unknown) => {
      if (array === undefined) return undefined;
      // The library's T0412 with no element type: AWS answers "... must be an array of undefined".
      if (!Array.isArray(array)) return coded('T0412', 'Argument 1 of function "partition" must be an array of undefined', { index: 1 });
      if (size === undefined) return [array];
      const n = integerArg(size, 'partition', 2);
      if (n < 0) return coded('D3137', 'Second argument must be zero or greater');
      if (array.length === 0 || n === 0) return undefined;
      const out: unknown[][] = [];
      for (let i = 0; i < array.length; i += n) out.push(array.slice(i, i + n));
      return out;
    },
    // One element is the element itself, by JSONata's sequence rule: $range(1, 9, 9) is 1.
    range: (start: unknown, end: unknown, step: unknown) => {
      const a = integerArg(start, 'range', 1);
      const b = integerArg(end, 'range', 2);
      if (step === undefined) return undefined;
      const d = integerArg(step, 'range', 3);
      if (d === 0 || (d > 0 && a > b) || (d < 0 && a < b)) return undefined;
      if (a === b) return a;
      const out: number[] = [];
      for (let x = a; d > 0 ? x <= b : x >= b; x += d) {
        // AWS's memory bound, checked before the array grows past it (AWS measured, evalLimits.ts).
        if (out.length >= MAX_RANGE_FUNCTION_ITEMS) throw memoryLimitExceeded();
        out.push(x);
      }
      return out.length === 1 ? out[0] : out;
    },
    hash: (data: unknown, algorithm: unknown) => {
      if (typeof data !== 'string') return signature('hash', 1);
      if (algorithm === undefined) return undefined;
      if (typeof algorithm !== 'string') return signature('hash', 2);
      if (!isHashAlgorithm(algorithm)) return coded('D3137', `Hash algorithm '${algorithm}' must be one of ${HASH_NAMES}`);
      return hashText(algorithm, data);
    },
    random: (seed?: unknown) => (seed === undefined ? rng() : javaRandomDouble(integerArg(seed, 'random', 1))),
    uuid: (...args: unknown[]) => (args.length > 0 && args[0] !== undefined ? signature('uuid', 1) : uuidFrom(rng)),
    parse: (text: unknown) => {
      if (text === undefined) return undefined;
      if (typeof text !== 'string') return signature('parse', 1);
      try {
        return JSON.parse(text);
      } catch {
        return bad(`$parse: the argument is not a JSON text: ${preview(text, 60)}`);
      }
    },
  };
}

const JAVA_MULTIPLIER = 0x5deece66dn;
const JAVA_ADDEND = 0xbn;
const JAVA_MASK = (1n << 48n) - 1n;

/**
 * The first nextDouble() of java.util.Random seeded with `seed`: AWS's seeded $random draws from
 * it ($random(42) is 0.7275636800328681 there, as a reproduction measured).
 */
export function javaRandomDouble(seed: number): number {
  let x = (BigInt(seed) ^ JAVA_MULTIPLIER) & JAVA_MASK;
  const next = (bits: bigint): bigint => {
    x = (x * JAVA_MULTIPLIER + JAVA_ADDEND) & JAVA_MASK;
    return x >> (48n - bits);
  };
  const hi = next(26n);
  const lo = next(27n);
  return Number((hi << 27n) + lo) / 2 ** 53;
}
