import type { JsonNode } from '../parse';

/**
 * The text range of `value.slice(start, end)` for a JSON string node. The node's offset is that
 * of the opening quote, and JSON escapes (`\"`, `\\`, `\u00e9`) make the text longer than the
 * value, so the raw text is walked to map value indexes to text offsets.
 */
export function textRangeOfValue(text: string, node: JsonNode, start: number, end: number): { offset: number; length: number } {
  const rawStart = node.offset + 1;
  let rawEnd = node.offset + node.length;
  if (rawEnd > rawStart && text.charCodeAt(rawEnd - 1) === 34 /* " */) rawEnd--;
  const value = typeof node.value === 'string' ? node.value : '';
  if (rawEnd - rawStart === value.length) {
    // No escapes: value index i is at text offset rawStart + i.
    return { offset: rawStart + start, length: Math.max(0, end - start) };
  }
  let i = 0; // value index
  let p = rawStart; // text offset
  let from = -1;
  while (p < rawEnd) {
    if (i === start) from = p;
    if (i === end) break;
    if (text.charCodeAt(p) === 92 /* \ */) p += text.charCodeAt(p + 1) === 117 /* u */ ? 6 : 2;
    else p++;
    i++;
  }
  if (from < 0) from = Math.min(p, rawEnd);
  const to = Math.min(p, rawEnd);
  return { offset: from, length: Math.max(0, to - from) };
}
