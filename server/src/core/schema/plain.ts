import type { JsonNode } from '../parse';

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

/** The plain value of a scope (StartAt, States, ...): each state becomes an empty stub. */
export function scopePlain(node: JsonNode): unknown {
  if (node.type !== 'object') return plain(node);
  const out = newObject();
  for (const prop of node.children ?? []) {
    const k = prop.children?.[0];
    const v = prop.children?.[1];
    if (!k || !v || typeof k.value !== 'string' || k.value in out) continue;
    out[k.value] = k.value === 'States' && v.type === 'object' ? stubChildren(v) : plain(v);
  }
  return out;
}

function plain(node: JsonNode): unknown {
  switch (node.type) {
    case 'object': {
      const out = newObject();
      for (const prop of node.children ?? []) {
        const k = prop.children?.[0];
        const v = prop.children?.[1];
        // First occurrence wins, as in propertyValue(); a key without a value is a syntax error.
        if (!k || !v || typeof k.value !== 'string' || k.value in out) continue;
        const key = k.value;
        if (OPAQUE.has(key)) out[key] = stub(v);
        else if (NESTED.has(key)) out[key] = v.type === 'array' ? (v.children ?? []).map(stub) : stub(v);
        else out[key] = plain(v);
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

function stubChildren(node: JsonNode): Record<string, unknown> {
  const out = newObject();
  for (const prop of node.children ?? []) {
    const k = prop.children?.[0];
    const v = prop.children?.[1];
    if (!k || !v || typeof k.value !== 'string' || k.value in out) continue;
    out[k.value] = stub(v);
  }
  return out;
}

/** No prototype: keys such as "__proto__" or "constructor" stay plain data. */
function newObject(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>;
}
