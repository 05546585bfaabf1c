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
    const seconds = readSync(s, st.wait?.seconds, eff);
    const stamp = readSync(s, st.wait?.timestamp, eff);
    until = target(s, seconds, stamp, E.Runtime);
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
    const seconds =
      w?.seconds?.kind === 'jsonata'
        ? await evalJsonata(w.seconds.template, scope)
        : w?.seconds?.kind === 'const'
          ? w.seconds.value
          : undefined;
    const stamp =
      w?.timestamp?.kind === 'jsonata'
        ? await evalJsonata(w.timestamp.template, scope)
        : w?.timestamp?.kind === 'const'
          ? w.timestamp.value
          : undefined;
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
    if (src.field === 'SecondsPath') return checkSecondsPath(src.path.text, v, eff);
    if (v === NOTHING)
      throw new StatesError(
        E.Runtime,
        `The JSONPath '${src.path.text}' specified for the field '${src.field}' could not be found in the input '${preview(eff)}'`,
      );
    if (src.field === 'TimestampPath' && (typeof v !== 'string' || parseTimestamp(v) === undefined)) {
      throw new StatesError(
        E.Runtime,
        `The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: ${src.path.text} == ${shown(v)}`,
        false,
        `The timestamp must be an RFC 3339 date and time with an uppercase T and Z (or an offset), such as 2026-01-01T00:00:00Z, and a real date and time; it is ${preview(v, 80)}.`,
      );
    }
    return v;
  }
  return undefined;
}

/**
 * SecondsPath, in AWS's words (LocalStack's SecondsPath, whose texts its AWS-validated snapshot
 * tests record; the negative case is also a recorded AWS execution quoted in issue 11).
 */
function checkSecondsPath(path: string, v: unknown, eff: unknown): unknown {
  if (v === NOTHING) {
    throw new StatesError(
      E.Runtime,
      `The SecondsPath parameter does not reference an input value: ${path}`,
      false,
      `The SecondsPath '${path}' selects nothing in '${preview(eff)}'.`,
    );
  }
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    throw new StatesError(
      E.Runtime,
      `The SecondsPath parameter cannot be parsed as a long value: ${path} == ${shown(v)}`,
      false,
      `The Wait state's seconds must be a non-negative integer, but it is ${preview(v, 80)}.`,
    );
  }
  if (v < 0) {
    throw new StatesError(
      E.Runtime,
      `The SecondsPath parameter references a negative value: ${path} == ${v}`,
      false,
      `The Wait state's seconds must be a non-negative integer, but it is ${v}.`,
    );
  }
  return v;
}

/** A value after "==" in AWS's Wait causes: a string as it is, anything else as JSON. */
function shown(v: unknown): string {
  return typeof v === 'string' ? v : preview(v, Infinity);
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
      throw new StatesError(
        error,
        `The Wait state's timestamp must be an RFC 3339 timestamp such as 2026-01-01T00:00:00Z, but it is ${preview(stamp, 80)}.`,
      );
    }
    return Math.max(s.time, ms - s.run.startMs);
  }
  return s.time;
}
