/**
 * The graph of a state machine: model (build.ts), layout (layout.ts), SVG (svg.ts), DOT (dot.ts).
 * Pure like the rest of the core; the CLI, the language server and the panel's webview use it.
 */
import type { Analysis } from '../validate';
import { buildGraph } from './build';
import { layoutGraph } from './layout';
import type { PositionedGraph } from './types';

export * from './types';
export { buildGraph } from './build';
export { layoutGraph, REFERENCE_FAN_IN } from './layout';
export { renderSvg, escapeXml, GRAPH_CSS, STANDALONE_THEME, type RenderOptions } from './svg';
export { toDot } from './dot';

/** Model and layout of an analysed document: what the CLI and the server hand on. */
export function graphOf(analysis: Analysis): PositionedGraph {
  return layoutGraph(buildGraph(analysis.machine, analysis.diagnostics));
}
