import type { JsonNode } from './parse';

/**
 * Text offset of index `i` of a string node's decoded value. JSON escapes make the two differ;
 * without a backslash in the raw text they are the same plus one for the quote.
 */
export function stringIndexToOffset(text: string, node: JsonNode, i: number): number {
  const start = node.offset + 1;
  const raw = text.slice(start, node.offset + node.length);
  if (!raw.includes('\\')) return start + i;
  let decoded = 0;
  let r = 0;
  while (r < raw.length && decoded < i) {
    if (raw.charCodeAt(r) === 92 /* \ */) r += raw[r + 1] === 'u' ? 6 : 2;
    else r++;
    decoded++;
  }
  return start + r;
}

/** Offset and length in the text of the decoded value's slice [from, to). */
export function stringSliceRange(text: string, node: JsonNode, from: number, to: number): { offset: number; length: number } {
  const offset = stringIndexToOffset(text, node, from);
  const end = stringIndexToOffset(text, node, Math.max(from, to));
  return { offset, length: Math.max(1, end - offset) };
}
