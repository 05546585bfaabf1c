import { format } from '../../core/language';
import { toTextEdit } from '../convert';
import { withModel, type FeatureContext } from './context';

/** Whole-document and range formatting with the editor's tab size and spaces/tabs choice. */
export function registerFormatting(ctx: FeatureContext): void {
  const { connection } = ctx;
  connection.onDocumentFormatting((params, token) =>
    withModel(ctx, params.textDocument.uri, token, null, 'Format', (machine) =>
      format(machine.doc.text, params.options).map((e) => toTextEdit(machine.doc.lines, e)),
    ),
  );
  connection.onDocumentRangeFormatting((params, token) =>
    withModel(ctx, params.textDocument.uri, token, null, 'Format range', (machine, doc) => {
      const start = doc.offsetAt(params.range.start);
      const end = doc.offsetAt(params.range.end);
      return format(machine.doc.text, params.options, { offset: start, length: end - start }).map((e) => toTextEdit(machine.doc.lines, e));
    }),
  );
}
