/** A test's text seen through the LSP's positions and ranges, and edits applied as an editor applies them. */
import assert from 'node:assert/strict';
import type { Position, Range, TextEdit } from 'vscode-languageserver-protocol/node';

/** The position of the `nth` (0-based) occurrence of `needle` in `text`, plus `delta` characters. */
export function positionOf(text: string, needle: string, delta = 0, nth = 0): Position {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = text.indexOf(needle, offset + 1);
  assert.ok(offset >= 0, `${needle} not in the text`);
  const before = text.slice(0, offset + delta).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

/** The offset in `text` of a position. */
export function offsetOf(text: string, p: Position): number {
  return (
    text
      .split('\n')
      .slice(0, p.line)
      .reduce((n, l) => n + l.length + 1, 0) + p.character
  );
}

/** The text a range covers. */
export function rangeText(text: string, range: Range): string {
  return text.slice(offsetOf(text, range.start), offsetOf(text, range.end));
}

/** Applies the edits of one WorkspaceEdit (which do not overlap) from the end backwards. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => offsetOf(text, b.range.start) - offsetOf(text, a.range.start))) {
    out = out.slice(0, offsetOf(text, e.range.start)) + e.newText + out.slice(offsetOf(text, e.range.end));
  }
  return out;
}
