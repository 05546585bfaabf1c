/**
 * A JSONata tokenizer that accepts exactly what the `jsonata` library's tokenizer accepts (same
 * operators, names, strings, numbers, regexes and comments), but records where each token starts,
 * allocates little, and does not build the library's tables on every call. The library stays the
 * authority on error messages: see analyze.ts.
 */
import { CharCode } from '../chars';

export type TokenType = 'operator' | 'name' | 'variable' | 'string' | 'number' | 'value' | 'regex';

export interface Token {
  type: TokenType;
  /** Operator text, name (without `$` for variables), decoded string, number, true/false/null. */
  value: string | number | boolean | null;
  /** Offsets in the expression: [start, end). */
  start: number;
  end: number;
}

/** A tokenizer error, with the library's error code. */
export class LexError {
  constructor(
    readonly code: string,
    readonly start: number,
    readonly end: number,
  ) {}
}

/** Characters that end a name (the library's single-character operators, `!` and `~` included). */
const STOP = new Uint8Array(128);
for (const c of '.[]{}(),@#;:?+-*/%|=<>^&!~') STOP[c.charCodeAt(0)] = 1;

function isSpace(c: number): boolean {
  return (
    c === CharCode.Space || c === CharCode.Tab || c === CharCode.LineFeed || c === CharCode.CarriageReturn || c === CharCode.VerticalTab
  );
}

function isStop(c: number): boolean {
  return c < CharCode.FirstNonAscii && STOP[c] === 1;
}

const TWO_CHAR = new Set(['..', ':=', '!=', '>=', '<=', '**', '~>', '?:', '??']);
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const NUMBER = /(0|[1-9][0-9]*)(\.[0-9]+)?([Ee][-+]?[0-9]+)?/y;
const HEX4 = /^[0-9a-fA-F]+$/;

export class Lexer {
  private pos = 0;

  constructor(private readonly src: string) {}

  /**
   * The next token, or null at the end. `afterOperand` is true where the previous token ended an
   * operand: there `/` is division, elsewhere it opens a regular expression (as in the library).
   */
  next(afterOperand: boolean): Token | null {
    const src = this.src;
    const len = src.length;
    let pos = this.pos;
    for (;;) {
      while (pos < len && isSpace(src.charCodeAt(pos))) pos++;
      if (src.charCodeAt(pos) === CharCode.Slash && src.charCodeAt(pos + 1) === CharCode.Asterisk) {
        const close = src.indexOf('*/', pos + 2);
        if (close < 0) throw new LexError('S0106', pos, len);
        pos = close + 2;
        continue;
      }
      break;
    }
    this.pos = pos;
    if (pos >= len) return null;
    const start = pos;
    const c = src.charCodeAt(pos);

    if (!afterOperand && c === CharCode.Slash) return this.regex(start);
    if (isStop(c)) {
      const two = src.substr(pos, 2);
      if (TWO_CHAR.has(two)) {
        this.pos = pos + 2;
        return { type: 'operator', value: two, start, end: pos + 2 };
      }
    }
    if (isStop(c)) {
      this.pos = pos + 1;
      return { type: 'operator', value: src[pos], start, end: pos + 1 };
    }
    if (c === CharCode.DoubleQuote || c === CharCode.SingleQuote) return this.string(start, c);
    const m = c >= CharCode.Digit0 && c <= CharCode.Digit9 ? ((NUMBER.lastIndex = pos), NUMBER.exec(src)) : null;
    if (m) {
      const n = parseFloat(m[0]);
      if (!isFinite(n)) throw new LexError('S0102', start, start + m[0].length);
      this.pos = pos + m[0].length;
      return { type: 'number', value: n, start, end: this.pos };
    }
    if (c === CharCode.BackTick) {
      const close = src.indexOf('`', pos + 1);
      if (close < 0) throw new LexError('S0105', start, len);
      this.pos = close + 1;
      return { type: 'name', value: src.slice(pos + 1, close), start, end: this.pos };
    }
    let i = pos;
    while (i < len) {
      const d = src.charCodeAt(i);
      if (isSpace(d) || isStop(d)) break;
      i++;
    }
    this.pos = i;
    if (c === CharCode.Dollar) return { type: 'variable', value: src.slice(pos + 1, i), start, end: i };
    const name = src.slice(pos, i);
    switch (name) {
      case 'and':
      case 'or':
      case 'in':
        return { type: 'operator', value: name, start, end: i };
      case 'true':
        return { type: 'value', value: true, start, end: i };
      case 'false':
        return { type: 'value', value: false, start, end: i };
      case 'null':
        return { type: 'value', value: null, start, end: i };
      default:
        return { type: 'name', value: name, start, end: i };
    }
  }

