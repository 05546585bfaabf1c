/**
 * The end of a Task, Parallel or Map that produced a result. JSONPath: ResultSelector (a payload
 * template over the result), Assign with `$` = the raw result, ResultPath onto the raw state
 * input, OutputPath. JSONata: Assign and Output (default: the result) with $states.result.
 */
import { evalJsonata } from '../jsonataEval';
import type { CState } from '../machine';
import type { Strand } from '../strand';
import { evalTemplate } from '../template';
import { applyInputPath, applyOutputPath, applyResultPath, checkSize, evalAssign, evalJsonataAssign, exit, Scope } from './common';

export function finishWithResult(
  s: Strand,
  st: CState,
  input: unknown,
  result: unknown,
  flow: Record<string, unknown> | undefined,
): void | Promise<void> {
  if (st.jsonata) return finishJsonata(s, st, input, result);
  let selected = result;
  if (st.resultSelector !== undefined || st.resultPath.kind !== 'replace' || st.outputPath !== undefined) (flow ??= {}).result = result;
  if (st.resultSelector !== undefined) {
    selected = evalTemplate(st.resultSelector, result, s);
    (flow ??= {}).afterResultSelector = selected;
  }
  const assigned = evalAssign(s, st.assign, result);
  let out = applyResultPath(st.resultPath, input, selected);
  if (st.resultPath.kind !== 'replace') (flow ??= {}).afterResultPath = out;
  if (st.outputPath !== undefined) {
    out = applyOutputPath(s, st, out);
    (flow ??= {}).afterOutputPath = out;
  }
  checkSize(s, st, out, 'output');
  exit(s, st, out, st.next, assigned, flow);
}

async function finishJsonata(s: Strand, st: CState, input: unknown, result: unknown): Promise<void> {
  const scope = new Scope(s, st, input, result);
  const assigned = await evalJsonataAssign(st.jsonataAssign, scope);
  const out = st.output ? await evalJsonata(st.output, scope) : result;
  checkSize(s, st, out, 'output');
  exit(s, st, out, st.next, assigned);
}

/** What a Task sends, a Parallel hands its branches, a Map reads its items from. */
export interface Prepared {
  /** JSONPath: the input after InputPath; JSONata: the state input. */
  eff: unknown;
  /** After Parameters (JSONPath) or Arguments (JSONata). */
  payload: unknown;
  scope?: Scope;
  flow?: Record<string, unknown>;
}

export function prepareInput(s: Strand, st: CState, input: unknown, withParameters: boolean): Prepared | Promise<Prepared> {
  if (st.jsonata) return prepareJsonata(s, st, input, withParameters);
  const eff = applyInputPath(s, st, input);
  let flow: Record<string, unknown> | undefined;
  if (st.inputPath !== undefined) flow = { afterInputPath: eff };
  let payload = eff;
  if (withParameters && st.parameters !== undefined) {
    payload = evalTemplate(st.parameters, eff, s);
    (flow ??= {}).afterParameters = payload;
  }
  return { eff, payload, flow };
}

async function prepareJsonata(s: Strand, st: CState, input: unknown, withParameters: boolean): Promise<Prepared> {
  const scope = new Scope(s, st, input);
  const payload = withParameters && st.arguments ? await evalJsonata(st.arguments, scope) : input;
  return { eff: input, payload, scope };
}
