import { visit, type ParseError, type ParseOptions } from 'jsonc-parser';
import { CharCode } from './chars';

/**
 * The parsed document as a compact tree: one entry per JSON node (jsonc-parser's nodes: objects,
 * arrays, properties, their key strings, values) in typed arrays, in document order (preorder),
 * with no object per node. Why: a tree of ~250,000 objects for a 5,000-state machine cost 4-5x
 * JSON.parse to build and again as much in garbage collection (every scavenge copied the live,
 * growing tree) and in cache misses for every rule walking it; typed arrays cost neither.
 *
 * Layout: node i's subtree is i .. end[i] - 1, so its first child is i + 1 (when i + 1 < end[i])
 * and a child c's next sibling is end[c] (while < end[i]). A property p has its key string at
 * p + 1 and its value, when it has one, at p + 2; values[p] is the key text too.
 *
 * Readers on hot paths loop over the arrays (with `get` and `valueOf`); everything else uses the
 * named API below (tree.ts), by node index.
 */
export const OBJECT = 0;
export const ARRAY = 1;
export const PROPERTY = 2;
export const STRING = 3;
export const NUMBER = 4;
export const BOOLEAN = 5;
export const NULL = 6;

/** A node's kind, as jsonc-parser names them. */
export type NodeKind = 'object' | 'array' | 'property' | 'string' | 'number' | 'boolean' | 'null';

const TYPES: readonly NodeKind[] = ['object', 'array', 'property', 'string', 'number', 'boolean', 'null'];

export class Tree {
  /**
   * Repeated object keys as (property, first property of that name) index pairs, when the parser
   * was asked to collect them.
   */
  repeated: number[] | undefined;
  /** When this tree was spliced from the previous one: how many characters were parsed again. */
  reparsed: number | undefined;
  /** Where each line of the text starts, when the parser noted them. */
  lineStarts: number[] | undefined;
  /**
   * How string node i's value indexes map to text offsets, set by a front-end whose strings are
   * not JSON strings (YAML quoting, escapes, folded blocks); undefined: JSON strings.
   */
  strings: ((text: string, i: number) => (index: number) => number) | undefined;
  constructor(
    readonly size: number,
    readonly kind: Uint8Array,
    readonly offset: Int32Array,
    readonly length: Int32Array,
    readonly parent: Int32Array,
    readonly end: Int32Array,
    /** A property's colon offset; -1 for other nodes (and a property without a colon). */
    readonly colon: Int32Array,
    /** A scalar's value; a property's key text; undefined for containers. */
    readonly values: unknown[],
  ) {}

  /** The value node's index of object `obj`'s first property named `key`, or -1. */
  get(obj: number, key: string): number {
    if (obj < 0 || this.kind[obj] !== OBJECT) return -1;
    const values = this.values;
    const end = this.end;
    for (let p = obj + 1, e = end[obj]; p < e; p = end[p]) {
      if (values[p] === key) return p + 2 < end[p] ? p + 2 : -1;
    }
    return -1;
  }

  /** A property's value index, or -1 when it has none. */
  valueOf(p: number): number {
    return p + 2 < this.end[p] ? p + 2 : -1;
  }

  /** The children of a container or property, as indices (for cold paths; hot ones loop on end[]). */
  childIndices(i: number): number[] {
    const out: number[] = [];
    if (this.kind[i] >= STRING) return out;
    for (let c = i + 1, e = this.end[i]; c < e; c = this.end[c]) out.push(c);
    return out;
  }

  // ---- The named API (see tree.ts): every reader of the tree uses these, by node index. ----

  /** The node's kind as a word; `undefined` for -1 or an index out of range. */
  kindOf(i: number): NodeKind | undefined {
    return i >= 0 && i < this.size ? TYPES[this.kind[i]] : undefined;
  }

  /** The children of an object (its properties), an array (its items) or a property (key, value). */
  children(i: number): number[] {
    return i >= 0 ? this.childIndices(i) : [];
  }

  /** The first property named `key` of object `obj` (the property node, not its value), or -1. */
  property(obj: number, key: string): number {
    if (obj < 0 || this.kind[obj] !== OBJECT) return -1;
    const { values, end } = this;
    for (let p = obj + 1, e = end[obj]; p < e; p = end[p]) if (values[p] === key) return p;
    return -1;
  }

