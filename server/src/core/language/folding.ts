/** Folding ranges: every object and array spanning more than two lines, its closing line left visible. */
import type { ParsedDocument } from '../parse';
import { ARRAY, OBJECT, PROPERTY } from '../fastParse';

export interface FoldingRange {
  startLine: number;
  endLine: number;
}

/** `limit`: the most ranges the editor wants; the outermost are kept. */
export function foldingRanges(doc: ParsedDocument, limit = Infinity): FoldingRange[] {
  const tree = doc.tree;
  if (!tree) return [];
  const { kind, offset, length, end } = tree;
  const found: (FoldingRange & { depth: number })[] = [];
  // Document order is preorder: the open ancestors of node i are those whose subtree holds it.
  const open: number[] = [];
  for (let i = 0; i < tree.size; i++) {
    while (open.length > 0 && end[open[open.length - 1]] <= i) open.pop();
    const depth = open.length;
    open.push(i);
    if (kind[i] !== OBJECT && kind[i] !== ARRAY) continue;
    // A YAML block mapping or list starts below its key and has no closing line: fold from the key's line to its last.
    const yamlBlock = doc.syntax === 'yaml' && !/[{[]/.test(doc.text[offset[i]] ?? '');
    const up = yamlBlock ? tree.parent[i] : -1;
    const start = doc.lines.positionAt(up >= 0 && kind[up] === PROPERTY ? offset[up] : offset[i]).line;
    const stop = doc.lines.positionAt(offset[i] + length[i]).line + (yamlBlock ? 1 : 0);
    if (stop - start >= 2 || (stop - start === 1 && !/[}\]]/.test(doc.text[offset[i] + length[i] - 1] ?? ''))) {
      found.push({ startLine: start, endLine: stop - 1, depth });
    }
  }
  let kept = found;
  if (found.length > limit)
    kept = [...found]
      .sort((a, b) => a.depth - b.depth)
      .slice(0, limit)
      .sort((a, b) => a.startLine - b.startLine);
  return kept.map(({ startLine, endLine }) => ({ startLine, endLine }));
}
