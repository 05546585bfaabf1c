import type { Tree } from './fastParse';
import { CharCode } from './chars';

/** A node's range in the text (`tree.range(i)`). */
type TextRange = { readonly offset: number; readonly length: number };

/**
 * Maps indexes of a string node's decoded value to offsets in the text. The node's offset is that
 * of the opening quote, and JSON escapes (`\"`, `\\`, `\u00e9`) make the text longer than the
 * value, so the raw text is walked once; without a backslash it is a plain shift. Indexes past
 * the end map to the end of the value. Rules map sub-string ranges through the tree's forms below
 * (`stringOffsetsAt` ...), which also serve trees of another syntax (`Tree.strings`: YAML).
 */
export function stringOffsets(text: string, node: TextRange): (index: number) => number {
  const start = node.offset + 1;
  let end = node.offset + node.length;
  if (end > start && text.charCodeAt(end - 1) === CharCode.DoubleQuote) end--;
  let backslash = start;
  while (backslash < end && text.charCodeAt(backslash) !== CharCode.Backslash) backslash++;
  if (backslash >= end) return (i) => start + Math.max(0, Math.min(i, end - start));
  const map: number[] = [];
  let p = start;
  while (p < end) {
    map.push(p);
    if (text.charCodeAt(p) === CharCode.Backslash) p += text.charCodeAt(p + 1) === CharCode.u ? 6 : 2;
    else p++;
  }
  map.push(Math.min(p, end));
  return (i) => (i < 0 ? start : i < map.length ? map[i] : map[map.length - 1]);
}

/** The text range of `value.slice(start, end)` for a JSON string node (may be empty). */
export function textRangeOfValue(text: string, node: TextRange, start: number, end: number): { offset: number; length: number } {
  const at = stringOffsets(text, node);
  const offset = at(start);
  return { offset, length: Math.max(0, at(Math.max(start, end)) - offset) };
}

/** Like textRangeOfValue, but at least one character long, so an editor can show it. */
export function stringSliceRange(text: string, node: TextRange, from: number, to: number): { offset: number; length: number } {
  const r = textRangeOfValue(text, node, from, to);
  return { offset: r.offset, length: Math.max(1, r.length) };
}

/**
 * Where string node i's value indexes are in the text, for a tree of any syntax: a YAML tree
 * carries its own mapper (quoting, escapes, folded and literal blocks); JSON strings are walked
 * here. The one place every rule maps sub-string ranges through.
 */
export function stringOffsetsAt(text: string, tree: Tree, i: number): (index: number) => number {
  return tree.strings ? tree.strings(text, i) : stringOffsets(text, tree.range(i));
}

/** `textRangeOfValue` for string node i of a tree of any syntax. */
export function valueRangeAt(text: string, tree: Tree, i: number, start: number, end: number): { offset: number; length: number } {
  const at = stringOffsetsAt(text, tree, i);
  const offset = at(start);
  return { offset, length: Math.max(0, at(Math.max(start, end)) - offset) };
}

/** `stringSliceRange` for string node i of a tree of any syntax: at least one character long. */
export function sliceRangeAt(text: string, tree: Tree, i: number, from: number, to: number): { offset: number; length: number } {
  const r = valueRangeAt(text, tree, i, from, to);
  return { offset: r.offset, length: Math.max(1, r.length) };
}
