/**
 * The expression inside a `{% ... %}` string, or undefined when the string is not one. AWS: "the
 * string must start with {% with no leading spaces, and must end with %} with no trailing spaces";
 * anything else is a literal string (or, when half-delimited, a validation error).
 */
export function jsonataExpression(value: string): string | undefined {
  if (value.length < 4 || !value.startsWith('{%') || !value.endsWith('%}')) return undefined;
  return value.slice(2, -2);
}

export { stringOffsets } from '../strings';
