import type { Node as JsonNode } from 'jsonc-parser';

/**
 * A fast, iterative, strict JSON parser producing the same tree as jsonc-parser's `parseTree`
 * (same node types, offsets, lengths, values, parents, colon offsets), for the common case of a
 * well-formed document. It gives up (returns undefined) at the first deviation from strict JSON:
 * the caller then parses with jsonc-parser, which recovers from errors and says what is wrong.
 * Why: parseTree costs ~13x JSON.parse on large machines; this costs a fraction of that, and it
 * has no recursion, so deep nesting cannot overflow the stack.
 */
class Node {
  constructor(
    public type: JsonNode['type'],
    public offset: number,
    public length: number,
    public parent: Node | undefined,
    public children: Node[] | undefined,
    public value: unknown,
    public colonOffset: number | undefined,
  ) {}
}

/**
 * A property holds its key's text and its value node in fields; the key's string node and
 * `children` ([key, value], as jsonc-parser has it) are made on first use. Keys, properties and
 * their two-element arrays are three quarters of a machine's objects, and every object the tree
 * keeps is one the garbage collector copies while the tree is young: hot paths read
 * `keyText`/`valueOf` and make neither.
 */
class Property {
  readonly type = 'property' as const;
  value: undefined;
  private key: Node | undefined;
  private pair: Node[] | undefined;
  constructor(
    public offset: number,
    public length: number,
    public parent: Node | undefined,
    /** The key's value, and the length of its string token (quotes included). */
    public keyValue: string,
    public keyLength: number,
    public valueNode: Node | undefined,
    public colonOffset: number,
  ) {}
  /** The key's string node; it starts where the property does, so a shifted property shifts it. */
  get keyNode(): Node {
    return (this.key ??= new Node('string', this.offset, this.keyLength, this as unknown as Node, undefined, this.keyValue, undefined));
  }
  /** The key node if something has asked for it already. */
  get madeKey(): Node | undefined {
    return this.key;
  }
  get children(): Node[] {
    return (this.pair ??= this.valueNode ? [this.keyNode, this.valueNode] : [this.keyNode]);
  }
  set children(list: Node[]) {
    this.pair = list;
    this.key = list[0];
    this.keyValue = String(list[0].value);
    this.keyLength = list[0].length;
    this.valueNode = list[1];
  }
}

/** The key node of a property node, from either parser. */
export function keyOf(prop: JsonNode | undefined): JsonNode | undefined {
  if (prop instanceof Property) return prop.keyNode as JsonNode;
  return prop?.children?.[0];
}

/** The key of a property node as text (undefined when it has none), without making its node. */
export function keyText(prop: JsonNode | undefined): string | undefined {
  if (prop instanceof Property) return prop.keyValue;
  const value = prop?.children?.[0]?.value;
  return typeof value === 'string' ? value : undefined;
}

/** Gives a property's key another text (a restored `${...}` placeholder), from either parser. */
export function setKeyText(prop: JsonNode, value: string): void {
  if (prop instanceof Property) {
    prop.keyValue = value;
    if (prop.madeKey) prop.madeKey.value = value;
  } else if (prop.children?.[0]) {
    (prop.children[0] as { value: unknown }).value = value;
  }
}

/** The value node of a property node, from either parser. */
export function valueOf(prop: JsonNode | undefined): JsonNode | undefined {
  if (prop instanceof Property) return prop.valueNode as JsonNode | undefined;
  return prop?.children?.[1];
}

/**
 * Pushes the children of any node onto a walk's stack. A property gives its value, and its key
 * only if that node exists already (one not yet made has nothing to update).
 */
export function pushChildren(stack: JsonNode[], node: JsonNode): void {
  if (node instanceof Property) {
    if (node.madeKey) stack.push(node.madeKey as JsonNode);
    if (node.valueNode) stack.push(node.valueNode as JsonNode);
  } else if (node.children) {
    for (const c of node.children) stack.push(c);
  }
}

