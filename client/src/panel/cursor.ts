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
