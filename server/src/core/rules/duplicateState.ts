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
        for (const [key, first] of duplicateKeys(children)) {
          ctx.report({
            code: 'duplicate-state',
            node: key,
            message: `Duplicate key "${key.value}" (first on line ${doc.lines.positionAt(first.offset).line + 1}): JSON parsers keep only one of them; remove one.`,
          });
        }
      }
      for (const c of children) if (c.children) stack.push(c);
    }
  },
};

/** Pairs of (repeated key, its first occurrence). Small objects compare pairwise: no allocation. */
function duplicateKeys(props: JsonNode[]): [JsonNode, JsonNode][] {
  const found: [JsonNode, JsonNode][] = [];
  const n = props.length;
  if (n <= 12) {
    for (let a = 1; a < n; a++) {
      const ka = props[a].children?.[0];
      if (!ka) continue;
      for (let b = 0; b < a; b++) {
        const kb = props[b].children?.[0];
        if (kb && kb.value === ka.value) {
          found.push([ka, kb]);
          break;
        }
      }
    }
    return found;
  }
  const seen = new Map<unknown, JsonNode>();
  for (const prop of props) {
    const key = prop.children?.[0];
    if (!key) continue;
    const first = seen.get(key.value);
    if (first) found.push([key, first]);
    else seen.set(key.value, key);
  }
  return found;
}