  /** The key node of a property, or -1. */
  keyNode(prop: number): number {
    return prop >= 0 && this.kind[prop] === PROPERTY ? prop + 1 : -1;
  }

  /** The key of a property as text, or undefined. */
  keyText(prop: number): string | undefined {
    return prop >= 0 && this.kind[prop] === PROPERTY ? (this.values[prop] as string) : undefined;
  }

  /** The value node of a property, or -1 (a property being typed may have none). */
  valueNode(prop: number): number {
    return prop >= 0 && this.kind[prop] === PROPERTY ? this.valueOf(prop) : -1;
  }

  /** A string node's decoded value (a key node's too), or undefined for any other node. */
  string(i: number): string | undefined {
    return i >= 0 && this.kind[i] === STRING ? (this.values[i] as string) : undefined;
  }

  /** A number node's value, or undefined. */
  number(i: number): number | undefined {
    return i >= 0 && this.kind[i] === NUMBER ? (this.values[i] as number) : undefined;
  }

  /** A boolean node's value, or undefined. */
  boolean(i: number): boolean | undefined {
    return i >= 0 && this.kind[i] === BOOLEAN ? (this.values[i] as boolean) : undefined;
  }

  /** A scalar's value (string, number, boolean or null), or undefined for containers and properties. */
  scalar(i: number): string | number | boolean | null | undefined {
    return i >= 0 && this.kind[i] >= STRING ? (this.values[i] as string | number | boolean | null) : undefined;
  }

  /** The node's source range in the text it was read from (offset and length). */
  range(i: number): { offset: number; length: number } {
    return { offset: this.offset[i], length: this.length[i] };
  }

  /** The parent's index (a property for a value or key, a container for a property or item), or -1. */
  parentOf(i: number): number {
    return i > 0 ? this.parent[i] : -1;
  }
}

/** Strings up to this length are shared through a small direct-mapped table. */
const MAX_INTERNED = 40;
const INTERN_SIZE = 4096;

/**
 * The table of shared strings, kept from one parse to the next: it only ever holds short strings
 * (at most INTERN_SIZE of them), and a text parsed again after an edit finds its keys there.
 */
const INTERNED: (string | undefined)[] = new Array(INTERN_SIZE);

/** A repeated key of one object, with the first key of the same name in that object. */
export type DuplicateKey = readonly [repeated: number, first: number];

/**
 * A fast, iterative, strict JSON parser into a Tree holding the same nodes as jsonc-parser's
 * `parseTree` (types, offsets, lengths, values, parents, colon offsets), for a well-formed
 * document. It gives up (returns undefined) at the first deviation from strict JSON: the caller
 * then reads the text with jsonc-parser, which recovers from errors and says what is wrong
 * (`parseTreeTolerant`). No recursion: deep nesting cannot overflow the stack.
 *
 * `duplicateKeys`, when given, receives every repeated object key, found while each object
 * closes (keys are shared strings by then, so most comparisons are one pointer test).
 *
 * One function with its arrays in locals, no closures: the parse is most of a validation's time.
 */
