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
  'internal-error',
] as const;

export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];

export type DiagnosticTag = 'unnecessary' | 'deprecated';

export interface AslDiagnostic {
  range: Range;
  /** Offsets into the text, kept so adapters and quick fixes need not convert back. */
  offset: number;
  length: number;
  severity: Severity;
  code: DiagnosticCode;
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
}
