/**
 * Evaluates the JSONPath trees of core/jsonpath (parsePath) the way Step Functions does. Step
 * Functions implements Jayway JsonPath, so these are Jayway's rules:
 * - A definite path (only `.name`, `['name']` and `[n]` steps) selects one value, or nothing: a
 *   missing field, an index out of range or a step into a value of the wrong kind.
 * - An indefinite path (wildcard, deep scan, slice, filter, union) selects a list of the matches,
 *   possibly empty; leaves that are missing are skipped.
 * - Several quoted names in the last step (`$['a','b']`) select one object holding those of the
 *   fields that exist.
 * - A filter on an array tests each element; on an object, the object itself. Comparisons of
 *   values of different kinds are false, and so is any comparison with a missing field.
 * No library does this: JSONPath libraries for JavaScript follow Goessner's or RFC 9535's rules,
 * which differ from Jayway on definite paths, missing leaves and multi-name selection.
 */
import type { FilterExpr, FilterOperand, PathAst, Segment, Selector } from '../jsonpath/ast';
import { parsePath } from '../jsonpath/path';
import { isObject } from './values';

/** What a definite path selects when it selects nothing. */
export const NOTHING: unique symbol = Symbol('nothing');
export type Nothing = typeof NOTHING;

/** Where `$$` and `$name` lead. */
export interface PathEnv {
  context(): unknown;
  /** The variable's value, or NOTHING when no state has assigned it. */
  variable(name: string): unknown;
}

export interface CompiledPath {
  /** The path as written. */
  readonly text: string;
  readonly root: PathAst['root'];
  readonly variable?: string;
  /** Selects one value (or NOTHING) rather than a list. */
  readonly definite: boolean;
  /** A definite path's steps (names and indices), for AWS's wording of what it failed to find. */
  readonly steps?: readonly (string | number)[];
  select(input: unknown, env: PathEnv): unknown;
}

const hasOwn = Object.prototype.hasOwnProperty;

/** Parse and compile; a path the validator let through always parses, so errors are thrown. */
export function compilePathText(text: string): CompiledPath {
  const parsed = parsePath(text);
  if (!parsed.ast) throw new Error(`Invalid path '${text}': ${parsed.error.message}`);
  return compilePath(parsed.ast, text);
}

export function compilePath(ast: PathAst, text: string): CompiledPath {
  const segs = ast.segments;
  const root = ast.root;
  const variable = ast.variable;
  const simple = definiteSteps(segs);
  if (simple) {
    const steps = simple.steps;
    const last = simple.merge;
    const select = (input: unknown, env: PathEnv): unknown => {
      let v = base(root, variable, input, env);
      if (v === NOTHING) return NOTHING;
      for (let i = 0; i < steps.length; i++) {
        const k = steps[i];
        if (typeof k === 'string') {
          if (!isObject(v) || !hasOwn.call(v, k)) return NOTHING;
          v = v[k];
        } else {
          if (!Array.isArray(v)) return NOTHING;
          const at = k < 0 ? v.length + k : k;
          if (at < 0 || at >= v.length) return NOTHING;
          v = v[at];
        }
      }
      if (last) {
        if (!isObject(v)) return NOTHING;
        const out: Record<string, unknown> = {};
        for (const name of last) if (hasOwn.call(v, name)) out[name] = v[name];
        return out;
      }
      return v;
    };
    return { text, root, variable, definite: true, select, steps: last ? undefined : steps };
  }
  const select = (input: unknown, env: PathEnv): unknown => {
    const start = base(root, variable, input, env);
    if (start === NOTHING) return [];
    return evalSegments([start], segs, 0);
  };
  return { text, root, variable, definite: false, select };
}

function base(root: PathAst['root'], variable: string | undefined, input: unknown, env: PathEnv): unknown {
  switch (root) {
    case 'context':
      return env.context();
    case 'variable':
      return env.variable(variable!);
    default:
      return input;
  }
}

/** The steps of a definite path, or undefined when the path is indefinite. */
function definiteSteps(segs: readonly Segment[]): { steps: (string | number)[]; merge?: string[] } | undefined {
  const steps: (string | number)[] = [];
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i];
    if (seg.descendant) return undefined;
    if (seg.selectors.length > 1) {
      if (i === segs.length - 1 && seg.selectors.every((s) => s.type === 'name')) {
        return { steps, merge: seg.selectors.map((s) => (s as { name: string }).name) };
      }
      return undefined;
    }
    const s = seg.selectors[0];
    if (s.type === 'name') steps.push(s.name);
    else if (s.type === 'index') steps.push(s.index);
    else return undefined;
  }
  return { steps };
}

