/** The machine-readable outputs of `check`: AWS's ValidateStateMachineDefinition response, SARIF. */
import type { AslDiagnostic, MachineType } from '../core';
import type { Tree } from '../core/tree';
import { awsResponse, sarifLog } from '../core/report';
import { UsageError } from './args';

export const FORMATS = ['text', 'json', 'aws', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

export interface Checked {
  file: string;
  text: string;
  /** The parsed tree (for AWS's locations), undefined when nothing parsed. */
  tree: Tree | undefined;
  diagnostics: AslDiagnostic[];
}

export function readFormat(value: string | undefined, json: boolean): Format {
  if (value === undefined) return json ? 'json' : 'text';
  if (!(FORMATS as readonly string[]).includes(value)) throw new UsageError(`--format takes ${FORMATS.join(', ')}, not "${value}".`);
  return value as Format;
}

export function readMachineType(value: string | undefined): MachineType | undefined {
  if (value === undefined) return undefined;
  const upper = value.toUpperCase();
  if (upper !== 'STANDARD' && upper !== 'EXPRESS') throw new UsageError(`--type takes STANDARD or EXPRESS, not "${value}".`);
  return upper;
}

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

/** One file: the response itself; several: an array of them, each with its file. */
export function formatAws(results: readonly Checked[]): { text: string; failed: boolean } {
  const responses = results.map((r) => ({ file: r.file, ...awsResponse(r.tree, r.text, r.diagnostics) }));
  const failed = responses.some((r) => r.result === 'FAIL');
  if (responses.length === 1) {
    const { file: _file, ...only } = responses[0];
    return { text: JSON.stringify(only, null, 2), failed };
  }
  return { text: JSON.stringify(responses, null, 2), failed };
}

export function formatSarif(results: readonly Checked[]): string {
  return JSON.stringify(sarifLog(results, { name: 'asl-workbench', version: VERSION }), null, 2);
}
