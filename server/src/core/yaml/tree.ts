import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Pair } from 'yaml';
import { ARRAY, BOOLEAN, columns, findRepeatedKeys, NULL, NUMBER, OBJECT, PROPERTY, STRING, Tree, treeOfColumns } from '../fastParse';
import type { SyntaxIssue } from '../parse';
import { yamlStringOffsets } from './strings';
import { longFormOf } from './tags';
import { CharCode, isWhitespace } from '../chars';

/**
 * The YAML front-end: the same compact Tree the JSON parser fills (see core/tree.ts), built from
 * the `yaml` library's parsed nodes, with every offset in the host text. Mappings are objects,
 * sequences arrays, scalars strings / numbers / booleans / null as YAML 1.2's core schema reads
 * them; aliases stand for their anchor's node (its subtree appears again, at the anchor's
 * offsets); `<<` merge keys bring in the merged mapping's other keys; CloudFormation short-form
 * tags are their long forms (`!Sub x` is an object with one property `Fn::Sub`, the key's range
 * being the tag; `!GetAtt a.b` is `["a", "b"]`).
 */

/** The options every YAML text of ours is parsed with (repeated keys are our rule's finding). */
export const YAML_OPTIONS = { uniqueKeys: false, prettyErrors: false, version: '1.2' } as const;

/** Nesting past this is refused, as the JSON parser refuses it (see parse.ts MAX_DEPTH). */
const MAX_DEPTH = 1000;
/** A first guess of the node count: about one node per 12 characters of YAML. */
const CHARS_PER_NODE = 12;

/** Nodes of the yaml library, as far as this module reads them. */
type YNode = { range?: [number, number, number] | null; tag?: string; anchor?: string };

/**
 * Trees in which no node stands for another part of the text (no anchor, alias or merge key) and
 * nothing was refused: a part of such a tree can be parsed again alone (see splice.ts).
 */
const SELF_CONTAINED = new WeakSet<Tree>();

export function isSelfContained(tree: Tree): boolean {
  return SELF_CONTAINED.has(tree);
}

export function markSelfContained(tree: Tree): void {
  SELF_CONTAINED.add(tree);
}

/**
 * The tree of a whole YAML text (`node` omitted), or of one node of a document parsed from that
 * same text (a `Definition:` inside a template): `doc` resolves aliases. Problems the tree
 * itself finds (an alias to no anchor, a recursive alias) go to `issues`.
 */
export function treeFromYaml(text: string, node?: unknown, doc?: Document, issues: SyntaxIssue[] = []): Tree | undefined {
  if (node === undefined) {
    doc = parseDocument(text, YAML_OPTIONS);
    node = doc.contents;
  }
  if (node === null || node === undefined) return undefined;
  const b = new Builder(text, doc, issues, (text.length / CHARS_PER_NODE + 64) | 0);
  const before = issues.length;
  b.node(node, -1, 0);
  const tree = b.finish();
  if (!b.shared && issues.length === before) SELF_CONTAINED.add(tree);
  return tree;
}

class Builder {
  size = 0;
  kind: Uint8Array;
  offset: Int32Array;
  length: Int32Array;
  parent: Int32Array;
  end: Int32Array;
  colon: Int32Array;
  values: unknown[] = [];
  /** Whether an anchor, alias or merge key was met: then one part of the text shows in another. */
  shared = false;
  /** Aliases being expanded (a node that contains its own alias would never end). */
  private readonly active = new Set<unknown>();

  constructor(
    private readonly text: string,
    private readonly doc: Document | undefined,
    private readonly issues: SyntaxIssue[],
    private cap: number,
  ) {
    ({ kind: this.kind, offset: this.offset, length: this.length, parent: this.parent, end: this.end, colon: this.colon } = columns(cap));
  }

  finish(): Tree {
    const tree = treeOfColumns(this.size, this, this.values);
    tree.repeated = findRepeatedKeys(tree);
    setYamlStrings(tree);
    return tree;
  }

  private add(k: number, at: number, len: number, up: number, value: unknown): number {
    if (this.size === this.cap) this.grow();
    const i = this.size++;
    this.kind[i] = k;
    this.offset[i] = at;
    this.length[i] = len;
    this.parent[i] = up;
    this.end[i] = i + 1;
    this.colon[i] = -1;
    this.values[i] = value;
    return i;
  }

