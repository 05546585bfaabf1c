import { FoldingRangeKind, SymbolKind, type DocumentSymbol, type SelectionRange } from 'vscode-languageserver';
import type { LineIndex } from '../../core';
import { documentSymbols, foldingRanges, selectionRanges, type AslSymbol } from '../../core/language';
import { toRange } from '../convert';
import { positionsProblem } from '../params';
import { withModel, type FeatureContext } from './context';

const STATE_KINDS: Record<string, SymbolKind> = {
  Task: SymbolKind.Function,
  Pass: SymbolKind.Variable,
  Choice: SymbolKind.Enum,
  Wait: SymbolKind.Event,
  Succeed: SymbolKind.Boolean,
  Fail: SymbolKind.Null,
  Parallel: SymbolKind.Namespace,
  Map: SymbolKind.Array,
};

/**
 * Ranges sent when the client states no limit: VS Code's own default (editor.foldingMaximumRegions,
 * 5,000), so a 20,000-state file does not send 100,000 ranges to a client that shows 5,000.
 */
const DEFAULT_FOLDING_LIMIT = 5000;

/** Outline, folding and expand-selection. */
export function registerStructure(ctx: FeatureContext, foldingLimit: () => number | undefined): void {
  const { connection } = ctx;
  connection.onDocumentSymbol((params, token) =>
    withModel(ctx, params, token, null, 'Symbols', (machine) => documentSymbols(machine).map((s) => toSymbol(machine.doc.lines, s))),
  );
  connection.onFoldingRanges((params, token) =>
    withModel(ctx, params, token, null, 'Folding', (machine) =>
      foldingRanges(machine.doc, foldingLimit() ?? DEFAULT_FOLDING_LIMIT).map((r) => ({ ...r, kind: FoldingRangeKind.Region })),
    ),
  );
  connection.onSelectionRanges((params, token) =>
    withModel(
      ctx,
      params,
      token,
      null,
      'Selection ranges',
      (machine, doc) =>
        params.positions.map((p) => {
          const spans = selectionRanges(machine.doc, doc.offsetAt(p));
          let range: SelectionRange | undefined;
          for (let i = spans.length - 1; i >= 0; i--) range = { range: toRange(machine.doc.lines, spans[i]), parent: range };
          return range ?? { range: { start: p, end: p } };
        }),
      () => positionsProblem(params.positions),
    ),
  );
}

function toSymbol(lines: LineIndex, s: AslSymbol): DocumentSymbol {
  const kind =
    s.kind === 'branch'
      ? SymbolKind.Namespace
      : s.kind === 'processor'
        ? SymbolKind.Module
        : (STATE_KINDS[s.stateType ?? ''] ?? SymbolKind.Object);
  return {
    name: s.name || '""',
    detail: s.detail,
    kind,
    range: toRange(lines, s.range),
    selectionRange: toRange(lines, s.selection),
    children: s.children.map((c) => toSymbol(lines, c)),
  };
}