/** Strings up to this length are shared through a small direct-mapped table (per parse). */
const MAX_INTERNED = 40;
const INTERN_SIZE = 4096;

/** A repeated key of one object, with the first key of the same name in that object. */
export type DuplicateKey = readonly [repeated: JsonNode, first: JsonNode];

/**
 * `duplicateKeys`, when given, receives every repeated object key, found while each object
 * closes (keys are shared strings by then, so most comparisons are one pointer test).
 */
export function fastParseTree(text: string, maxDepth = Infinity, duplicateKeys?: DuplicateKey[]): JsonNode | undefined | { tooDeepAt: number } {
  const n = text.length;
  let i = 0;
  // Open containers and properties, innermost last.
  const stack: (Node | Property)[] = [];
  // Children of open containers, in order; each open container remembers where its own begin.
  // Arrays are made once, at their exact size, when the container closes: growing a `[]` one
  // push at a time allocated several times the memory of the tree itself.
  const pending: (Node | Property)[] = [];
  const starts: number[] = [];
  let root: Node | undefined;
  const interned: (string | undefined)[] = new Array(INTERN_SIZE);

  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else break;
    }
  };

  /** Reads a string token at i (which holds the opening quote); returns its value or undefined. */
  const readString = (): string | undefined => {
    const start = i;
    let j = i + 1;
    let escaped = false;
    let hash = 0;
    for (;;) {
      if (j >= n) return undefined;
      const c = text.charCodeAt(j);
      if (c === 34) break;
      if (c === 92) {
        escaped = true;
        j += 2;
        continue;
      }
      if (c < 32) return undefined;
      hash = (Math.imul(hash, 31) + c) | 0;
      j++;
    }
    i = j + 1;
    if (!escaped) {
      const len = j - start - 1;
      if (len > MAX_INTERNED) return text.slice(start + 1, j);
      // Keys and short values repeat a lot ("Type", "Next", "Task", ARNs): share one string each
      // instead of allocating a copy per occurrence.
      const slot = (hash ^ len) & (INTERN_SIZE - 1);
      const known = interned[slot];
      if (known !== undefined && known.length === len && text.startsWith(known, start + 1)) return known;
      const fresh = text.slice(start + 1, j);
      interned[slot] = fresh;
      return fresh;
    }
    try {
      return JSON.parse(text.slice(start, j + 1)) as string;
    } catch {
      return undefined;
    }
  };

  /** Reads `"key" :` inside an object; pushes the property node. */
  const readKey = (obj: Node): boolean => {
    if (text.charCodeAt(i) !== 34) return false;
    const offset = i;
    const value = readString();
    if (value === undefined) return false;
    const prop = new Property(offset, 0, obj, value, i - offset, undefined, -1);
    ws();
    if (text.charCodeAt(i) !== 58 /* : */) return false;
    prop.colonOffset = i;
    i++;
    ws();
    pending.push(prop);
    stack.push(prop);
    return true;
  };

  /** Closes the innermost container at the current position (just past its bracket). */
  const close = (node: Node) => {
    const from = starts.pop()!;
    const children = pending.slice(from);
    node.children = children;
    pending.length = from;
    if (duplicateKeys && node.type === 'object' && children.length > 1) findDuplicateKeys(children, duplicateKeys);
    node.length = i - node.offset;
    stack.pop();
  };

  ws();
  for (;;) {
    // A value starts at i; its parent is the top of the stack (an array or a property).
    const parent = stack.length > 0 ? stack[stack.length - 1] : undefined;
    const c = text.charCodeAt(i);
    const offset = i;
    let node: Node;
    let open = false;
    if (c === 123 /* { */ || c === 91 /* [ */) {
      const isObject = c === 123;
      node = new Node(isObject ? 'object' : 'array', offset, 0, parent, undefined, undefined, undefined);
      i++;
      ws();
      if (text.charCodeAt(i) === (isObject ? 125 : 93)) {
        i++;
        node.length = i - offset;
        node.children = [];
      } else open = true;
    } else if (c === 34 /* " */) {
      const value = readString();
      if (value === undefined) return undefined;
      node = new Node('string', offset, i - offset, parent, undefined, value, undefined);
    } else if (c === 45 /* - */ || (c >= 48 && c <= 57)) {
      const end = scanNumber(text, i);
      if (end < 0) return undefined;
      i = end;
      node = new Node('number', offset, end - offset, parent, undefined, +text.slice(offset, end), undefined);
    } else if (c === 116 && text.startsWith('true', i)) {
      i += 4;
      node = new Node('boolean', offset, 4, parent, undefined, true, undefined);
    } else if (c === 102 && text.startsWith('false', i)) {
      i += 5;
      node = new Node('boolean', offset, 5, parent, undefined, false, undefined);
    } else if (c === 110 && text.startsWith('null', i)) {
      i += 4;
      node = new Node('null', offset, 4, parent, undefined, null, undefined);
    } else return undefined;

    if (!parent) root = node;
    else if (parent instanceof Property) parent.valueNode = node;
    else pending.push(node);
    if (open) {
      stack.push(node);
      starts.push(pending.length);
      // Containers and properties alternate on the stack for objects, so depth is counted loosely.
      if (stack.length > maxDepth) return { tooDeepAt: offset };
      if (node.type === 'object' && !readKey(node)) return undefined;
      continue;
    }

    // The value is complete: close properties and containers until one needs another value.
    let end = i;
    for (;;) {
      ws();
      const top = stack[stack.length - 1];
      if (!top) return i === n ? (root as JsonNode) : undefined;
      if (top.type === 'property') {
        top.length = end - top.offset;
        stack.pop();
        const obj = stack[stack.length - 1];
        const d = text.charCodeAt(i);
        if (d === 44 /* , */) {
          i++;
          ws();
          if (!readKey(obj)) return undefined;
          break;
        }
        if (d !== 125 /* } */) return undefined;
        i++;
        end = i;
        close(obj);
      } else {
        const d = text.charCodeAt(i);
        if (d === 44) {
          i++;
          ws();
          break;
        }
        if (d !== 93 /* ] */) return undefined;
        i++;
        end = i;
        close(top);
      }
    }
  }
}

