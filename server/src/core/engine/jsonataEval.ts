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
import { guard } from './evalLimits';
import { seededRandom, uuidFrom, type Random } from './random';
import { deepFreeze, isObject, kindOf, preview, put } from './values';
import { createHash } from 'node:crypto';

/** What an expression sees: the bindings are built once per evaluation phase of a state. */
export interface JsonataScope {
  input: unknown;
  bindings(): Record<string, unknown>;
}

export type JsonataTemplate =
  | { constant: true; value: unknown; usesContext: false }
  | { constant: false; usesContext: boolean; evaluate(scope: JsonataScope): Promise<unknown> };

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
      const parts = v.map((x, i) => build(x, `${where}/${i}`));
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
  return { constant: false, usesContext, evaluate };
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
    const message = (e as { message?: unknown })?.message;
    throw new StatesError(
      E.QueryEvaluationError,
      `The JSONata expression '${expr.text}' specified for the field '${field}' threw an error during evaluation: ${typeof message === 'string' ? message : String(e)}`,
    );
  }
  if (v === undefined) {
    throw new StatesError(E.QueryEvaluationError, `The JSONata expression '${expr.text}' specified for the field '${field}' returned nothing (undefined).`);
  }
  if (isFunction(v)) {
    throw new StatesError(E.QueryEvaluationError, `The JSONata expression '${expr.text}' specified for the field '${field}' returned a function, which is not a JSON value.`);
  }
  return v === scope.input ? v : plainJson(v);
}

/**
 * The library marks the arrays it builds (`sequence`, `keepSingleton`, ...) and may leave
 * functions in objects; what leaves an expression is plain JSON. Parts that are already plain
 * are shared, not copied.
 */
/** A JavaScript function, or a JSONata lambda (an object that refers to its environment). */
function isFunction(v: unknown): boolean {
  return typeof v === 'function' || (typeof v === 'object' && v !== null && ((v as { _jsonata_lambda?: unknown })._jsonata_lambda === true || (v as { _jsonata_function?: unknown })._jsonata_function === true));
}

export function plainJson(v: unknown): unknown {
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

const HASHES: Record<string, string> = { MD5: 'md5', 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

/** The functions Step Functions adds, bound to one run's seeded generator. */
export function stepFunctionsFunctions(rng: Random): Record<string, unknown> {
  return {
    partition: (array: unknown, size: unknown) => {
      if (!Array.isArray(array)) bad(`$partition: the first argument must be an array, not ${kindOf(array)}`);
      if (typeof size !== 'number' || !Number.isInteger(size) || size <= 0) bad(`$partition: the size must be a positive integer, not ${preview(size, 40)}`);
      const arr = array as unknown[];
      const out: unknown[][] = [];
      for (let i = 0; i < arr.length; i += size as number) out.push(arr.slice(i, i + (size as number)));
      return out;
    },
    range: (start: unknown, end: unknown, step: unknown) => {
      for (const [n, v] of [['start', start], ['end', end], ['step', step]] as const) {
        if (typeof v !== 'number' || !Number.isInteger(v)) bad(`$range: the ${n} must be an integer, not ${preview(v, 40)}`);
      }
      const s = step as number;
      if (s === 0) bad('$range: the step cannot be 0');
      const out: number[] = [];
      for (let x = start as number; s > 0 ? x <= (end as number) : x >= (end as number); x += s) {
        if (out.length >= 1_000_000) bad('$range: the range is too large');
        out.push(x);
      }
      return out;
    },
    hash: (data: unknown, algorithm: unknown) => {
      if (typeof data !== 'string') bad(`$hash: the data must be a string, not ${kindOf(data)}`);
      const node = typeof algorithm === 'string' ? HASHES[algorithm] : undefined;
      if (!node) bad(`$hash: '${String(algorithm)}' is not a hash algorithm; use one of ${Object.keys(HASHES).join(', ')}`);
      return createHash(node!).update(data as string, 'utf8').digest('hex');
    },
    random: (seed?: unknown) => {
      if (seed === undefined) return rng();
      if (typeof seed !== 'number' || !Number.isFinite(seed)) bad(`$random: the seed must be a number, not ${kindOf(seed)}`);
      return seededRandom(seed as number)();
    },
    uuid: () => uuidFrom(rng),
    parse: (text: unknown) => {
      if (typeof text !== 'string') bad(`$parse: the argument must be a string, not ${kindOf(text)}`);
      try {
        return JSON.parse(text as string);
      } catch {
        return bad(`$parse: the argument is not a JSON text: ${preview(text, 60)}`);
      }
    },
  };
}

