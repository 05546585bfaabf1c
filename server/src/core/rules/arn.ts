import { checkResourceArn } from '../arn/check';
import { sliceRangeAt } from '../strings';
import type { Rule } from './rule';

/** Task Resource ARNs (and ItemReader/ResultWriter Resources), checked per form. */
export const arnRule: Rule = {
  id: 'invalid-arn',
  local: true,
  run(ctx) {
    const { doc } = ctx;
    const tree = doc.tree;
    if (!tree) return;
    const check = (node: number) => {
      const value = tree.string(node);
      if (value === undefined) return; // shape errors belong to the schema rule
      if (value.startsWith('{%') && value.trimEnd().endsWith('%}')) return; // JSONata-computed
      const p = checkResourceArn(value, doc.placeholders);
      if (!p) return;
      const r = sliceRangeAt(doc.text, tree, node, p.from, p.to);
      ctx.report({ code: 'invalid-arn', offset: r.offset, length: r.length, message: p.message, severity: p.severity });
    };
    for (const state of ctx.machine.states) {
      if (state.type === 'Task') check(tree.get(state.index, 'Resource'));
      else if (state.type === 'Map') {
        check(tree.get(tree.get(state.index, 'ItemReader'), 'Resource'));
        check(tree.get(tree.get(state.index, 'ResultWriter'), 'Resource'));
      }
    }
  },
};
