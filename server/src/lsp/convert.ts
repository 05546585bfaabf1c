import { DiagnosticSeverity, DiagnosticTag, type Diagnostic, type Range, type TextEdit } from 'vscode-languageserver';
import type { AslDiagnostic, LineIndex } from '../core';
import type { Span, TextEdit as CoreEdit } from '../core/language';

/** Our severities as LSP's (the ASL check and the mock-file check alike). */
export const SEVERITY = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
} as const;

export function toLspDiagnostic(d: AslDiagnostic): Diagnostic {
  const out: Diagnostic = {
    range: d.range,
    severity: SEVERITY[d.severity],
    code: d.code,
    source: 'asl',
    message: d.message,
  };
  if (d.tags) out.tags = d.tags.map((t) => (t === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated));
  if (d.data) out.data = d.data;
  return out;
}

/** The LSP range of a stretch of the text. */
export function toRange(lines: LineIndex, span: Span): Range {
  return lines.rangeOf(span.offset, span.length);
}

export function toTextEdit(lines: Pick<LineIndex, 'rangeOf'>, edit: CoreEdit): TextEdit {
  return { range: lines.rangeOf(edit.offset, edit.length), newText: edit.newText };
}
