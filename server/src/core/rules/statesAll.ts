import { propertyValue } from '../parse';
import type { Rule } from './rule';

/** States.ALL must be the only name in its ErrorEquals, and in the last retrier or catcher. */
export const statesAllRule: Rule = {
  id: 'states-all-not-last',
  local: true,
  run(ctx) {
    for (const state of ctx.machine.states) {
      for (const field of ['Retry', 'Catch'] as const) {
        const list = propertyValue(state.node, field);
        if (list?.type !== 'array' || !list.children) continue;
        const items = list.children;
        items.forEach((item, i) => {
          const equals = propertyValue(item, 'ErrorEquals');
          if (equals?.type !== 'array' || !equals.children) return;
          for (const e of equals.children) {
            if (e.value !== 'States.ALL') continue;
            if (equals.children.length > 1) {
              ctx.report({ code: 'states-all-not-last', node: e, message: `"States.ALL" must appear alone in "ErrorEquals": it already matches every error; remove the other names or move them to an earlier ${field === 'Retry' ? 'retrier' : 'catcher'}.` });
            } else if (i < items.length - 1) {
              ctx.report({ code: 'states-all-not-last', node: e, message: `A ${field === 'Retry' ? 'retrier' : 'catcher'} with "States.ALL" must be the last in "${field}": the ones after it can never match. Move it to the end.` });
            }
          }
        });
      }
    }
  },
};
