/**
 * The syntax tree of an intrinsic function call such as `States.Format('{}', $.name)`.
 * Offsets are into the string that was parsed (start inclusive, end exclusive).
 */
import type { PathAst, Span } from '../jsonpath/ast';

export type { Span };

export interface IntrinsicCall extends Span {
  type: 'call';
  /** As written, e.g. "States.Format" (unknown names are kept for the checker to report). */
  name: string;
  nameStart: number;
  nameEnd: number;
  args: IntrinsicArg[];
}

export type IntrinsicArg =
  /** A single-quoted string; `value` has the escapes \' \{ \} \\ resolved. */
  | ({ type: 'string'; value: string } & Span)
  | ({ type: 'number'; value: number } & Span)
  | ({ type: 'boolean'; value: boolean } & Span)
  | ({ type: 'null' } & Span)
  /** A path into the input (`$`), the context object (`$$`) or a variable (`$name`). */
  | ({ type: 'path'; path: PathAst } & Span)
  | IntrinsicCall;

/** A problem found by the checker; `suggestion` is a replacement for the range, if any. */
export interface IntrinsicIssue {
  offset: number;
  length: number;
  message: string;
  severity?: 'error' | 'warning';
  suggestion?: string;
}