  private string(start: number, quote: number): Token {
    const src = this.src;
    const len = src.length;
    let pos = start + 1;
    let out = '';
    let run = pos;
    while (pos < len) {
      const c = src.charCodeAt(pos);
      if (c === CharCode.Backslash) {
        out += src.slice(run, pos);
        pos++;
        const e = src.charAt(pos);
        if (e in ESCAPES) {
          out += ESCAPES[e];
        } else if (e === 'u') {
          // Like the library: up to four hex digits are read, even when fewer remain.
          const hex = src.substr(pos + 1, 4);
          if (!HEX4.test(hex)) throw new LexError('S0104', pos - 1, Math.min(len, pos + 5));
          out += String.fromCharCode(parseInt(hex, 16));
          pos += 4;
        } else {
          throw new LexError('S0103', pos - 1, Math.min(len, pos + 1));
        }
        pos++;
        run = pos;
      } else if (c === quote) {
        out += src.slice(run, pos);
        this.pos = pos + 1;
        return { type: 'string', value: out, start, end: pos + 1 };
      } else {
        pos++;
      }
    }
    throw new LexError('S0101', start, len);
  }

  /** A regular expression literal; its pattern is checked by the library (see parser.ts). */
  private regex(start: number): Token {
    const src = this.src;
    const len = src.length;
    let pos = start + 1;
    let depth = 0;
    while (pos < len) {
      const c = src.charCodeAt(pos);
      if (c === CharCode.Slash && depth === 0) {
        let backslashes = 0;
        while (src.charCodeAt(pos - backslashes - 1) === CharCode.Backslash) backslashes++;
        if (backslashes % 2 === 0) {
          if (pos === start + 1) throw new LexError('S0301', start, pos + 1);
          pos++;
          while (src[pos] === 'i' || src[pos] === 'm') pos++;
          this.pos = pos;
          return { type: 'regex', value: src.slice(start, pos), start, end: pos };
        }
      }
      const prevEscaped = src.charCodeAt(pos - 1) === CharCode.Backslash;
      if ((c === CharCode.OpenParen || c === CharCode.OpenSquareBracket || c === CharCode.OpenCurlyBrace) && !prevEscaped) depth++;
      if ((c === CharCode.CloseParen || c === CharCode.CloseSquareBracket || c === CharCode.CloseCurlyBrace) && !prevEscaped) depth--;
      pos++;
    }
    throw new LexError('S0302', start, len);
  }
}

/**
 * Every token of an expression, read in operand position after operators and in operator
 * position after operands (close enough to the parser for locating an error's token), up to the
 * first error.
 */
export function tokenize(expr: string): Token[] {
  const lexer = new Lexer(expr);
  const out: Token[] = [];
  let afterOperand = false;
  try {
    for (;;) {
      const t = lexer.next(afterOperand);
      if (!t) break;
      out.push(t);
      afterOperand = t.type !== 'operator' || t.value === ')' || t.value === ']' || t.value === '}';
    }
  } catch {
    // The tokens read so far are what the caller needs.
  }
  return out;
}
