/**
 * Parser for intrinsic function calls (spec, "Intrinsic Functions"):
 * - a name of letters, digits, '.' and '_', then '(' arguments separated by ',' and ')';
 * - arguments: strings in single quotes, numbers, null, Paths, nested calls; booleans too
 *   (States.JsonMerge takes `false`);
 * - in strings, ' { } \ are reserved and escaped with a backslash: \' \{ \} \\. Any other
 *   backslash is an "open escape", which AWS rejects at run time.
 * Paths inside calls are parsed by the JSONPath parser with `member-name-shorthand` names.
 */
import type { ParseResult, PathAst } from '../jsonpath/ast';
import { matchAt, parsePathAt, PathSyntaxError } from '../jsonpath/parser';
import type { IntrinsicArg, IntrinsicCall } from './ast';
import { CharCode, isAsciiDigit, isAsciiLetter, isWhitespace } from '../chars';

const NUMBER = /-?\d+(\.\d+)?([eE][+-]?\d+)?/y;

const ARGUMENT_KINDS =
  "an argument is a string in single quotes, a number, true, false, null, a path starting with '$', or an intrinsic function call";

/** Parse a whole string as one intrinsic function call. */
export function parseIntrinsic(text: string): ParseResult<IntrinsicCall> {
  const p = new Parser(text);
  try {
    const call = p.call();
    if (p.pos < text.length) {
      throw new PathSyntaxError(p.pos, text.length - p.pos, `unexpected text after the closing ')' of ${call.name}(...)`);
    }
    return { ast: call };
  } catch (e) {
    if (e instanceof PathSyntaxError) return { error: { offset: e.offset, length: e.length, message: e.message } };
    throw e;
  }
}

