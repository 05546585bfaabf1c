/**
 * Expressions of the Debug Console, conditional breakpoints and logpoints, against a stop:
 * JSONata (`$states.input.x`, variables as `$name`, the Step Functions functions), JSONPath
 * (`$.x`, `$$.Execution.Id`, `$name.x`) and intrinsic functions (`States.Format(...)`).
 * Evaluation never touches the run: its own random source, and a step bound so that a runaway
 * expression cannot hold the adapter.
 */
import jsonata from 'jsonata';
import { jsonataExpression } from '../core/jsonata/strings';
import { parseIntrinsic } from '../core/intrinsics/parser';
import { parsePath } from '../core/jsonpath/path';
import type { DebugFrame } from '../core/engine/debug';
import { compileIntrinsic } from '../core/engine/intrinsics';
import { stepFunctionsFunctions } from '../core/engine/jsonataEval';
import { compilePath, NOTHING } from '../core/engine/paths';
import { seededRandom } from '../core/engine/random';

/** Expression nodes one evaluation may visit (a few seconds at most). */
export const MAX_CONSOLE_STEPS = 5_000_000;
/** The console's random source: its own, so that evaluating never changes what the run draws. */
const CONSOLE_SEED = 0x2545f491;

const ENTRY = Symbol.for('jsonata.__evaluate_entry');
const hasOwn = Object.prototype.hasOwnProperty;

export type Language = 'JSONata' | 'JSONPath' | 'intrinsic';

/** Which language an expression is read in: intrinsics by name, JSONPath where the machine uses it and the text is a path. */
export function languageOf(expression: string, frame: DebugFrame): Language {
  const text = expression.trim();
  if (/^States\.[A-Za-z]+\(/.test(text)) return 'intrinsic';
  // `$states` is the one reserved variable (AWS guide, "Passing data between states with variables"): JSONata's.
  if (/^\$states\b/.test(text)) return 'JSONata';
  if (!frame.jsonata && jsonataExpression(text) === undefined && text.startsWith('$') && parsePath(text).ast) return 'JSONPath';
  return 'JSONata';
}

/** The value of an expression at a stop; rejects with a readable message. */
export async function evaluate(expression: string, frame: DebugFrame): Promise<unknown> {
  const text = expression.trim();
  const env = {
    context: () => frame.context(),
    variable: (name: string) => (hasOwn.call(frame.variables, name) ? frame.variables[name] : NOTHING),
    rng: seededRandom(CONSOLE_SEED),
  };
  switch (languageOf(text, frame)) {
    case 'intrinsic': {
      const parsed = parseIntrinsic(text);
      if (!parsed.ast) throw new Error(`Not an intrinsic function call: ${parsed.error.message}`);
      return compileIntrinsic(parsed.ast, text)(frame.input, env);
    }
    case 'JSONPath': {
      const parsed = parsePath(text);
      const v = compilePath(parsed.ast!, text).select(frame.input, env);
      if (v === NOTHING) throw new Error(`The JSONPath '${text}' selects nothing.`);
      return v;
    }
    case 'JSONata': {
      const body = jsonataExpression(text) ?? text;
      // A compilation of its own (the core's are shared with the run, whose limits hook them).
      let expr: jsonata.Expression;
      try {
        expr = jsonata(body);
      } catch (e) {
        throw new Error(`Not a JSONata expression: ${(e as Error).message}`);
      }
      let steps = 0;
      expr.assign(ENTRY as unknown as string, () => {
        if (++steps > MAX_CONSOLE_STEPS)
          throw new Error(`The expression took more than ${MAX_CONSOLE_STEPS} evaluation steps and was stopped.`);
      });
      const states: Record<string, unknown> = { input: frame.input, context: frame.context() };
      if (frame.error) states.errorOutput = { Error: frame.error.Error, Cause: frame.error.Cause };
      const bindings: Record<string, unknown> = Object.assign({}, stepFunctionsFunctions(env.rng), frame.variables, { states });
      try {
        return await expr.evaluate(frame.input, bindings);
      } catch (e) {
        const err = e as { message?: string; code?: string };
        throw new Error(`${err.code ? `${err.code}: ` : ''}${err.message ?? String(e)}`);
      }
    }
  }
}

/** A breakpoint's condition holds: JSONata truthiness; a JSONPath holds when it selects something other than false, null or []. */
export async function holds(condition: string, frame: DebugFrame): Promise<boolean> {
  let v: unknown;
  try {
    v = await evaluate(condition, frame);
  } catch (e) {
    if (languageOf(condition, frame) === 'JSONPath') return false;
    throw e;
  }
  if (Array.isArray(v)) return v.length > 0;
  return v !== undefined && v !== null && v !== false && v !== 0 && v !== '';
}

/** A logpoint's message: `{expression}` parts replaced by their values. */
export async function interpolate(message: string, frame: DebugFrame): Promise<string> {
  const parts = message.split(/(\{[^{}]*\})/);
  let out = '';
  for (const p of parts) {
    if (p.startsWith('{') && p.endsWith('}') && p.length > 2) {
      try {
        out += show(await evaluate(p.slice(1, -1), frame));
      } catch (e) {
        out += `<${(e as Error).message}>`;
      }
    } else out += p;
  }
  return out;
}

export function show(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (typeof v === 'string') return v;
  return JSON.stringify(v) ?? String(v);
}
