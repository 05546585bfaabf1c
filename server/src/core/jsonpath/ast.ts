/**
 * The syntax tree of an Amazon States Language JSONPath path. Built for two readers: the
 * validator (every node keeps its offsets in the parsed string) and the dry-run evaluator
 * (the tree says exactly what to select; nothing needs re-parsing).
 */

/** Offsets into the string that was parsed: `start` inclusive, `end` exclusive. */
export interface Span {
  start: number;
  end: number;
}

/**
 * Where a path starts: `$` the input (or the payload template's input), `$$` the context
 * object, `$name` a workflow variable, `@` the current item inside a filter.
 */
export type PathRoot = 'input' | 'context' | 'variable' | 'current';

export interface PathAst extends Span {
  type: 'path';
  root: PathRoot;
  /** The variable name (without `$`) when root is 'variable'. */
  variable?: string;
  segments: Segment[];
}

/** One step: `.name`, `..name`, `[...]`, `..[...]`. */
export interface Segment extends Span {
  /** True for `..` (deep scan): the selectors apply to the node and all its descendants. */
  descendant: boolean;
  notation: 'dot' | 'bracket';
  /** More than one only for unions: `['a','b']`, `[0,2]`. */
  selectors: Selector[];
}

export type Selector = NameSelector | WildcardSelector | IndexSelector | SliceSelector | FilterSelector | LengthOffsetSelector;

export interface NameSelector extends Span {
  type: 'name';
  /** The field name, escapes resolved. */
  name: string;
}

export interface WildcardSelector extends Span {
  type: 'wildcard';
}

export interface IndexSelector extends Span {
  type: 'index';
  /** May be negative: counts from the end of the array. */
  index: number;
}

/** `[start:end]`, either bound optional; end exclusive; negative bounds count from the end. */
export interface SliceSelector extends Span {
  type: 'slice';
  from?: number;
  to?: number;
}

export interface FilterSelector extends Span {
  type: 'filter';
  expr: FilterExpr;
}

/** `[(@.length-N)]`: the element N places before the end. */
export interface LengthOffsetSelector extends Span {
  type: 'lengthOffset';
  offset: number;
}

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

export type FilterExpr =
  | ({ type: 'or' | 'and'; left: FilterExpr; right: FilterExpr } & Span)
  | ({ type: 'not'; expr: FilterExpr } & Span)
  | ({ type: 'compare'; op: CompareOp; left: FilterOperand; right: FilterOperand } & Span)
  /** `[?(@.isbn)]`: true when the path selects something. */
  | ({ type: 'exists'; path: PathAst } & Span);

export type FilterOperand =
  | ({ type: 'path'; path: PathAst } & Span)
  /** A bare word such as `FooBar` is kept as a string literal (AWS accepts it). */
  | ({ type: 'literal'; value: string | number | boolean | null } & Span);

/** A syntax or usage problem, at offsets in the parsed string. */
export interface SyntaxIssue {
  offset: number;
  length: number;
  message: string;
}

export type ParseResult<T> = { ast: T; error?: undefined } | { ast?: undefined; error: SyntaxIssue };
