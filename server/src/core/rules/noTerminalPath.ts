import { canFinish, reachableFrom } from './reachability';
import type { Rule } from './rule';

/**
 * A scope whose reachable states can never reach End, Succeed or Fail is an error; a reachable
 * state trapped in a loop with no way out (while the scope can otherwise finish) is a warning.
 */
export const noTerminalPathRule: Rule = {
  id: 'no-terminal-path',
  run(ctx) {
    for (const scope of ctx.machine.scopes) {
      if (!scope.startAt || !scope.states.has(scope.startAt.target)) continue;
      const reached = reachableFrom(scope);
      const finishing = canFinish(scope);
      const start = scope.states.get(scope.startAt.target)!;
      // A transition to an unknown name might be meant for the missing end: unknown-state says it.
      // So might a state with neither Next nor End: the schema rule already asks for one of them.
      const dangling = [...reached].some(
        (s) =>
          s.transitions.some((t) => !scope.states.has(t.target)) ||
          (!s.terminal && s.type !== 'Choice' && !s.transitions.some((t) => t.kind === 'Next')),
      );
      if (dangling) continue;
      if (!finishing.has(start)) {
        ctx.report({
          code: 'no-terminal-path',
          node: scope.startAt.node,
          message: `No path from "${start.name}" ever reaches an end in ${scope.label}: add "End": true to a state, or a Succeed or Fail state, and lead a transition to it.`,
        });
        continue;
      }
      for (const state of reached) {
        if (finishing.has(state)) continue;
        ctx.report({
          code: 'no-terminal-path',
          node: state.keyNode,
          severity: 'warning',
          message: `Once in "${state.name}", the execution can never reach an End, Succeed or Fail state of ${scope.label}: every transition from here loops back. Add a way out (a Choice rule, a Catch, or "End": true).`,
        });
      }
    }
  },
};
