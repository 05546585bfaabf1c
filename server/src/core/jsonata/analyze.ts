/**
 * One place that turns a JSONata expression string into what the rules (and later the engine)
 * need: the compiled expression or a located syntax error, and the variables, functions and
 * `$states` fields it uses. Both are memoised per distinct string, since the same expressions
 * recur across states and across edits.
 */
import type jsonata from 'jsonata';
import { FUNCTION_NAMES } from './builtins';
import { tokenize, type LexError } from './lexer';
import { parseJsonata, type Node } from './parser';

/** A syntax error, located in the expression text (offsets into the string given). */
export interface JsonataError {
  message: string;
  /** The library's code, e.g. "S0201"; undefined for errors it did not code. */
  code?: string;
  start: number;
  end: number;
  /** True when the expression ended too early: point at the closing `%}` rather than at nothing. */
  atEnd: boolean;
}

export type CompileResult = { ok: true; expression: jsonata.Expression } | { ok: false; error: JsonataError };

/** A `$name` (or `$states.name` field) and its range in the expression. */
export interface JsonataRef {
  name: string;
  start: number;
  end: number;
  /**
   * For a variable read whose name is also a function's (`$count`, `$map`): the read refers to
   * the workflow variable when one is assigned, else to the function, which is no mistake.
   */
  alsoFunction?: boolean;
}

export interface JsonataAnalysis {
  error?: JsonataError;
  /** Reads of workflow variables: `$name` not bound inside the expression, not called, not `$states`, `$` or `$$`. */
  variables: readonly JsonataRef[];
  /** `$states.<field>` accesses, located at the field name. */
  statesFields: readonly JsonataRef[];
  /** Calls of a `$name(...)` that is neither a built-in function nor bound in the expression. */
  unknownFunctions: readonly JsonataRef[];
  /** Uses of `$eval`, which Step Functions does not provide. */
  evalUses: readonly JsonataRef[];
  /**
   * Path heads that read the context at the top level (`phone` in `phone.number`): Step Functions
   * gives a JSONata expression no context, so AWS refuses them at creation ("UNSUPPORTED_JSONATA_EXPRESSION:
   * Reference to 'phone' at the top level is not supported", floci-io/floci#2670, recorded).
   * Names inside a path step, a predicate, an object constructor on a path, a sort or a lambda
   * read their own context and are not listed.
   */
  topLevelNames: readonly JsonataRef[];
}

const NONE: readonly JsonataRef[] = Object.freeze([]);
const EMPTY: JsonataAnalysis = Object.freeze({
  variables: NONE,
  statesFields: NONE,
  unknownFunctions: NONE,
  evalUses: NONE,
  topLevelNames: NONE,
});

/** A map that forgets its oldest entries past a size, so a long editing session stays bounded. */
class Memo<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(key: string, make: (key: string) => V): V {
    let v = this.map.get(key);
    if (v === undefined) {
      v = make(key);
      if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value as string);
      this.map.set(key, v);
    }
    return v;
  }
}

const compiled = new Memo<CompileResult>(5_000);

/**
 * Step Functions' ceiling on the nesting of one JSONata evaluation: past it the state fails with
 * "Stack overflow error: ...". floci-io/floci PR 2783 and issue 2737 measured it on AWS: `1+1+...+1`
 * of 100 terms evaluates and 101 fails; 99 nested parentheses, 99 brackets and 99 `~>` stages
 * evaluate and one more fails. The library counts the same nesting (every node it evaluates, one
 * level deeper than its parent) and checks it in its own `stack` option, synchronously at each
 * node, so the check costs nothing measurable and holds for every expression. It throws the
 * library's D1011, which the engine words as AWS does (engine/evalLimits.ts).
 */
export const STEP_FUNCTIONS_MAX_EVALUATION_DEPTH = 100;
const COMPILE_OPTIONS = { stack: STEP_FUNCTIONS_MAX_EVALUATION_DEPTH };
const analysed = new Memo<JsonataAnalysis>(200_000);

/** The library's compiled expression for `expr` (the text inside `{% %}`), or where it fails. */
export function compileJsonata(expr: string): CompileResult {
  return compiled.get(expr, (e) => compile(e, undefined));
}

