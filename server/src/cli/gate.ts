import type { AslDiagnostic } from '../core';

/**
 * The findings that keep a definition from running: errors (what AWS rejects at creation), and
 * with `strict` warnings too. Information and hints never block.
 */
export function blockingFindings(diagnostics: readonly AslDiagnostic[], strict: boolean): AslDiagnostic[] {
  return diagnostics.filter((d) => d.severity === 'error' || (strict && d.severity === 'warning'));
}
