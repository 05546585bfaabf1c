/**
 * Intrinsic functions of the Amazon States Language (JSONPath states only): parse a call into a
 * tree (for the validator, hover and the dry-run evaluator), check it, and describe the 18
 * functions for hover and completion.
 */
import type { IntrinsicCall, IntrinsicIssue } from './ast';
import { checkIntrinsic } from './check';
import { parseIntrinsic } from './parser';

export type * from './ast';
export { parseIntrinsic, looksLikeIntrinsic } from './parser';
export { checkIntrinsic, MAX_NESTING } from './check';
export {
  INTRINSIC_SIGNATURES,
  INTRINSICS,
  HASH_ALGORITHMS,
  signatureLabel,
  minArgs,
  maxArgs,
  type IntrinsicSignature,
  type IntrinsicParam,
  type ValueType,
} from './signatures';

/** Parse and check in one go: the tree when it parses, and every problem found. */
export function analyzeIntrinsic(text: string): { ast?: IntrinsicCall; issues: IntrinsicIssue[] } {
  const parsed = parseIntrinsic(text);
  if (parsed.error) return { issues: [parsed.error] };
  return { ast: parsed.ast, issues: checkIntrinsic(parsed.ast, text) };
}
