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
import type { ParsedDocument } from '../parse';
import { ARRAY, OBJECT, PROPERTY, STRING, type Tree } from '../fastParse';
import type { Machine, Scope, StateInfo } from '../model';
import { CharCode, isAsciiDigit, isAsciiLetter, isWhitespace as isSpace } from '../chars';

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
  /** The object holding the key or the property (for array items, the object holding the array); -1 for none. */
  object: number;
  /** For values: the name of the property (for array items, of the array). */
  key?: string;
  /** For values: the cursor is at an item of the array `key` (its node index); -1 for none. */
  array: number;
  /** The string token the cursor is in; -1 for none. */
  string: number;
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

/** The innermost node whose range holds the offset (its end included), or -1. */
export function nodeAt(tree: Tree | undefined, offset: number): number {
  if (!tree || tree.size === 0) return -1;
  const { offset: start, length } = tree;
  if (offset < start[0] || offset > start[0] + length[0]) return -1;
  // Nodes are in document order, so offsets never decrease: the last node starting at or before
  // the offset is found by binary search, and the innermost holder is it or its nearest ancestor
  // that still reaches the offset (the node descending by last-starting children would find).
  let lo = 0;
  let hi = tree.size - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (start[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  let node = lo;
  while (node > 0 && offset > start[node] + length[node]) node = tree.parent[node];
  return node;
}

/** True when the string node ends with its closing quote (jsonc-parser ends an unclosed one at the line end). */
export function isTerminated(text: string, node: { offset: number; length: number }): boolean {
  const end = node.offset + node.length;
  if (node.length < 2 || text.charCodeAt(end - 1) !== CharCode.DoubleQuote) return false;
  let backslashes = 0;
  for (let k = end - 2; k > node.offset && text.charCodeAt(k) === CharCode.Backslash; k--) backslashes++;
  return backslashes % 2 === 0;
}

function insideString(text: string, tree: Tree, node: number, offset: number): boolean {
  if (tree.kind[node] !== STRING || offset <= tree.offset[node]) return false;
  const end = tree.offset[node] + tree.length[node];
  return offset < end || (offset === end && !isTerminated(text, tree.range(node)));
}

/** Characters of a bare word typed without quotes (a literal, or a name before its quotes). */
function isWordChar(c: number): boolean {
  return (
    isAsciiDigit(c) || isAsciiLetter(c) || c === CharCode.Underline || c === CharCode.Dollar || c === CharCode.Period || c === CharCode.Dash
  );
}

function isClosed(text: string, tree: Tree, node: number): boolean {
  const last = text.charCodeAt(tree.offset[node] + tree.length[node] - 1);
  return tree.length[node] >= 2 && (tree.kind[node] === OBJECT ? last === CharCode.CloseCurlyBrace : last === CharCode.CloseSquareBracket);
}

/** The innermost object or array around the offset (strictly inside its brackets, or in an unclosed one), or -1. */
function containerAt(text: string, tree: Tree, from: number, offset: number): number {
  for (let n = from; n >= 0; n = tree.parentOf(n)) {
    if (tree.kind[n] !== OBJECT && tree.kind[n] !== ARRAY) continue;
    if (offset > tree.offset[n] && (offset < tree.offset[n] + tree.length[n] || !isClosed(text, tree, n))) return n;
  }
  return -1;
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
  const tree = doc.tree;
  const node = nodeAt(tree, offset);
  const base: Cursor = {
    offset,
    position: 'none',
    object: -1,
    array: -1,
    string: -1,
    replace: { offset, length: 0 },
    prefix: '',
    hasColon: false,
    missingCommaAt: -1,
    commaAfter: false,
    afterColon: false,
  };
  if (!tree) return base;
  if (node >= 0 && insideString(text, tree, node, offset)) return inString(doc, tree, node, offset, base);

  let start = offset;
  while (start > 0 && isWordChar(text.charCodeAt(start - 1))) start--;
  let end = offset;
  while (end < text.length && isWordChar(text.charCodeAt(end))) end++;
  const cursor: Cursor = { ...base, replace: { offset: start, length: end - start }, prefix: text.slice(start, offset) };
  const p = prevNonSpace(text, start - 1);
  const c = p >= 0 ? text.charCodeAt(p) : -1;
  const container = containerAt(text, tree, node >= 0 ? node : p >= 0 ? nodeAt(tree, p) : -1, start);
  if (container < 0) return cursor;
  cursor.commaAfter = text.charCodeAt(nextNonSpace(text, end)) === CharCode.DoubleQuote;
  cursor.afterColon = c === CharCode.Colon && p === start - 1;

  if (tree.kind[container] === ARRAY) {
    cursor.position = 'value';
    cursor.array = container;
    const prop = tree.parentOf(container);
    if (tree.kindOf(prop) === 'property') {
      cursor.key = String(tree.keyText(prop));
      cursor.object = tree.parentOf(prop);
    }
    if (c !== CharCode.OpenSquareBracket && c !== CharCode.Comma) cursor.missingCommaAt = p + 1;
    return cursor;
  }
  cursor.object = container;
  if (c === CharCode.OpenCurlyBrace || c === CharCode.Comma) {
    cursor.position = 'key';
    cursor.hasColon = text.charCodeAt(nextNonSpace(text, end)) === CharCode.Colon;
    return cursor;
  }
  if (c === CharCode.Colon) {
    const kids = tree.children(container);
    const prop =
      kids.find((ch) => tree.kind[ch] === PROPERTY && tree.colon[ch] === p) ?? kids.filter((ch) => tree.offset[ch] < start).pop();
    const key = tree.keyText(prop ?? -1);
    if (key === undefined) return cursor;
    cursor.position = 'value';
    cursor.key = key;
    return cursor;
  }
  // After a complete entry with no comma: a new key (the comma goes after that entry), unless the
  // cursor touches the entry (it is at the end of a value, not starting anything) or the entry is
  // a key still waiting for its colon.
  if (p === start - 1) return cursor;
  const before = nodeAt(tree, p);
  const beforeProp = tree.parentOf(before);
  if (
    tree.kindOf(before) === 'string' &&
    tree.kindOf(beforeProp) === 'property' &&
    tree.keyNode(beforeProp) === before &&
    tree.valueNode(beforeProp) < 0
  ) {
    return cursor;
  }
  cursor.position = 'key';
  cursor.missingCommaAt = p + 1;
  cursor.hasColon = text.charCodeAt(nextNonSpace(text, end)) === CharCode.Colon;
  return cursor;
}

function inString(doc: ParsedDocument, tree: Tree, node: number, offset: number, base: Cursor): Cursor {
  const text = doc.text;
  const range = tree.range(node);
  const terminated = isTerminated(text, range);
  const cursor: Cursor = {
    ...base,
    string: node,
    replace: { offset: range.offset, length: terminated ? range.length : offset - range.offset },
    prefix: text.slice(range.offset + 1, offset),
  };
  const end = range.offset + range.length;
  const parent = tree.parentOf(node);
  const p = prevNonSpace(text, range.offset - 1);
  const c = p >= 0 ? text.charCodeAt(p) : -1;
  cursor.commaAfter = terminated && text.charCodeAt(nextNonSpace(text, end)) === CharCode.DoubleQuote;
  cursor.afterColon = c === CharCode.Colon && p === range.offset - 1;
  const parentKind = tree.kindOf(parent);
  if (parentKind === 'property') {
    if (tree.keyNode(parent) === node) {
      cursor.position = 'key';
      cursor.object = tree.parentOf(parent);
      cursor.hasColon = tree.colon[parent] > 0 || text.charCodeAt(nextNonSpace(text, end)) === CharCode.Colon;
      if (c !== CharCode.OpenCurlyBrace && c !== CharCode.Comma && c >= 0) cursor.missingCommaAt = p + 1;
    } else if (tree.valueNode(parent) === node) {
      cursor.position = 'value';
      cursor.key = String(tree.keyText(parent));
      cursor.object = tree.parentOf(parent);
    }
  } else if (parentKind === 'array') {
    cursor.position = 'value';
    cursor.array = parent;
    const prop = tree.parentOf(parent);
    if (tree.kindOf(prop) === 'property') {
      cursor.key = String(tree.keyText(prop));
      cursor.object = tree.parentOf(prop);
    }
    if (c !== CharCode.OpenSquareBracket && c !== CharCode.Comma && c >= 0) cursor.missingCommaAt = p + 1;
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
  states: Map<number, StateInfo>;
  scopes: Map<number, Scope>;
  statesObjects: Map<number, Scope>;
}

const indexes = new WeakMap<Machine, NodeIndex>();

/** Which state or scope each node stands for; built once per machine. */
function indexOf(machine: Machine): NodeIndex {
  let index = indexes.get(machine);
  if (!index) {
    index = { states: new Map(), scopes: new Map(), statesObjects: new Map() };
    for (const s of machine.states) index.states.set(s.index, s);
    for (const scope of machine.scopes) {
      index.scopes.set(scope.nodeIndex, scope);
      if (scope.statesIndex >= 0) index.statesObjects.set(scope.statesIndex, scope);
    }
    indexes.set(machine, index);
  }
  return index;
}

/** The state whose value is this node, if any. */
export function stateOfNode(machine: Machine, node: number): StateInfo | undefined {
  return indexOf(machine).states.get(node);
}

/** Classifies an object (or array) of the document by walking up to the nearest state or scope. */
export function placeOf(machine: Machine, node: number): Place {
  const tree = machine.doc.tree;
  if (node < 0 || !tree) return { kind: 'other' };
  const index = indexOf(machine);
  const path: Segment[] = [];
  for (let n = node; n >= 0;) {
    const state = index.states.get(n);
    if (state) return { kind: 'state', state, path: path.reverse() };
    const scope = index.scopes.get(n);
    if (scope) return { kind: 'scope', scope, path: path.reverse() };
    const ofStates = index.statesObjects.get(n);
    if (ofStates) return path.length === 0 ? { kind: 'states', scope: ofStates } : { kind: 'other' };
    const parent = tree.parentOf(n);
    if (parent < 0) break;
    if (tree.kind[parent] === PROPERTY) {
      path.push(String(tree.keyText(parent)));
      n = tree.parentOf(parent);
    } else if (tree.kind[parent] === ARRAY) {
      path.push(tree.children(parent).indexOf(n));
      n = parent;
    } else break;
  }
  return { kind: 'other' };
}

/** The innermost state around a node (for strings deep inside Parameters, Arguments...). */
export function enclosingState(machine: Machine, node: number): StateInfo | undefined {
  const tree = machine.doc.tree;
  if (!tree) return undefined;
  const index = indexOf(machine);
  for (let n = node; n >= 0; n = tree.parentOf(n)) {
    const s = index.states.get(n);
    if (s) return s;
  }
  return undefined;
}

/** The scope a transition or state name at this node belongs to: the scope of the enclosing state, or the scope whose StartAt it is. */
export function scopeAround(machine: Machine, node: number): Scope | undefined {
  const tree = machine.doc.tree;
  if (!tree) return undefined;
  const index = indexOf(machine);
  for (let n = node; n >= 0; n = tree.parentOf(n)) {
    const s = index.states.get(n);
    if (s) return s.scope;
    const scope = index.scopes.get(n);
    if (scope) return scope;
  }
  return undefined;
}
