/**
 * A recorded run beside a dry run of the same input: the first state where they part. Both are
 * run results (an imported history through historyToResult); states are matched by strand (the
 * top-level flow, a branch, an iteration: events with the same scope) and place in it, and
 * compared in the recorded run's order, so the answer is the earliest state the graph should mark.
 */
import { deepEqual } from '../engine/values';
import type { ExecutionResult, HistoryEvent } from '../engine/types';

export interface Divergence {
  /** The state to mark: the recorded run's, or the dry run's when the recorded strand ended first. */
  stateName: string;
  /** Enclosing Parallel/Map states and branch/iteration labels, as in the events. */
  scope?: string[];
  /** The index of the state in its strand (0: the strand's first state). */
  step: number;
  reason: 'state' | 'input' | 'output' | 'missing' | 'extra';
  recorded?: { stateName: string; input?: unknown; output?: unknown };
  dryRun?: { stateName: string; input?: unknown; output?: unknown };
}

interface Step {
  stateName: string;
  input?: unknown;
  output?: unknown;
  exited: boolean;
}

/**
 * The first difference in the recorded run's own order (a state entered with another name or
 * input, or left with another output, than the dry run's state at the same place of the same
 * strand); then the first state the dry run has and the recorded run has not. Undefined when
 * every strand entered the same states with the same data.
 */
export function firstDivergence(recorded: ExecutionResult, dryRun: ExecutionResult): Divergence | undefined {
  const dry = strands(dryRun.events);
  const seen = new Map<string, number>();
  const mine = strands(recorded.events);
  for (const e of recorded.events) {
    if (e.stateName === undefined) continue;
    const entered = e.type.endsWith('StateEntered');
    if (!entered && !e.type.endsWith('StateExited')) continue;
    const key = (e.scope ?? []).join('\u0000');
    const i = entered ? (seen.get(key) ?? 0) : (seen.get(key) ?? 1) - 1;
    if (entered) seen.set(key, i + 1);
    const x = mine.get(key)?.[i];
    const y = dry.get(key)?.[i];
    if (!x) continue;
    const at = (reason: Divergence['reason']): Divergence => divergence(key, i, reason, x.stateName, x, y);
    if (!y) return at('missing');
    if (entered) {
      if (x.stateName !== y.stateName) return at('state');
      if (!deepEqual(x.input, y.input)) return at('input');
    } else if (!y.exited || !deepEqual(x.output, y.output)) return at('output');
  }
  for (const e of dryRun.events) {
    if (e.stateName === undefined || !e.type.endsWith('StateEntered')) continue;
    const key = (e.scope ?? []).join('\u0000');
    const have = mine.get(key)?.length ?? 0;
    const list = dry.get(key) ?? [];
    if (list.length > have) return divergence(key, have, 'extra', list[have].stateName, undefined, list[have]);
  }
  return undefined;
}

function divergence(
  key: string,
  step: number,
  reason: Divergence['reason'],
  stateName: string,
  x: Step | undefined,
  y: Step | undefined,
): Divergence {
  const d: Divergence = { stateName, step, reason };
  if (key !== '') d.scope = key.split('\u0000');
  if (x) d.recorded = view(x);
  if (y) d.dryRun = view(y);
  return d;
}

function view(s: Step): { stateName: string; input?: unknown; output?: unknown } {
  const v: { stateName: string; input?: unknown; output?: unknown } = { stateName: s.stateName, input: s.input };
  if (s.exited) v.output = s.output;
  return v;
}

/** Each strand's states in order, with what they got and gave. */
function strands(events: readonly HistoryEvent[]): Map<string, Step[]> {
  const out = new Map<string, Step[]>();
  for (const e of events) {
    if (e.stateName === undefined) continue;
    const key = (e.scope ?? []).join('\u0000');
    if (e.type.endsWith('StateEntered')) {
      const list = out.get(key) ?? [];
      list.push({ stateName: e.stateName, input: e.details?.input, exited: false });
      out.set(key, list);
    } else if (e.type.endsWith('StateExited')) {
      const list = out.get(key);
      const last = list?.[list.length - 1];
      if (last && last.stateName === e.stateName && !last.exited) {
        last.exited = true;
        last.output = e.details?.output;
      }
    }
  }
  return out;
}
