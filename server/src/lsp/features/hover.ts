import { MarkupKind } from 'vscode-languageserver';
import { hover } from '../../core/language';
import { toRange } from '../convert';
import { positionProblem } from '../params';
import { withModel, type FeatureContext } from './context';
import { mockHover } from './mockFile';
import { linkedPlaceholderHover } from './linkedPlaceholders';

export function registerHover(ctx: FeatureContext): void {
  ctx.connection.onHover((params, token) =>
    withModel(
      ctx,
      params,
      token,
      null,
      'Hover',
      (machine, doc) => {
        const mock = mockHover(ctx, doc, doc.offsetAt(params.position));
        if (mock !== undefined) return mock;
        // A ${Name} of a file that templates link: what their DefinitionSubstitutions give it.
        const linked = linkedPlaceholderHover(ctx.linking, doc, doc.offsetAt(params.position));
        if (linked) return linked;
        const h = hover(machine, doc.offsetAt(params.position));
        return h ? { contents: { kind: MarkupKind.Markdown, value: h.contents }, range: toRange(machine.doc.lines, h) } : null;
      },
      () => positionProblem(params.position),
    ),
  );
}
