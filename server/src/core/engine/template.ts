/**
 * JSONPath payload templates: Parameters, ResultSelector, ItemSelector, Assign, BatchInput,
 * ItemReader/ResultWriter Parameters. A field whose name ends in `.$` takes the value of a path
 * (`$.x`, `$$.Execution.Id`, `$var.x`) or of an intrinsic function call, under the name without
 * `.$`; other fields are taken literally, objects (also inside arrays) are walked (ASL spec,
 * "Payload Template").
 *
 * A path that selects nothing fails the state with States.Runtime, as AWS reports it: "The
 * JSONPath '$.x' specified for the field 'x.$' could not be found in the input '{...}'".
 */
import { parseIntrinsic } from '../intrinsics/parser';
import { E, StatesError } from './errors';
import { compileIntrinsic, type Evaluator, type IntrinsicEnv } from './intrinsics';
import { compilePathText, NOTHING } from './paths';
import { deepFreeze, isObject, preview, put } from './values';

export type Template = { constant: true; value: unknown } | { constant: false; evaluate: Evaluator };

export function evalTemplate(t: Template, input: unknown, env: IntrinsicEnv): unknown {
  return t.constant ? t.value : t.evaluate(input, env);
}

/** Compiles a payload template: constants are frozen and shared, the rest becomes a closure. */
export function compileTemplate(value: unknown): Template {
  const e = build(value);
  return e ? { constant: false, evaluate: e } : { constant: true, value: deepFreeze(value) };
}

function build(v: unknown): Evaluator | undefined {
  if (Array.isArray(v)) {
    const parts = v.map(build);
    if (parts.every((p) => p === undefined)) return undefined;
    const consts = v.map((x) => deepFreeze(x));
    return (input, env) => {
      const out = new Array<unknown>(v.length);
      for (let i = 0; i < v.length; i++) {
        const p = parts[i];
        out[i] = p ? p(input, env) : consts[i];
      }
      return out;
    };
  }
  if (!isObject(v)) return undefined;
  const keys = Object.keys(v);
  const names: string[] = [];
  const parts: (Evaluator | undefined)[] = [];
  const consts: unknown[] = [];
  let dynamic = false;
  for (const k of keys) {
    const x = v[k];
    if (k.endsWith('.$') && typeof x === 'string') {
      names.push(k.slice(0, -2));
      parts.push(dynamicValue(x, k));
      consts.push(undefined);
      dynamic = true;
    } else {
      const p = build(x);
      if (p) dynamic = true;
      names.push(k);
      parts.push(p);
      consts.push(deepFreeze(x));
    }
  }
  if (!dynamic) return undefined;
  const n = names.length;
  return (input, env) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) {
      const p = parts[i];
      put(out, names[i], p ? p(input, env) : consts[i]);
    }
    return out;
  };
}

/** The evaluator of one `.$` value: a path or an intrinsic function call. */
export function dynamicValue(text: string, key: string): Evaluator {
  if (text.startsWith('$')) {
    const path = compilePathText(text);
    return (input, env) => {
      const v = path.select(input, env);
      if (v === NOTHING) throw notFound(text, key, path.root, input);
      return v;
    };
  }
  const parsed = parseIntrinsic(text);
  if (!parsed.ast) throw new Error(`Invalid intrinsic function call '${text}': ${parsed.error.message}`);
  return compileIntrinsic(parsed.ast, text);
}

/** The longest cause the Step Functions API returns is 32,768 characters. */
const MAX_CAUSE_INPUT = 32_000;

function notFound(text: string, key: string, root: string, input: unknown): StatesError {
  if (root === 'variable')
    return new StatesError(
      E.Runtime,
      `The variable in the JSONPath '${text}' specified for the field '${key}' could not be found (no state has assigned it, or the path selects nothing in it).`,
    );
  // AWS quotes the whole input as compact JSON (recorded causes: see engine-corpus/README.md);
  // the cut at the API's limit on a cause's length is ours.
  const where = root === 'context' ? 'the context object' : `the input '${preview(input, MAX_CAUSE_INPUT)}'`;
  return new StatesError(E.Runtime, `The JSONPath '${text}' specified for the field '${key}' could not be found in ${where}`);
}