export function parseTreeFast(text: string, maxDepth = Infinity, duplicateKeys?: DuplicateKey[]): Tree | undefined | { tooDeepAt: number } {
  const n = text.length;
  let i = 0;
  // About one node per 8 characters at most in pretty-printed machines (one per 15 is usual).
  let cap = (n >> 3) + 64;
  let { kind, offset, length, parent, end, colon } = columns(cap);
  colon.fill(-1);
  const values: unknown[] = new Array(cap);
  let size = 0;
  // Open containers and properties, innermost last.
  const stack: number[] = [];
  let depth = 0;
  const repeated: number[] = [];
  const interned = INTERNED;
  // Where each line starts (the line index needs them for any finding): newlines are only ever
  // whitespace in strict JSON, so the parse sees them all on the way.
  const lines: number[] = [0];
  // Whether the next value is a property's key (just after "{" or "," in an object).
  let wantKey = false;
  let c = 0;

  for (;;) {
    i = skipSpace(text, i, lines);
    c = text.charCodeAt(i);
    if (size + 2 >= cap) {
      const old = cap;
      cap *= 2;
      ({ kind, offset, length, parent, end, colon } = columns(cap, { kind, offset, length, parent, end, colon }));
      colon.fill(-1, old);
    }
    const at = i;
    const up = stack.length > 0 ? stack[stack.length - 1] : -1;

    if (wantKey) {
      // `"key" :` inside object `up`: the property, then its key string.
      wantKey = false;
      if (c !== CharCode.DoubleQuote) return undefined;
      const close = stringEnd(text, i + 1);
      if (close < 0) return undefined;
      const key = stringValue(text, at, close, interned);
      if (key === undefined) return undefined;
      i = close + 1;
      const p = size++;
      kind[p] = PROPERTY;
      offset[p] = at;
      parent[p] = up;
      values[p] = key;
      const k = size++;
      kind[k] = STRING;
      offset[k] = at;
      parent[k] = p;
      length[k] = i - at;
      end[k] = size;
      values[k] = key;
      i = skipSpace(text, i, lines);
      c = text.charCodeAt(i);
      if (c !== CharCode.Colon || i >= n) return undefined;
      colon[p] = i;
      i++;
      stack.push(p);
      continue;
    }

    // A value starts at i; its parent is `up` (an array or a property).
    const idx = size++;
    offset[idx] = at;
    parent[idx] = up;
    if (c === CharCode.OpenCurlyBrace || c === CharCode.OpenSquareBracket) {
      const isObject = c === CharCode.OpenCurlyBrace;
      kind[idx] = isObject ? OBJECT : ARRAY;
      values[idx] = undefined;
      i++;
      i = skipSpace(text, i, lines);
      c = text.charCodeAt(i);
      if (c === (isObject ? CharCode.CloseCurlyBrace : CharCode.CloseSquareBracket) && i < n) {
        i++;
        length[idx] = i - at;
        end[idx] = size;
      } else {
        stack.push(idx);
        if (++depth > maxDepth) return { tooDeepAt: at };
        wantKey = isObject;
        continue;
      }
    } else {
      if (c === CharCode.DoubleQuote) {
        const close = stringEnd(text, i + 1);
        if (close < 0) return undefined;
        const value = stringValue(text, at, close, interned);
        if (value === undefined) return undefined;
        i = close + 1;
        kind[idx] = STRING;
        values[idx] = value;
      } else if (c === CharCode.Dash || (c >= CharCode.Digit0 && c <= CharCode.Digit9)) {
        const stop = scanNumber(text, i);
        if (stop < 0) return undefined;
        i = stop;
        kind[idx] = NUMBER;
        values[idx] = numberValue(text, at, stop);
      } else if (c === CharCode.t && text.startsWith('true', i)) {
        i += 4;
        kind[idx] = BOOLEAN;
        values[idx] = true;
      } else if (c === CharCode.f && text.startsWith('false', i)) {
        i += 5;
        kind[idx] = BOOLEAN;
        values[idx] = false;
      } else if (c === CharCode.n && text.startsWith('null', i)) {
        i += 4;
        kind[idx] = NULL;
        values[idx] = null;
      } else return undefined;
      length[idx] = i - at;
      end[idx] = size;
    }

    // The value is complete: close properties and containers until one needs another value.
    let stop = i;
    for (;;) {
      i = skipSpace(text, i, lines);
      c = text.charCodeAt(i);
      if (stack.length === 0) {
        if (i !== n) return undefined;
        const tree = finishTree(size, kind, offset, length, parent, end, colon, values, repeated, duplicateKeys);
        tree.lineStarts = lines;
        return tree;
      }
      if (i >= n) return undefined;
      let top = stack[stack.length - 1];
      if (kind[top] === PROPERTY) {
        length[top] = stop - offset[top];
        end[top] = size;
        stack.pop();
        top = stack[stack.length - 1];
        if (c === CharCode.Comma) {
          i++;
          wantKey = true;
          break;
        }
        if (c !== CharCode.CloseCurlyBrace) return undefined;
      } else {
        if (c === CharCode.Comma) {
          i++;
          break;
        }
        if (c !== CharCode.CloseSquareBracket) return undefined;
      }
      // Close container `top` (just past its bracket).
      i++;
      stop = i;
      length[top] = i - offset[top];
      end[top] = size;
      stack.pop();
      depth--;
      if (duplicateKeys && kind[top] === OBJECT) findRepeated(top, end, values, repeated);
    }
  }
}

