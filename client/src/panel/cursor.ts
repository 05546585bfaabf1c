/** Which state the editor's cursor is in, from the graph model's offsets (no vscode: tested in node). */
import type { GraphModel, GraphNode } from '../../../server/src/core/graph/types';

/** The innermost state whose definition (name key to closing brace) holds the offset. */
export function nodeAt(model: GraphModel, offset: number): GraphNode | undefined {
  let best: GraphNode | undefined;
  for (const n of model.nodes) {
    if (n.start === undefined || n.end === undefined || offset < n.start || offset > n.end) continue;
    if (!best || n.start >= (best.start ?? 0)) best = n;
  }
  return best;
}

/**
 * The state to mark for a cursor at `offset` in the document `editorUri`: only the graph's source
 * document (panel/source.ts) has the model's offsets, so a cursor elsewhere (the template of a
 * machine defined in a linked file) marks nothing new (undefined); null: in no state.
 */
export function cursorNodeId(model: GraphModel, source: string, editorUri: string, offset: number): string | null | undefined {
  if (editorUri !== source) return undefined;
  return nodeAt(model, offset)?.id ?? null;
}
