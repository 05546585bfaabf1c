import { keyText, valueOf, type JsonNode } from '../parse';

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
export function statePlain(node: JsonNode): unknown {
  return plain(node);
}

/**
 * The plain value of a scope (StartAt, States, ...). States becomes an empty object: each state
 * is checked on its own, and a machine of 20,000 states should not build a 20,000-key object.
 */
export function scopePlain(node: JsonNode): unknown {
  if (node.type !== 'object') return plain(node);
  const out = newObject();
  for (const prop of node.children ?? []) {
    const key = keyText(prop);
    const v = valueOf(prop);
    if (key === undefined || !v || has(out, key)) continue;
    set(out, key, key === 'States' ? stub(v) : plain(v));
  }
  return out;
}

function plain(node: JsonNode): unknown {
  switch (node.type) {
    case 'object': {
      const out = newObject();
      for (const prop of node.children ?? []) {
        const key = keyText(prop);
        const v = valueOf(prop);
        // First occurrence wins, as in propertyValue(); a key without a value is a syntax error.
        if (key === undefined || !v || has(out, key)) continue;
        if (OPAQUE.has(key)) set(out, key, stub(v));
        else if (NESTED.has(key)) set(out, key, v.type === 'array' ? (v.children ?? []).map(stub) : stub(v));
        else set(out, key, plain(v));
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map((c) => plain(c));
    default:
      return node.value;
  }
}

function stub(node: JsonNode): unknown {
  if (node.type === 'object') return newObject();
  if (node.type === 'array') return [];
  return node.value;
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