/** The offset of the first non-whitespace character at or after i; line starts go to `lines`. */
function skipSpace(text: string, i: number, lines: number[]): number {
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === CharCode.Space || c === CharCode.Tab) i++;
    else if (c === CharCode.LineFeed) lines.push(++i);
    else if (c === CharCode.CarriageReturn) {
      i += text.charCodeAt(i + 1) === CharCode.LineFeed ? 2 : 1;
      lines.push(i);
    } else break;
  }
  return i;
}

/**
 * The offset of the closing quote of a string whose content starts at i, or -1 at a control
 * character or the end of the text. Escapes are stepped over (stringValue decodes them).
 */
function stringEnd(text: string, i: number): number {
  const n = text.length;
  sawEscape = false;
  let hash = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === CharCode.DoubleQuote) {
      lastHash = hash;
      return i;
    }
    hash = (Math.imul(hash, 31) + c) | 0;
    if (c === CharCode.Backslash) {
      sawEscape = true;
      i++;
    } else if (c < CharCode.Space) return -1;
  }
  return -1;
}

/** Whether the string stringEnd last read holds an escape, and a hash of its characters. */
let sawEscape = false;
let lastHash = 0;

/**
 * The value of the string token [start, close] (quotes included), or undefined for a bad
 * escape. Short strings without escapes (keys, types, ARNs repeat a lot) are shared through a
 * small direct-mapped table instead of being copied per occurrence.
 */
function stringValue(text: string, start: number, close: number, interned: (string | undefined)[]): string | undefined {
  const len = close - start - 1;
  if (!sawEscape) {
    if (len > MAX_INTERNED) return text.slice(start + 1, close);
    const slot = (lastHash ^ len) & (INTERN_SIZE - 1);
    const known = interned[slot];
    if (known !== undefined && known.length === len && text.startsWith(known, start + 1)) return known;
    const fresh = text.slice(start + 1, close);
    interned[slot] = fresh;
    return fresh;
  }
  try {
    return JSON.parse(text.slice(start, close + 1)) as string;
  } catch {
    return undefined;
  }
}

/** Every repeated key of a tree's objects, as (property, first property) index pairs. */
export function findRepeatedKeys(tree: Tree): number[] {
  const repeated: number[] = [];
  for (let i = 0; i < tree.size; i++) if (tree.kind[i] === OBJECT) findRepeated(i, tree.end, tree.values, repeated);
  return repeated;
}

/** Pairs (repeated key's property, first property) of one object into `repeated`. */
function findRepeated(obj: number, end: Int32Array, values: unknown[], repeated: number[]): void {
  const e = end[obj];
  let count = 0;
  for (let p = obj + 1; p < e; p = end[p]) count++;
  if (count < 2) return;
  if (count <= 12) {
    for (let a = end[obj + 1]; a < e; a = end[a]) {
      const ka = values[a];
      for (let b = obj + 1; b < a; b = end[b]) {
        if (values[b] === ka) {
          repeated.push(a, b);
          break;
        }
      }
    }
    return;
  }
  const seen = new Map<unknown, number>();
  for (let p = obj + 1; p < e; p = end[p]) {
    const first = seen.get(values[p]);
    if (first !== undefined) repeated.push(p, first);
    else seen.set(values[p], p);
  }
}

function finishTree(
  size: number,
  kind: Uint8Array,
  offset: Int32Array,
  length: Int32Array,
  parent: Int32Array,
  end: Int32Array,
  colon: Int32Array,
  values: unknown[],
  repeated: number[],
  duplicateKeys: DuplicateKey[] | undefined,
): Tree {
  const tree = treeOfColumns(size, { kind, offset, length, parent, end, colon }, values);
  if (duplicateKeys) {
    tree.repeated = repeated;
    duplicateKeys.push(...duplicatesOf(tree));
  }
  return tree;
}

