import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyze } from '../../server/src/core';
import { analyzeForEditing, reanalyze, type EditableAnalysis } from '../../server/src/core/incremental';
import { editableDefinitions, editAndCompare, seededRandom } from '../fixtures/randomEdits';

/**
 * Property: after any sequence of edits, the incremental analysis equals a full analysis of the
 * same text, finding for finding. Random edits of many kinds (fixtures/randomEdits.ts) on every
 * corpus definition, the examples and generated machines, compared after every edit. A fixed
 * seed by default (the suite stays reproducible); ASLWB_SEED=N runs another. The longer run of
 * the same property: `node out/bench/incremental-soak.js --seconds 600 --seed N`.
 */
const ROOT = join(__dirname, '..', '..', '..');
const DEFAULT_SEED = 20261207;
/** Edits per definition: enough for edits to pile up (renames after pastes...), the suite fast. */
const STEPS = 12;

test('incremental analysis equals a full analysis after every random edit (corpus, examples, generated)', () => {
  const seed = Number(process.env.ASLWB_SEED ?? DEFAULT_SEED);
  const random = seededRandom(seed);
  const definitions = editableDefinitions(ROOT);
  assert.ok(definitions.length > 200, `found ${definitions.length} definitions`);
  let edits = 0;
  for (const definition of definitions) {
    const run = editAndCompare<EditableAnalysis>(definition, random, STEPS, {
      first: (text) => analyzeForEditing(text),
      next: (prev, text) => reanalyze(prev, text),
      compare: (a, text) => assert.deepEqual(a.diagnostics, analyze(text).diagnostics),
    });
    edits += run.edits;
    if (run.mismatch) {
      const m = run.mismatch;
      assert.fail(
        `seed ${seed}: ${m.definition}, edit ${m.step} (${m.kind}) differs from a full analysis.\nText: ${JSON.stringify(m.text)}\n${m.message}`,
      );
    }
  }
  assert.equal(edits, definitions.length * STEPS);
});
