/**
 * Where the cursor is, read from the parse every feature shares: which token it is in (a key,
 * a value, an item of an array), what typing there would replace, and which object of the
 * machine (a scope, a States object, a state or something inside one) holds it.
 *
 * Documents being edited are usually half-typed. jsonc-parser recovers from most of it (an
 * unterminated string runs to the end of its line, a missing value leaves a property with a key
 * only, unclosed objects run to the end of the text); the characters just before the cursor settle
 * the rest, so this never needs to re-scan the document.
 */
import type { JsonNode, ParsedDocument } from '../parse';
import type { Machine, Scope, StateInfo } from '../model';

/** A stretch of the text. */
export interface Span {
  offset: number;
  length: number;
}

export type Segment = string | number;

export interface Cursor {
  offset: number;
  /** 'key': a property name is being typed; 'value': a property's value or an array item; 'none': neither. */
  position: 'key' | 'value' | 'none';
  /** The object holding the key or the property (for array items, the object holding the array). */
  object?: JsonNode;
  /** For values: the name of the property (for array items, of the array). */
  key?: string;
  /** For values: the cursor is at an item of the array `key`. */
  array?: JsonNode;
  /** The string token the cursor is in, if any. */
  string?: JsonNode;
  /** What a completion of the whole token replaces: the string with its quotes, or the bare word. */
  replace: Span;
  /** The raw text of the token before the cursor, without the opening quote. */
  prefix: string;
  /** Key position: a colon already follows the key (only the name is replaced). */
  hasColon: boolean;
  /** Where a comma the user left out belongs (just after the previous entry), or -1. */
  missingCommaAt: number;
  /** Another entry follows the token without a comma between them: insert one after the completion. */
  commaAfter: boolean;
  /** The token directly follows a colon: insert a space before a value. */
  afterColon: boolean;
}

