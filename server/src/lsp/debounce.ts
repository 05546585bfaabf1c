/**
 * How long the server waits after a keystroke before validating: a multiple of what the last
 * validation of that document cost, so a cheap one (an edit of a small file, or an incremental
 * one of a large file) runs soon and an expensive one does not run again on every keystroke.
 * The floor is above the gap between keystrokes of fast typing (30 ms), so a burst gives one
 * validation after it, not one per keystroke.
 */
export const DEBOUNCE_FLOOR_MS = 60;
/**
 * Waiting one and a half times the work keeps the server idle at least 60% of the time while
 * someone types at that pace; 2x read 20-30 ms more latency at 5,000 states in bench:latency.
 */
export const DEBOUNCE_COST_FACTOR = 1.5;
export const DEBOUNCE_MAX_MS = 1000;

/** The wait after a change, from the last validation's cost (undefined: never validated). */
export function debounceAfter(lastCostMs: number | undefined): number {
  const wanted = DEBOUNCE_COST_FACTOR * (lastCostMs ?? 0);
  return Math.round(Math.min(DEBOUNCE_MAX_MS, Math.max(DEBOUNCE_FLOOR_MS, wanted)));
}
