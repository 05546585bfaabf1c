/** Whole-string path parsing and the checks of what kind of path a field requires. */
import type { ParseResult, PathAst, Segment, SyntaxIssue } from './ast';
import { parsePathAt, PathSyntaxError } from './parser';
import { CharCode } from '../chars';

export interface PathOptions {
  /**
   * 'reference': a Reference Path, which identifies a single node, so only `.name`,
   * `['name']` and non-negative `[n]` steps (spec, "Reference Paths": the operators `@`, `,`,
   * `:` and `?` are not supported; the developer guide adds `..` and `*`; a negative index is
   * refused as massfords/asl-path-validator does, tested against Step Functions). Negative
   * indexes are fine in Paths: the spec's own example is `$.vals[-3:]`. Default 'path'.
   */
  kind?: 'path' | 'reference';
  /** Whether `$name` (a workflow variable) may start the path. Default true. */
  variables?: boolean;
  /** Whether `$$` (the context object) may start the path. Default true. */
  context?: boolean;
}

/** Parse a whole string as a path. Errors carry offsets into `text`. */
export function parsePath(text: string, options: PathOptions = {}): ParseResult<PathAst> {
  if (text.length === 0) return { error: { offset: 0, length: 0, message: 'a path cannot be empty; use "$" for the whole input' } };
  if (text.charCodeAt(0) !== CharCode.Dollar) {
    return { error: { offset: 0, length: text.length, message: "a path must start with '$'" } };
  }
  let ast: PathAst;
  try {
    ast = parsePathAt(text, 0, 'liberal', false);
  } catch (e) {
    if (e instanceof PathSyntaxError) return { error: { offset: e.offset, length: e.length, message: e.message } };
    throw e;
  }
  const usage = usageIssue(ast, options);
  return usage ? { error: usage } : { ast };
}

/** The first thing that stops the path from being of the kind or roots the options allow. */
export function usageIssue(ast: PathAst, options: PathOptions): SyntaxIssue | undefined {
  const rootEnd = ast.segments.length > 0 ? ast.segments[0].start : ast.end;
  if (ast.root === 'variable' && options.variables === false) {
    return { offset: ast.start, length: rootEnd - ast.start, message: `a variable ($${ast.variable}) cannot be used here` };
  }
  if (ast.root === 'context' && options.context === false) {
    return { offset: ast.start, length: 2, message: "the context object ('$$') cannot be used here" };
  }
  if (options.kind === 'reference') return referenceIssue(ast);
  return undefined;
}

/** Why the path may select more than one node, or undefined for a valid Reference Path. */
export function referenceIssue(ast: PathAst): SyntaxIssue | undefined {
  for (const seg of ast.segments) {
    const what = multiNodeStep(seg);
    if (what) {
      return {
        offset: what.start,
        length: what.end - what.start,
        message: `a Reference Path must identify a single node, so ${what.label} is not allowed here; use only .name, ['name'] and [index] steps`,
      };
    }
  }
  return undefined;
}

/** True when the path can only ever select one node (a Reference Path). */
export function isSingular(ast: PathAst): boolean {
  return ast.segments.every((s) => multiNodeStep(s) === undefined);
}

function multiNodeStep(seg: Segment): { start: number; end: number; label: string } | undefined {
  if (seg.descendant) return { start: seg.start, end: seg.end, label: "a deep scan ('..')" };
  if (seg.selectors.length > 1) return { start: seg.start, end: seg.end, label: "a union (',')" };
  const s = seg.selectors[0];
  switch (s.type) {
    case 'wildcard':
      return { start: s.start, end: s.end, label: "a wildcard ('*')" };
    case 'filter':
      return { start: s.start, end: s.end, label: "a filter ('?')" };
    case 'slice':
      return { start: s.start, end: s.end, label: "a slice (':')" };
    case 'lengthOffset':
      return { start: s.start, end: s.end, label: "a script expression ('@')" };
    case 'index':
      return s.index < 0 ? { start: s.start, end: s.end, label: 'a negative index' } : undefined;
    default:
      return undefined;
  }
}
