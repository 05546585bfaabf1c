/**
 * Where each character of a YAML string's value is in the text: the YAML counterpart of the JSON
 * walk in core/strings.ts. The style is read from the scalar's first character (`"`, `'`, `|`,
 * `>`, else plain). Escapes (`\t`, `\x41`, `\u00e9`, `\U0001F600`, `''`), line folding (a line
 * break that became a space), escaped line breaks and block indentation are stepped over, so a
 * finding at value index i lands on the character the user wrote.
 */
import { CharCode, isWhitespace } from '../chars';

/** Length of the escape starting at a backslash, by the letter after it (`\x41` is 4 characters). */
const ESCAPE_LENGTH: Readonly<Record<string, number>> = { x: 4, u: 6, U: 10 };

/** The mapper of one scalar: value index -> text offset (past the end maps to the value's end). */
export function yamlStringOffsets(text: string, offset: number, length: number, value: string): (index: number) => number {
  const first = text.charCodeAt(offset);
  const end = offset + length;
  const quoted = first === CharCode.DoubleQuote || first === CharCode.SingleQuote;
  const block = first === CharCode.Pipe || first === CharCode.GreaterThan;
  let body = quoted ? offset + 1 : offset;
  let bodyEnd = quoted && end > body && text.charCodeAt(end - 1) === first ? end - 1 : end;
  // One line, no escapes: a plain shift (the common case: a key, a state name, an ARN).
  if (!block && bodyEnd - body === value.length && text.startsWith(value, body)) {
    const start = body;
    const stop = bodyEnd;
    return (i) => Math.max(start, Math.min(start + i, stop));
  }
  let indent = 0;
  if (block) {
    const nl = text.indexOf('\n', offset);
    body = nl < 0 || nl >= end ? end : nl + 1;
    indent = blockIndent(text, body, end);
    bodyEnd = end;
  }
  const map = new Array<number>(value.length + 1);
  let p = body;
  if (block) p = skipIndent(text, p, indent);
  for (let k = 0; k < value.length; k++) {
    const ch = value.charCodeAt(k);
    if (first === CharCode.DoubleQuote && text.charCodeAt(p) === CharCode.Backslash) {
      const next = text.charCodeAt(p + 1);
      if (next === CharCode.LineFeed || next === CharCode.CarriageReturn) {
        // An escaped line break is no character: go on at the next line's first character.
        p = skipSpaces(text, lineAfter(text, p + 1));
        k--;
        continue;
      }
      map[k] = p;
      p += ESCAPE_LENGTH[text[p + 1]] ?? 2;
      // A \U escape beyond the BMP is two UTF-16 units of the value.
      if (ch >= CharCode.HighSurrogateFirst && ch <= CharCode.HighSurrogateLast && k + 1 < value.length) map[++k] = map[k - 1];
      continue;
    }
    if (
      first === CharCode.SingleQuote &&
      ch === CharCode.SingleQuote &&
      text.charCodeAt(p) === CharCode.SingleQuote &&
      text.charCodeAt(p + 1) === CharCode.SingleQuote
    ) {
      map[k] = p;
      p += 2;
      continue;
    }
    const fold = ch === CharCode.Space || ch === CharCode.LineFeed;
    while (p < bodyEnd && text.charCodeAt(p) !== ch) {
      // A line break in the text stands for this space or newline of the value (folding).
      if (fold && (text.charCodeAt(p) === CharCode.LineFeed || text.charCodeAt(p) === CharCode.CarriageReturn)) break;
      p++;
    }
    map[k] = Math.min(p, bodyEnd);
    const c = text.charCodeAt(p);
    if (c === CharCode.LineFeed || c === CharCode.CarriageReturn) {
      p = lineAfter(text, p);
      p = block ? skipIndent(text, p, indent) : skipSpaces(text, p);
    } else if (p < bodyEnd) p++;
  }
  const n = value.length;
  map[n] = n > 0 ? Math.min(bodyEnd, Math.max(map[n - 1] + 1, Math.min(p, lastContent(text, body, bodyEnd)))) : body;
  return (i) => (i < 0 ? map[0] : i < map.length ? map[i] : map[map.length - 1]);
}

/** The offset just after the line break at p (CRLF counts as one). */
function lineAfter(text: string, p: number): number {
  if (text.charCodeAt(p) === CharCode.CarriageReturn && text.charCodeAt(p + 1) === CharCode.LineFeed) return p + 2;
  return p + 1;
}

function skipSpaces(text: string, p: number): number {
  while (text.charCodeAt(p) === CharCode.Space || text.charCodeAt(p) === CharCode.Tab) p++;
  return p;
}

/** Past at most `indent` spaces: a block scalar's indentation is not part of its value. */
function skipIndent(text: string, p: number, indent: number): number {
  for (let n = 0; n < indent && text.charCodeAt(p) === CharCode.Space; n++) p++;
  return p;
}

/** The indentation of a block scalar: that of its first line with content. */
function blockIndent(text: string, body: number, end: number): number {
  let p = body;
  while (p < end) {
    let q = p;
    while (text.charCodeAt(q) === CharCode.Space) q++;
    const c = text.charCodeAt(q);
    if (c !== CharCode.LineFeed && c !== CharCode.CarriageReturn) return q - p;
    p = lineAfter(text, q);
  }
  return 0;
}

/** The end of the last non-blank character in [from, to), for the value's end. */
function lastContent(text: string, from: number, to: number): number {
  let e = to;
  while (e > from) {
    const c = text.charCodeAt(e - 1);
    if (!isWhitespace(c)) break;
    e--;
  }
  return e;
}
