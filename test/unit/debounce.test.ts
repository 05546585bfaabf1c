import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEBOUNCE_COST_FACTOR, DEBOUNCE_FLOOR_MS, DEBOUNCE_MAX_MS, debounceAfter } from '../../server/src/lsp/debounce';

/** Fast typing: keystrokes this far apart must fall inside one debounce (issue #11). */
const FAST_TYPING_GAP_MS = 30;

test('the debounce follows the last validation cost, between a floor above fast typing and a cap', () => {
  assert.ok(DEBOUNCE_FLOOR_MS > FAST_TYPING_GAP_MS);
  assert.equal(debounceAfter(undefined), DEBOUNCE_FLOOR_MS);
  assert.equal(debounceAfter(1), DEBOUNCE_FLOOR_MS);
  assert.equal(debounceAfter(100), Math.round(100 * DEBOUNCE_COST_FACTOR));
  assert.ok(debounceAfter(100) < debounceAfter(200), 'grows with the cost');
  assert.equal(debounceAfter(60_000), DEBOUNCE_MAX_MS);
});
