/**
 * Formatting: jsonc-parser's formatter, which only changes whitespace, so the user's key order
 * (and everything else) stays as written. Indentation follows the editor's options.
 *
 * The formatter is linear in what it writes, but what it writes grows with nesting depth squared
 * (each of 2d lines indented up to d levels: 10,000 levels made a 203 MB answer). So it refuses,
 * with a message, past the parser's nesting guard, a tab size past MAX_TAB_SIZE, and when a
 * linear pre-count of the indentation says the edits would insert more than MAX_FORMAT_OUTPUT.
 */
import { format as formatJson } from 'jsonc-parser';
import { MAX_DEPTH } from '../parse';
import type { Span } from './cursor';
import type { TextEdit } from './types';

export interface FormatOptions {
  tabSize: number;
  insertSpaces: boolean;
  insertFinalNewline?: boolean;
}

/** Widest indentation step accepted (VS Code's own editor.tabSize has no cap; 32 is far past any real use). */
export const MAX_TAB_SIZE = 32;
/** Most characters the formatting edits may insert (about 16 MB: a 20,000-state machine needs a few MB). */
export const MAX_FORMAT_OUTPUT = 16 * 1024 * 1024;
/**
 * jsonc-parser 3.3 keeps prebuilt line breaks with 0..199 indent characters and returns `undefined`
 * content for exactly 200 (its bound check is off by one): 50 levels at tab size 4 hit it.
 */
const JSONC_CACHED_BREAKS = 200;

export type FormatResult = { edits: TextEdit[] } | { error: string };

/** Edits that format the whole text, or only `range` of it; or why it is not formatted. */
export function format(text: string, options: FormatOptions, range?: Span): FormatResult {
  const { tabSize, insertSpaces } = options;
  if (!Number.isInteger(tabSize) || tabSize < 1 || tabSize > MAX_TAB_SIZE) {
    return { error: `Not formatted: the tab size must be a whole number from 1 to ${MAX_TAB_SIZE}, not ${String(tabSize).slice(0, 20)}.` };
  }
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const unit = insertSpaces ? tabSize : 1;
  const from = range?.offset ?? 0;
  const to = range ? range.offset + range.length : text.length;
  const need = indentationCost(text, from, to, unit, eol.length);
  if (need.tooDeepAt >= 0) {
    return { error: `Not formatted: the JSON is nested more than ${MAX_DEPTH} levels deep (line ${lineOf(text, need.tooDeepAt)}).` };
  }
  if (need.chars > MAX_FORMAT_OUTPUT) {
    const mb = (n: number): string => `${Math.round(n / (1024 * 1024))} MB`;
    return { error: `Not formatted: the indentation alone would add about ${mb(need.chars)} (the limit is ${mb(MAX_FORMAT_OUTPUT)}); reduce the nesting or the tab size.` };
  }
  const missing = eol + (insertSpaces ? ' ' : '\t').repeat(JSONC_CACHED_BREAKS);
  const edits = formatJson(text, range, { tabSize, insertSpaces, insertFinalNewline: options.insertFinalNewline ?? false, eol });
  return { edits: edits.map((e) => ({ offset: e.offset, length: e.length, newText: e.content ?? missing })) };
}

/**
 * Deepest nesting, and an upper estimate of what formatting inserts between `from` and `to`: a
 * line break and indentation after every `{`, `[` and `,` and before every `}` and `]`. Strings
 * and comments are skipped. Stops at the first bracket past MAX_DEPTH.
 */
function indentationCost(text: string, from: number, to: number, unit: number, eolLength: number): { chars: number; tooDeepAt: number } {
  let depth = 0;
  let chars = 0;
  for (let i = 0, n = text.length; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i++;
        else if (d === 34 || d === 10) break;
      }
    } else if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      while (i < n && text.charCodeAt(i) !== 10) i++;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 1;
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > MAX_DEPTH) return { chars, tooDeepAt: i };
      if (i >= from && i < to) chars += eolLength + depth * unit;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      if (depth > 0) depth--;
      if (i >= from && i < to) chars += eolLength + depth * unit;
    } else if (c === 44 /* , */ && i >= from && i < to) {
      chars += eolLength + depth * unit;
    }
  }
  return { chars, tooDeepAt: -1 };
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
