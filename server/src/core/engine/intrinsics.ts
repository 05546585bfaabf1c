/**
 * The 18 intrinsic functions, evaluated on the trees of core/intrinsics (parseIntrinsic).
 *
 * Semantics from the developer guide, "Intrinsic functions for JSONPath states", and, where the
 * guide is silent, LocalStack's implementation (which is tested against recorded AWS responses):
 * - A path argument that selects nothing is a States.Runtime error ("The function '...' had the
 *   following error: The JsonPath argument for the field '$.x' could not be found in the input").
 * - Any other failure of a call (wrong kind of argument, index out of range, ...) is reported as
 *   States.IntrinsicFailure, the spec's name for it.
 * - States.Format: `{}` in a literal template are placeholders, `\{` `\}` literal braces; strings
 *   are inserted as they are, numbers/booleans/null as JSON, arrays and objects as Java prints
 *   them (`[1, 2]`, `{a=1}`).
 * - States.MathAdd rounds non-integer arguments half up (Java's Math.round, as is JavaScript's).
 * - States.ArrayRange: integers, a positive step, at most 1000 items.
 * - States.StringSplit splits at any of the delimiter characters and drops empty parts.
 * - States.Hash, Base64Encode, Base64Decode take at most 10,000 characters.
 * - States.JsonMerge is shallow; its third argument must be false.
 * - States.UUID and States.MathRandom (without a seed) draw from the run's seeded generator.
 */
import type { IntrinsicArg, IntrinsicCall } from '../intrinsics/ast';
import { base64Decode, base64Encode } from './base64';
import { E, StatesError } from './errors';
import { HASH_ALGORITHMS, hashText, isHashAlgorithm } from './hash';
import { compilePath, NOTHING, type PathEnv } from './paths';
import { randomInt, seededRandom, uuidFrom, type Random } from './random';
import { deepEqual, isObject, kindOf, preview } from './values';

export interface IntrinsicEnv extends PathEnv {
  readonly rng: Random;
}

export type Evaluator = (input: unknown, env: IntrinsicEnv) => unknown;

/** A problem in a call; the caller names the function and the state. */
class CallError extends Error {
  constructor(
    readonly error: string,
    message: string,
  ) {
    super(message);
  }
}

const fail = (message: string): never => {
  throw new CallError(E.IntrinsicFailure, message);
};

/** Compiles a whole call; errors come out as StatesError naming the expression as written. */
export function compileIntrinsic(call: IntrinsicCall, text: string): Evaluator {
  const inner = compileCall(call, text);
  return (input, env) => {
    try {
      return inner(input, env);
    } catch (e) {
      if (e instanceof CallError) throw new StatesError(e.error, `The function '${text}' had the following error: ${e.message}`);
      throw e;
    }
  };
}

function compileCall(call: IntrinsicCall, text: string): Evaluator {
  const args = call.args.map((a) => compileArg(a, text));
  const name = call.name;
  const impl = FUNCTIONS[name];
  if (!impl) return () => fail(`${name} is not an intrinsic function`);
  if (name === 'States.Format') return compileFormat(call, args, text);
  const n = args.length;
  if (n === 0) return (_input, env) => impl([], env);
  if (n === 1) {
    const a = args[0];
    return (input, env) => impl([a(input, env)], env);
  }
  if (n === 2) {
    const a = args[0];
    const b = args[1];
    return (input, env) => impl([a(input, env), b(input, env)], env);
  }
  return (input, env) =>
    impl(
      args.map((a) => a(input, env)),
      env,
    );
}

function compileArg(arg: IntrinsicArg, text: string): Evaluator {
  switch (arg.type) {
    case 'string':
    case 'number':
    case 'boolean': {
      const v = arg.value;
      return () => v;
    }
    case 'null':
      return () => null;
    case 'call':
      return compileCall(arg, text);
    case 'path': {
      const path = compilePath(arg.path, text.slice(arg.start, arg.end));
      return (input, env) => {
        const v = path.select(input, env);
        if (v === NOTHING) {
          const where = path.root === 'context' ? 'the context object' : path.root === 'variable' ? 'the variables' : 'the input';
          throw new CallError(
            E.Runtime,
            `The JsonPath argument for the field '${path.text}' could not be found in ${where} '${preview(path.root === 'input' ? input : undefined)}'`,
          );
        }
        return v;
      };
    }
  }
}

