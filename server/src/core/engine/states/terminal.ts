/**
 * Succeed and Fail. Succeed: InputPath then OutputPath (JSONata: Output). Fail: Error/Cause,
 * ErrorPath/CausePath (a reference path or an intrinsic function), or JSONata expressions; the
 * failure is the state's own, so its cause carries no "while executing the state" prefix.
 */
import { E, StatesError } from '../errors';
import { evalJsonata } from '../jsonataEval';
import type { CState, Source } from '../machine';
import { NOTHING } from '../paths';
import type { Strand } from '../strand';
import { evalTemplate } from '../template';
import { preview } from '../values';
import { applyInputPath, applyOutputPath, checkSize, enter, exit, located, Scope } from './common';

export function succeedJsonPath(s: Strand, st: CState, input: unknown): void {
  enter(s, st, input);
  let out: unknown;
  try {
    out = applyOutputPath(s, st, applyInputPath(s, st, input));
    checkSize(s, st, out, 'output');
  } catch (e) {
    throw located(s, st, e);
  }
  exit(s, st, out, undefined);
}

export async function succeedJsonata(s: Strand, st: CState, input: unknown): Promise<void> {
  enter(s, st, input);
  let out: unknown;
  try {
    out = st.output ? await evalJsonata(st.output, new Scope(s, st, input)) : input;
    checkSize(s, st, out, 'output');
  } catch (e) {
    throw located(s, st, e);
  }
  exit(s, st, out, undefined);
}

export function failJsonPath(s: Strand, st: CState, input: unknown): void {
  enter(s, st, input);
  let error: string;
  let cause: string;
  try {
    error = readString(s, st.fail?.error, input);
    cause = readString(s, st.fail?.cause, input);
  } catch (e) {
    throw located(s, st, e);
  }
  throw new StatesError(error, cause, true);
}

export async function failJsonata(s: Strand, st: CState, input: unknown): Promise<void> {
  enter(s, st, input);
  let error: string;
  let cause: string;
  try {
    const scope = new Scope(s, st, input);
    error = await readJsonataString(st.fail?.error, scope);
    cause = await readJsonataString(st.fail?.cause, scope);
  } catch (e) {
    throw located(s, st, e);
  }
  throw new StatesError(error, cause, true);
}

function readString(s: Strand, src: Source<string> | undefined, input: unknown): string {
  if (src === undefined) return '';
  let v: unknown;
  if (src.kind === 'const') return src.value;
  if (src.kind === 'path') {
    v = src.path.select(input, s);
    if (v === NOTHING)
      throw new StatesError(
        E.Runtime,
        `The JSONPath '${src.path.text}' specified for the field '${src.field}' could not be found in the input '${preview(input)}'`,
      );
  } else if (src.kind === 'intrinsic') v = evalTemplate(src.template, input, s);
  if (typeof v !== 'string')
    throw new StatesError(E.Runtime, `The field '${src.field}' must select a string, but it selects ${preview(v, 80)}.`);
  return v;
}

async function readJsonataString(src: Source<string> | undefined, scope: Scope): Promise<string> {
  if (src === undefined) return '';
  if (src.kind === 'const') return src.value;
  if (src.kind !== 'jsonata') return '';
  const v = await evalJsonata(src.template, scope);
  if (typeof v !== 'string')
    throw new StatesError(
      E.QueryEvaluationError,
      `The JSONata expression for the field '${src.field}' must give a string, but it gives ${preview(v, 80)}.`,
    );
  return v;
}
