import { DocumentHighlightKind } from 'vscode-languageserver';
import { definition, highlights, references } from '../../core/language';
import { toRange } from '../convert';
import { positionProblem } from '../params';
import { withModel, type FeatureContext } from './context';
import { linkedPlaceholderDefinition } from './linkedPlaceholders';

/** Go to definition, find references and document highlight of state names. */
export function registerNavigation(ctx: FeatureContext): void {
  const { connection } = ctx;
  connection.onDefinition((params, token) =>
    withModel(
      ctx,
      params,
      token,
      null,
      'Definition',
      (machine, doc) =>
        // A ${Name} of a file that templates link: its key in their DefinitionSubstitutions.
        linkedPlaceholderDefinition(ctx.linking, doc, doc.offsetAt(params.position)) ??
        definition(machine, doc.offsetAt(params.position)).map((s) => ({ uri: doc.uri, range: toRange(machine.doc.lines, s) })),
      () => positionProblem(params.position),
    ),
  );
  connection.onReferences((params, token) =>
    withModel(
      ctx,
      params,
      token,
      null,
      'References',
      (machine, doc) =>
        references(machine, doc.offsetAt(params.position), params.context?.includeDeclaration === true).map((s) => ({
          uri: doc.uri,
          range: toRange(machine.doc.lines, s),
        })),
      () => positionProblem(params.position),
    ),
  );
  connection.onDocumentHighlight((params, token) =>
    withModel(
      ctx,
      params,
      token,
      null,
      'Highlight',
      (machine, doc) =>
        highlights(machine, doc.offsetAt(params.position)).map((h) => ({
          range: toRange(machine.doc.lines, h),
          kind: h.kind === 'write' ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
        })),
      () => positionProblem(params.position),
    ),
  );
}