// ---- States.Format -----------------------------------------------------------------------------

function compileFormat(call: IntrinsicCall, args: Evaluator[], text: string): Evaluator {
  const first = call.args[0];
  const values = args.slice(1);
  if (first && first.type === 'string') {
    // Placeholders are read from the text as written, so that \{\} stays a literal "{}".
    const parts = literalTemplate(text.slice(first.start + 1, first.end - 1));
    return (input, env) =>
      format(
        parts,
        values.map((v) => v(input, env)),
      );
  }
  const template = args[0];
  return (input, env) => {
    const t = template ? template(input, env) : undefined;
    if (typeof t !== 'string') fail(`the template must be a string, not ${kindOf(t)}`);
    return format(
      (t as string).split('{}'),
      values.map((v) => v(input, env)),
    );
  };
}

/** The literal pieces around each placeholder of a template written in single quotes. */
function literalTemplate(raw: string): string[] {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '\\' && i + 1 < raw.length) {
      cur += raw[++i];
    } else if (c === '{' && raw[i + 1] === '}') {
      parts.push(cur);
      cur = '';
      i++;
    } else cur += c;
  }
  parts.push(cur);
  return parts;
}

function format(parts: string[], values: unknown[]): string {
  if (values.length !== parts.length - 1) {
    fail(`the template has ${parts.length - 1} placeholder(s) '{}' but ${values.length} value(s) were given`);
  }
  let out = parts[0];
  for (let i = 0; i < values.length; i++) out += formatValue(values[i]) + parts[i + 1];
  return out;
}

function formatValue(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return `[${v.map(formatValue).join(', ')}]`;
  if (isObject(v))
    return `{${Object.keys(v)
      .map((k) => `${k}=${formatValue(v[k])}`)
      .join(', ')}}`;
  return JSON.stringify(v) ?? 'null';
}

// ---- the other functions -------------------------------------------------------------------------

type Impl = (args: unknown[], env: IntrinsicEnv) => unknown;

const MAX_CHARS = 10_000;
const MAX_RANGE = 1000;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function arity(args: unknown[], min: number, max = min): void {
  if (args.length < min || args.length > max) {
    fail(min === max ? `expected ${min} argument(s) but got ${args.length}` : `expected ${min} to ${max} arguments but got ${args.length}`);
  }
}

function array(v: unknown, what: string): unknown[] {
  if (!Array.isArray(v)) fail(`the ${what} must be an array, not ${kindOf(v)} ${preview(v, 60)}`);
  return v as unknown[];
}

function str(v: unknown, what: string): string {
  if (typeof v !== 'string') fail(`the ${what} must be a string, not ${kindOf(v)} ${preview(v, 60)}`);
  return v as string;
}

function num(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(`the ${what} must be a number, not ${kindOf(v)} ${preview(v, 60)}`);
  return v as number;
}

function int(v: unknown, what: string): number {
  const n = num(v, what);
  if (!Number.isInteger(n)) fail(`the ${what} must be an integer, not ${n}`);
  return n;
}

function maxChars(s: string, what: string): string {
  if (s.length > MAX_CHARS) fail(`the ${what} has ${s.length} characters; at most ${MAX_CHARS} are allowed`);
  return s;
}

