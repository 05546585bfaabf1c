import type { ParsedDocument } from '../parse';
import type { Tree } from '../tree';
import type { LineIndex } from '../text';
import type { MachineType } from '../types';
import type { HostRange } from './mapped';
import type { TemplateKind } from './sniff';
import type { SymbolicValue } from './symbols';

/** A parsed host file (template or serverless.yml): its tree's offsets are the text's. */
export interface HostDocument {
  readonly text: string;
  readonly tree: Tree;
  readonly lines: LineIndex;
  readonly syntax: 'json' | 'yaml';
  readonly syntaxErrors: readonly { offset: number; length: number; message: string }[];
  /** Raw offsets of string node `node`'s decoded characters (JSON escapes, YAML quoting). */
  stringOffsets(node: number): (i: number) => number;
  /** The parse behind `tree`: the next version's host is spliced from it (only the edited part parsed again). */
  readonly parsed?: ParsedDocument;
  /** Whether this version was parsed whole or spliced from the previous one's parse. */
  readonly parse?: 'full' | 'spliced';
}

/**
 * How the definition is written:
 * - `object`: an inline `Definition` (SAM/CloudFormation) or `definition` (Serverless) object;
 * - `string`: `DefinitionString` as a plain string;
 * - `sub`: `DefinitionString` built by `Fn::Sub` (string, or [string, variables]);
 * - `join`: `DefinitionString` built by `Fn::Join` (what CDK synthesizes);
 * - `file`: `DefinitionUri` (SAM) or `${file(...)}` (Serverless): a file beside the template;
 * - `elsewhere`: in S3 (`DefinitionS3Location`, `DefinitionUri` {Bucket, Key}) or missing: not checked.
 */
export type DefinitionForm = 'object' | 'string' | 'sub' | 'join' | 'file' | 'elsewhere';

/** One `${Name}` a template declares for a definition (`DefinitionSubstitutions`, `Fn::Sub` variables). */
export interface Substitution {
  name: string;
  /** The key's range in the host: where "declared but never used" is reported. */
  keyRange: HostRange;
  /** The value when it is a literal (substituted before checking); undefined for Ref/GetAtt/...: symbolic. */
  literal?: string;
  /** A `Ref` / `Fn::GetAtt` value: what it stands for (its kind is known, its text only at deployment). */
  symbol?: SymbolicValue;
  /** The value's range in the host (where hover describes it). */
  valueRange?: HostRange;
  /** Set once the definition uses the name. */
  used?: boolean;
}

/** A state machine found in a template. */
export interface EmbeddedMachine {
  /** The resource's logical ID, or the Serverless state machine key. */
  id: string;
  kind: TemplateKind;
  /** The range of the resource's key: a CodeLens sits on its line. */
  keyRange: HostRange;
  form: DefinitionForm;
  /** The definition value's node in the host tree (-1 when there is none). */
  definition: number;
  /** Its range in the host (for `file`: the reference's). */
  range: HostRange;
  machineType?: MachineType;
  /** `file`: the path relative to the template's folder. */
  file?: string;
  /** Why edits cannot be honest here (CDK output): edits are refused with this message. */
  readOnly?: string;
  /** `DefinitionSubstitutions`, by name. */
  substitutions: Map<string, Substitution>;
  /** `elsewhere`: why the definition is not checked. */
  note?: string;
}
