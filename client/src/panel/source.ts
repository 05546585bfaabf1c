/**
 * Which document a graph panel's offsets belong to, and what a click on a state selects there (no
 * vscode: tested in node). A template machine whose definition is a linked file (SAM
 * `DefinitionUri`, Serverless `${file(...)}`) has its states in that file: the server names it in
 * the graph answer's `source` (protocol/panel.ts), and reveal, the cursor and breakpoints go
 * there; any other graph's offsets are the panel's own document's.
 */
import type { GraphModel } from '../../../server/src/core/graph/types';

/** The URI whose text the graph's offsets index: the answer's `source` when it names one, else the panel's document. */
export function graphSource(panelUri: string, source: string | undefined): string {
  return source ?? panelUri;
}

/** Where a click on a state goes: the document, and the state's name there without its quotes (offsets). */
export interface RevealTarget {
  uri: string;
  start: number;
  end: number;
}

/**
 * The state's name in the source document. `textAt` reads the source's text, to leave out the
 * quotes a JSON (or quoted YAML) key has and a plain YAML key has not.
 */
export function revealTarget(
  model: GraphModel | undefined,
  nodeId: string,
  source: string,
  textAt: (offset: number, length: number) => string,
): RevealTarget | undefined {
  const node = model?.nodes.find((n) => n.id === nodeId);
  if (!node || node.nameOffset === undefined || node.nameLength === undefined) return undefined;
  const start = node.nameOffset;
  const end = start + node.nameLength;
  const text = textAt(start, node.nameLength);
  const quoted = text.length >= 2 && (text[0] === '"' || text[0] === "'") && text[text.length - 1] === text[0];
  return quoted ? { uri: source, start: start + 1, end: end - 1 } : { uri: source, start, end };
}

/** An editor as the reveal sees it: its document and its group. */
export interface EditorPlace {
  uri: string;
  viewColumn: number | undefined;
}

/**
 * The group to show the source in: where it is already shown, else where the panel's document is
 * (the template beside its machine's graph), else `fallback`.
 */
export function revealColumn(visible: readonly EditorPlace[], source: string, panelUri: string, fallback: number): number {
  return (
    visible.find((e) => e.uri === source && e.viewColumn !== undefined)?.viewColumn ??
    visible.find((e) => e.uri === panelUri && e.viewColumn !== undefined)?.viewColumn ??
    fallback
  );
}
