/**
 * Every diagnostic code: what it means, its default severity and the code AWS's validator gives
 * it. Read by validate.ts (defaults), the SARIF rules and the README's table.
 */
import type { AwsCode, DiagnosticCode, Severity } from '../types';

/**
 * Default severity per code: an error is what AWS rejects at creation. Findings that fail only
 * when the state runs, and text AWS accepts but that is likely a mistake, are warnings.
 */
export const DEFAULT_SEVERITY: Partial<Record<DiagnosticCode, Severity>> = {
  'undefined-variable': 'warning',
  'missing-dollar': 'warning',
  'missing-path': 'warning',
  'static-pass-result': 'warning',
  'undeclared-substitution': 'warning',
  'unused-substitution': 'warning',
};

/**
 * The code AWS's ValidateStateMachineDefinition gives the same finding, for error-level findings
 * (a rule may name another, or none). Recorded answers: "MISSING_TRANSITION_TARGET: Missing 'Next'
 * target: pass3 at /States/pass1/Next" and "MISSING_TRANSITION_TARGET: State "pass2" is not
 * reachable." (localstack/localstack#12487), "MISSING_END_STATE: Workflow has no terminal state"
 * (floci-io/floci#2735), "DUPLICATE_STATE_NAME: Duplicate State name" (aws-cloudformation/cfn-lint#3616),
 * "SCHEMA_VALIDATION_FAILED: Field ResultPath not allowed." (awslabs/statelint#8).
 */
export const AWS_CODE: Partial<Record<DiagnosticCode, AwsCode>> = {
  'json-syntax': 'INVALID_JSON_DESCRIPTION',
  'unknown-field': 'SCHEMA_VALIDATION_FAILED',
  'missing-field': 'SCHEMA_VALIDATION_FAILED',
  'invalid-value': 'SCHEMA_VALIDATION_FAILED',
  'exclusive-fields': 'SCHEMA_VALIDATION_FAILED',
  'unknown-state': 'MISSING_TRANSITION_TARGET',
  'unreachable-state': 'MISSING_TRANSITION_TARGET',
  'no-terminal-path': 'MISSING_END_STATE',
  'duplicate-state': 'DUPLICATE_STATE_NAME',
  'invalid-jsonpath': 'SCHEMA_VALIDATION_FAILED',
  'invalid-intrinsic': 'SCHEMA_VALIDATION_FAILED',
  'invalid-jsonata': 'SCHEMA_VALIDATION_FAILED',
  'invalid-arn': 'INVALID_RESOURCE',
  'states-all-not-last': 'SCHEMA_VALIDATION_FAILED',
  'express-unsupported': 'SCHEMA_VALIDATION_FAILED',
  'missing-dollar': 'NO_DOLLAR',
  'missing-path': 'NO_PATH',
  'static-pass-result': 'PASS_RESULT_IS_STATIC',
};

export interface CodeDescription {
  text: string;
  /** The usual severity; some findings of the code differ (see the README's table). */
  severity: Severity;
  awsCode?: AwsCode;
}

const TEXT: Record<DiagnosticCode, string> = {
  'json-syntax': 'The file is not well-formed JSON.',
  'unknown-field': 'A field the Amazon States Language does not define here (often a typo).',
  'missing-field': 'A required field is missing.',
  'invalid-value': 'A field has a value of the wrong type or outside its allowed values.',
  'exclusive-fields': 'Fields that cannot be used together, or none of a required group.',
  'unknown-state': 'StartAt, Next or Default names a state that does not exist in its scope.',
  'unreachable-state': 'No transition leads to the state.',
  'no-terminal-path': 'No path from the state reaches an end.',
  'duplicate-state': 'A state name (or a JSON key) is used more than once.',
  'invalid-jsonpath': 'A malformed JSONPath or reference path.',
  'invalid-intrinsic': 'A malformed intrinsic function call.',
  'invalid-jsonata': 'A malformed JSONata expression, or one that fails when the state runs.',
  'undefined-variable': 'A variable is read before any state assigns it: fails at run time.',
  'invalid-arn': 'A malformed or unsupported resource ARN.',
  'states-all-not-last': 'States.ALL is not alone, or not in the last retrier or catcher.',
  'express-unsupported': 'An integration pattern or activity that Express workflows do not support.',
  'missing-dollar': 'A payload key whose value looks like a path or intrinsic, without ".$".',
  'missing-path': 'A literal field (Error, Cause) whose value looks like a path; its "...Path" twin reads one.',
  'static-pass-result': "A path written in a Pass state's static Result.",
  'undeclared-substitution': "A template's definition uses a ${Name} that DefinitionSubstitutions (or Fn::Sub) does not declare.",
  'unused-substitution':
    'A template declares a substitution (DefinitionSubstitutions, an Fn::Sub variable) that the definition never uses.',
  'internal-error': 'A check failed unexpectedly (a bug in ASL Workbench).',
};

export const CODE_DESCRIPTIONS: Record<DiagnosticCode, CodeDescription> = Object.fromEntries(
  (Object.keys(TEXT) as DiagnosticCode[]).map((code) => {
    const severity = code === 'internal-error' ? 'warning' : (DEFAULT_SEVERITY[code] ?? 'error');
    const d: CodeDescription = { text: TEXT[code], severity };
    const aws = AWS_CODE[code];
    if (aws) d.awsCode = aws;
    return [code, d];
  }),
) as Record<DiagnosticCode, CodeDescription>;
