/**
 * Pass. JSONPath: InputPath, then Parameters (or Result, which wins), Assign with `$` = that
 * result, ResultPath onto the raw input, OutputPath. JSONata: Output (default: the input), Assign.
 */
import { evalJsonata } from '../jsonataEval';
import type { CState } from '../machine';
import type { Strand } from '../strand';
import { evalTemplate } from '../template';
import {
  applyInputPath,
  applyOutputPath,
  applyResultPath,
  checkSize,
  enter,
  evalAssign,
  evalJsonataAssign,
  exit,
  located,
  Scope,
} from './common';

export function passJsonPath(s: Strand, st: CState, input: unknown): void {
  enter(s, st, input);
  let out: unknown;
  let assigned: Record<string, unknown> | undefined;
  let flow: Record<string, unknown> | undefined;
  try {
    const eff = applyInputPath(s, st, input);
    if (st.inputPath !== undefined) (flow ??= {}).afterInputPath = eff;
    let result = eff;
    if (st.parameters !== undefined) {
      result = evalTemplate(st.parameters, eff, s);
      (flow ??= {}).afterParameters = result;
    }
    if (st.result !== undefined) result = st.result.value;
    assigned = evalAssign(s, st.assign, result);
    out = applyResultPath(st.resultPath, input, result);
    if (st.resultPath.kind !== 'replace') (flow ??= {}).afterResultPath = out;
    if (st.outputPath !== undefined) {
      out = applyOutputPath(s, st, out);
      (flow ??= {}).afterOutputPath = out;
    }
    checkSize(s, st, out, 'output');
  } catch (e) {
    throw located(s, st, e);
  }
  exit(s, st, out, st.next, assigned, flow);
}

export async function passJsonata(s: Strand, st: CState, input: unknown): Promise<void> {
  enter(s, st, input);
  let out: unknown;
  let assigned: Record<string, unknown> | undefined;
  try {
    const scope = new Scope(s, st, input);
    assigned = await evalJsonataAssign(st.jsonataAssign, scope);
    out = st.output ? await evalJsonata(st.output, scope) : input;
    checkSize(s, st, out, 'output');
  } catch (e) {
    throw located(s, st, e);
  }
  exit(s, st, out, st.next, assigned);
}
