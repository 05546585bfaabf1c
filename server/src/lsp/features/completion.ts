import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type Range } from 'vscode-languageserver';
import type { LineIndex } from '../../core';
import { completeYaml } from '../../core/yaml';
import { complete, type CompletionItem as AslItem, type CompletionKind } from '../../core/language';
import { toTextEdit } from '../convert';
import { positionProblem } from '../params';
import { withModel, type FeatureContext } from './context';
import { mockCompletion } from './mockFile';

/** Typed characters that open completion: a quote (a key or value starts), a colon, `$` and `.` in expressions. */
export const COMPLETION_TRIGGERS = ['"', ':', '$', '.'];

const KINDS: Record<CompletionKind, CompletionItemKind> = {
  state: CompletionItemKind.Reference,
  field: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  type: CompletionItemKind.EnumMember,
  arn: CompletionItemKind.Module,
  function: CompletionItemKind.Function,
  variable: CompletionItemKind.Variable,
  snippet: CompletionItemKind.Snippet,
  error: CompletionItemKind.Event,
  context: CompletionItemKind.Field,
};

export function registerCompletion(ctx: FeatureContext): void {
  ctx.connection.onCompletion((params, token) =>
    withModel(
      ctx,
      params,
      token,
      null,
      'Completion',
      (machine, doc) => {
        const offset = doc.offsetAt(params.position);
        const mock = mockCompletion(ctx, doc, offset);
        if (mock) return mock;
        // The JSON completion reads JSON tokens: a YAML machine has its own, from the line typed.
        const items =
          machine.doc.syntax === 'yaml' ? completeYaml(machine, offset) : complete(machine, offset, { lambdaArns: ctx.lambdaArns() });
        const lines = rangeMemo(machine.doc.lines);
        return { isIncomplete: false, items: items.map((i) => toLspItem(lines, i)) };
      },
      () => positionProblem(params.position),
    ),
  );
}

/**
 * The items of one completion mostly replace the same span: convert it to a range once (thousands
 * of state names would each search the line index twice).
 */
function rangeMemo(lines: LineIndex): Pick<LineIndex, 'rangeOf'> {
  let offset = -1;
  let length = -1;
  let range: Range | undefined;
  return {
    rangeOf(o: number, l: number): Range {
      if (o !== offset || l !== length || !range) {
        offset = o;
        length = l;
        range = lines.rangeOf(o, l);
      }
      return range;
    },
  };
}

export function toLspItem(lines: Pick<LineIndex, 'rangeOf'>, item: AslItem): CompletionItem {
  const out: CompletionItem = {
    label: item.label,
    kind: KINDS[item.kind],
    textEdit: toTextEdit(lines, item.edit),
  };
  if (item.detail) out.detail = item.detail;
  if (item.documentation) out.documentation = { kind: MarkupKind.Markdown, value: item.documentation };
  if (item.snippet) out.insertTextFormat = InsertTextFormat.Snippet;
  if (item.filterText) out.filterText = item.filterText;
  if (item.sortText) out.sortText = item.sortText;
  if (item.preselect) out.preselect = true;
  if (item.additionalEdits) out.additionalTextEdits = item.additionalEdits.map((e) => toTextEdit(lines, e));
  if (item.retrigger) out.command = { title: 'Suggest', command: 'editor.action.triggerSuggest' };
  return out;
}
