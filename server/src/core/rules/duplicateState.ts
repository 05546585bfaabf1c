import type { JsonNode } from '../parse';
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

    if (!doc.root) return;
    const stack: JsonNode[] = [doc.root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      const children = node.children;
      if (!children) continue;
      if (node.type === 'object' && children.length > 1 && !statesObjects.has(node)) {
        const keys = new Map<string, JsonNode>();
        for (const prop of children) {
          const key = prop.children?.[0];
          if (!key) continue;
          const k = String(key.value);
          const first = keys.get(k);
          if (first) {
            ctx.report({
              code: 'duplicate-state',
              node: key,
              message: `Duplicate key "${k}" (first on line ${doc.lines.positionAt(first.offset).line + 1}): JSON parsers keep only one of them; remove one.`,
            });
          } else keys.set(k, key);
        }
      }
      for (const c of children) if (c.children) stack.push(c);
    }
  },
};
