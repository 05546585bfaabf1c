/**
 * Diagnostics as a SARIF 2.1.0 log (OASIS Static Analysis Results Interchange Format), the input
 * of code-scanning services: one run, one rule per diagnostic code, results with 1-based regions.
 * Columns count UTF-16 code units, as the diagnostics' LSP positions do.
 */
import { DIAGNOSTIC_CODES, type AslDiagnostic, type DiagnosticCode, type Severity } from '../types';
import { CODE_DESCRIPTIONS } from './codes';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const SARIF_VERSION = '2.1.0';

type Level = 'error' | 'warning' | 'note';
const LEVEL: Record<Severity, Level> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export interface SarifFile {
  /** The path as given, used as the artifact's URI (forward slashes). */
  file: string;
  diagnostics: readonly AslDiagnostic[];
}

export function sarifLog(
  files: readonly SarifFile[],
  tool: { name: string; version: string; informationUri?: string },
): Record<string, unknown> {
  const ruleIndex = new Map<DiagnosticCode, number>(DIAGNOSTIC_CODES.map((c, i) => [c, i]));
  const rules = DIAGNOSTIC_CODES.map((id) => {
    const r: Record<string, unknown> = {
      id,
      shortDescription: { text: CODE_DESCRIPTIONS[id].text },
      defaultConfiguration: { level: LEVEL[CODE_DESCRIPTIONS[id].severity] },
    };
    const aws = CODE_DESCRIPTIONS[id].awsCode;
    if (aws) r.properties = { awsCode: aws };
    return r;
  });
  const results = files.flatMap((f) =>
    f.diagnostics.map((d) => {
      const r: Record<string, unknown> = {
        ruleId: d.code,
        ruleIndex: ruleIndex.get(d.code),
        level: LEVEL[d.severity],
        message: { text: d.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: toUri(f.file) },
              region: {
                startLine: d.range.start.line + 1,
                startColumn: d.range.start.character + 1,
                endLine: d.range.end.line + 1,
                endColumn: d.range.end.character + 1,
              },
            },
          },
        ],
      };
      if (d.awsCode) r.properties = { awsCode: d.awsCode };
      return r;
    }),
  );
  const driver: Record<string, unknown> = { name: tool.name, version: tool.version, rules };
  if (tool.informationUri) driver.informationUri = tool.informationUri;
  return {
    $schema: SARIF_SCHEMA,
    version: SARIF_VERSION,
    runs: [{ tool: { driver }, columnKind: 'utf16CodeUnits', results }],
  };
}

/** A relative URI reference for a file path: forward slashes, each segment percent-encoded. */
function toUri(file: string): string {
  return file.split(/[\\/]/).map(encodeURIComponent).join('/');
}