  /** Closes node i: its subtree ends here and its text at `stop`. */
  private close(i: number, stop: number): void {
    this.end[i] = this.size;
    this.length[i] = Math.max(0, stop - this.offset[i]);
  }

  private grow(): void {
    this.cap *= 2;
    ({
      kind: this.kind,
      offset: this.offset,
      length: this.length,
      parent: this.parent,
      end: this.end,
      colon: this.colon,
    } = columns(this.cap, this));
  }

  private stopOf(i: number): number {
    return this.offset[i] + this.length[i];
  }

  /** Emits a node (and its subtree) under `up`; returns its index. */
  node(n: unknown, up: number, depth: number): number {
    const range = (n as YNode).range ?? [0, 0, 0];
    if (depth > MAX_DEPTH) {
      this.issues.push({
        offset: range[0],
        length: 1,
        message: `The YAML is nested more than ${MAX_DEPTH} levels deep here; no state machine needs that.`,
      });
      return this.add(NULL, range[0], 0, up, null);
    }
    if ((n as YNode).anchor) this.shared = true;
    if (isAlias(n)) {
      this.shared = true;
      const target = this.doc ? n.resolve(this.doc) : undefined;
      if (!target || this.active.has(target)) {
        const message = target
          ? `The alias *${n.source} is used inside its own anchor's node: it would never end.`
          : `Unknown alias *${n.source}: no anchor &${n.source} is defined before it.`;
        this.issues.push({ offset: range[0], length: range[1] - range[0], message });
        return this.add(NULL, range[0], range[1] - range[0], up, null);
      }
      this.active.add(target);
      const i = this.node(target, up, depth + 1);
      this.active.delete(target);
      return i;
    }
    const tag = (n as YNode).tag;
    const long = longFormOf(tag);
    if (long !== undefined && tag !== undefined) return this.shortForm(n, tag, long, up, depth);
    return this.untagged(n, up, depth);
  }

  /** `!Tag value` as `{ "Long": value }`, from the tag to the value's end. */
  private shortForm(n: unknown, tag: string, long: string, up: number, depth: number): number {
    const start = (n as YNode).range?.[0] ?? 0;
    const found = this.text.lastIndexOf(tag, start);
    const at = found >= 0 ? found : start;
    const obj = this.add(OBJECT, at, 0, up, undefined);
    const prop = this.add(PROPERTY, at, 0, obj, long);
    this.add(STRING, at, found >= 0 ? tag.length : 0, prop, long);
    const v =
      long === 'Fn::GetAtt' && isScalar(n) && typeof n.value === 'string'
        ? this.getAtt(n.value, n.range ?? [start, start, start], prop)
        : this.untagged(n, prop, depth + 1);
    const stop = Math.max(this.stopOf(v), at + tag.length);
    this.close(prop, stop);
    this.close(obj, stop);
    return obj;
  }

