/**
 * A recursive-descent parser for the JSONPath dialect of the Amazon States Language.
 *
 * Sources (states-language.net spec, "Paths" / "Reference Paths"; AWS Step Functions developer
 * guide, "Using JSONPath paths" and "Intrinsic functions"):
 * - A Path starts with `$`; `$$` addresses the context object; `$name` a workflow variable
 *   (spec, "State Machine Variables": names are Unicode identifiers, ID_Start then ID_Continue).
 * - The syntax is that of Jayway JsonPath, of which Step Functions supports a subset: child
 *   `.name` / `['name']`, index `[n]`, wildcard `*`, deep scan `..`, slice `[a:b]`, union
 *   `[a,b]`, filter `[?(...)]` with ==, !=, <, <=, >, >=, && and ||, and `[(@.length-N)]`.
 *   Regular-expression filters (`=~`), word operators (`in`, `subsetof`, ...), functions such as
 *   `length()` and filters that refer back into the input (`$`) are not supported (developer
 *   guide, Reference Paths; the peer grammar massfords/asl-path-validator agrees for Paths).
 * - Dot-notation names are read liberally, with `\` escaping the next character: the spec's own
 *   examples include `$.store\.book`, `$.foo\@bar.baz\[\[.\?pretty`, `$.&Ж中` and
 *   `$.delivery-partner`.
 * - Inside intrinsic function arguments, dot-notation names are limited to JSONPath
 *   `member-name-shorthand` (letters, digits after the first, `_`, non-ASCII); anything else
 *   needs brackets (developer guide, "Reserved characters in intrinsic functions").
 */
import type { CompareOp, FilterExpr, FilterOperand, PathAst, PathRoot, Segment, Selector, SyntaxIssue } from './ast';
import { isIdContinue, isIdStart } from './chars';
import { CharCode, isAsciiDigit as isDigit, isAsciiLetter as isLetter, isWhitespace as isWs } from '../chars';