/** The repeated keys a tree holds, as key node indices. */
export function duplicatesOf(tree: Tree): DuplicateKey[] {
  const out: DuplicateKey[] = [];
  const r = tree.repeated ?? [];
  for (let k = 0; k < r.length; k += 2) out.push([r[k] + 1, r[k + 1] + 1]);
  return out;
}

/**
 * The tree of `text`, made from `prev` (the tree of the previous text) when an edit replaced
 * [start, oldEnd) of the old text by [start, start + oldEnd - start + delta) of the new one: in
 * the innermost object or array around the edit, only the members the edit touches are parsed
 * again (wrapped in that container's brackets), or the whole container when the edit is in no
 * member's reach (just inside a bracket) or leaves none; the nodes before are shared as they
 * are, those after move by the edit's length in bulk. So an edit of a top-level "Comment" parses
 * that one property, not the whole machine. Undefined when the edit touches no container's
 * inside, or what was parsed again no longer parses on its own (or nests deeper than `maxDepth`
 * counted from the root).
 */
export function spliceTree(prev: Tree, text: string, start: number, oldEnd: number, delta: number, maxDepth = Infinity): Tree | undefined {
  const { kind, offset, length, end } = prev;
  // The innermost container strictly around the edit, its brackets untouched.
  let target = -1;
  let at = 0;
  while (at >= 0 && (kind[at] === OBJECT || kind[at] === ARRAY) && offset[at] < start && oldEnd < offset[at] + length[at]) {
    target = at;
    let next = -1;
    for (let c = at + 1, e = end[at]; c < e; c = end[c]) {
      if (offset[c] + length[c] < start) continue;
      if (offset[c] > oldEnd) break;
      if (offset[c] <= start && oldEnd <= offset[c] + length[c]) next = kind[c] === PROPERTY ? (c + 2 < end[c] ? c + 2 : -1) : c;
      break;
    }
    at = next;
  }
  if (target < 0) return prev.size > 0 && start >= offset[0] + length[0] ? afterRoot(prev, text) : undefined;
  // The whole text's nesting limit holds for the new part: the target is at depth `depth`.
  let depth = 0;
  for (let a = target; a >= 0; a = prev.parent[a]) if (kind[a] === OBJECT || kind[a] === ARRAY) depth++;
  const members = touchedMembers(prev, target, start, oldEnd);
  if (members) {
    // The members [first, last] hold the edit: parse their new text inside the container's brackets.
    const [first, last] = members;
    const from = offset[first];
    const to = offset[last] + length[last] + delta;
    const object = kind[target] === OBJECT;
    const fresh = parseTreeFast(
      (object ? '{' : '[') + text.slice(from, to) + (object ? '}' : ']'),
      maxDepth - depth + 1,
      prev.repeated ? [] : undefined,
    );
    if (fresh && !('tooDeepAt' in fresh) && fresh.kind[0] === kind[target] && fresh.size > 1) {
      const tree = replaceRun(prev, target, first, end[last], fresh, from - 1, offset[last] + length[last], delta, true);
      tree.reparsed = to - from;
      return tree;
    }
  }
  const base = offset[target];
  const fresh = parseTreeFast(text.slice(base, base + length[target] + delta), maxDepth - depth + 1, prev.repeated ? [] : undefined);
  if (!fresh || 'tooDeepAt' in fresh || fresh.kind[0] !== kind[target]) return undefined;
  const tree = replaceRun(prev, target, target + 1, end[target], fresh, base, base + length[target], delta, false);
  tree.reparsed = length[target] + delta;
  return tree;
}

/** The same tree, copied, when an edit only changed the whitespace after the root value (a space or a final newline). */
function afterRoot(prev: Tree, text: string): Tree | undefined {
  const rootEnd = prev.offset[0] + prev.length[0];
  const lines: number[] = [];
  if (skipSpace(text, rootEnd, lines) !== text.length) return undefined;
  const tree = new Tree(
    prev.size,
    prev.kind.slice(),
    prev.offset.slice(),
    prev.length.slice(),
    prev.parent.slice(),
    prev.end.slice(),
    prev.colon.slice(),
    prev.values.slice(),
  );
  tree.repeated = prev.repeated?.slice();
  if (prev.lineStarts) tree.lineStarts = prev.lineStarts.slice(0, firstAbove(prev.lineStarts, rootEnd)).concat(lines);
  tree.reparsed = text.length - rootEnd;
  return tree;
}

