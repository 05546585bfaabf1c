/**
 * Breakpoints on the graph, without vscode (tested in node): the state a breakpoint's line means,
 * by the adapter's rule (server/src/debug/locations.ts: the innermost state whose name line to
 * closing brace holds the line), and the line a breakpoint toggled on a state goes on.
 */
import type { GraphModel, GraphNode } from '../../server/src/core/graph/types';

/** The innermost state whose definition (its name's line to its last line) holds the 0-based line. */
export function nodeAtLine(model: GraphModel, line: number, lineOf: (offset: number) => number): GraphNode | undefined {
  let best: GraphNode | undefined;
  let bestStart = -1;
  for (const n of model.nodes) {
    if (n.kind !== 'state' || n.start === undefined || n.end === undefined) continue;
    const first = lineOf(n.start);
    // The end offset is just past the closing brace (or the block's last character).
    const last = lineOf(Math.max(n.start, n.end - 1));
    if (line < first || line > last || first < bestStart) continue;
    best = n;
    bestStart = first;
  }
  return best;
}

/** The 0-based line a breakpoint on the state goes on: its name's. */
export function breakpointLine(node: GraphNode, lineOf: (offset: number) => number): number | undefined {
  const at = node.nameOffset ?? node.start;
  return at === undefined ? undefined : lineOf(at);
}

/** A breakpoint as these functions see it: its document and its 0-based line. */
export interface BreakpointPlace {
  uri: string;
  line: number;
}

/**
 * The breakpoints on the graph's states: those in its source document (the linked file of a
 * template machine defined in one, where the adapter looks for that machine's breakpoints:
 * server/src/debug/launch.ts), each with the state its line is in.
 */
export function breakpointsOnStates<B extends BreakpointPlace>(
  model: GraphModel,
  source: string,
  breakpoints: readonly B[],
  lineOf: (offset: number) => number,
): { bp: B; nodeId: string }[] {
  const out: { bp: B; nodeId: string }[] = [];
  for (const bp of breakpoints) {
    if (bp.uri !== source) continue;
    const node = nodeAtLine(model, bp.line, lineOf);
    if (node) out.push({ bp, nodeId: node.id });
  }
  return out;
}

/** Where a breakpoint toggled on the state goes: the graph's source document, on its name's line. */
export function breakpointPlace(node: GraphNode, source: string, lineOf: (offset: number) => number): BreakpointPlace | undefined {
  if (node.kind !== 'state') return undefined;
  const line = breakpointLine(node, lineOf);
  return line === undefined ? undefined : { uri: source, line };
}
