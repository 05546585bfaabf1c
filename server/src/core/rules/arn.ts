import { checkResourceArn } from '../arn/check';
import { propertyValue } from '../parse';
import { stringSliceRange } from '../strings';
import type { Rule } from './rule';

/** Task Resource ARNs (and ItemReader/ResultWriter Resources), checked per form. */
export const arnRule: Rule = {
  id: 'invalid-arn',
  local: true,
  run(ctx) {
    const { doc } = ctx;
    const check = (node: ReturnType<typeof propertyValue>) => {
      if (node?.type !== 'string') return; // shape errors belong to the schema rule
      const value = node.value as string;
      if (value.startsWith('{%') && value.trimEnd().endsWith('%}')) return; // JSONata-computed
      const p = checkResourceArn(value, doc.placeholders);
      if (!p) return;
      const r = stringSliceRange(doc.text, node, p.from, p.to);
      ctx.report({ code: 'invalid-arn', offset: r.offset, length: r.length, message: p.message, severity: p.severity });
    };
    for (const state of ctx.machine.states) {
      if (state.type === 'Task') check(propertyValue(state.node, 'Resource'));
      else if (state.type === 'Map') {
        check(propertyValue(propertyValue(state.node, 'ItemReader'), 'Resource'));
        check(propertyValue(propertyValue(state.node, 'ResultWriter'), 'Resource'));
      }
    }
  },
};
