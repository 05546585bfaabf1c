/**
 * Data types shared by every part of the core. Positions are 0-based, as in LSP,
 * but the core never imports LSP: adapters convert.
 */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** Every diagnostic code the core can emit. Documented for users in README.md. */
export const DIAGNOSTIC_CODES = [
  'json-syntax',
  'unknown-field',
  'missing-field',
  'invalid-value',
  'exclusive-fields',
  'unknown-state',
  'unreachable-state',
  'no-terminal-path',
  'duplicate-state',
  'invalid-jsonpath',
  'invalid-intrinsic',
  'invalid-jsonata',
  'undefined-variable',
  'invalid-arn',
  'states-all-not-last',
  'express-unsupported',
  'missing-dollar',
  'missing-path',
  'static-pass-result',
  'undeclared-substitution',
  'unused-substitution',
  'internal-error',
] as const;

export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];

export type DiagnosticTag = 'unnecessary' | 'deprecated';

/**
 * The diagnostic codes of AWS's own validator (ValidateStateMachineDefinition; the list is in the
 * API reference page of ValidateStateMachineDefinitionDiagnostic and in every SDK's model of that
 * shape). The first three are warnings there, the rest errors.
 */
export const AWS_WARNING_CODES = ['NO_DOLLAR', 'NO_PATH', 'PASS_RESULT_IS_STATIC'] as const;
export const AWS_ERROR_CODES = [
  'INVALID_JSON_DESCRIPTION',
  'MISSING_DESCRIPTION',
  'SCHEMA_VALIDATION_FAILED',
  'INVALID_RESOURCE',
  'MISSING_END_STATE',
  'DUPLICATE_STATE_NAME',
  'INVALID_STATE_NAME',
  'STATE_MACHINE_NAME_EMPTY',
  'STATE_MACHINE_NAME_INVALID',
  'STATE_MACHINE_NAME_TOO_LONG',
  'STATE_MACHINE_NAME_ALREADY_EXISTS',
  'DUPLICATE_LABEL_NAME',
  'INVALID_LABEL_NAME',
  'MISSING_TRANSITION_TARGET',
  'TOO_DEEPLY_NESTED',
  // Not in the documented list, but what AWS answers for JSONata it refuses (floci-io/floci#2670).
  'INVALID_JSONATA_EXPRESSION',
  'UNSUPPORTED_JSONATA_EXPRESSION',
] as const;
export type AwsCode = (typeof AWS_WARNING_CODES)[number] | (typeof AWS_ERROR_CODES)[number];

export function isAwsWarningCode(code: AwsCode): boolean {
  return (AWS_WARNING_CODES as readonly string[]).includes(code);
}

/** The workflow type a definition is deployed as; EXPRESS forbids some integration patterns. */
export type MachineType = 'STANDARD' | 'EXPRESS';

export interface AslDiagnostic {
  range: Range;
  /** Offsets into the text, kept so adapters and quick fixes need not convert back. */
  offset: number;
  length: number;
  severity: Severity;
  code: DiagnosticCode;
  /**
   * The code AWS's ValidateStateMachineDefinition reports for the same problem, when AWS reports
   * it at all; absent for our own findings (run-time problems, suspicious text).
   */
  awsCode?: AwsCode;
  message: string;
  tags?: DiagnosticTag[];
  /** Machine-readable extras for quick fixes (e.g. a suggested replacement). */
  data?: Record<string, unknown>;
}

export type SeveritySetting = Severity | 'off';

export interface ValidationOptions {
  /** Accept `${Placeholder}` definition substitutions (SAM, CDK, Terraform). Default true. */
  placeholders?: boolean;
  /** Per-code severity overrides, e.g. `{ 'unreachable-state': 'warning' }`. */
  severity?: Partial<Record<DiagnosticCode, SeveritySetting>>;
  /** When known, the machine's workflow type: EXPRESS adds the checks of Express workflows. */
  machineType?: MachineType;
}
