import { ARRAY, OBJECT, type Tree } from '../fastParse';

/**
 * Fields whose content no schema inspects (payload templates, outputs, variables): they become
 * empty stubs of the same JSON type, so a large Parameters block costs nothing to validate.
 */
const OPAQUE = new Set(['Parameters', 'Arguments', 'Result', 'ResultSelector', 'Output', 'Assign', 'ItemSelector', 'BatchInput']);

/**
 * Fields holding nested state machines: their states are validated one by one from the model,
 * so here only the shape of the container is kept.
 */
const NESTED = new Set(['Branches', 'ItemProcessor', 'Iterator']);

/** The plain value of a state (or any object inside one) for ajv, without nested machines. */
export function statePlain(tree: Tree, at: number): unknown {
  return plain(tree, at);
}

/**
 * The plain value of a scope (StartAt, States, ...). States becomes an empty object: each state
 * is checked on its own, and a machine of 20,000 states should not build a 20,000-key object.
 */
export function scopePlain(tree: Tree, at: number): unknown {
  if (tree.kind[at] !== OBJECT) return plain(tree, at);
  const { values, end } = tree;
  const out = newObject();
  for (let p = at + 1, e = end[at]; p < e; p = end[p]) {
    const key = values[p] as string;
    const v = p + 2;
    if (v >= end[p] || has(out, key)) continue;
    set(out, key, key === 'States' ? stub(tree, v) : plain(tree, v));
  }
  return out;
}

function plain(tree: Tree, at: number): unknown {
  const { kind, values, end } = tree;
  switch (kind[at]) {
    case OBJECT: {
      const out = newObject();
      for (let p = at + 1, e = end[at]; p < e; p = end[p]) {
        const key = values[p] as string;
        const v = p + 2;
        // First occurrence wins, as in tree.get(); a key without a value is a syntax error.
        if (v >= end[p] || has(out, key)) continue;
        if (OPAQUE.has(key)) set(out, key, stub(tree, v));
        else if (NESTED.has(key)) {
          if (kind[v] === ARRAY) {
            const list: unknown[] = [];
            for (let c = v + 1, ce = end[v]; c < ce; c = end[c]) list.push(stub(tree, c));
            set(out, key, list);
          } else set(out, key, stub(tree, v));
        } else set(out, key, plain(tree, v));
      }
      return out;
    }
    case ARRAY: {
      const list: unknown[] = [];
      for (let c = at + 1, e = end[at]; c < e; c = end[c]) list.push(plain(tree, c));
      return list;
    }
    default:
      return values[at];
  }
}

function stub(tree: Tree, at: number): unknown {
  const k = tree.kind[at];
  if (k === OBJECT) return newObject();
  if (k === ARRAY) return [];
  return tree.values[at];
}

// Plain objects (fast properties for ajv); "__proto__" is defined, never assigned, so it stays data.
function newObject(): Record<string, unknown> {
  return {};
}

function has(obj: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

function set(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}
