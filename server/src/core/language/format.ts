/**
 * Formatting: jsonc-parser's formatter, which only changes whitespace, so the user's key order
 * (and everything else) stays as written. Indentation follows the editor's options.
 */
import { format as formatJson } from 'jsonc-parser';
import type { Span } from './cursor';
import type { TextEdit } from './types';

export interface FormatOptions {
  tabSize: number;
  insertSpaces: boolean;
  insertFinalNewline?: boolean;
}

/** Edits that format the whole text, or only `range` of it. */
export function format(text: string, options: FormatOptions, range?: Span): TextEdit[] {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return formatJson(text, range, {
    tabSize: options.tabSize,
    insertSpaces: options.insertSpaces,
    insertFinalNewline: options.insertFinalNewline ?? false,
    eol,
  }).map((e) => ({ offset: e.offset, length: e.length, newText: e.content }));
}
