import { LSPErrorCodes, ResponseError, type FormattingOptions, type TextEdit } from 'vscode-languageserver';
import type { Machine } from '../../core';
import { format, type Span } from '../../core/language';
import { formatYaml } from '../../core/yaml';
import { toTextEdit } from '../convert';
import { formattingOptionsProblem, rangeProblem } from '../params';
import { withModel, type FeatureContext } from './context';

/**
 * Whole-document and range formatting with the editor's tab size and spaces/tabs choice. A
 * refusal (tab size out of range, nesting past the parser's guard, too much indentation to
 * write) answers RequestFailed with the reason, which VS Code's client shows to the user.
 */
export function registerFormatting(ctx: FeatureContext): void {
  const { connection } = ctx;
  connection.onDocumentFormatting((params, token) =>
    withModel(
      ctx,
      params,
      token,
      null,
      'Format',
      (machine) => edits(machine, params.options),
      () => formattingOptionsProblem(params.options),
    ),
  );
  connection.onDocumentRangeFormatting((params, token) =>
    withModel(
      ctx,
      params,
      token,
      null,
      'Format range',
      (machine, doc) => {
        const start = doc.offsetAt(params.range.start);
        const end = doc.offsetAt(params.range.end);
        return edits(machine, params.options, { offset: start, length: end - start });
      },
      () => rangeProblem(params.range) ?? formattingOptionsProblem(params.options),
    ),
  );
}

function edits(machine: Machine, options: FormattingOptions, range?: Span): TextEdit[] | ResponseError<void> {
  const r = machine.doc.syntax === 'yaml' ? formatYaml(machine.doc.text, options, range) : format(machine.doc.text, options, range);
  if ('error' in r) return new ResponseError(LSPErrorCodes.RequestFailed, r.error);
  return r.edits.map((e) => toTextEdit(machine.doc.lines, e));
}