  /** `!GetAtt Resource.Attribute` as the array `["Resource", "Attribute"]`, each part at its text. */
  private getAtt(value: string, range: [number, number, number], up: number): number {
    const [s, e] = range;
    const arr = this.add(ARRAY, s, e - s, up, undefined);
    const dot = value.indexOf('.');
    const parts = dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)];
    // Where the text holds the value as written (plain, or quoted without escapes), parts are exact.
    let base = this.text.indexOf(value, s);
    if (base < 0 || base + value.length > e) base = -1;
    let from = 0;
    for (const part of parts) {
      if (base >= 0) this.add(STRING, base + from, part.length, arr, part);
      else this.add(STRING, s, e - s, arr, part);
      from += part.length + 1;
    }
    this.close(arr, e);
    return arr;
  }

  private untagged(n: unknown, up: number, depth: number): number {
    const range = (n as YNode).range ?? [0, 0, 0];
    if (isScalar(n)) {
      const v = n.value;
      let stop = range[1];
      if (n.type === 'BLOCK_LITERAL' || n.type === 'BLOCK_FOLDED') stop = trimEnd(this.text, range[0], stop);
      const len = stop - range[0];
      if (typeof v === 'string') return this.add(STRING, range[0], len, up, v);
      if (typeof v === 'number') return this.add(NUMBER, range[0], len, up, v);
      if (typeof v === 'boolean') return this.add(BOOLEAN, range[0], len, up, v);
      if (v === null || v === undefined) return this.add(NULL, range[0], len, up, null);
      return this.add(STRING, range[0], len, up, String(v));
    }
    if (isMap(n)) {
      const obj = this.add(OBJECT, range[0], 0, up, undefined);
      const own = new Set<string>();
      for (const p of n.items) own.add(keyTextOf(p.key));
      for (const p of n.items) {
        if (own.has('<<') && keyTextOf(p.key) === '<<' && isScalar(p.key) && p.key.type === 'PLAIN') {
          this.shared = true;
          this.merge(p.value, obj, own, depth);
        } else this.pair(p, obj, depth);
      }
      this.close(obj, this.containerStop(obj, range, n.flow === true));
      return obj;
    }
    if (isSeq(n)) {
      const arr = this.add(ARRAY, range[0], 0, up, undefined);
      for (const item of n.items) {
        if (isPair(item)) {
          // `[a: 1]`: a flow sequence's implicit single-pair mapping.
          const start = (item.key as YNode | null)?.range?.[0] ?? range[0];
          const obj = this.add(OBJECT, start, 0, arr, undefined);
          this.pair(item, obj, depth + 1);
          this.close(obj, this.stopOf(obj + 1));
        } else this.node(item, arr, depth + 1);
      }
      this.close(arr, this.containerStop(arr, range, n.flow === true));
      return arr;
    }
    return this.add(NULL, range[0], range[1] - range[0], up, null);
  }

  /** A flow collection ends at its bracket; a block one with its last entry. */
  private containerStop(i: number, range: [number, number, number], flow: boolean): number {
    if (flow || this.size === i + 1) return range[1];
    let last = i + 1;
    while (this.end[last] < this.size) last = this.end[last];
    return this.stopOf(last);
  }

  private pair(p: Pair, obj: number, depth: number): void {
    const key = p.key as YNode | null;
    const value = p.value as YNode | null;
    const text = keyTextOf(p.key);
    const kr = key?.range;
    const keyStart = kr ? kr[0] : (value?.range?.[0] ?? this.offset[obj]);
    const keyEnd = kr ? kr[1] : keyStart;
    const prop = this.add(PROPERTY, keyStart, 0, obj, text);
    this.add(STRING, keyStart, keyEnd - keyStart, prop, text);
    this.colon[prop] = this.colonAfter(keyEnd);
    let stop = keyEnd;
    if (value !== null && value !== undefined) stop = this.stopOf(this.node(value, prop, depth + 1));
    this.close(prop, stop);
  }

  /** `<<: *base` (or a list of them): the merged mappings' keys this mapping does not set itself. */
  private merge(source: unknown, obj: number, own: Set<string>, depth: number): void {
    const resolve = (n: unknown): unknown => (isAlias(n) && this.doc ? n.resolve(this.doc) : n);
    const from = resolve(source);
    const maps = isSeq(from) ? from.items.map(resolve) : [from];
    for (const m of maps) {
      if (!isMap(m)) continue;
      for (const p of m.items) {
        const k = keyTextOf(p.key);
        if (own.has(k)) continue;
        own.add(k);
        this.pair(p, obj, depth + 1);
      }
    }
  }

  /** The offset of the `:` after a key (spaces and an explicit key's line break between), or -1. */
  private colonAfter(at: number): number {
    const text = this.text;
    let i = at;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === CharCode.Colon) return i;
      if (!isWhitespace(c)) return -1;
      i++;
    }
    return -1;
  }
}

/** A YAML tree's strings map value indexes to the text through YAML's quoting and escapes. */
export function setYamlStrings(tree: Tree): void {
  tree.strings = (text, i) => yamlStringOffsets(text, tree.offset[i], tree.length[i], String(tree.values[i]));
}

/** A key as text: a scalar's value, else the node's YAML (complex keys are rare in a machine). */
function keyTextOf(key: unknown): string {
  if (key === null || key === undefined) return '';
  if (isScalar(key)) return key.value === null || key.value === undefined ? '' : String(key.value);
  return String(key);
}

/** The end of [from, to) without its trailing blanks and line breaks (a block scalar's range keeps them). */
function trimEnd(text: string, from: number, to: number): number {
  let e = to;
  while (e > from + 1) {
    const c = text.charCodeAt(e - 1);
    if (!isWhitespace(c)) break;
    e--;
  }
  return e;
}