/**
 * The first and last member of container `target` whose text, with the separators between them,
 * holds the whole edit [start, oldEnd); undefined when the edit reaches outside every member
 * (between a bracket and the member next to it) or the container has none.
 */
function touchedMembers(prev: Tree, target: number, start: number, oldEnd: number): [number, number] | undefined {
  const { offset, length, end } = prev;
  const stop = end[target];
  let before = -1;
  let first = -1;
  let last = -1;
  for (let c = target + 1; c < stop; c = end[c]) {
    if (first < 0) {
      if (offset[c] + length[c] >= start) first = offset[c] > start && before >= 0 ? before : c;
      else before = c;
    }
    if (offset[c] <= oldEnd) last = c;
    else break;
  }
  if (first < 0 || last < first) return undefined;
  // An edit in the separators after the last member it reaches takes the next member along.
  if (offset[last] + length[last] < oldEnd && end[last] < stop) last = end[last];
  if (offset[first] > start || offset[last] + length[last] < oldEnd) return undefined;
  return [first, last];
}

/**
 * The new tree: the old nodes [from, oldStop) (all inside container `target`) replaced by the
 * descendants of `fresh`'s root, whose text starts at `base` (and in the old text ended at
 * `oldLimit`); `partial` when `fresh`'s root is only a wrapper for some of the target's members
 * (then the target's repeated keys are found again).
 */
export function replaceRun(
  prev: Tree,
  target: number,
  from: number,
  oldStop: number,
  fresh: Tree,
  base: number,
  oldLimit: number,
  delta: number,
  partial: boolean,
): Tree {
  const { kind, offset, length, end } = prev;
  const m = fresh.size - 1; // the new nodes (the fresh root is the target itself, or a wrapper)
  const d = m - (oldStop - from); // how far later nodes move in index
  const size = prev.size + d;
  const { kind: k2, offset: o2, length: l2, parent: p2, end: e2, colon: c2 } = columns(size);
  // Before the run: as they were, but the target and its ancestors grow.
  k2.set(kind.subarray(0, from));
  o2.set(offset.subarray(0, from));
  l2.set(length.subarray(0, from));
  p2.set(prev.parent.subarray(0, from));
  e2.set(end.subarray(0, from));
  c2.set(prev.colon.subarray(0, from));
  for (let i = target; i >= 0; i = prev.parent[i]) {
    e2[i] += d;
    l2[i] += delta;
  }
  // The new nodes (fresh index j becomes from + j - 1; the fresh root's children are the target's).
  const shift = from - 1;
  for (let j = 1; j <= m; j++) {
    const i = shift + j;
    k2[i] = fresh.kind[j];
    o2[i] = fresh.offset[j] + base;
    l2[i] = fresh.length[j];
    const up = fresh.parent[j];
    p2[i] = up === 0 ? target : up + shift;
    e2[i] = fresh.end[j] + shift;
    const col = fresh.colon[j];
    c2[i] = col >= 0 ? col + base : -1;
  }
  // After the run: moved by d in index and by delta in text (kinds and lengths copied natively;
  // with as many nodes as before, the most common keystroke, parents and ends too).
  const parent = prev.parent;
  const colon = prev.colon;
  k2.set(kind.subarray(oldStop), oldStop + d);
  l2.set(length.subarray(oldStop), oldStop + d);
  if (d === 0) {
    p2.set(parent.subarray(oldStop), oldStop);
    e2.set(end.subarray(oldStop), oldStop);
    for (let i = oldStop; i < prev.size; i++) {
      o2[i] = offset[i] + delta;
      const col = colon[i];
      c2[i] = col >= 0 ? col + delta : -1;
    }
  } else {
    for (let i = oldStop; i < prev.size; i++) {
      const j = i + d;
      o2[j] = offset[i] + delta;
      const up = parent[i];
      p2[j] = up >= oldStop ? up + d : up;
      e2[j] = end[i] + d;
      const col = colon[i];
      c2[j] = col >= 0 ? col + delta : -1;
    }
  }
  // The values: native copies, one when the node count is the same (a spread into splice would
  // overflow the stack when the container is a large one).
  let values: unknown[];
  if (d === 0) {
    values = prev.values.slice();
    for (let j = 1; j <= m; j++) values[shift + j] = fresh.values[j];
  } else values = prev.values.slice(0, from).concat(fresh.values.slice(1), prev.values.slice(oldStop));
  const tree = new Tree(size, k2, o2, l2, p2, e2, c2, values);
  if (prev.repeated && fresh.repeated) {
    // Pairs outside the run stay (moved if after it); those inside come fresh. A partial parse
    // saw only some of the target's members: the target's own pairs are found again, in full.
    const repeated: number[] = [];
    const r = prev.repeated;
    for (let x = 0; x < r.length; x += 2) {
      const a = r[x];
      if (a >= from && a < oldStop) continue;
      if (partial && parent[a] === target) continue;
      repeated.push(a >= oldStop ? a + d : a, r[x + 1] >= oldStop ? r[x + 1] + d : r[x + 1]);
    }
    const fr = fresh.repeated;
    for (let x = 0; x < fr.length; x += 2) {
      if (partial && fresh.parent[fr[x]] === 0) continue;
      repeated.push(fr[x] + shift, fr[x + 1] + shift);
    }
    if (partial && k2[target] === OBJECT) findRepeated(target, e2, values, repeated);
    tree.repeated = repeated;
  }
  if (prev.lineStarts && fresh.lineStarts) {
    // Lines before the new text as they were, its own from the fresh parse (whose first entry, 0,
    // is its start, not a line's), the later ones moved. A wrapper's bracket is not in the text:
    // a line starting at the first member is an old one.
    const starts = prev.lineStarts;
    const before = firstAbove(starts, partial ? base + 1 : base);
    const after = firstAbove(starts, oldLimit - 1);
    const added = fresh.lineStarts.length - 1;
    const lines = starts.slice(0, before);
    lines.length = before + added + (starts.length - after);
    for (let x = 1; x <= added; x++) lines[before + x - 1] = fresh.lineStarts[x] + base;
    for (let x = after, y = before + added; x < starts.length; x++, y++) lines[y] = starts[x] + delta;
    tree.lineStarts = lines;
  }
  return tree;
}

