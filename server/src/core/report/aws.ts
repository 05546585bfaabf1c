/**
 * Diagnostics as AWS's ValidateStateMachineDefinition answers: `{ result, diagnostics, truncated }`,
 * each diagnostic `{ severity: "ERROR" | "WARNING", code, message, location? }` (API reference:
 * ValidateStateMachineDefinition, ValidateStateMachineDefinitionDiagnostic). Only findings AWS
 * reports are listed; the result is FAIL when one of them is an ERROR.
 */
import { nodeAt } from '../language/cursor';
import { ARRAY, PROPERTY, type Tree } from '../fastParse';
import { isAwsWarningCode, type AslDiagnostic, type AwsCode } from '../types';

export interface AwsDiagnostic {
  severity: 'ERROR' | 'WARNING';
  code: AwsCode;
  message: string;
  /** `/States/<StateName>/<FieldName>`, array items as `[i]` (e.g. `/States/C/Choices[0]/Next`). */
  location?: string;
}

export interface AwsValidationResponse {
  result: 'OK' | 'FAIL';
  diagnostics: AwsDiagnostic[];
  truncated: boolean;
}

export function awsResponse(root: Tree | undefined, text: string, diagnostics: readonly AslDiagnostic[]): AwsValidationResponse {
  const out: AwsDiagnostic[] = [];
  for (const d of diagnostics) {
    if (!d.awsCode) continue;
    const a: AwsDiagnostic = { severity: isAwsWarningCode(d.awsCode) ? 'WARNING' : 'ERROR', code: d.awsCode, message: awsMessage(d, text) };
    // AWS gives MISSING_END_STATE no location (floci-io/floci#2786, recorded): it is the whole workflow's.
    // An unsupported field is reported at the object that holds it: "Field 'TimeoutSeconds' is not
    // supported" at /States/M (floci-io/floci#2735, recorded).
    const location = d.awsCode === 'MISSING_END_STATE' ? undefined : atHolder(d) ? holderOf(root, d.offset) : locationOf(root, d.offset);
    if (location) a.location = location;
    out.push(a);
  }
  return { result: out.some((d) => d.severity === 'ERROR') ? 'FAIL' : 'OK', diagnostics: out, truncated: false };
}

/**
 * AWS's wording where it is on record (localstack/localstack#12487, floci-io/floci#2735 and #2786):
 * "Missing 'Next' target: X" for every dangling transition, "Field 'X' is not supported", "The
 * QueryLanguage is set to 'JSONPath', but field 'Output' is only supported for the 'JSONata'
 * QueryLanguage" and "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state
 * machine" (floci-io/floci#2968, #3733), "State "X" is not reachable.", and
 * "Workflow has no terminal state"; "Invalid State name: State '...' exceeds the 80-character limit
 * allowed by the service" (ChristopheBougere/asl-validator#69); our own message otherwise.
 */
function awsMessage(d: AslDiagnostic, text: string): string {
  const covered = text.slice(d.offset, d.offset + d.length);
  const name = (): string | undefined => {
    try {
      const v: unknown = JSON.parse(covered);
      return typeof v === 'string' ? v : undefined;
    } catch {
      return undefined;
    }
  };
  if (d.code === 'unknown-state' && d.awsCode === 'MISSING_TRANSITION_TARGET') {
    const n = name();
    if (n !== undefined) return `Missing 'Next' target: ${n}`;
  }
  if (d.code === 'unreachable-state') {
    const n = name();
    if (n !== undefined) return `State "${n}" is not reachable.`;
  }
  if (d.data?.jsonPathInJsonataMachine === true) return "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine";
  const ql = d.data?.queryLanguage;
  if (d.code === 'invalid-jsonata' && (ql === 'JSONPath' || ql === 'JSONata')) {
    const n = name();
    const other = ql === 'JSONata' ? 'JSONPath' : 'JSONata';
    if (n !== undefined) return `The QueryLanguage is set to '${ql}', but field '${n}' is only supported for the '${other}' QueryLanguage`;
  }
  if (d.code === 'unknown-field') {
    const n = name();
    if (n !== undefined) return `Field '${n}' is not supported`;
  }
  if (d.awsCode === 'MISSING_END_STATE') return 'Workflow has no terminal state';
  if (d.awsCode === 'INVALID_STATE_NAME') {
    const n = name();
    if (n !== undefined) return `Invalid State name: State '${n}' exceeds the 80-character limit allowed by the service`;
  }
  return d.message;
}

/** Findings about a field's presence, which AWS locates at the object holding the field. */
function atHolder(d: AslDiagnostic): boolean {
  return (
    d.code === 'unknown-field' ||
    (d.code === 'invalid-jsonata' && (typeof d.data?.queryLanguage === 'string' || d.data?.jsonPathInJsonataMachine === true))
  );
}

/** The location of the object whose property holds the offset ("" for the root: no location). */
function holderOf(tree: Tree | undefined, offset: number): string | undefined {
  if (!tree) return undefined;
  const holder = tree.parentOf(tree.parentOf(nodeAt(tree, offset)));
  return holder > 0 ? locationOf(tree, tree.offset[holder]) : undefined;
}

/** The JSON path of the property (or array item) that holds the offset, in AWS's form. */
export function locationOf(tree: Tree | undefined, offset: number): string | undefined {
  if (!tree) return undefined;
  let node = nodeAt(tree, offset);
  if (node <= 0) return undefined;
  const parts: string[] = [];
  while (node > 0) {
    const parent = tree.parentOf(node);
    if (tree.kind[parent] === PROPERTY) {
      parts.push(`/${tree.keyText(parent) ?? ''}`);
      node = tree.parentOf(parent); // the object holding the property
    } else if (tree.kind[parent] === ARRAY) {
      parts.push(`[${Math.max(0, tree.children(parent).indexOf(node))}]`);
      node = parent;
    } else node = parent;
  }
  return parts.length ? parts.reverse().join('') : undefined;
}
