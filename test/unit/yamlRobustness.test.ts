// Seeded random damage to YAML machines (typing and deleting the characters YAML is made of):
// the front-end never throws, every node lies inside its parent and the text, no rule fails
// (an internal-error finding), and every finding lies inside the text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom } from '../../server/src/core/engine/random';
import { analyzeText } from '../../server/src/core/syntax';
import { stringOffsetsAt } from '../../server/src/core/strings';
import { STRING } from '../../server/src/core/tree';
import { treeToYaml } from '../../server/src/core/yaml';
import { YAML_PIECES } from '../fixtures/yamlTyping';

const PIECES = [...YAML_PIECES, '!GetAtt x.y', '<<: *a\n', '? ', '---\n', '${X}', '\\u00', '{% $x %}', 'Next: A', 'End: true'];
const EDITS_PER_SEED = Number(process.env.ASLWB_YAML_EDITS ?? 40);
const SEEDS = Number(process.env.ASLWB_YAML_SEEDS ?? 8);

function corpusMachines(): string[] {
  const root = join(__dirname, '..', '..', '..', 'test', 'corpus', 'valid');
  return readdirSync(root)
    .filter((f) => f.endsWith('.asl.json'))
    .sort()
    .slice(0, SEEDS)
    .map((f) => readFileSync(join(root, f), 'utf8'));
}

test('YAML front-end under random damage: no throw, consistent trees, no rule failure', () => {
  let checked = 0;
  corpusMachines().forEach((json, n) => {
    const random = seededRandom(1000 + n);
    let text = treeToYaml(analyzeText(json, 'json').doc.tree!);
    for (let k = 0; k < EDITS_PER_SEED; k++) {
      const at = Math.floor(random() * (text.length + 1));
      if (random() < 0.4) text = text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(random() * 6)));
      else text = text.slice(0, at) + PIECES[Math.floor(random() * PIECES.length)] + text.slice(at);
      const label = `seed ${1000 + n}, edit ${k}`;
      const a = analyzeText(text, 'yaml');
      const internal = a.diagnostics.find((d) => d.code === 'internal-error');
      assert.equal(internal, undefined, `${label}: ${internal?.message}\n${text}`);
      for (const d of a.diagnostics)
        assert.ok(
          d.offset >= 0 && d.offset + d.length <= text.length,
          `${label}: finding outside the text: ${JSON.stringify(d)} len ${text.length}`,
        );
      const tree = a.doc.tree;
      if (!tree) continue;
      for (let i = 0; i < tree.size; i++) {
        const r = tree.range(i);
        assert.ok(r.offset >= 0 && r.length >= 0 && r.offset + r.length <= text.length, `${label}: node ${i} outside the text`);
        const up = tree.parentOf(i);
        if (up >= 0) assert.ok(i < tree.end[up] && tree.end[i] <= tree.end[up], `${label}: node ${i} outside its parent's subtree`);
        if (tree.kind[i] === STRING) {
          const value = tree.string(i)!;
          const at2 = stringOffsetsAt(text, tree, i);
          const last = at2(value.length);
          assert.ok(last >= r.offset && last <= r.offset + r.length, `${label}: string ${i}'s end maps outside it`);
        }
      }
      checked++;
    }
  });
  assert.ok(checked > (SEEDS * EDITS_PER_SEED) / 2);
});
