import type { Scope, StateInfo } from '../model';
import { closest } from '../suggest';

/**
 * States reachable from the scope's StartAt, following every transition within the scope.
 * `probable`: also follow where a typo'd transition was probably meant to go (see StateInfo).
 */
export function reachableFrom(scope: Scope, probable = false): Set<StateInfo> {
  const seen = new Set<StateInfo>();
  const start = scope.startAt && scope.states.get(scope.startAt.target);
  if (!start) return seen;
  const stack = [start];
  seen.add(start);
  while (stack.length > 0) {
    const s = stack.pop()!;
    const visit = (name: string) => {
      const next = scope.states.get(name);
      if (next && !seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    };
    for (const t of s.transitions) {
      if (scope.states.has(t.target)) visit(t.target);
      else if (probable) {
        const guess = closest(t.target, scope.states.keys());
        if (guess) visit(guess);
      }
    }
    if (probable) for (const name of s.probableTargets) visit(name);
  }
  return seen;
}

/** States of the scope from which some terminal state (End, Succeed, Fail) can be reached. */
export function canFinish(scope: Scope): Set<StateInfo> {
  // Walk the transitions backwards from every terminal state.
  const incoming = new Map<StateInfo, StateInfo[]>();
  for (const s of scope.states.values()) {
    for (const t of s.transitions) {
      const next = scope.states.get(t.target);
      if (!next) continue;
      const list = incoming.get(next);
      if (list) list.push(s);
      else incoming.set(next, [s]);
    }
  }
  const done = new Set<StateInfo>();
  const stack: StateInfo[] = [];
  for (const s of scope.states.values()) {
    if (s.terminal) {
      done.add(s);
      stack.push(s);
    }
  }
  while (stack.length > 0) {
    const s = stack.pop()!;
    for (const p of incoming.get(s) ?? []) {
      if (!done.has(p)) {
        done.add(p);
        stack.push(p);
      }
    }
  }
  return done;
}