const FUNCTIONS: Record<string, Impl> = {
  'States.Format': () => undefined, // compiled apart (compileFormat)
  'States.StringToJson': (a) => {
    arity(a, 1);
    const s = str(a[0], 'argument');
    // Recorded AWS executions (LocalStack's snapshot tests, intrinsic_functions/
    // test_json_manipulation "test_string_to_json"): "" and " " give null, "-0" gives 0.
    if (/^[ \t\n\r]*$/.test(s)) return null;
    try {
      const v: unknown = JSON.parse(s);
      return Object.is(v, -0) ? 0 : v;
    } catch {
      return fail(`the argument is not a JSON text: ${preview(s, 80)}`);
    }
  },
  'States.JsonToString': (a) => {
    arity(a, 1);
    return JSON.stringify(a[0]);
  },
  'States.Array': (a) => a,
  'States.ArrayPartition': (a) => {
    arity(a, 2);
    const arr = array(a[0], 'first argument');
    const size = Math.round(num(a[1], 'chunk size'));
    if (size <= 0) fail(`the chunk size must be a positive integer, not ${a[1]}`);
    const out: unknown[][] = [];
    for (let i = 0; i < arr.length; i += size) out.push(arr.slice(i, i + size));
    return out;
  },
  'States.ArrayContains': (a) => {
    arity(a, 2);
    const arr = array(a[0], 'first argument');
    for (const x of arr) if (deepEqual(x, a[1])) return true;
    return false;
  },
  'States.ArrayRange': (a) => {
    arity(a, 3);
    const first = Math.round(num(a[0], 'start'));
    const last = Math.round(num(a[1], 'end'));
    const step = Math.round(num(a[2], 'step'));
    if (step <= 0) fail(`the step must be a positive integer, not ${a[2]}`);
    const count = last < first ? 0 : Math.floor((last - first) / step) + 1;
    if (count > MAX_RANGE) fail(`the range would hold ${count} items; an array made by States.ArrayRange holds at most ${MAX_RANGE}`);
    const out = new Array<number>(count);
    for (let i = 0; i < count; i++) out[i] = first + i * step;
    return out;
  },
  'States.ArrayGetItem': (a) => {
    arity(a, 2);
    const arr = array(a[0], 'first argument');
    const i = int(a[1], 'index');
    if (i < 0 || i >= arr.length) fail(`the index ${i} is out of bounds for an array of ${arr.length} item(s)`);
    return arr[i];
  },
  'States.ArrayLength': (a) => {
    arity(a, 1);
    return array(a[0], 'argument').length;
  },
  'States.ArrayUnique': (a) => {
    arity(a, 1);
    const arr = array(a[0], 'argument');
    const seen = new Set<string>();
    const out: unknown[] = [];
    for (const x of arr) {
      const key = typeof x === 'object' && x !== null ? `o${JSON.stringify(x)}` : `${typeof x}:${String(x)}`;
      if (!seen.has(key)) {
        seen.add(key);
        out.push(x);
      }
    }
    return out;
  },
  'States.Base64Encode': (a) => {
    arity(a, 1);
    return base64Encode(maxChars(str(a[0], 'argument'), 'argument'));
  },
  'States.Base64Decode': (a) => {
    arity(a, 1);
    const s = maxChars(str(a[0], 'argument'), 'argument');
    if (s.length % 4 !== 0 || !BASE64.test(s)) fail(`the argument is not Base64: ${preview(s, 60)}`);
    return base64Decode(s);
  },
  'States.Hash': (a) => {
    arity(a, 2);
    const data = maxChars(str(a[0], 'data'), 'data');
    const alg = str(a[1], 'algorithm');
    if (!isHashAlgorithm(alg)) return fail(`'${alg}' is not a hash algorithm; use one of ${HASH_ALGORITHMS.join(', ')}`);
    return hashText(alg, data);
  },
  'States.JsonMerge': (a) => {
    arity(a, 3);
    const x = a[0];
    const y = a[1];
    if (!isObject(x)) fail(`the first argument must be an object, not ${kindOf(x)}`);
    if (!isObject(y)) fail(`the second argument must be an object, not ${kindOf(y)}`);
    if (a[2] !== false) fail('only shallow merging is supported: the third argument must be false');
    return { ...(x as object), ...(y as object) };
  },
  'States.MathRandom': (a, env) => {
    arity(a, 2, 3);
    const start = Math.round(num(a[0], 'start'));
    const end = Math.round(num(a[1], 'end'));
    if (end <= start) fail(`the end (${end}) must be greater than the start (${start})`);
    const rng = a.length === 3 ? seededRandom(int(a[2], 'seed')) : env.rng;
    return randomInt(start, end, rng);
  },
  'States.MathAdd': (a) => {
    arity(a, 2);
    return Math.round(num(a[0], 'first argument')) + Math.round(num(a[1], 'second argument'));
  },
  'States.StringSplit': (a) => {
    arity(a, 2);
    const s = str(a[0], 'first argument');
    const delims = str(a[1], 'delimiter');
    if (delims === '') return s === '' ? [] : [s];
    const out: string[] = [];
    let cur = '';
    for (const ch of s) {
      if (delims.includes(ch)) {
        if (cur) out.push(cur);
        cur = '';
      } else cur += ch;
    }
    if (cur) out.push(cur);
    return out;
  },
  'States.UUID': (a, env) => {
    arity(a, 0);
    return uuidFrom(env.rng);
  },
};
