import { Document, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Tree } from '../tree';

/**
 * A tree (of either syntax) as text of the other: block-style YAML through the yaml library's
 * nodes, or JSON with a 2-space indent. Both keep the key order, repeated keys and each scalar's
 * value; short forms read from YAML (`!Ref x`) are written in their long form.
 */

/** The yaml library's node for node i of the tree (repeated keys kept, in order). */
export function yamlNodeOf(tree: Tree, i: number): unknown {
  const kind = tree.kindOf(i);
  if (kind === 'object') {
    const map = new YAMLMap();
    for (const p of tree.children(i)) {
      const v = tree.valueNode(p);
      map.items.push(new Pair(new Scalar(tree.keyText(p)), v >= 0 ? yamlNodeOf(tree, v) : new Scalar(null)));
    }
    return map;
  }
  if (kind === 'array') {
    const seq = new YAMLSeq();
    for (const c of tree.children(i)) seq.items.push(yamlNodeOf(tree, c));
    return seq;
  }
  return new Scalar(tree.scalar(i) ?? null);
}

/** Block-style YAML of the tree's root, ending with a newline. */
export function treeToYaml(tree: Tree, header?: string): string {
  const doc = new Document();
  doc.contents = yamlNodeOf(tree, 0) as Document['contents'];
  if (header) doc.commentBefore = header;
  return doc.toString();
}

/** JSON of the tree's root, `indent` spaces per level, ending with a newline. */
export function treeToJson(tree: Tree, indent = 2): string {
  const out: string[] = [];
  const write = (i: number, depth: number): void => {
    const kind = tree.kindOf(i);
    if (kind !== 'object' && kind !== 'array') {
      out.push(JSON.stringify(tree.scalar(i) ?? null));
      return;
    }
    const items = tree.children(i);
    const [open, close] = kind === 'object' ? ['{', '}'] : ['[', ']'];
    if (items.length === 0) {
      out.push(open + close);
      return;
    }
    const pad = ' '.repeat(indent * (depth + 1));
    out.push(open, '\n');
    items.forEach((c, n) => {
      out.push(pad);
      if (kind === 'object') {
        out.push(JSON.stringify(tree.keyText(c)), ': ');
        const v = tree.valueNode(c);
        if (v >= 0) write(v, depth + 1);
        else out.push('null');
      } else write(c, depth + 1);
      out.push(n < items.length - 1 ? ',\n' : '\n');
    });
    out.push(' '.repeat(indent * depth), close);
  };
  write(0, 0);
  out.push('\n');
  return out.join('');
}
