/**
 * Selection ranges (expand selection): from the cursor outwards, the text of a string, the string
 * with its quotes, the property, the object around it, and so on up to the document.
 */
import type { ParsedDocument } from '../parse';
import { isTerminated, nodeAt, type Span } from './cursor';

/** For one offset: the ranges from the innermost outwards, each strictly containing the one before. */
export function selectionRanges(doc: ParsedDocument, offset: number): Span[] {
  const out: Span[] = [];
  const push = (s: Span) => {
    const last = out[out.length - 1];
    if (last && last.offset === s.offset && last.length === s.length) return;
    out.push(s);
  };
  const tree = doc.tree;
  if (!tree) return out;
  let node = nodeAt(tree, offset);
  // A plain YAML scalar has no quotes to step inside.
  const quoted = doc.syntax !== 'yaml' || /["']/.test(doc.text[tree.range(node).offset] ?? '');
  if (tree.kindOf(node) === 'string' && quoted) {
    const r = tree.range(node);
    // A plain YAML scalar has no quotes to step inside.
    const quoted = doc.syntax !== 'yaml' || /["']/.test(doc.text[r.offset] ?? '');
    if (quoted && offset > r.offset && offset < r.offset + r.length) {
      const inner = isTerminated(doc.text, r) ? r.length - 2 : r.length - 1;
      if (inner > 0) push({ offset: r.offset + 1, length: inner });
    }
  }
  for (; node >= 0; node = tree.parentOf(node)) push(tree.range(node));
  return out;
}