/** Syntax and usage facts of one expression (the text inside `{% %}`). */
export function analyzeJsonata(expr: string): JsonataAnalysis {
  return analysed.get(expr, analyze);
}

function analyze(expr: string): JsonataAnalysis {
  const parsed = parseJsonata(expr);
  if (!parsed.ok) {
    const c = compiled.get(expr, (e) => compile(e, parsed.lexError));
    // Were the fast parser ever stricter than the library, say nothing rather than something wrong.
    return c.ok ? EMPTY : { ...EMPTY, error: c.error };
  }
  if (parsed.confirm) {
    const c = compileJsonata(expr);
    if (!c.ok) return { ...EMPTY, error: c.error };
  }
  return collect(parsed.ast);
}

let library: typeof jsonata | undefined;

/** The library, loaded on first need: most expressions never need it (see parser.ts). */
function jsonataLibrary(): typeof jsonata {
  return (library ??= require('jsonata') as typeof jsonata);
}

function compile(expr: string, lexError: LexError | undefined): CompileResult {
  try {
    return { ok: true, expression: jsonataLibrary()(expr, COMPILE_OPTIONS) };
  } catch (err) {
    return { ok: false, error: locate(expr, err, lexError) };
  }
}

interface LibraryError {
  code?: unknown;
  position?: unknown;
  token?: unknown;
  message?: unknown;
}

/** Where the library's error lies: its `position` means different things per code. */
function locate(expr: string, raw: unknown, lexError: LexError | undefined): JsonataError {
  const err = (raw ?? {}) as LibraryError;
  const code = typeof err.code === 'string' ? err.code : undefined;
  const message = typeof err.message === 'string' && err.message ? err.message : String(raw);
  const len = expr.length;
  const whole = { message, code, start: 0, end: len, atEnd: len === 0 || expr.trim() === '' };
  const pos = typeof err.position === 'number' ? Math.max(0, Math.min(len, err.position)) : undefined;
  if (pos === undefined || code === undefined) return whole;
  const at = (start: number, end: number): JsonataError => ({
    message,
    code,
    start: Math.max(0, start),
    end: Math.min(len, Math.max(start + 1, end)),
    atEnd: false,
  });
  if (err.token === '(end)' || code === 'S0207' || code === 'S0203') return { message, code, start: len, end: len, atEnd: true };
  // Tokenizer errors: the fast tokenizer stopped at the same token and knows where it starts.
  if (lexError && lexError.code === code) return at(lexError.start, lexError.end);
  switch (code) {
    case 'S0101': // unterminated string, position at the end
    case 'S0105':
    case 'S0302':
      return whole;
    case 'S0106': // unterminated comment, position at its start
      return at(pos, len);
    case 'S0103': // position at the escaped character
      return at(pos - 1, pos + 1);
    case 'S0104':
      return at(pos - 1, pos + 5);
    case 'S0102': // position at the start of the number
      return at(pos, pos + String(err.token ?? '').length);
    case 'S0301': // position at the closing slash of `//`
      return at(pos - 1, pos + 1);
    default: {
      // Parser errors give the end of the offending token.
      const tok = tokenize(expr).find((t) => t.end === pos);
      return tok ? at(tok.start, tok.end) : at(pos - 1, pos);
    }
  }
}

/** The last step a `.` path applies its right side to, predicates set aside. */
function unwrap(n: Node): Node {
  while (n.k === 'pred') n = n.l;
  return n;
}

function sorted(refs: JsonataRef[] | undefined): readonly JsonataRef[] {
  if (!refs || refs.length === 0) return NONE;
  return refs.length === 1 ? refs : refs.sort((a, b) => a.start - b.start);
}

