/**
 * Variable reads in JSONPath-mode strings. AWS: "You can reference a variable in any field that
 * accepts a JSONPath expression ($. or $$. syntax), with the exception of ResultPath", written
 * `$x` or `$order.numItems`; "In JSONPath fields that accept intrinsic functions, variables can be
 * used in the arguments, for example States.Format('The order number is {}', $order.number)".
 * So a read is a `$name` at the start of a path, or at the start of an intrinsic argument, never
 * `$$` (the Context object), `$.`/`$[` (the input), or anything inside a quoted 'literal'.
 */
import { nameAt } from './names';
import { CharCode, isWhitespace } from '../chars';

export interface PathRead {
  name: string;
  /** Range of `$name` in the string value: [start, end). */
  start: number;
  end: number;
}

/** The variables a path (`$x.a`) or intrinsic call (`States.Format('{}', $x)`) reads. */
export function variablesInPath(value: string): PathRead[] {
  if (value.startsWith('$')) {
    const read = readAt(value, 0);
    return read ? [read] : [];
  }
  if (!value.startsWith('States.')) return [];
  const out: PathRead[] = [];
  let argStart = false;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (quoted) {
      if (c === CharCode.Backslash) i++;
      else if (c === CharCode.SingleQuote) quoted = false;
      continue;
    }
    if (c === CharCode.SingleQuote) {
      quoted = true;
      argStart = false;
    } else if (c === CharCode.OpenParen || c === CharCode.Comma) {
      argStart = true;
    } else if (isWhitespace(c)) {
      // Spaces between arguments keep the position an argument start.
    } else {
      if (c === CharCode.Dollar && argStart) {
        const read = readAt(value, i);
        if (read) out.push(read);
      }
      argStart = false;
    }
  }
  return out;
}

function readAt(value: string, i: number): PathRead | undefined {
  const next = value.charCodeAt(i + 1);
  // `$$` is the Context object; `$`, `$.x`, `$[0]` the input; `${...}` a template placeholder.
  if (
    next === CharCode.Dollar ||
    next === CharCode.Period ||
    next === CharCode.OpenSquareBracket ||
    next === CharCode.OpenCurlyBrace ||
    Number.isNaN(next)
  )
    return undefined;
  const name = nameAt(value, i + 1);
  return name ? { name, start: i, end: i + 1 + name.length } : undefined;
}
