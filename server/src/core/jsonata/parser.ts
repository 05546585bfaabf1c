/**
 * A fast JSONata parser for validation. It follows the grammar of the `jsonata` library (a Pratt
 * parser: same binding powers, same places where `/` starts a regex, same post-parse checks) and
 * builds a small tree that keeps each token's start, which the analysis needs for exact ranges.
 *
 * Why not just call the library: `jsonata(expr)` rebuilds its symbol table on every call and costs
 * 30-150 µs per expression, which is about a second for the ten thousand distinct expressions of a
 * 20,000-state machine. This parser costs a few µs. Whenever it rejects an expression, or meets a
 * rare construct whose checks it does not repeat (regexes, function signatures, the parent
 * operator, focus/index binding, grouping, sorting), the library is asked (see analyze.ts), so the
 * library remains the authority on what is an error and on the message.
 */
import { LexError, Lexer, type Token } from './lexer';

export type Node =
  | { k: 'name'; v: string; s: number; e: number }
  | { k: 'var'; v: string; s: number; e: number }
  | { k: 'lit'; v: string | number | boolean | null; s: number; e: number }
  | { k: 'regex' }
  | { k: 'wild' }
  | { k: 'parent' }
  | { k: 'hole' }
  | { k: 'bin'; op: string; l: Node; r: Node }
  | { k: 'neg'; x: Node }
  | { k: 'pred'; l: Node; r?: Node }
  | { k: 'list'; xs: Node[] }
  | { k: 'obj'; pairs: [Node, Node][]; l?: Node }
  | { k: 'call'; proc: Node; args: Node[] }
  | { k: 'lambda'; params: Node[]; body: Node }
  | { k: 'cond'; c: Node; t: Node; f?: Node }
  | { k: 'transform'; p: Node; u: Node; d?: Node }
  | { k: 'sort'; l: Node; terms: Node[] }
  | { k: 'bind'; l: Node; r: Node }
  | { k: 'focus'; l: Node; r: Node };

export type ParseResult =
  /** The library would accept it for sure; the tree is ready for analysis. */
  | { ok: true; ast: Node; confirm: false }
  /** Parsed, but only the library can say whether the rare constructs in it are valid. */
  | { ok: true; ast: Node; confirm: true }
  /** The library rejects it (ask it for the message); a tokenizer error says where it starts. */
  | { ok: false; lexError?: LexError };

/** Left binding power of each operator token that can continue an expression. */
const LBP: Record<string, number> = Object.assign(Object.create(null) as Record<string, number>, {
  '.': 75,
  '[': 80,
  '{': 70,
  '(': 80,
  '@': 80,
  '#': 80,
  '?': 20,
  '+': 50,
  '-': 50,
  '*': 60,
  '/': 60,
  '%': 60,
  '&': 50,
  '=': 40,
  '<': 40,
  '>': 40,
  '!=': 40,
  '<=': 40,
  '>=': 40,
  '^': 40,
  '~>': 40,
  '?:': 40,
  '??': 40,
  in: 40,
  and: 30,
  or: 25,
  ':=': 10,
  ']': 0,
  '}': 0,
  ')': 0,
  ',': 0,
  ';': 0,
  ':': 0,
  '|': 0,
  '..': 0,
  '**': 0,
});

/** Plain binary operators: `lhs op rhs` with the right side parsed at the operator's power. */
const BINARY = new Set(['.', '+', '-', '*', '/', '%', '&', '=', '<', '>', '!=', '<=', '>=', 'in', 'and', 'or', '~>']);

/** Thrown inside the parser to abandon it: the expression is invalid. */
class Reject {}
const REJECT = new Reject();

class Parser {
  private readonly lexer: Lexer;
  /** The current token's symbol id: the operator, or '(name)', '(literal)', '(regex)', '(end)'. */
  private cur = '(end)';
  private tok: Token | undefined;
  confirm = false;

  constructor(src: string) {
    this.lexer = new Lexer(src);
  }

  parse(): Node {
    this.advance();
    const ast = this.expression(0);
    if (this.cur !== '(end)') throw REJECT;
    checkSteps(ast, this);
    return ast;
  }