function collect(ast: Node): JsonataAnalysis {
  const reads: (Node & { k: 'var' })[] = [];
  const calls: (Node & { k: 'var' })[] = [];
  const fields: JsonataRef[] = [];
  // Names bound anywhere in the expression (`:=`, lambda parameters, `@$v`, `#$i`) count as local
  // everywhere in it: an over-approximation of JSONata's block scoping that can hide a real
  // mistake but never invents one.
  let bound: Set<string> | undefined;
  let topLevelNames: JsonataRef[] | undefined;
  // Each node with whether it is evaluated against the expression's (absent) top-level context.
  const stack: Node[] = [ast];
  const tops: boolean[] = [true];
  const push = (top: boolean, ...nodes: Node[]) => {
    for (const x of nodes) {
      stack.push(x);
      tops.push(top);
    }
  };
  while (stack.length > 0) {
    const n = stack.pop()!;
    const top = tops.pop()!;
    switch (n.k) {
      case 'name':
        if (top) (topLevelNames ??= []).push({ name: n.v, start: n.s, end: n.e });
        break;
      case 'var':
        reads.push(n);
        break;
      case 'bin':
        if (n.op === '.') {
          const l = unwrap(n.l);
          const r = unwrap(n.r);
          if (l.k === 'var' && l.v === 'states' && (r.k === 'name' || (r.k === 'lit' && typeof r.v === 'string'))) {
            fields.push({ name: String(r.v), start: r.s, end: r.e });
          }
          // The right of a path step reads the left's result, not the top level.
          push(false, n.r);
          push(top, n.l);
        } else push(top, n.r, n.l);
        break;
      case 'neg':
        push(top, n.x);
        break;
      case 'pred':
        if (n.r) push(false, n.r);
        push(top, n.l);
        break;
      case 'list':
        for (let i = n.xs.length - 1; i >= 0; i--) push(top, n.xs[i]);
        break;
      case 'obj':
        // On a path (`a{...}`), the pairs read each item of the path.
        for (let i = n.pairs.length - 1; i >= 0; i--) push(top && !n.l, n.pairs[i][1], n.pairs[i][0]);
        if (n.l) push(top, n.l);
        break;
      case 'call':
        for (let i = n.args.length - 1; i >= 0; i--) push(top, n.args[i]);
        if (n.proc.k === 'var') calls.push(n.proc);
        else push(top, n.proc);
        break;
      case 'lambda':
        for (const p of n.params) if (p.k === 'var') (bound ??= new Set()).add(p.v);
        push(false, n.body);
        break;
      case 'bind':
        if (n.l.k === 'var') (bound ??= new Set()).add(n.l.v);
        push(top, n.r);
        break;
      case 'focus':
        if (n.r.k === 'var') (bound ??= new Set()).add(n.r.v);
        push(top, n.l);
        break;
      case 'cond':
        if (n.f) push(top, n.f);
        push(top, n.t, n.c);
        break;
      case 'transform':
        if (n.d) push(false, n.d);
        push(false, n.u, n.p);
        break;
      case 'sort':
        for (let i = n.terms.length - 1; i >= 0; i--) push(false, n.terms[i]);
        push(top, n.l);
        break;
      default:
        break;
    }
  }
  if (reads.length === 0 && calls.length === 0 && !topLevelNames) return EMPTY;
  let variables: JsonataRef[] | undefined;
  let unknownFunctions: JsonataRef[] | undefined;
  let evalUses: JsonataRef[] | undefined;
  for (const v of reads) {
    const name = v.v;
    if (name === '' || name === '$' || name === 'states' || bound?.has(name)) continue;
    if (name === 'eval') (evalUses ??= []).push({ name, start: v.s, end: v.e });
    else if (FUNCTION_NAMES.has(name)) (variables ??= []).push({ name, start: v.s, end: v.e, alsoFunction: true });
    else (variables ??= []).push({ name, start: v.s, end: v.e });
  }
  for (const c of calls) {
    const name = c.v;
    if (name === '' || name === '$' || name === 'states' || bound?.has(name)) continue;
    if (name === 'eval') (evalUses ??= []).push({ name, start: c.s, end: c.e });
    else if (!FUNCTION_NAMES.has(name)) (unknownFunctions ??= []).push({ name, start: c.s, end: c.e });
  }
  if (!variables && !unknownFunctions && !evalUses && !topLevelNames && fields.length === 0) return EMPTY;
  return {
    variables: sorted(variables),
    statesFields: sorted(fields),
    unknownFunctions: sorted(unknownFunctions),
    evalUses: sorted(evalUses),
    topLevelNames: sorted(topLevelNames),
  };
}
