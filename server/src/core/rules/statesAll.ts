import { ARRAY, OBJECT, STRING, type Tree } from '../fastParse';
import type { Rule, RuleContext } from './rule';

/** States.ALL must be the only name in its ErrorEquals, and in the last retrier or catcher. */
export const statesAllRule: Rule = {
  id: 'states-all-not-last',
  local: true,
  run(ctx) {
    for (const state of ctx.machine.states) {
      const { tree, index } = state;
      const { values, end } = tree;
      if (tree.kind[index] !== OBJECT) continue;
      // One pass over the state's fields; a repeated key is checked where it first appears.
      let seenRetry = false;
      let seenCatch = false;
      for (let p = index + 1, e = end[index]; p < e; p = end[p]) {
        const key = values[p];
        if (key === 'Retry' && !seenRetry) {
          seenRetry = true;
          checkList(ctx, tree, tree.valueOf(p), 'Retry');
        } else if (key === 'Catch' && !seenCatch) {
          seenCatch = true;
          checkList(ctx, tree, tree.valueOf(p), 'Catch');
        }
      }
    }
  },
};

function checkList(ctx: RuleContext, tree: Tree, list: number, field: 'Retry' | 'Catch'): void {
  if (list < 0 || tree.kind[list] !== ARRAY) return;
  const { kind, values, end } = tree;
  const noun = field === 'Retry' ? 'retrier' : 'catcher';
  for (let item = list + 1, e = end[list]; item < e; item = end[item]) {
    const last = end[item] >= e;
    const equals = tree.get(item, 'ErrorEquals');
    if (equals < 0 || kind[equals] !== ARRAY) continue;
    const alone = equals + 1 < end[equals] && end[equals + 1] >= end[equals];
    for (let n = equals + 1, ne = end[equals]; n < ne; n = end[n]) {
      if (kind[n] !== STRING || values[n] !== 'States.ALL') continue;
      if (!alone) {
        ctx.report({
          code: 'states-all-not-last',
          node: n,
          message: `"States.ALL" must appear alone in "ErrorEquals": it already matches every error; remove the other names or move them to an earlier ${noun}.`,
        });
      } else if (!last) {
        ctx.report({
          code: 'states-all-not-last',
          node: n,
          message: `A ${noun} with "States.ALL" must be the last in "${field}": the ones after it can never match. Move it to the end.`,
        });
      }
    }
  }
}
