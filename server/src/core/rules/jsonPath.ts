import { expressionFindings } from '../jsonpath';
import type { Rule } from './rule';

/**
 * Paths in JSONPath states: syntax, Reference Path limits (ResultPath, ItemsPath, *SecondsPath,
 * ...), ResultPath roots, and the values of payload-template keys ending in ".$".
 */
export const jsonPathRule: Rule = {
  id: 'invalid-jsonpath',
  local: true,
  run(ctx) {
    for (const f of expressionFindings(ctx.machine)) {
      if (f.code === 'invalid-jsonpath') ctx.report(f);
    }
  },
};
