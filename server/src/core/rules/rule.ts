import type { ParsedDocument } from '../parse';
import type { Machine } from '../model';
import type { AwsCode, DiagnosticCode, DiagnosticTag, Severity, ValidationOptions } from '../types';

export interface Finding {
  code: DiagnosticCode;
  message: string;
  /** Where: a node index in the document's tree (-1 counts as none), or an explicit offset and length. */
  node?: number;
  offset?: number;
  length?: number;
  /** Overrides the code's default severity. */
  severity?: Severity;
  /** Overrides the code's AWS validator code; null when AWS does not report this finding. */
  awsCode?: AwsCode | null;
  tags?: DiagnosticTag[];
  data?: Record<string, unknown>;
}

export interface RuleContext {
  readonly doc: ParsedDocument;
  readonly machine: Machine;
  readonly options: ValidationOptions;
  report(finding: Finding): void;
}

/** One rule, one file: `run` reads the shared parse and model and reports findings. */
export interface Rule {
  readonly id: string;
  /**
   * True when the findings inside a state depend only on that state's own text and context
   * (query languages, scope kind): after an edit, unchanged states keep them (see incremental.ts).
   * Such a rule must read states from `machine.states` and scopes from `machine.scopes` only.
   */
  readonly local?: boolean;
  run(ctx: RuleContext): void;
}
