import type { JsonNode } from '../parse';

/**
 * The expression inside a `{% ... %}` string, or undefined when the string is not one. AWS: "the
 * string must start with {% with no leading spaces, and must end with %} with no trailing spaces";
 * anything else is a literal string (or, when half-delimited, a validation error).
 */
export function jsonataExpression(value: string): string | undefined {
  if (value.length < 4 || !value.startsWith('{%') || !value.endsWith('%}')) return undefined;
  return value.slice(2, -2);
}

/**
 * Maps an index into a JSON string node's decoded value to an offset in the text. The node's
 * offset includes the opening quote, and each escape (`\n`, `\"`, `\u00e9`) is one code unit of
 * the value but two or six characters of the text.
 */
export function stringOffsets(text: string, node: JsonNode): (index: number) => number {
  const start = node.offset + 1;
  const end = node.offset + node.length - 1;
  let backslash = start;
  while (backslash < end && text.charCodeAt(backslash) !== 92 /* \ */) backslash++;
  if (backslash >= end) return (i) => start + i;
  const map: number[] = [];
  let p = start;
  while (p < end) {
    map.push(p);
    if (text.charCodeAt(p) === 92 /* \ */) p += text.charCodeAt(p + 1) === 117 /* u */ ? 6 : 2;
    else p++;
  }
  map.push(Math.min(p, end));
  return (i) => (i < 0 ? start : i < map.length ? map[i] : map[map.length - 1]);
}
