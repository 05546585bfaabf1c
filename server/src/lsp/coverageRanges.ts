/**
 * Coverage items (core/coverage) as the Testing view's answer carries them (protocol/testing.ts):
 * each with its label and its range in the document. Kept apart from lsp/testing.ts (no LSP
 * connection here) so the panel's tests build exactly what the server sends.
 */
import type { CoverageItem } from '../core/coverage';
import { describeItem } from '../core/coverage/formats';
import type { Range } from '../core/types';
import type { CoverageRange } from '../../../protocol/testing';

/** `rangeOf` maps a machine's offset and length to the document's range (a template's host text for an embedded machine). */
export function coverageRanges(items: readonly CoverageItem[], rangeOf: (offset: number, length: number) => Range): CoverageRange[] {
  return items.map((i) => ({
    kind: i.kind,
    state: i.state,
    within: i.within,
    label: describeItem(i),
    hits: i.hits,
    // At least one character, so that an empty item can still be marked.
    range: rangeOf(i.offset, Math.max(1, i.length)),
    ...(i.transition !== undefined ? { transition: i.transition } : {}),
    ...(i.index !== undefined ? { index: i.index } : {}),
    ...(i.target !== undefined ? { target: i.target } : {}),
  }));
}