  private advance(id?: string, afterOperand = false): void {
    if (id !== undefined && this.cur !== id) throw REJECT;
    const tok = this.lexer.next(afterOperand);
    this.tok = tok ?? undefined;
    if (!tok) {
      this.cur = '(end)';
      return;
    }
    let sym: string;
    switch (tok.type) {
      case 'operator':
        sym = tok.value as string;
        // `!` and `~` only end names; on their own they are unknown operators.
        if (!(sym in LBP)) throw REJECT;
        break;
      case 'name':
      case 'variable':
        sym = '(name)';
        break;
      case 'regex':
        sym = '(regex)';
        break;
      default:
        sym = '(literal)';
    }
    this.cur = sym;
  }

  /** The current symbol (a method, so TypeScript does not narrow it across `advance`). */
  private id(): string {
    return this.cur;
  }

  private expression(rbp: number): Node {
    let id = this.cur;
    const tok = this.tok;
    this.advance(undefined, true);
    let left = this.nud(id, tok);
    while (rbp < (LBP[this.cur] ?? 0)) {
      id = this.cur;
      this.advance();
      left = this.led(id, left);
    }
    return left;
  }

  private nud(id: string, tok: Token | undefined): Node {
    switch (id) {
      case '(name)':
        return tok!.type === 'variable'
          ? { k: 'var', v: tok!.value as string, s: tok!.start, e: tok!.end }
          : { k: 'name', v: tok!.value as string, s: tok!.start, e: tok!.end };
      case '(literal)':
        return { k: 'lit', v: tok!.value, s: tok!.start, e: tok!.end };
      case '(regex)':
        // The library compiles the pattern with RegExp; let it judge.
        this.confirm = true;
        return { k: 'regex' };
      case 'and':
      case 'or':
      case 'in':
        // Keywords double as field names.
        return { k: 'name', v: id, s: tok!.start, e: tok!.end };
      case '-':
        return { k: 'neg', x: this.expression(70) };
      case '*':
      case '**':
        return { k: 'wild' };
      case '%':
        this.confirm = true;
        return { k: 'parent' };
      case '(': {
        const xs: Node[] = [];
        while (this.cur !== ')') {
          xs.push(this.expression(0));
          if (this.cur !== ';') break;
          this.advance(';');
        }
        this.advance(')', true);
        return { k: 'list', xs };
      }
      case '[': {
        const xs: Node[] = [];
        if (this.cur !== ']') {
          for (;;) {
            let item = this.expression(0);
            if (this.cur === '..') {
              this.advance('..');
              item = { k: 'bin', op: '..', l: item, r: this.expression(0) };
            }
            xs.push(item);
            if (this.cur !== ',') break;
            this.advance(',');
          }
        }
        this.advance(']', true);
        return { k: 'list', xs };
      }
      case '{':
        return this.object(undefined);
      case '|': {
        const p = this.expression(0);
        this.advance('|');
        const u = this.expression(0);
        let d: Node | undefined;
        if (this.cur === ',') {
          this.advance(',');
          d = this.expression(0);
        }
        this.advance('|');
        return { k: 'transform', p, u, d };
      }
      default:
        // '(end)' (unexpected end) or an operator that cannot start an operand.
        throw REJECT;
    }
  }

  private led(op: string, left: Node): Node {
    if (BINARY.has(op)) return { k: 'bin', op, l: left, r: this.expression(LBP[op]) };
    switch (op) {
      case '(':
        return this.call(left);
      case '[':
        if (this.cur === ']') {
          // `a[]`: keep singleton arrays.
          this.advance(']');
          return left;
        } else {
          const r = this.expression(0);
          this.advance(']', true);
          return { k: 'pred', l: left, r };
        }
      case '{':
        this.confirm = true;
        return this.object(left);
      case '^': {
        this.confirm = true;
        this.advance('(');
        const terms: Node[] = [];
        for (;;) {
          if (this.cur === '<') this.advance('<');
          else if (this.cur === '>') this.advance('>');
          terms.push(this.expression(0));
          if (this.cur !== ',') break;
          this.advance(',');
        }
        this.advance(')');
        return { k: 'sort', l: left, terms };
      }
      case ':=':
        if (left.k !== 'var') throw REJECT;
        return { k: 'bind', l: left, r: this.expression(LBP[':='] - 1) };
      case '@':
      case '#': {
        this.confirm = true;
        const r = this.expression(80);
        if (r.k !== 'var') throw REJECT;
        return { k: 'focus', l: left, r };
      }
      case '?': {
        const then = this.expression(0);
        let otherwise: Node | undefined;
        if (this.cur === ':') {
          this.advance(':');
          otherwise = this.expression(0);
        }
        return { k: 'cond', c: left, t: then, f: otherwise };
      }
      case '?:':
      case '??':
        // `a ?: b`, `a ?? b`: the library tests a copy of `a`; one copy is enough for analysis.
        return { k: 'cond', c: left, t: { k: 'hole' }, f: this.expression(0) };
      default:
        throw REJECT;
    }
  }

