/**
 * Variable reads in JSONPath-mode strings. AWS: "You can reference a variable in any field that
 * accepts a JSONPath expression ($. or $$. syntax), with the exception of ResultPath", written
 * `$x` or `$order.numItems`; "In JSONPath fields that accept intrinsic functions, variables can be
 * used in the arguments, for example States.Format('The order number is {}', $order.number)".
 * So a read is a `$name` at the start of a path, or at the start of an intrinsic argument, never
 * `$$` (the Context object), `$.`/`$[` (the input), or anything inside a quoted 'literal'.
 */
import { nameAt } from './names';

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
      if (c === 92 /* \ */) i++;
      else if (c === 39 /* ' */) quoted = false;
      continue;
    }
    if (c === 39) {
      quoted = true;
      argStart = false;
    } else if (c === 40 /* ( */ || c === 44 /* , */) {
      argStart = true;
    } else if (c === 32 || c === 9 || c === 10 || c === 13) {
      // Spaces between arguments keep the position an argument start.
    } else {
      if (c === 36 /* $ */ && argStart) {
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
  if (next === 36 || next === 46 || next === 91 || next === 123 || Number.isNaN(next)) return undefined;
  const name = nameAt(value, i + 1);
  return name ? { name, start: i, end: i + 1 + name.length } : undefined;
}
