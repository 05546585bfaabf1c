/**
 * Wait, on the virtual clock: Seconds, SecondsPath, Timestamp, TimestampPath (JSONata: Seconds or
 * Timestamp as expressions). A timestamp in the past does not wait. Seconds must be a
 * non-negative integer and a timestamp an RFC 3339 one, else the state fails (States.Runtime, or
 * States.QueryEvaluationError for a JSONata expression).
 */
import { E, StatesError } from '../errors';
import { evalJsonata } from '../jsonataEval';
import type { CState, Source } from '../machine';
import { NOTHING } from '../paths';
import type { Strand } from '../strand';
import { parseTimestamp } from '../timestamps';
import { preview } from '../values';
import { applyInputPath, applyOutputPath, checkSize, enter, evalAssign, evalJsonataAssign, exit, located, Scope } from './common';

export function waitJsonPath(s: Strand, st: CState, input: unknown): void | Promise<void> {
  enter(s, st, input);
  let eff: unknown;
  let until: number;
  try {
    eff = applyInputPath(s, st, input);
    until = target(s, readSync(s, st.wait?.seconds, eff), readSync(s, st.wait?.timestamp, eff), E.Runtime);
  } catch (e) {
    throw located(s, st, e);
  }
  const done = () => {
    let out: unknown;
    let assigned: Record<string, unknown> | undefined;
    try {
      assigned = evalAssign(s, st.assign, eff);
      out = applyOutputPath(s, st, eff);
      checkSize(s, st, out, 'output');
    } catch (e) {
      throw located(s, st, e);
    }
    exit(s, st, out, st.next, assigned);
  };
  const p = s.advanceTo(until);
  if (p === undefined) return done();
  return p.then(done);
}

export async function waitJsonata(s: Strand, st: CState, input: unknown): Promise<void> {
  enter(s, st, input);
  let until: number;
  const scope = new Scope(s, st, input);
  try {
    const w = st.wait;
    const seconds = w?.seconds?.kind === 'jsonata' ? await evalJsonata(w.seconds.template, scope) : w?.seconds?.kind === 'const' ? w.seconds.value : undefined;
    const stamp = w?.timestamp?.kind === 'jsonata' ? await evalJsonata(w.timestamp.template, scope) : w?.timestamp?.kind === 'const' ? w.timestamp.value : undefined;
    until = target(s, seconds, stamp, E.QueryEvaluationError);
  } catch (e) {
    throw located(s, st, e);
  }
  const p = s.advanceTo(until);
  if (p) await p;
  let out: unknown;
  let assigned: Record<string, unknown> | undefined;
  try {
    assigned = await evalJsonataAssign(st.jsonataAssign, scope);
    out = st.output ? await evalJsonata(st.output, scope) : input;
    checkSize(s, st, out, 'output');
  } catch (e) {
    throw located(s, st, e);
  }
  exit(s, st, out, st.next, assigned);
}

function readSync<T>(s: Strand, src: Source<T> | undefined, eff: unknown): unknown {
  if (src === undefined) return undefined;
  if (src.kind === 'const') return src.value;
  if (src.kind === 'path') {
    const v = src.path.select(eff, s);
    if (v === NOTHING) throw new StatesError(E.Runtime, `The JSONPath '${src.path.text}' specified for the field '${src.field}' could not be found in the input '${preview(eff)}'`);
    return v;
  }
  return undefined;
}

/** The virtual time (ms after the start) the wait ends at. */
function target(s: Strand, seconds: unknown, stamp: unknown, error: string): number {
  if (seconds !== undefined) {
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0) {
      throw new StatesError(error, `The Wait state's seconds must be a non-negative integer, but it is ${preview(seconds, 80)}.`);
    }
    return s.time + seconds * 1000;
  }
  if (stamp !== undefined) {
    const ms = typeof stamp === 'string' ? parseTimestamp(stamp) : undefined;
    if (ms === undefined) {
      throw new StatesError(error, `The Wait state's timestamp must be an RFC 3339 timestamp such as 2026-01-01T00:00:00Z, but it is ${preview(stamp, 80)}.`);
    }
    return Math.max(s.time, ms - s.run.startMs);
  }
  return s.time;
}