/** The innermost node whose range holds the offset (its end included), by binary search on children. */
export function nodeAt(root: JsonNode | undefined, offset: number): JsonNode | undefined {
  if (!root || offset < root.offset || offset > root.offset + root.length) return undefined;
  let node = root;
  for (;;) {
    const children = node.children;
    if (!children || children.length === 0) return node;
    let lo = 0;
    let hi = children.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (children[mid].offset <= offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return node;
    const child = children[found];
    if (offset > child.offset + child.length) return node;
    node = child;
  }
}

/** True when the string node ends with its closing quote (jsonc-parser ends an unclosed one at the line end). */
export function isTerminated(text: string, node: JsonNode): boolean {
  const end = node.offset + node.length;
  if (node.length < 2 || text.charCodeAt(end - 1) !== 34 /* " */) return false;
  let backslashes = 0;
  for (let k = end - 2; k > node.offset && text.charCodeAt(k) === 92 /* \ */; k--) backslashes++;
  return backslashes % 2 === 0;
}

function insideString(text: string, node: JsonNode, offset: number): boolean {
  if (node.type !== 'string' || offset <= node.offset) return false;
  const end = node.offset + node.length;
  return offset < end || (offset === end && !isTerminated(text, node));
}

/** Characters of a bare word typed without quotes (a literal, or a name before its quotes). */
function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c === 46 || c === 45;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

function isClosed(text: string, node: JsonNode): boolean {
  const last = text.charCodeAt(node.offset + node.length - 1);
  return node.length >= 2 && (node.type === 'object' ? last === 125 /* } */ : last === 93 /* ] */);
}

/** The innermost object or array around the offset (strictly inside its brackets, or in an unclosed one). */
function containerAt(text: string, from: JsonNode | undefined, offset: number): JsonNode | undefined {
  for (let n = from; n; n = n.parent) {
    if (n.type !== 'object' && n.type !== 'array') continue;
    if (offset > n.offset && (offset < n.offset + n.length || !isClosed(text, n))) return n;
  }
  return undefined;
}

function nextNonSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

function prevNonSpace(text: string, from: number): number {
  let i = from;
  while (i >= 0 && isSpace(text.charCodeAt(i))) i--;
  return i;
}

/** Reads the cursor's situation at `offset` from the parsed document. */
export function cursorAt(doc: ParsedDocument, offset: number): Cursor {
  const text = doc.text;
  const node = nodeAt(doc.root, offset);
  const base: Cursor = {
    offset,
    position: 'none',
    replace: { offset, length: 0 },
    prefix: '',
    hasColon: false,
    missingCommaAt: -1,
    commaAfter: false,
    afterColon: false,
  };
  if (node && insideString(text, node, offset)) return inString(doc, node, offset, base);

  let start = offset;
  while (start > 0 && isWordChar(text.charCodeAt(start - 1))) start--;
  let end = offset;
  while (end < text.length && isWordChar(text.charCodeAt(end))) end++;
  const cursor: Cursor = { ...base, replace: { offset: start, length: end - start }, prefix: text.slice(start, offset) };
  const p = prevNonSpace(text, start - 1);
  const c = p >= 0 ? text.charCodeAt(p) : -1;
  const container = containerAt(text, node ?? (p >= 0 ? nodeAt(doc.root, p) : undefined), start);
  if (!container) return cursor;
  cursor.commaAfter = text.charCodeAt(nextNonSpace(text, end)) === 34 /* " */;
  cursor.afterColon = c === 58 /* : */ && p === start - 1;

  if (container.type === 'array') {
    cursor.position = 'value';
    cursor.array = container;
    const prop = container.parent;
    if (prop?.type === 'property') {
      cursor.key = String(prop.children?.[0]?.value);
      cursor.object = prop.parent;
    }
    if (c !== 91 /* [ */ && c !== 44 /* , */) cursor.missingCommaAt = p + 1;
    return cursor;
  }
  cursor.object = container;
  if (c === 123 /* { */ || c === 44 /* , */) {
    cursor.position = 'key';
    cursor.hasColon = text.charCodeAt(nextNonSpace(text, end)) === 58 /* : */;
    return cursor;
  }
  if (c === 58 /* : */) {
    const prop = container.children?.find((ch) => ch.type === 'property' && ch.colonOffset === p)
      ?? container.children?.filter((ch) => ch.offset < start).pop();
    const key = prop?.children?.[0];
    if (!key) return cursor;
    cursor.position = 'value';
    cursor.key = String(key.value);
    return cursor;
  }
  // After a complete entry with no comma: a new key (the comma goes after that entry), unless the
  // cursor touches the entry (it is at the end of a value, not starting anything) or the entry is
  // a key still waiting for its colon.
  if (p === start - 1) return cursor;
  const before = nodeAt(doc.root, p);
  if (before?.type === 'string' && before.parent?.type === 'property' && before.parent.children?.[0] === before && before.parent.children.length < 2) {
    return cursor;
  }
  cursor.position = 'key';
  cursor.missingCommaAt = p + 1;
  cursor.hasColon = text.charCodeAt(nextNonSpace(text, end)) === 58;
  return cursor;
}

function inString(doc: ParsedDocument, node: JsonNode, offset: number, base: Cursor): Cursor {
  const text = doc.text;
  const terminated = isTerminated(text, node);
  const cursor: Cursor = {
    ...base,
    string: node,
    replace: { offset: node.offset, length: terminated ? node.length : offset - node.offset },
    prefix: text.slice(node.offset + 1, offset),
  };
  const end = node.offset + node.length;
  const parent = node.parent;
  const p = prevNonSpace(text, node.offset - 1);
  const c = p >= 0 ? text.charCodeAt(p) : -1;
  cursor.commaAfter = terminated && text.charCodeAt(nextNonSpace(text, end)) === 34;
  cursor.afterColon = c === 58 && p === node.offset - 1;
  if (parent?.type === 'property') {
    const [keyNode, valueNode] = parent.children ?? [];
    if (keyNode === node) {
      cursor.position = 'key';
      cursor.object = parent.parent;
      cursor.hasColon = (parent.colonOffset !== undefined && parent.colonOffset > 0) || text.charCodeAt(nextNonSpace(text, end)) === 58;
      if (c !== 123 && c !== 44 && c >= 0) cursor.missingCommaAt = p + 1;
    } else if (valueNode === node) {
      cursor.position = 'value';
      cursor.key = String(keyNode?.value);
      cursor.object = parent.parent;
    }
  } else if (parent?.type === 'array') {
    cursor.position = 'value';
    cursor.array = parent;
    const prop = parent.parent;
    if (prop?.type === 'property') {
      cursor.key = String(prop.children?.[0]?.value);
      cursor.object = prop.parent;
    }
    if (c !== 91 && c !== 44 && c >= 0) cursor.missingCommaAt = p + 1;
  }
  return cursor;
}

// ---- where in the machine ------------------------------------------------------------------

export type Place =
  /** A scope object (the machine, a branch, a processor) or an object inside one that is not a state (ProcessorConfig). */
  | { kind: 'scope'; scope: Scope; path: Segment[] }
  /** The States object of a scope: its keys are state names. */
  | { kind: 'states'; scope: Scope }
  /** A state object (path []) or an object inside one, e.g. ["Catch", 0]. */
  | { kind: 'state'; state: StateInfo; path: Segment[] }
  | { kind: 'other' };

interface NodeIndex {
  states: Map<JsonNode, StateInfo>;
  scopes: Map<JsonNode, Scope>;
  statesObjects: Map<JsonNode, Scope>;
}

const indexes = new WeakMap<Machine, NodeIndex>();

/** Which state or scope each node stands for; built once per machine. */
function indexOf(machine: Machine): NodeIndex {
  let index = indexes.get(machine);
  if (!index) {
    index = { states: new Map(), scopes: new Map(), statesObjects: new Map() };
    for (const s of machine.states) index.states.set(s.node, s);
    for (const scope of machine.scopes) {
      index.scopes.set(scope.node, scope);
      if (scope.statesNode) index.statesObjects.set(scope.statesNode, scope);
    }
    indexes.set(machine, index);
  }
  return index;
}

/** The state whose value is this node, if any. */
export function stateOfNode(machine: Machine, node: JsonNode): StateInfo | undefined {
  return indexOf(machine).states.get(node);
}

/** Classifies an object (or array) of the document by walking up to the nearest state or scope. */
export function placeOf(machine: Machine, node: JsonNode | undefined): Place {
  if (!node) return { kind: 'other' };
  const index = indexOf(machine);
  const path: Segment[] = [];
  for (let n: JsonNode | undefined = node; n; ) {
    const state = index.states.get(n);
    if (state) return { kind: 'state', state, path: path.reverse() };
    const scope = index.scopes.get(n);
    if (scope) return { kind: 'scope', scope, path: path.reverse() };
    const ofStates = index.statesObjects.get(n);
    if (ofStates) return path.length === 0 ? { kind: 'states', scope: ofStates } : { kind: 'other' };
    const parent: JsonNode | undefined = n.parent;
    if (!parent) break;
    if (parent.type === 'property') {
      path.push(String(parent.children?.[0]?.value));
      n = parent.parent;
    } else if (parent.type === 'array') {
      path.push(parent.children?.indexOf(n) ?? 0);
      n = parent;
    } else break;
  }
  return { kind: 'other' };
}

/** The innermost state around a node (for strings deep inside Parameters, Arguments...). */
export function enclosingState(machine: Machine, node: JsonNode | undefined): StateInfo | undefined {
  const index = indexOf(machine);
  for (let n = node; n; n = n.parent) {
    const s = index.states.get(n);
    if (s) return s;
  }
  return undefined;
}

/** The scope a transition or state name at this node belongs to: the scope of the enclosing state, or the scope whose StartAt it is. */
export function scopeAround(machine: Machine, node: JsonNode | undefined): Scope | undefined {
  const index = indexOf(machine);
  for (let n = node; n; n = n.parent) {
    const s = index.states.get(n);
    if (s) return s.scope;
    const scope = index.scopes.get(n);
    if (scope) return scope;
  }
  return undefined;
}
