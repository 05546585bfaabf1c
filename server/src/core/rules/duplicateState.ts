import { findDuplicateKeys, type DuplicateKey } from '../fastParse';
import { valueOf, type JsonNode } from '../parse';
import type { Rule } from './rule';

/** State names are unique machine-wide; JSON keys are unique per object. */
export const duplicateStateRule: Rule = {
  id: 'duplicate-state',
  run(ctx) {
    const { machine, doc } = ctx;
    const statesObjects = new Set<JsonNode>();
    for (const scope of machine.scopes) if (scope.statesNode) statesObjects.add(scope.statesNode);

    for (const [name, defs] of machine.byName) {
      if (defs.length < 2) continue;
      const first = defs[0];
      const firstLine = doc.lines.positionAt(first.keyNode.offset).line + 1;
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

    const report = (key: JsonNode, first: JsonNode) =>
      ctx.report({
        code: 'duplicate-state',
        node: key,
        message: `Duplicate key "${key.value}" (first on line ${doc.lines.positionAt(first.offset).line + 1}): JSON parsers keep only one of them; remove one.`,
      });
    if (doc.duplicateKeys) {
      // Found by the parser; the keys of a States object are state names, reported above.
      for (const [key, first] of doc.duplicateKeys) if (!statesObjects.has(key.parent!.parent!)) report(key, first);
      return;
    }
    if (!doc.root) return;
    const found: DuplicateKey[] = [];
    // Containers only: an object's properties are read through keyOf/valueOf.
    const stack: JsonNode[] = [doc.root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      const children = node.children;
      if (!children) continue;
      if (node.type === 'object' && children.length > 1 && !statesObjects.has(node)) findDuplicateKeys(children, found);
      for (const c of children) {
        const v = c.type === 'property' ? valueOf(c) : c;
        if (v && (v.type === 'object' || v.type === 'array')) stack.push(v);
      }
    }
    for (const [key, first] of found) report(key, first);
  },
};
