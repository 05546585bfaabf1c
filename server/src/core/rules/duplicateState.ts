import { findRepeatedKeys, type DuplicateKey } from '../fastParse';
import type { Rule } from './rule';

/** State names are unique machine-wide; JSON keys are unique per object. */
export const duplicateStateRule: Rule = {
  id: 'duplicate-state',
  run(ctx) {
    const { machine, doc } = ctx;
    const tree = doc.tree;
    if (!tree) return;
    const statesObjects = new Set<number>();
    for (const scope of machine.scopes) if (scope.statesIndex >= 0) statesObjects.add(scope.statesIndex);

    for (const [name, defs] of machine.byName) {
      if (defs.length < 2) continue;
      const first = defs[0];
      const firstLine = doc.lines.positionAt(tree.offset[first.keyNode]).line + 1;
      for (const dup of defs.slice(1)) {
        const sameScope = dup.scope === first.scope;
        ctx.report({
          code: 'duplicate-state',
          node: dup.keyNode,
          message: sameScope
            ? `Duplicate state name "${name}" (first defined on line ${firstLine}): JSON keeps only one of them; rename or remove one.`
            : `State name "${name}" is already used on line ${firstLine} in ${first.scope.label}: state names must be unique across the whole state machine, including Parallel branches and Map processors.`,
        });
      }
    }

    const report = (key: number, first: number) =>
      ctx.report({
        code: 'duplicate-state',
        node: key,
        // A repeated key outside a States object is a JSON problem, not a state name.
        awsCode: 'INVALID_JSON_DESCRIPTION',
        message: `Duplicate key "${tree.string(key)}" (first on line ${doc.lines.positionAt(tree.offset[first]).line + 1}): JSON parsers keep only one of them; remove one.`,
      });
    if (doc.duplicateKeys) {
      // Found by the parser; the keys of a States object are state names, reported above.
      for (const [key, first] of doc.duplicateKeys) if (!statesObjects.has(tree.parentOf(tree.parentOf(key)))) report(key, first);
      return;
    }
    // Not collected by the parser (text with errors, or placeholders): find them on the arrays.
    const found: DuplicateKey[] = [];
    const r = findRepeatedKeys(tree);
    for (let k = 0; k < r.length; k += 2) {
      if (statesObjects.has(tree.parent[r[k]])) continue;
      found.push([r[k] + 1, r[k + 1] + 1]);
    }
    for (const [key, first] of found) report(key, first);
  },
};