export class PathSyntaxError extends Error implements SyntaxIssue {
  constructor(
    readonly offset: number,
    readonly length: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * How `.name` is read: 'liberal' for a path that is a whole field value, 'shorthand' inside an
 * intrinsic function call. Filters always read names up to an operator.
 */
export type NameStyle = 'liberal' | 'shorthand';

type Style = NameStyle | 'filter';

// Sticky patterns, matched in place (no slicing of the rest of the string).
const LENGTH_SCRIPT = /\(\s*@\.length\s*-\s*(\d+)\s*\)/y;
const NUMBER = /-?\d+(\.\d+)?([eE][+-]?\d+)?/y;
const WORD = /[A-Za-z0-9_-]+/y;

/** The match of a sticky pattern at `pos`, or null. */
export function matchAt(re: RegExp, src: string, pos: number): RegExpExecArray | null {
  re.lastIndex = pos;
  return re.exec(src);
}

const WORD_OPERATORS = new Set(['in', 'nin', 'subsetof', 'anyof', 'noneof', 'size', 'empty', 'contains']);

/**
 * Parse a path starting at `start` (which must hold `$`). With `embedded`, stop quietly at the
 * first character that cannot continue the path (the caller checks what follows); without it,
 * the path must run to the end of `src`. Offsets in the tree and errors are offsets in `src`.
 */
export function parsePathAt(src: string, start: number, names: NameStyle, embedded: boolean): PathAst {
  const p = new Parser(src, start, embedded);
  return p.rooted(names);
}

const MAX_DEPTH = 100;

class Parser {
  pos: number;
  private depth = 0;

  constructor(
    readonly src: string,
    start: number,
    readonly embedded: boolean,
  ) {
    this.pos = start;
  }

  private err(offset: number, length: number, message: string): PathSyntaxError {
    return new PathSyntaxError(offset, Math.max(0, Math.min(length, this.src.length - offset)), message);
  }

  private code(at = this.pos): number {
    return at < this.src.length ? this.src.charCodeAt(at) : -1;
  }

  private skipWs(): void {
    while (isWs(this.code())) this.pos++;
  }

  /** `$...`, `$$...`, `$name...` (and `@...` inside filters). */
  rooted(names: Style): PathAst {
    const src = this.src;
    const start = this.pos;
    let root: PathRoot;
    let variable: string | undefined;
    if (src.charCodeAt(start) === CharCode.AtSign) {
      root = 'current';
      this.pos++;
    } else {
      this.pos++; // the '$'
      if (this.code() === CharCode.Dollar) {
        root = 'context';
        this.pos++;
      } else {
        const cp = src.codePointAt(this.pos);
        if (cp !== undefined && isIdStart(cp)) {
          const nameStart = this.pos;
          this.pos += cp > 0xffff ? 2 : 1;
          for (;;) {
            const c = src.codePointAt(this.pos);
            if (c === undefined || !isIdContinue(c)) break;
            this.pos += c > 0xffff ? 2 : 1;
          }
          root = 'variable';
          variable = src.slice(nameStart, this.pos);
        } else {
          root = 'input';
        }
      }
    }
    const segments = this.segments(names, start);
    const ast: PathAst = { type: 'path', root, segments, start, end: this.pos };
    if (variable !== undefined) ast.variable = variable;
    return ast;
  }

  private segments(names: Style, rootStart: number): Segment[] {
    const src = this.src;
    const segments: Segment[] = [];
    while (this.pos < src.length) {
      const c = src.charCodeAt(this.pos);
      const start = this.pos;
      if (c === CharCode.Period) {
        if (src.charCodeAt(start + 1) === CharCode.Period) {
          this.pos += 2;
          const next = this.code();
          if (next === CharCode.OpenSquareBracket) {
            const seg = this.bracket(true);
            seg.start = start;
            segments.push(seg);
          } else if (next === CharCode.Asterisk) {
            this.pos++;
            segments.push({
              descendant: true,
              notation: 'dot',
              selectors: [{ type: 'wildcard', start: start + 2, end: this.pos }],
              start,
              end: this.pos,
            });
          } else {
            const name = this.dotName(names);
            if (name === undefined) throw this.err(start, 2, "expected a field name, '*' or '[' after '..'");
            segments.push({ descendant: true, notation: 'dot', selectors: [name], start, end: this.pos });
          }
          continue;
        }
        this.pos++;
        const next = this.code();
        if (next === CharCode.OpenSquareBracket) {
          // `$.abc.['def ghi']` appears in the AWS developer guide, so a dot before brackets is accepted.
          const seg = this.bracket(false);
          seg.start = start;
          segments.push(seg);
        } else if (next === CharCode.Asterisk) {
          this.pos++;
          segments.push({
            descendant: false,
            notation: 'dot',
            selectors: [{ type: 'wildcard', start: start + 1, end: this.pos }],
            start,
            end: this.pos,
          });
        } else {
          const name = this.dotName(names);
          if (name === undefined) {
            let hint = '';
            if (names === 'shorthand' && this.pos < src.length && !/[\s,)]/.test(src[this.pos])) {
              let end = this.pos;
              while (end < src.length && !/[\s,)(.[\]']/.test(src[end])) end++;
              hint = `: inside an intrinsic function, a field name with characters other than letters, digits and '_' needs bracket notation: write ${src.slice(rootStart, start)}['${src.slice(this.pos, end)}']`;
            }
            throw this.err(start, 1, `expected a field name after '.'${hint}`);
          }
          segments.push({ descendant: false, notation: 'dot', selectors: [name], start, end: this.pos });
        }
      } else if (c === CharCode.OpenSquareBracket) {
        segments.push(this.bracket(false));
      } else {
        // A path inside a filter or an intrinsic call ends where its surroundings take over.
        if (this.embedded || names === 'filter') break;
        throw this.unexpectedAfterPath();
      }
    }
    return segments;
  }

  private unexpectedAfterPath(): PathSyntaxError {
    const src = this.src;
    const ch = src[this.pos];
    if (isWs(src.charCodeAt(this.pos))) {
      const rest = src.slice(this.pos);
      if (rest.trim() === '') return this.err(this.pos, rest.length, 'unexpected space at the end of the path; remove it');
      return this.err(this.pos, 1, "unexpected space in the path; use bracket notation for names with spaces, e.g. $['my field']");
    }
    if (ch === ']') return this.err(this.pos, 1, "unexpected ']' without a matching '['");
    return this.err(this.pos, 1, `unexpected '${ch}': expected '.', '[' or the end of the path`);
  }

  /** A dot-notation name, or undefined when there is none at the cursor. */
  private dotName(style: Style): Selector | undefined {
    const src = this.src;
    const start = this.pos;
    if (style === 'shorthand') {
      const c = this.code();
      if (!isNameFirst(c)) return undefined;
      this.pos++;
      while (isNameFirst(this.code()) || isDigit(this.code())) this.pos++;
      return { type: 'name', name: src.slice(start, this.pos), start, end: this.pos };
    }
    if (style === 'filter') {
      while (this.pos < src.length && !isFilterNameStop(src.charCodeAt(this.pos))) this.pos++;
      if (this.pos === start) return undefined;
      return { type: 'name', name: src.slice(start, this.pos), start, end: this.pos };
    }
    let name = '';
    let chunk = start;
    while (this.pos < src.length) {
      const c = src.charCodeAt(this.pos);
      if (c === CharCode.Period || c === CharCode.OpenSquareBracket) break;
      if (c === CharCode.Backslash) {
        if (this.pos + 1 >= src.length) throw this.err(this.pos, 1, "a '\\' at the end of a path escapes nothing; remove it");
        name += src.slice(chunk, this.pos) + src[this.pos + 1];
        this.pos += 2;
        chunk = this.pos;
        continue;
      }
      if (c === CharCode.OpenParen) {
        const close = src.indexOf(')', this.pos);
        const end = close < 0 ? src.length : close + 1;
        throw this.err(start, end - start, `functions such as ${src.slice(start, end)} are not supported in Step Functions paths`);
      }
      if (c === CharCode.CloseParen || c === CharCode.CloseSquareBracket || isWs(c)) {
        if (this.pos === start) return undefined;
        throw this.unexpectedAfterPath();
      }
      this.pos++;
    }
    if (this.pos === start) return undefined;
    name += src.slice(chunk, this.pos);
    return { type: 'name', name, start, end: this.pos };
  }

  /** `[...]` at the cursor. */
  private bracket(descendant: boolean): Segment {
    const src = this.src;
    const open = this.pos;
    this.pos++;
    this.skipWs();
    if (this.pos >= src.length) throw this.err(open, 1, "unclosed '['");
    const c = src.charCodeAt(this.pos);
    const selectors: Selector[] = [];
    if (c === CharCode.SingleQuote || c === CharCode.DoubleQuote) {
      for (;;) {
        const s = this.pos;
        const name = this.quoted();
        selectors.push({ type: 'name', name, start: s, end: this.pos });
        this.skipWs();
        if (this.code() !== CharCode.Comma) break;
        this.pos++;
        this.skipWs();
        const q = this.code();
        if (q !== CharCode.SingleQuote && q !== CharCode.DoubleQuote) {
          if (this.pos >= src.length) throw this.err(open, 1, "unclosed '['");
          throw this.err(this.pos, 1, "expected a quoted field name after ','");
        }
      }
    } else if (c === CharCode.Asterisk) {
      selectors.push({ type: 'wildcard', start: this.pos, end: this.pos + 1 });
      this.pos++;
    } else if (c === CharCode.QuestionMark) {
      const q = this.pos;
      this.pos++;
      this.skipWs();
      if (this.code() !== CharCode.OpenParen) throw this.err(q, 1, "expected '(' after '?': filters are written [?(@.field == value)]");
      const paren = this.pos;
      this.pos++;
      const expr = this.orExpr();
      this.skipWs();
      if (this.pos >= src.length) throw this.err(paren, 1, "unclosed '(' in the filter");
      if (this.code() !== CharCode.CloseParen) throw this.err(this.pos, 1, `expected ')' to close the filter, found '${src[this.pos]}'`);
      this.pos++;
      selectors.push({ type: 'filter', expr, start: q, end: this.pos });
    } else if (c === CharCode.OpenParen) {
      selectors.push(this.lengthScript());
    } else if (isDigit(c) || c === CharCode.Dash || c === CharCode.Colon) {
      this.numeric(selectors);
    } else if (c === CharCode.CloseSquareBracket) {
      throw this.err(open, this.pos + 1 - open, "empty brackets: expected an index, a quoted field name, '*' or a filter");
    } else {
      const word = /^[^\]\s]+/.exec(src.slice(this.pos))?.[0] ?? src[this.pos];
      throw this.err(this.pos, word.length, `unexpected '${word}' inside brackets: quote field names, e.g. ['${word}']`);
    }
    this.skipWs();
    if (this.pos >= src.length) throw this.err(open, 1, "unclosed '['");
    if (this.code() !== CharCode.CloseSquareBracket) throw this.err(this.pos, 1, `expected ']' but found '${src[this.pos]}'`);
    this.pos++;
    return { descendant, notation: 'bracket', selectors, start: open, end: this.pos };
  }

  /** A quoted name; `\` escapes the next character. */
  private quoted(): string {
    const src = this.src;
    const quote = src[this.pos];
    const start = this.pos;
    this.pos++;
    let out = '';
    let chunk = this.pos;
    while (this.pos < src.length) {
      const ch = src[this.pos];
      if (ch === '\\') {
        if (this.pos + 1 >= src.length) break;
        out += src.slice(chunk, this.pos) + src[this.pos + 1];
        this.pos += 2;
        chunk = this.pos;
      } else if (ch === quote) {
        out += src.slice(chunk, this.pos);
        this.pos++;
        return out;
      } else {
        this.pos++;
      }
    }
    throw this.err(start, src.length - start, `unclosed string: add the closing ${quote}`);
  }

  /** `[n]`, `[a,b,...]`, `[a:b]`, `[:b]`, `[a:]`. */
  private numeric(selectors: Selector[]): void {
    const start = this.pos;
    const first = this.code() === CharCode.Colon ? undefined : this.integer();
    this.skipWs();
    if (this.code() === CharCode.Colon) {
      this.pos++;
      this.skipWs();
      const c = this.code();
      const to = isDigit(c) || c === CharCode.Dash ? this.integer() : undefined;
      this.skipWs();
      if (this.code() === CharCode.Colon) throw this.err(this.pos, 1, 'slice steps ([start:end:step]) are not supported');
      const slice: Selector = { type: 'slice', start, end: this.pos };
      if (first !== undefined) slice.from = first;
      if (to !== undefined) slice.to = to;
      selectors.push(slice);
      return;
    }
    selectors.push({ type: 'index', index: first as number, start, end: this.pos });
    while (this.code() === CharCode.Comma) {
      this.pos++;
      this.skipWs();
      const s = this.pos;
      const c = this.code();
      if (!isDigit(c) && c !== CharCode.Dash) {
        if (this.pos >= this.src.length) return; // reported as an unclosed '[' by the caller
        throw this.err(this.pos, 1, "expected an index after ','");
      }
      const index = this.integer();
      selectors.push({ type: 'index', index, start: s, end: this.pos });
      this.skipWs();
    }
  }

  private integer(): number {
    const src = this.src;
    const start = this.pos;
    if (this.code() === CharCode.Dash) this.pos++;
    if (!isDigit(this.code())) throw this.err(start, 1, "expected a number after '-'");
    while (isDigit(this.code())) this.pos++;
    if (this.code() === CharCode.Period && isDigit(this.code(this.pos + 1))) {
      let end = this.pos + 1;
      while (isDigit(this.code(end))) end++;
      throw this.err(start, end - start, 'array indexes must be whole numbers');
    }
    return Number(src.slice(start, this.pos));
  }

  /** `(@.length-N)` inside brackets, the cursor on '('. */
  private lengthScript(): Selector {
    const src = this.src;
    const start = this.pos;
    const m = matchAt(LENGTH_SCRIPT, src, start);
    if (!m) {
      const close = src.indexOf(')', start);
      const end = close < 0 ? src.length : close + 1;
      throw this.err(start, end - start, 'the only script expression supported is (@.length-N), e.g. $.items[(@.length-1)]');
    }
    this.pos = start + m[0].length;
    return { type: 'lengthOffset', offset: Number(m[1]), start, end: this.pos };
  }

  // ---- filters -------------------------------------------------------------------------------

  private orExpr(): FilterExpr {
    let left = this.andExpr();
    for (;;) {
      this.skipWs();
      if (this.src.startsWith('||', this.pos)) {
        this.pos += 2;
        const right = this.andExpr();
        left = { type: 'or', left, right, start: left.start, end: right.end };
      } else if (this.code() === CharCode.Pipe) {
        throw this.err(this.pos, 1, "use '||' for 'or'");
      } else {
        return left;
      }
    }
  }

  private andExpr(): FilterExpr {
    let left = this.unary();
    for (;;) {
      this.skipWs();
      if (this.src.startsWith('&&', this.pos)) {
        this.pos += 2;
        const right = this.unary();
        left = { type: 'and', left, right, start: left.start, end: right.end };
      } else if (this.code() === CharCode.Ampersand) {
        throw this.err(this.pos, 1, "use '&&' for 'and'");
      } else {
        return left;
      }
    }
  }

  private unary(): FilterExpr {
    this.skipWs();
    const start = this.pos;
    // Bounded recursion: a pathological "((((..." must not overflow the stack.
    if (++this.depth > MAX_DEPTH) throw this.err(start, 1, 'the filter is nested too deeply');
    try {
      return this.unaryAt(start);
    } finally {
      this.depth--;
    }
  }

  private unaryAt(start: number): FilterExpr {
    const c = this.code();
    if (c === CharCode.ExclamationMark && this.code(start + 1) !== CharCode.Equals) {
      this.pos++;
      const expr = this.unary();
      return { type: 'not', expr, start, end: expr.end };
    }
    if (c === CharCode.OpenParen) {
      this.pos++;
      const expr = this.orExpr();
      this.skipWs();
      if (this.pos >= this.src.length) throw this.err(start, 1, "unclosed '(' in the filter");
      if (this.code() !== CharCode.CloseParen) throw this.err(this.pos, 1, `expected ')' but found '${this.src[this.pos]}'`);
      this.pos++;
      return { ...expr, start, end: this.pos };
    }
    return this.comparison();
  }

  private comparison(): FilterExpr {
    const left = this.operand();
    const op = this.operator();
    if (!op) {
      if (left.type === 'path') return { type: 'exists', path: left.path, start: left.start, end: left.end };
      throw this.err(left.start, left.end - left.start, 'a value alone is not a condition: compare it with a path, e.g. @.field == value');
    }
    const right = this.operand();
    return { type: 'compare', op, left, right, start: left.start, end: right.end };
  }

  private operator(): CompareOp | undefined {
    this.skipWs();
    const src = this.src;
    const two = src.slice(this.pos, this.pos + 2);
    if (two === '==' || two === '!=' || two === '<=' || two === '>=') {
      this.pos += 2;
      return two;
    }
    if (two === '=~') throw this.err(this.pos, 2, "regular-expression filters ('=~') are not supported by Step Functions");
    const c = this.code();
    if (c === CharCode.LessThan || c === CharCode.GreaterThan) {
      this.pos++;
      return src[this.pos - 1] as CompareOp;
    }
    if (c === CharCode.Equals) throw this.err(this.pos, 1, "use '==' to compare for equality");
    if (isLetter(c)) {
      const word = /^[A-Za-z]+/.exec(src.slice(this.pos))![0];
      if (WORD_OPERATORS.has(word)) {
        throw this.err(this.pos, word.length, `the '${word}' operator is not supported by Step Functions: use ==, !=, <, <=, > or >=`);
      }
      throw this.err(this.pos, word.length, `unexpected '${word}': expected a comparison operator (==, !=, <, <=, >, >=)`);
    }
    return undefined;
  }

  private operand(): FilterOperand {
    this.skipWs();
    const src = this.src;
    const start = this.pos;
    const c = this.code();
    if (c === CharCode.AtSign) {
      const path = this.rooted('filter');
      return { type: 'path', path, start, end: this.pos };
    }
    if (c === CharCode.Dollar) {
      throw this.err(
        start,
        1,
        "a filter can only compare the current item ('@') with literal values; references to other parts of the input ('$') are not supported",
      );
    }
    if (c === CharCode.SingleQuote || c === CharCode.DoubleQuote) {
      const value = this.quoted();
      return { type: 'literal', value, start, end: this.pos };
    }
    if (isDigit(c) || c === CharCode.Dash) {
      const m = matchAt(NUMBER, src, start);
      if (!m) throw this.err(start, 1, "expected a number after '-'");
      this.pos += m[0].length;
      return { type: 'literal', value: Number(m[0]), start, end: this.pos };
    }
    if (c === CharCode.Slash) throw this.err(start, 1, 'regular expressions are not supported in Step Functions filters');
    if (isLetter(c) || c === CharCode.Underline) {
      const word = matchAt(WORD, src, start)![0];
      this.pos += word.length;
      const value = word === 'true' ? true : word === 'false' ? false : word === 'null' ? null : word;
      return { type: 'literal', value, start, end: this.pos };
    }
    if (this.pos >= src.length) throw this.err(Math.max(0, start - 1), 1, "expected a value or a path starting with '@'");
    throw this.err(start, 1, `unexpected '${src[start]}': expected a value or a path starting with '@'`);
  }
}

/** RFC 9535 `name-first`: ALPHA / "_" / non-ASCII. */
function isNameFirst(c: number): boolean {
  return isLetter(c) || c === CharCode.Underline || c >= CharCode.FirstNonAscii;
}

/** Where a dot-notation name ends inside a filter: before an operator, a bracket or a quote. */
function isFilterNameStop(c: number): boolean {
  switch (c) {
    case CharCode.Space:
    case CharCode.Tab:
    case CharCode.LineFeed:
    case CharCode.CarriageReturn:
    case CharCode.OpenParen:
    case CharCode.CloseParen:
    case CharCode.Equals:
    case CharCode.ExclamationMark:
    case CharCode.LessThan:
    case CharCode.GreaterThan:
    case CharCode.Ampersand:
    case CharCode.Pipe:
    case CharCode.Comma:
    case CharCode.Period:
    case CharCode.OpenSquareBracket:
    case CharCode.CloseSquareBracket:
    case CharCode.SingleQuote:
    case CharCode.DoubleQuote:
      return true;
    default:
      return false;
  }
}