function evalSegments(nodes: unknown[], segs: readonly Segment[], from: number): unknown[] {
  let current = nodes;
  for (let i = from; i < segs.length; i++) {
    const seg = segs[i];
    const next: unknown[] = [];
    const last = i === segs.length - 1;
    for (const node of current) {
      if (seg.descendant) scan(node, seg.selectors, next);
      else if (last && seg.selectors.length > 1 && seg.selectors.every((s) => s.type === 'name')) {
        // Jayway merges several names in the last step into one object per node.
        if (isObject(node)) {
          const out: Record<string, unknown> = {};
          for (const s of seg.selectors) {
            const name = (s as { name: string }).name;
            if (hasOwn.call(node, name)) out[name] = node[name];
          }
          next.push(out);
        }
      } else for (const s of seg.selectors) apply(node, s, next);
    }
    current = next;
  }
  return current;
}

/** `..`: the selectors applied to the node and to every value below it, in document order. */
function scan(node: unknown, selectors: readonly Selector[], out: unknown[]): void {
  for (const s of selectors) apply(node, s, out);
  if (Array.isArray(node)) for (const x of node) scan(x, selectors, out);
  else if (isObject(node)) for (const k in node) scan(node[k], selectors, out);
}

function apply(node: unknown, s: Selector, out: unknown[]): void {
  switch (s.type) {
    case 'name':
      if (isObject(node) && hasOwn.call(node, s.name)) out.push(node[s.name]);
      return;
    case 'wildcard':
      if (Array.isArray(node)) for (const x of node) out.push(x);
      else if (isObject(node)) for (const k in node) out.push(node[k]);
      return;
    case 'index':
      if (Array.isArray(node)) {
        const at = s.index < 0 ? node.length + s.index : s.index;
        if (at >= 0 && at < node.length) out.push(node[at]);
      }
      return;
    case 'slice':
      if (Array.isArray(node)) {
        const n = node.length;
        let from = s.from ?? 0;
        let to = s.to ?? n;
        if (from < 0) from = Math.max(0, n + from);
        if (to < 0) to = Math.max(0, n + to);
        for (let i = from; i < Math.min(to, n); i++) out.push(node[i]);
      }
      return;
    case 'lengthOffset':
      if (Array.isArray(node)) {
        const at = node.length - s.offset;
        if (at >= 0 && at < node.length) out.push(node[at]);
      }
      return;
    case 'filter':
      if (Array.isArray(node)) {
        for (const x of node) if (test(s.expr, x)) out.push(x);
      } else if (isObject(node) && test(s.expr, node)) out.push(node);
      return;
  }
}

const NO_ENV: PathEnv = { context: () => NOTHING, variable: () => NOTHING };

function test(e: FilterExpr, item: unknown): boolean {
  switch (e.type) {
    case 'and':
      return test(e.left, item) && test(e.right, item);
    case 'or':
      return test(e.left, item) || test(e.right, item);
    case 'not':
      return !test(e.expr, item);
    case 'exists': {
      const path = currentPath(e.path);
      const v = path.select(item, NO_ENV);
      return path.definite ? v !== NOTHING : (v as unknown[]).length > 0;
    }
    case 'compare': {
      const l = operand(e.left, item);
      const r = operand(e.right, item);
      if (l === NOTHING || r === NOTHING) return false;
      return compare(e.op, l, r);
    }
  }
}

const filterPaths = new WeakMap<PathAst, CompiledPath>();

function currentPath(ast: PathAst): CompiledPath {
  let c = filterPaths.get(ast);
  if (!c) filterPaths.set(ast, (c = compilePath(ast, '@')));
  return c;
}

function operand(o: FilterOperand, item: unknown): unknown {
  return o.type === 'literal' ? o.value : currentPath(o.path).select(item, NO_ENV);
}

function compare(op: string, l: unknown, r: unknown): boolean {
  const same = typeof l === typeof r && (l === null) === (r === null);
  switch (op) {
    case '==':
      return same && (l === r || (typeof l === 'object' && JSON.stringify(l) === JSON.stringify(r)));
    case '!=':
      return !same || (l !== r && !(typeof l === 'object' && JSON.stringify(l) === JSON.stringify(r)));
  }
  if (!same || (typeof l !== 'number' && typeof l !== 'string')) return false;
  const a = l as number | string;
  const b = r as number | string;
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    default:
      return a >= b;
  }
}
