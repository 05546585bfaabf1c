/**
 * Formatting: jsonc-parser's formatter, which only changes whitespace, so the user's key order
 * (and everything else) stays as written. Indentation follows the editor's options.
 *
 * The formatter is linear in what it writes, but what it writes grows with nesting depth squared
 * (each of 2d lines indented up to d levels: 10,000 levels made a 203 MB answer). So it refuses,
 * with a message, past the parser's nesting guard, a tab size past MAX_TAB_SIZE, and when a
 * linear pre-count of the indentation says the edits would insert more than MAX_FORMAT_OUTPUT.
 */
import { createScanner, format as formatJson } from 'jsonc-parser';
import { MAX_DEPTH } from '../parse';
import type { Span } from './cursor';
import type { TextEdit } from './types';
import { CharCode } from '../chars';

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
  const need = indentationCost(text, range, options, unit, eol.length);
  if (need.tooDeepAt >= 0) {
    return { error: `Not formatted: the JSON is nested more than ${MAX_DEPTH} levels deep (line ${lineOf(text, need.tooDeepAt)}).` };
  }
  if (need.chars > MAX_FORMAT_OUTPUT) {
    const mb = (n: number): string => `${Math.round(n / (1024 * 1024))} MB`;
    return {
      error: `Not formatted: the indentation alone would add about ${mb(need.chars)} (the limit is ${mb(MAX_FORMAT_OUTPUT)}); reduce the nesting or the tab size.`,
    };
  }
  const missing = eol + (insertSpaces ? ' ' : '\t').repeat(JSONC_CACHED_BREAKS);
  const edits = formatJson(text, range, { tabSize, insertSpaces, insertFinalNewline: options.insertFinalNewline ?? false, eol });
  return { edits: edits.map((e) => ({ offset: e.offset, length: e.length, newText: e.content ?? missing })) };
}

/** jsonc-parser's token kinds (a const enum in its typings, which the bundler cannot inline). */
const OPEN_BRACE = 1;
const CLOSE_BRACE = 2;
const OPEN_BRACKET = 3;
const CLOSE_BRACKET = 4;
const COMMA = 5;
const LINE_COMMENT = 12;
const BLOCK_COMMENT = 13;
const EOF = 17;

/**
 * Deepest nesting, and an upper estimate of what formatting inserts: a line break and indentation
 * at every bracket, comma and comment. It reads the text as jsonc-parser's formatter does, with
 * its scanner, over the same stretch (a range widened to whole lines) and from the same starting
 * indentation (the range's first line's, which may be huge). Stops at the first bracket past MAX_DEPTH.
 */
function indentationCost(
  text: string,
  range: Span | undefined,
  options: FormatOptions,
  unit: number,
  eolLength: number,
): { chars: number; tooDeepAt: number } {
  let from = 0;
  let to = text.length;
  let initial = 0;
  if (range) {
    from = range.offset;
    while (from > 0 && !isEol(text, from - 1)) from--;
    to = range.offset + range.length;
    while (to < text.length && !isEol(text, to)) to++;
    initial = leadingIndentLevel(text, from, options.tabSize);
  }
  const scanner = createScanner(text.slice(from, to), false);
  let depth = 0;
  let chars = 0;
  for (let token = scanner.scan(); token !== EOF; token = scanner.scan()) {
    if (token === OPEN_BRACE || token === OPEN_BRACKET) {
      if (++depth > MAX_DEPTH) return { chars, tooDeepAt: from + scanner.getTokenOffset() };
    } else if (token === CLOSE_BRACE || token === CLOSE_BRACKET) {
      depth = Math.max(0, depth - 1);
    } else if (token !== COMMA && token !== LINE_COMMENT && token !== BLOCK_COMMENT) {
      continue;
    }
    chars += eolLength + (initial + depth + 1) * unit;
  }
  return { chars, tooDeepAt: -1 };
}

function isEol(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c === CharCode.LineFeed || c === CharCode.CarriageReturn;
}

/** The indentation of the line at `from`, in levels, as jsonc-parser counts it for a range. */
function leadingIndentLevel(text: string, from: number, tabSize: number): number {
  let n = 0;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === CharCode.Space) n++;
    else if (c === CharCode.Tab) n += tabSize;
    else break;
  }
  return Math.floor(n / tabSize);
}

/** 1-based line of `offset`; \r\n, \r and \n end a line, as in the editor. */
function lineOf(text: string, offset: number): number {
  return (text.slice(0, offset).match(/\r\n?|\n/g)?.length ?? 0) + 1;
}
