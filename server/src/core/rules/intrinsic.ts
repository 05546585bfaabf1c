import { expressionFindings } from '../jsonpath';
import type { Rule } from './rule';

/**
 * Intrinsic function calls in JSONPath states: syntax, known names, argument counts and kinds,
 * and intrinsics written where only a path is allowed.
 */
export const intrinsicRule: Rule = {
  id: 'invalid-intrinsic',
  local: true,
  run(ctx) {
    for (const f of expressionFindings(ctx.machine)) {
      if (f.code === 'invalid-intrinsic') ctx.report(f);
    }
  },
};
