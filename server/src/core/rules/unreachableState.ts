import type { StateInfo } from '../model';
import { reachableFrom } from './reachability';
import type { Rule } from './rule';

/** Per scope, a real traversal from StartAt: a state only unreachable states lead to is unreachable too. */
export const unreachableStateRule: Rule = {
  id: 'unreachable-state',
  run(ctx) {
    for (const scope of ctx.machine.scopes) {
      if (!scope.startAt || !scope.states.has(scope.startAt.target)) continue; // reported as unknown-state
      const reached = reachableFrom(scope, true);
      if (reached.size === scope.states.size) continue;
      // Who leads to each unreachable state (the reached ones lead nowhere unreachable).
      const incoming = new Map<string, StateInfo[]>();
      for (const state of scope.states.values()) if (!reached.has(state)) incoming.set(state.name, []);
      for (const s of scope.states.values()) {
        for (const t of s.transitions) {
          if (t.target === s.name) continue;
          const list = incoming.get(t.target);
          if (list && !list.includes(s)) list.push(s);
        }
      }
      for (const state of scope.states.values()) {
        if (reached.has(state)) continue;
        const from = incoming.get(state.name)!;
        const why =
          from.length === 0
            ? 'no state transitions to it'
            : `only unreachable states lead to it (${from
                .slice(0, 3)
                .map((s) => `"${s.name}"`)
                .join(', ')}${from.length > 3 ? ', ...' : ''})`;
        ctx.report({
          code: 'unreachable-state',
          node: state.keyNode,
          message: `State "${state.name}" is unreachable from "StartAt" ("${scope.startAt.target}") of ${scope.label}: ${why}. AWS rejects definitions with unreachable states.`,
          tags: ['unnecessary'],
        });
      }
    }
  },
};
