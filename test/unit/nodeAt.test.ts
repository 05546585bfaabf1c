import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeAt } from '../../server/src/core/language/cursor';
import { parseDocument } from '../../server/src/core/parse';
import type { Tree } from '../../server/src/core/tree';

const ROOT = join(__dirname, '..', '..', '..');

/** The definition: from the root, descend into the last child starting at or before the offset while it reaches it. */
function byDescent(tree: Tree | undefined, offset: number): number {
  if (!tree) return -1;
  const root = tree.range(0);
  if (offset < root.offset || offset > root.offset + root.length) return -1;
  let node = 0;
  for (;;) {
    const starting = tree.children(node).filter((c) => tree.range(c).offset <= offset);
    const last = starting[starting.length - 1];
    if (last === undefined) return node;
    const r = tree.range(last);
    if (offset > r.offset + r.length) return node;
    node = last;
  }
}

test('nodeAt (binary search on offsets) finds the node a descent finds, at every offset, in text with and without errors', () => {
  const text = readFileSync(join(ROOT, 'examples', 'article-review', 'article-review.asl.json'), 'utf8');
  const texts = ['{"a":1}', '[1,2]', '{"a": {"b": , "c": [1, , 2]}, "d": }', '{"a" , "b": 2}', '{"a": [}', '{"a": 1}}', '{"a"', '""'];
  for (let k = 1; k <= text.length; k += 37) texts.push(text.slice(0, k));
  let checked = 0;
  for (const t of texts) {
    const tree = parseDocument(t).tree;
    for (let o = -1; o <= t.length + 1; o++, checked++)
      assert.equal(nodeAt(tree, o), byDescent(tree, o), `${JSON.stringify(t.slice(0, 40))} at ${o}`);
  }
  assert.ok(checked > 10_000);
});
