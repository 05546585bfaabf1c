import { parseDocument, type ParsedDocument } from './parse';
import { buildModel, type Machine } from './model';
import type { Finding, Rule, RuleContext } from './rules/rule';
import { ALL_RULES } from './rules';
import { isAwsWarningCode, type AslDiagnostic, type AwsCode, type Severity, type ValidationOptions } from './types';
import { AWS_CODE, DEFAULT_SEVERITY } from './report/codes';

/** The AWS code of a finding: its own, else the code's when AWS flags it too (errors, AWS's warnings). */
function awsCodeOf(f: Finding, severity: Severity): AwsCode | undefined {
  if (f.awsCode !== undefined) return f.awsCode ?? undefined;
  const code = AWS_CODE[f.code];
  if (severity === 'error' || (code !== undefined && isAwsWarningCode(code))) return code;
  return undefined;
}

export interface Analysis {
  doc: ParsedDocument;
  machine: Machine;
  diagnostics: AslDiagnostic[];
}

/** Parse, model and validate one text: the single code path for the CLI and the server. */
export function analyze(text: string, options: ValidationOptions = {}, rules: readonly Rule[] = ALL_RULES): Analysis {
  const doc = parseDocument(text, { placeholders: options.placeholders });
  const machine = buildModel(doc);
  return { doc, machine, diagnostics: runRules(doc, machine, options, rules) };
}

export function validate(text: string, options: ValidationOptions = {}): AslDiagnostic[] {
  return analyze(text, options).diagnostics;
}

export function runRules(
  doc: ParsedDocument,
  machine: Machine,
  options: ValidationOptions,
  rules: readonly Rule[] = ALL_RULES,
): AslDiagnostic[] {
  const out: AslDiagnostic[] = [];
  const seen = new Set<string>();
  const ctx: RuleContext = {
    doc,
    machine,
    options,
    report(f: Finding) {
      const setting = options.severity?.[f.code];
      if (setting === 'off') return;
      const at = f.node !== undefined && f.node >= 0 && doc.tree ? f.node : -1;
      const offset = at >= 0 ? doc.tree!.offset[at] : (f.offset ?? 0);
      const length = at >= 0 ? doc.tree!.length[at] : (f.length ?? 0);
      const key = `${f.code}:${offset}:${length}:${f.message}`;
      if (seen.has(key)) return;
      seen.add(key);
      // AWS's verdict follows the rule's own severity, not the user's override of it.
      const ruleSeverity = f.severity ?? DEFAULT_SEVERITY[f.code] ?? 'error';
      const d: AslDiagnostic = {
        range: doc.lines.rangeOf(offset, length),
        offset,
        length,
        severity: setting ?? ruleSeverity,
        code: f.code,
        message: f.message,
      };
      const awsCode = awsCodeOf(f, ruleSeverity);
      if (awsCode) d.awsCode = awsCode;
      if (f.tags) d.tags = f.tags;
      if (f.data) d.data = f.data;
      out.push(d);
    },
  };
  for (const rule of rules) {
    try {
      rule.run(ctx);
    } catch (err) {
      // A rule bug must never take the editor down; say so at the top of the file instead.
      ctx.report({
        code: 'internal-error',
        offset: 0,
        length: 0,
        severity: 'warning',
        message: `Internal error in rule "${rule.id}": ${(err as Error)?.message ?? String(err)}. Please report it.`,
      });
    }
  }
  out.sort((a, b) => a.offset - b.offset || a.code.localeCompare(b.code));
  return out;
}
