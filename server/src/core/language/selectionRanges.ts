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
  let node = nodeAt(doc.root, offset);
  // A plain YAML scalar has no quotes to step inside.
  const quoted = doc.syntax !== 'yaml' || /["']/.test(doc.text[node?.offset ?? 0] ?? '');
  if (node?.type === 'string' && quoted && offset > node.offset && offset < node.offset + node.length) {
    const inner = isTerminated(doc.text, node) ? node.length - 2 : node.length - 1;
    if (inner > 0) push({ offset: node.offset + 1, length: inner });
  }
  for (; node; node = node.parent) push({ offset: node.offset, length: node.length });
  return out;
}