/** The index of the first entry of the sorted `list` above `value`. */
function firstAbove(list: number[], value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A Tree's per-node arrays (what a front-end fills before `new Tree`). */
export interface Columns {
  kind: Uint8Array;
  offset: Int32Array;
  length: Int32Array;
  parent: Int32Array;
  end: Int32Array;
  colon: Int32Array;
}

/**
 * The tree of the first `size` nodes of columns made larger (room to grow while parsing): views of
 * them, as copying to exact size cost more than the spare room, and `values` cut to `size` in place.
 */
export function treeOfColumns(size: number, c: Columns, values: unknown[]): Tree {
  values.length = size;
  return new Tree(
    size,
    c.kind.subarray(0, size),
    c.offset.subarray(0, size),
    c.length.subarray(0, size),
    c.parent.subarray(0, size),
    c.end.subarray(0, size),
    c.colon.subarray(0, size),
    values,
  );
}

/** A Tree's per-node arrays for `n` nodes, zeroed, or holding `from`'s entries at the start. */
export function columns(n: number, from?: Columns): Columns {
  const c: Columns = {
    kind: new Uint8Array(n),
    offset: new Int32Array(n),
    length: new Int32Array(n),
    parent: new Int32Array(n),
    end: new Int32Array(n),
    colon: new Int32Array(n),
  };
  if (from) {
    c.kind.set(from.kind);
    c.offset.set(from.offset);
    c.length.set(from.length);
    c.parent.set(from.parent);
    c.end.set(from.end);
    c.colon.set(from.colon);
  }
  return c;
}

/**
 * The tree jsonc-parser's `parseTree` makes of any text (the fallback for text with syntax
 * errors: it recovers and reports), built straight into a Tree from its `visit` callbacks with
 * the same steps as `parseTree` (so the same nodes, down to a recovered property's length),
 * without making jsonc-parser's objects first.
 */
export function parseTreeTolerant(text: string, errors: ParseError[], options: ParseOptions): Tree | undefined {
  let cap = (text.length >> 3) + 64;
  let { kind, offset, length, parent, end, colon } = columns(cap);
  const values: unknown[] = [];
  let size = 0;
  // The innermost open node (parseTree's `currentParent`); -1 for its artificial root.
  let current = -1;

  const add = (k: number, at: number, len: number, value: unknown): number => {
    if (size === cap) {
      cap *= 2;
      ({ kind, offset, length, parent, end, colon } = columns(cap, { kind, offset, length, parent, end, colon }));
    }
    const i = size++;
    kind[i] = k;
    offset[i] = at;
    length[i] = len;
    parent[i] = current;
    end[i] = i + 1;
    colon[i] = -1;
    values.push(value);
    return i;
  };
  /** The current node is done: its subtree ends here, and its parent is current again. */
  const up = () => {
    end[current] = size;
    current = parent[current];
  };
  const propertyComplete = (endOffset: number) => {
    if (current >= 0 && kind[current] === PROPERTY) {
      length[current] = endOffset - offset[current];
      up();
    }
  };
  visit(
    text,
    {
      onObjectBegin: (at) => {
        current = add(OBJECT, at, -1, undefined);
      },
      onObjectProperty: (name, at, len) => {
        current = add(PROPERTY, at, -1, name);
        add(STRING, at, len, name);
      },
      onObjectEnd: (at, len) => {
        propertyComplete(at + len);
        if (current < 0) return;
        length[current] = at + len - offset[current];
        up();
        propertyComplete(at + len);
      },
      onArrayBegin: (at) => {
        current = add(ARRAY, at, -1, undefined);
      },
      onArrayEnd: (at, len) => {
        if (current < 0) return;
        length[current] = at + len - offset[current];
        up();
        propertyComplete(at + len);
      },
      onLiteralValue: (value: unknown, at, len) => {
        const t = typeof value;
        add(t === 'string' ? STRING : t === 'number' ? NUMBER : t === 'boolean' ? BOOLEAN : NULL, at, len, value);
        propertyComplete(at + len);
      },
      onSeparator: (sep, at) => {
        if (current >= 0 && kind[current] === PROPERTY) {
          if (sep === ':') colon[current] = at;
          else if (sep === ',') propertyComplete(at);
        }
      },
      onError: (error, at, len) => {
        errors.push({ error, offset: at, length: len });
      },
    },
    options,
  );
  while (current >= 0) up();
  if (size === 0) return undefined;
  // parseTree keeps the first top-level value; any after it (text after an error) are dropped.
  return treeOfColumns(end[0], { kind, offset, length, parent, end, colon }, values);
}

/** The value of the number token [at, stop): small integers without making a string. */
function numberValue(text: string, at: number, stop: number): number {
  if (stop - at > 9) return +text.slice(at, stop);
  let v = 0;
  for (let i = at; i < stop; i++) {
    const c = text.charCodeAt(i);
    if (c < CharCode.Digit0 || c > CharCode.Digit9) return +text.slice(at, stop);
    v = v * 10 + (c - 48);
  }
  return v;
}

/** End offset of a JSON number starting at i, or -1. */
function scanNumber(text: string, i: number): number {
  const n = text.length;
  if (text.charCodeAt(i) === CharCode.Dash) i++;
  let c = text.charCodeAt(i);
  if (c === CharCode.Digit0) i++;
  else if (c >= CharCode.Digit1 && c <= CharCode.Digit9) {
    while (i < n && (c = text.charCodeAt(i)) >= CharCode.Digit0 && c <= CharCode.Digit9) i++;
  } else return -1;
  if (text.charCodeAt(i) === CharCode.Period) {
    i++;
    const s = i;
    while (i < n && (c = text.charCodeAt(i)) >= CharCode.Digit0 && c <= CharCode.Digit9) i++;
    if (i === s) return -1;
  }
  c = text.charCodeAt(i);
  if (c === CharCode.e || c === CharCode.E) {
    i++;
    c = text.charCodeAt(i);
    if (c === CharCode.Plus || c === CharCode.Dash) i++;
    const s = i;
    while (i < n && (c = text.charCodeAt(i)) >= CharCode.Digit0 && c <= CharCode.Digit9) i++;
    if (i === s) return -1;
  }
  return i;
}