/** Pairs of (repeated key, its first occurrence). Small objects compare pairwise: no allocation. */
export function findDuplicateKeys(props: readonly JsonNode[], found: DuplicateKey[]): void {
  const n = props.length;
  if (n <= 12) {
    for (let a = 1; a < n; a++) {
      const ka = keyText(props[a]);
      if (ka === undefined) continue;
      for (let b = 0; b < a; b++) {
        if (keyText(props[b]) === ka) {
          found.push([keyOf(props[a])!, keyOf(props[b])!]);
          break;
        }
      }
    }
    return;
  }
  const seen = new Map<string, JsonNode>();
  for (const prop of props) {
    const key = keyText(prop);
    if (key === undefined) continue;
    const first = seen.get(key);
    if (first) found.push([keyOf(prop)!, keyOf(first)!]);
    else seen.set(key, prop);
  }
}

/** End offset of a JSON number starting at i, or -1. */
function scanNumber(text: string, i: number): number {
  const n = text.length;
  if (text.charCodeAt(i) === 45) i++;
  let c = text.charCodeAt(i);
  if (c === 48) i++;
  else if (c >= 49 && c <= 57) {
    while (i < n && (c = text.charCodeAt(i)) >= 48 && c <= 57) i++;
  } else return -1;
  if (text.charCodeAt(i) === 46 /* . */) {
    i++;
    const s = i;
    while (i < n && (c = text.charCodeAt(i)) >= 48 && c <= 57) i++;
    if (i === s) return -1;
  }
  c = text.charCodeAt(i);
  if (c === 101 || c === 69) {
    i++;
    c = text.charCodeAt(i);
    if (c === 43 || c === 45) i++;
    const s = i;
    while (i < n && (c = text.charCodeAt(i)) >= 48 && c <= 57) i++;
    if (i === s) return -1;
  }
  return i;
}