  private call(proc: Node): Node {
    const args: Node[] = [];
    if (this.cur !== ')') {
      for (;;) {
        if (this.cur === '?' && this.tok?.type === 'operator') {
          args.push({ k: 'hole' });
          this.advance('?');
        } else {
          args.push(this.expression(0));
        }
        if (this.cur !== ',') break;
        this.advance(',');
      }
    }
    this.advance(')', true);
    if (proc.k !== 'name' || (proc.v !== 'function' && proc.v !== '\u03BB')) return { k: 'call', proc, args };
    // A lambda: `function($a, $b) { body }`, with an optional signature `<n-n:n>`.
    for (const a of args) if (a.k !== 'var') throw REJECT;
    if (this.cur === '<') {
      this.confirm = true;
      let depth = 1;
      while (depth > 0 && this.id() !== '{' && this.id() !== '(end)') {
        this.advance();
        if (this.id() === '>') depth--;
        else if (this.id() === '<') depth++;
      }
      this.advance('>');
    }
    this.advance('{');
    const body = this.expression(0);
    this.advance('}');
    return { k: 'lambda', params: args, body };
  }

  private object(left: Node | undefined): Node {
    const pairs: [Node, Node][] = [];
    if (this.cur !== '}') {
      for (;;) {
        const key = this.expression(0);
        this.advance(':');
        pairs.push([key, this.expression(0)]);
        if (this.cur !== ',') break;
        this.advance(',');
      }
    }
    this.advance('}', true);
    return { k: 'obj', pairs, l: left };
  }
}

/** What a path step reduces to after the library's post-parse stage (predicates dropped, -1 folded). */
function stepBase(n: Node): Node {
  while (n.k === 'pred') n = n.l;
  if (n.k === 'neg' && n.x.k === 'lit' && typeof n.x.v === 'number') return n.x;
  return n;
}

/**
 * The library refuses a number, true, false or null as a step of a path (`a.1`). Rather than
 * repeat its message, flag the expression for confirmation.
 */
function checkSteps(root: Node, parser: { confirm: boolean }): void {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    switch (n.k) {
      case 'bin':
        if (n.op === '.') {
          const l = stepBase(n.l);
          const r = stepBase(n.r);
          if ((l.k === 'lit' && typeof l.v !== 'string') || (r.k === 'lit' && typeof r.v !== 'string')) {
            parser.confirm = true;
            return;
          }
        }
        stack.push(n.l, n.r);
        break;
      case 'neg':
        stack.push(n.x);
        break;
      case 'pred':
        stack.push(n.l);
        if (n.r) stack.push(n.r);
        break;
      case 'list':
        stack.push(...n.xs);
        break;
      case 'obj':
        if (n.l) stack.push(n.l);
        for (const [a, b] of n.pairs) stack.push(a, b);
        break;
      case 'call':
        stack.push(n.proc, ...n.args);
        break;
      case 'lambda':
        stack.push(n.body);
        break;
      case 'cond':
        stack.push(n.c, n.t);
        if (n.f) stack.push(n.f);
        break;
      case 'transform':
        stack.push(n.p, n.u);
        if (n.d) stack.push(n.d);
        break;
      case 'sort':
        stack.push(n.l, ...n.terms);
        break;
      case 'bind':
      case 'focus':
        stack.push(n.l, n.r);
        break;
      default:
        break;
    }
  }
}

/** Parse one JSONata expression (the text between `{%` and `%}`). Never throws. */
export function parseJsonata(expr: string): ParseResult {
  const parser = new Parser(expr);
  try {
    const ast = parser.parse();
    return parser.confirm ? { ok: true, ast, confirm: true } : { ok: true, ast, confirm: false };
  } catch (err) {
    // A rejection or a LexError is a syntax error; anything else (a stack overflow on absurd
    // nesting) is left to the library to judge as well.
    return err instanceof LexError ? { ok: false, lexError: err } : { ok: false };
  }
}
