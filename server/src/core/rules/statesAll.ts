import { keyText, propertyValue, valueOf, type JsonNode } from '../parse';
import type { Rule, RuleContext } from './rule';

/** States.ALL must be the only name in its ErrorEquals, and in the last retrier or catcher. */
export const statesAllRule: Rule = {
  id: 'states-all-not-last',
  local: true,
  run(ctx) {
    for (const state of ctx.machine.states) {
      if (state.node.type !== 'object') continue;
      // One pass over the state's fields; a repeated key is checked where it first appears.
      let seenRetry = false;
      let seenCatch = false;
      for (const prop of state.node.children ?? []) {
        const key = keyText(prop);
        if (key === 'Retry' && !seenRetry) {
          seenRetry = true;
          checkList(ctx, valueOf(prop), 'Retry');
        } else if (key === 'Catch' && !seenCatch) {
          seenCatch = true;
          checkList(ctx, valueOf(prop), 'Catch');
        }
      }
    }
  },
};

function checkList(ctx: RuleContext, list: JsonNode | undefined, field: 'Retry' | 'Catch'): void {
  if (list?.type !== 'array' || !list.children) return;
  const items = list.children;
  const noun = field === 'Retry' ? 'retrier' : 'catcher';
  for (let i = 0; i < items.length; i++) {
    const equals = propertyValue(items[i], 'ErrorEquals');
    if (equals?.type !== 'array' || !equals.children) continue;
    for (const e of equals.children) {
      if (e.value !== 'States.ALL') continue;
      if (equals.children.length > 1) {
        ctx.report({ code: 'states-all-not-last', node: e, message: `"States.ALL" must appear alone in "ErrorEquals": it already matches every error; remove the other names or move them to an earlier ${noun}.` });
      } else if (i < items.length - 1) {
        ctx.report({ code: 'states-all-not-last', node: e, message: `A ${noun} with "States.ALL" must be the last in "${field}": the ones after it can never match. Move it to the end.` });
      }
    }
  }
}
