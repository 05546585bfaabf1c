/** Folding ranges: every object and array spanning more than two lines, its closing line left visible. */
import type { ParsedDocument, JsonNode } from '../parse';

export interface FoldingRange {
  startLine: number;
  endLine: number;
}

/** `limit`: the most ranges the editor wants; the outermost are kept. */
export function foldingRanges(doc: ParsedDocument, limit = Infinity): FoldingRange[] {
  if (!doc.root) return [];
  const found: (FoldingRange & { depth: number })[] = [];
  const stack: [JsonNode, number][] = [[doc.root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node.type === 'object' || node.type === 'array') {
      const start = doc.lines.positionAt(node.offset).line;
      const end = doc.lines.positionAt(node.offset + node.length).line;
      if (end - start >= 2 || (end - start === 1 && !/[}\]]/.test(doc.text[node.offset + node.length - 1] ?? ''))) {
        found.push({ startLine: start, endLine: end - 1, depth });
      }
    }
    const children = node.children;
    if (children) for (let i = children.length - 1; i >= 0; i--) if (children[i].children) stack.push([children[i], depth + 1]);
  }
  let kept = found;
  if (found.length > limit) kept = [...found].sort((a, b) => a.depth - b.depth).slice(0, limit).sort((a, b) => a.startLine - b.startLine);
  return kept.map(({ startLine, endLine }) => ({ startLine, endLine }));
}
