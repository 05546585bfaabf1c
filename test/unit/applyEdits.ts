/** Applies core text edits to a text, as an editor applies one WorkspaceEdit. */
import assert from 'node:assert/strict';
import type { TextEdit } from '../../server/src/core/language/types';

/** Applies edits (which must not overlap) from the end backwards. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.offset - a.offset);
  for (let i = 1; i < sorted.length; i++) assert.ok(sorted[i].offset + sorted[i].length <= sorted[i - 1].offset, 'edits overlap');
  let out = text;
  for (const e of sorted) out = out.slice(0, e.offset) + e.newText + out.slice(e.offset + e.length);
  return out;
}