/** True when the text reads like a function call, `Name(` or `States.`, rather than a path. */
export function looksLikeIntrinsic(text: string): boolean {
  return text.startsWith('States.') || /^\s*[A-Za-z_][A-Za-z0-9_.]*\s*\(/.test(text);
}

const MAX_DEPTH = 200;

class Parser {
  pos = 0;
  private depth = 0;

  constructor(readonly src: string) {}

  private err(offset: number, length: number, message: string): PathSyntaxError {
    return new PathSyntaxError(offset, Math.max(0, Math.min(length, this.src.length - offset)), message);
  }

  private code(at = this.pos): number {
    return at < this.src.length ? this.src.charCodeAt(at) : -1;
  }

  private skipWs(): void {
    for (let c = this.code(); isWhitespace(c); c = this.code()) this.pos++;
  }

  call(): IntrinsicCall {
    const start = this.pos;
    // Bounded recursion: the checker reports nesting beyond 10; this only guards the stack.
    if (++this.depth > MAX_DEPTH) throw this.err(start, 1, 'intrinsic function calls are nested too deeply');
    try {
      return this.callAt(start);
    } finally {
      this.depth--;
    }
  }

  private callAt(start: number): IntrinsicCall {
    const src = this.src;
    while (isNameChar(this.code())) this.pos++;
    const name = src.slice(start, this.pos);
    if (!name) {
      if (this.pos >= src.length) throw this.err(start, 0, 'expected an intrinsic function call such as States.Format(...)');
      throw this.err(start, 1, `unexpected '${src[start]}': expected an intrinsic function call such as States.Format(...)`);
    }
    if (this.code() !== CharCode.OpenParen) {
      if (this.pos >= src.length) throw this.err(start, name.length, `expected '(' after ${name}`);
      throw this.err(this.pos, 1, `expected '(' right after ${name}, found '${src[this.pos]}'`);
    }
    const open = this.pos;
    this.pos++;
    const call: IntrinsicCall = { type: 'call', name, nameStart: start, nameEnd: open, args: [], start, end: start };
    this.skipWs();
    if (this.code() === CharCode.CloseParen) {
      this.pos++;
      call.end = this.pos;
      return call;
    }
    for (;;) {
      this.skipWs();
      if (this.pos >= src.length) throw this.err(start, open + 1 - start, `missing ')' to close ${name}(`);
      const c = this.code();
      if (c === CharCode.Comma || c === CharCode.CloseParen) {
        throw this.err(
          this.pos,
          1,
          call.args.length === 0 ? `expected an argument before '${src[this.pos]}'` : "expected an argument after ','",
        );
      }
      const arg = this.arg();
      call.args.push(arg);
      this.skipWs();
      if (this.pos >= src.length) throw this.err(start, open + 1 - start, `missing ')' to close ${name}(`);
      const next = this.code();
      if (next === CharCode.Comma) {
        this.pos++;
        continue;
      }
      if (next === CharCode.CloseParen) {
        this.pos++;
        break;
      }
      if (arg.type === 'path' && arg.end === this.pos) throw this.err(this.pos, 1, this.shorthandHint(arg.path));
      throw this.err(this.pos, 1, `expected ',' or ')' after an argument, found '${src[this.pos]}'`);
    }
    call.end = this.pos;
    return call;
  }

  /** Why a path argument stopped at a character that would be part of a name outside a call. */
  private shorthandHint(path: PathAst): string {
    const src = this.src;
    let end = this.pos;
    while (end < src.length && !/[\s,)(.[\]']/.test(src[end])) end++;
    const last = path.segments[path.segments.length - 1];
    const lastName =
      last && last.notation === 'dot' && !last.descendant && last.selectors[0].type === 'name' ? last.selectors[0].name : undefined;
    const fix =
      lastName !== undefined
        ? `write ${src.slice(path.start, last.start)}['${lastName}${src.slice(this.pos, end)}']`
        : "use bracket notation, e.g. $['my-field']";
    return `unexpected '${src[this.pos]}' after the path ${src.slice(path.start, path.end)}: inside an intrinsic function, field names with characters other than letters, digits and '_' need bracket notation: ${fix}`;
  }

  private arg(): IntrinsicArg {
    const src = this.src;
    const start = this.pos;
    const c = this.code();
    if (c === CharCode.SingleQuote) return this.string();
    if (c === CharCode.Dollar) {
      const path = parsePathAt(src, start, 'shorthand', true);
      this.pos = path.end;
      return { type: 'path', path, start, end: path.end };
    }
    if ((c >= CharCode.Digit0 && c <= CharCode.Digit9) || c === CharCode.Dash) {
      const m = matchAt(NUMBER, src, start);
      if (!m) throw this.err(start, 1, "expected a number after '-'");
      this.pos += m[0].length;
      return { type: 'number', value: Number(m[0]), start, end: this.pos };
    }
    if (c === CharCode.DoubleQuote) {
      const close = src.indexOf('"', start + 1);
      const end = close < 0 ? src.length : close + 1;
      throw this.err(start, end - start, "strings in intrinsic functions are written in single quotes, e.g. 'text'");
    }
    if (isNameChar(c)) {
      let end = start;
      while (isNameChar(this.code(end))) end++;
      const word = src.slice(start, end);
      let after = end;
      while (this.code(after) === CharCode.Space) after++;
      if (this.code(after) === CharCode.OpenParen) return this.call();
      this.pos = end;
      if (word === 'true' || word === 'false') return { type: 'boolean', value: word === 'true', start, end };
      if (word === 'null') return { type: 'null', start, end };
      throw this.err(start, end - start, `unexpected '${word}': ${ARGUMENT_KINDS}`);
    }
    throw this.err(start, 1, `unexpected '${src[start]}': ${ARGUMENT_KINDS}`);
  }

  private string(): IntrinsicArg {
    const src = this.src;
    const start = this.pos;
    this.pos++;
    let value = '';
    let chunk = this.pos;
    while (this.pos < src.length) {
      const ch = src[this.pos];
      if (ch === '\\') {
        const next = src[this.pos + 1];
        if (next === undefined) break;
        if (next !== "'" && next !== '{' && next !== '}' && next !== '\\') {
          throw this.err(
            this.pos,
            2,
            `'\\${next}' is not an escape in intrinsic function strings: only \\' \\{ \\} and \\\\ are (a backslash itself is written \\\\)`,
          );
        }
        value += src.slice(chunk, this.pos) + next;
        this.pos += 2;
        chunk = this.pos;
      } else if (ch === "'") {
        value += src.slice(chunk, this.pos);
        this.pos++;
        return { type: 'string', value, start, end: this.pos };
      } else {
        this.pos++;
      }
    }
    throw this.err(start, src.length - start, "unclosed string: add the closing single quote (write \\' for a quote inside the string)");
  }
}

function isNameChar(c: number): boolean {
  return isAsciiLetter(c) || isAsciiDigit(c) || c === CharCode.Period || c === CharCode.Underline;
}
