/**
 * Fan-out on the virtual clock: a Parallel's branches and a Map's iterations as strands that the
 * scheduler runs in virtual-time order, at most `limit` at a time.
 */
import { CANCELLED, Fatal } from './errors';
import type { Group } from './run';
import type { Strand } from './strand';

export type ChildOutcome =
  { ok: true; value: unknown; time: number } | { ok: false; error: unknown; time: number } | { ok: false; cancelled: true };

export interface FanOutResult {
  outputs: unknown[];
  /** The failure that ended the fan-out early (the first in virtual time). */
  failure?: { index: number; error: unknown };
  /** Failures that were tolerated (Distributed Map). */
  failed: number;
  time: number;
}

/**
 * Runs `n` children at most `limit` at a time on the virtual clock and resolves when all are
 * done, or at the first failure that `tolerate` does not accept (the others are cancelled).
 * Children start in index order; a freed slot goes to the next index at the time it frees.
 */
export function fanOut(
  parent: Strand,
  n: number,
  limit: number,
  runChild: (index: number, t: number, group: Group) => Promise<ChildOutcome>,
  tolerate?: (failedSoFar: number, index: number, error: unknown) => unknown,
): Promise<FanOutResult> {
  const sched = parent.run.sched;
  const outputs = new Array<unknown>(n);
  if (n === 0) return Promise.resolve({ outputs, failed: 0, time: parent.time });
  return new Promise<FanOutResult>((resolve) => {
    const group: Group = { cancelled: false };
    let done = false;
    let nextIndex = 0;
    let finished = 0;
    let failed = 0;
    let end = parent.time;
    const finishWith = (r: FanOutResult) => {
      done = true;
      sched.schedule(r.time, () => resolve(r));
      sched.next();
    };
    const start = (i: number, t: number) => {
      sched.schedule(t, () => {
        if (group.cancelled) {
          sched.next();
          return;
        }
        runChild(i, t, group).then((o) => finish(i, o));
      });
    };
    const finish = (i: number, o: ChildOutcome) => {
      if (done || !('time' in o)) {
        sched.next();
        return;
      }
      finished++;
      if (o.time > end) end = o.time;
      if (o.ok) outputs[i] = o.value;
      else {
        const e = o.error;
        const kept = tolerate && !(e instanceof Fatal) ? tolerate(++failed, i, e) : undefined;
        if (kept === undefined) {
          group.cancelled = true;
          finishWith({ outputs, failure: { index: i, error: e }, failed, time: o.time });
          return;
        }
        outputs[i] = kept;
      }
      if (finished === n) {
        finishWith({ outputs, failed, time: end });
        return;
      }
      if (nextIndex < n) start(nextIndex++, o.time);
      sched.next();
    };
    const first = Math.min(n, Math.max(1, limit));
    for (let i = 0; i < first; i++) start(nextIndex++, parent.time);
    sched.next();
  });
}

/** Runs a child strand through a scope, never rejecting: failures become outcomes. */
export async function childOutcome(child: Strand, work: () => Promise<unknown>): Promise<ChildOutcome> {
  try {
    const value = await work();
    return { ok: true, value, time: child.time };
  } catch (e) {
    if (e === CANCELLED) return { ok: false, cancelled: true };
    return { ok: false, error: e, time: child.time };
  } finally {
    child.run.options.debug?.threadEnded?.(child);
  }
}
