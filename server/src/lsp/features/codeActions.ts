import { CodeActionKind, type CodeAction } from 'vscode-languageserver';
import { codeActions } from '../../core/language';
import { yamlEdits } from '../../core/yaml';
import { toLspDiagnostic, toTextEdit } from '../convert';
import { rangeProblem } from '../params';
import { withModel, type FeatureContext } from './context';

export const CODE_ACTION_KINDS = [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite];

/** Quick fixes read the diagnostics of the same analysis the editor shows (not the client's copy). */
export function registerCodeActions(ctx: FeatureContext): void {
  ctx.connection.onCodeAction((params, token) =>
    withModel(
      ctx,
      params,
      token,
      null,
      'Code actions',
      (_machine, doc) => {
        // A mock file's findings are not the ASL analysis' (features/mockFile.ts): no ASL fixes there.
        if (ctx.mocks.isMock(doc)) return [];
        const analysis = ctx.cache.get(doc);
        const lines = analysis.doc.lines;
        const start = doc.offsetAt(params.range.start);
        const end = doc.offsetAt(params.range.end);
        const only = Array.isArray(params.context?.only)
          ? params.context.only.filter((k): k is string => typeof k === 'string')
          : undefined;
        const yaml = analysis.doc.syntax === 'yaml';
        const actions = codeActions(analysis.machine, analysis.diagnostics, { offset: start, length: end - start });
        return actions
          .filter((a) => !only || only.some((k) => a.kind === k || a.kind.startsWith(`${k}.`)))
          .flatMap((a): CodeAction[] => {
            // In YAML, an action whose edits have no YAML form is not offered (never JSON text there).
            const edits = yaml ? yamlEdits(analysis.doc, a.edits) : a.edits;
            if (!edits) return [];
            const out: CodeAction = {
              title: a.title,
              kind: a.kind === 'quickfix' ? CodeActionKind.QuickFix : CodeActionKind.RefactorRewrite,
              edit: { changes: { [doc.uri]: edits.map((e) => toTextEdit(lines, e)) } },
            };
            if (a.diagnostics) out.diagnostics = a.diagnostics.map(toLspDiagnostic);
            if (a.preferred) out.isPreferred = true;
            return [out];
          });
      },
      () => rangeProblem(params.range),
    ),
  );
}
