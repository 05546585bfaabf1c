import { validateStructure } from '../schema';
import type { Rule } from './rule';

/**
 * The shape of the machine against the current Amazon States Language: allowed and required
 * fields per state type and query language, value types and ranges, exclusive fields.
 */
export const schemaRule: Rule = {
  id: 'schema',
  local: true,
  run(ctx) {
    validateStructure(ctx);
  },
};
