/** Shared by the language-*.test.ts files: documents with a `|` cursor marker, and edits applied to text. */
import { analyze, buildModel, parseDocument, type Analysis, type Machine } from '../../server/src/core';
import { complete, type CompletionItem, type CompletionOptions, type TextEdit } from '../../server/src/core/language';

/** The text without its `|` marker, the marker's offset, and the parse and model of the text. */
export function at(marked: string): { text: string; offset: number; machine: Machine } {
  const offset = marked.indexOf('|');
  if (offset < 0 || marked.indexOf('|', offset + 1) >= 0) throw new Error('mark the cursor with exactly one |');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  return { text, offset, machine: buildModel(parseDocument(text)) };
}

/** The analysis (with diagnostics) of a marked text, and the marker's offset. */
export function analyzed(marked: string): { text: string; offset: number; analysis: Analysis } {
  const { text, offset } = at(marked);
  return { text, offset, analysis: analyze(text) };
}

export function completions(marked: string, options?: CompletionOptions): { items: CompletionItem[]; text: string; offset: number } {
  const { text, offset, machine } = at(marked);
  return { items: complete(machine, offset, options), text, offset };
}

export function labels(marked: string, options?: CompletionOptions): string[] {
  return completions(marked, options).items.map((i) => i.label);
}

/** Labels in the order the editor shows them: by sortText, then label. */
export function sortedLabels(items: CompletionItem[]): string[] {
  return [...items]
    .sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label) || a.label.localeCompare(b.label))
    .map((i) => i.label);
}

/** Applies non-overlapping edits to the text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.offset - a.offset)) out = out.slice(0, e.offset) + e.newText + out.slice(e.offset + e.length);
  return out;
}

/**
 * What the editor leaves after accepting an item: its edits applied, snippet placeholders replaced
 * by their defaults (`${1:x}` → x, `${1|a,b|}` → a, `$1` → ''), escapes removed.
 */
export function accept(text: string, item: CompletionItem): string {
  const main = item.snippet ? { ...item.edit, newText: expandSnippet(item.edit.newText) } : item.edit;
  return applyEdits(text, [main, ...(item.additionalEdits ?? [])]);
}

export function expandSnippet(snippet: string): string {
  return snippet
    .replace(/\$\{\d+\|([^,|]*)[^|]*\|\}/g, '$1')
    .replace(/\$\{\d+:((?:[^{}\\]|\\.)*)\}/g, '$1')
    .replace(/\$\{\d+\}/g, '')
    .replace(/(^|[^\\])\$\d+/g, '$1')
    .replace(/\\([$}\\])/g, '$1');
}

/** The text an offset span covers. */
export function covered(text: string, span: { offset: number; length: number }): string {
  return text.slice(span.offset, span.offset + span.length);
}
