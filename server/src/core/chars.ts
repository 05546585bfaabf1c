/**
 * Character codes by name, for the scanners of the core (JSON, YAML strings, JSONPath,
 * intrinsics, JSONata, the completion cursor) that compare `charCodeAt` results. A const enum:
 * tsc and esbuild write the number at each use, so the hot loops compare with a literal as before.
 */
export const enum CharCode {
  Backspace = 0x08,
  Tab = 0x09,
  LineFeed = 0x0a,
  VerticalTab = 0x0b,
  FormFeed = 0x0c,
  CarriageReturn = 0x0d,
  Space = 0x20,
  ExclamationMark = 0x21,
  DoubleQuote = 0x22,
  Dollar = 0x24,
  Ampersand = 0x26,
  SingleQuote = 0x27,
  OpenParen = 0x28,
  CloseParen = 0x29,
  Asterisk = 0x2a,
  Plus = 0x2b,
  Comma = 0x2c,
  Dash = 0x2d,
  Period = 0x2e,
  Slash = 0x2f,
  Digit0 = 0x30,
  Digit1 = 0x31,
  Digit9 = 0x39,
  Colon = 0x3a,
  LessThan = 0x3c,
  Equals = 0x3d,
  GreaterThan = 0x3e,
  QuestionMark = 0x3f,
  AtSign = 0x40,
  A = 0x41,
  E = 0x45,
  Z = 0x5a,
  OpenSquareBracket = 0x5b,
  Backslash = 0x5c,
  CloseSquareBracket = 0x5d,
  Underline = 0x5f,
  BackTick = 0x60,
  a = 0x61,
  e = 0x65,
  f = 0x66,
  n = 0x6e,
  t = 0x74,
  u = 0x75,
  z = 0x7a,
  OpenCurlyBrace = 0x7b,
  Pipe = 0x7c,
  CloseCurlyBrace = 0x7d,
  /** The first code past ASCII. */
  FirstNonAscii = 0x80,
  HighSurrogateFirst = 0xd800,
  HighSurrogateLast = 0xdbff,
  LowSurrogateFirst = 0xdc00,
  LowSurrogateLast = 0xdfff,
}

/** Space, tab, line feed, carriage return: JSON's whitespace (RFC 8259 §2), YAML's blanks and breaks. */
export function isWhitespace(c: number): boolean {
  return c === CharCode.Space || c === CharCode.Tab || c === CharCode.LineFeed || c === CharCode.CarriageReturn;
}

export function isAsciiDigit(c: number): boolean {
  return c >= CharCode.Digit0 && c <= CharCode.Digit9;
}

export function isAsciiLetter(c: number): boolean {
  return (c >= CharCode.A && c <= CharCode.Z) || (c >= CharCode.a && c <= CharCode.z);
}
