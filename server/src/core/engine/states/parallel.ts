/**
 * Parallel: every branch runs on the same input (after InputPath + Parameters, or Arguments), at
 * the same virtual time; the result is the array of branch outputs in branch order. The first
 * branch to fail (in virtual time) fails the state with that branch's error, and the other
 * branches stop. Branches read the variables of the scope around them; what they assign stays
 * inside them.
 */
import { StatesError, withHint } from '../errors';
import type { CState } from '../machine';
import { childOutcome, fanOut } from '../fanout';
import { runScope, type Strand } from '../strand';
import { enter, withRetryAndCatch } from './common';
import { finishWithResult, prepareInput } from './result';

export function parallel(s: Strand, st: CState, input: unknown): Promise<void> {
  enter(s, st, input);
  return withRetryAndCatch(s, st, input, () => attempt(s, st, input));
}

async function attempt(s: Strand, st: CState, input: unknown): Promise<void> {
  const { payload, flow } = await prepareInput(s, st, input, true);
  const branches = st.branches!;
  s.emit('ParallelStateStarted', st.name);
  const vars = s.vars;
  const r = await fanOut(s, branches.length, branches.length, (i, t, group) => {
    const c = s.child(t, vars, [st.name, `branch ${i}`], st.name, group, undefined, s.budget);
    return childOutcome(c, () => runScope(c, branches[i], payload));
  });
  s.time = r.time;
  if (r.failure) {
    const e = r.failure.error;
    if (e instanceof StatesError) s.emit('ParallelStateFailed', st.name, withHint({ error: e.error, cause: e.cause }, e.hint));
    throw e;
  }
  s.emit('ParallelStateSucceeded', st.name);
  await finishWithResult(s, st, input, r.outputs, flow);
}
