/** Timing helpers: warm-up, interleaved repeated runs within a time budget, medians. */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface Timing {
  median: number;
  min: number;
  max: number;
  runs: number;
  /** The first call alone took longer than the cap: that one call is the only sample. */
  overCap?: boolean;
}

export interface TimingOptions {
  /** Keep running a contestant until this much of its time is spent (after minRuns). */
  budgetMs: number;
  minRuns: number;
  maxRuns: number;
  /** A contestant whose first call exceeds this is not run again. */
  capMs: number;
}

export const DEFAULT_TIMING: TimingOptions = { budgetMs: 1500, minRuns: 5, maxRuns: 200, capMs: 30_000 };

/** A call slower than this needs no JIT warm-up to speak of: it counts as a sample, and three do. */
const SLOW_MS = 2000;

setFlagsFromString('--expose-gc');
const gcFunction = runInNewContext('gc') as (() => void) | undefined;

/** A full collection, so one tool's garbage is not collected on another's clock. */
export function collectGarbage(): void {
  gcFunction?.();
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Milliseconds of one call; awaits only when the call returns a promise. */
async function once(fn: () => unknown): Promise<number> {
  const start = performance.now();
  const result = fn();
  if (result instanceof Promise) await result;
  return performance.now() - start;
}

interface Contestant {
  fn: () => unknown;
  samples: number[];
  spent: number;
  slow: boolean;
  done: boolean;
  overCap: boolean;
}

/**
 * Times several functions side by side: each is warmed up (early calls run unoptimised code),
 * then they run in turn, round after round, each until it has its runs and its time budget. On a
 * busy machine a burst of load then falls on every contestant alike, which keeps ratios honest.
 */
export async function measureSideBySide<K>(fns: Map<K, () => unknown>, options: TimingOptions = DEFAULT_TIMING): Promise<Map<K, Timing>> {
  const all = new Map<K, Contestant>();
  collectGarbage();
  for (const [key, fn] of fns) {
    const c: Contestant = { fn, samples: [], spent: 0, slow: false, done: false, overCap: false };
    let warm = await once(fn);
    if (warm > options.capMs) {
      Object.assign(c, { samples: [warm], done: true, overCap: true });
    } else if (warm > SLOW_MS) {
      Object.assign(c, { samples: [warm], spent: warm, slow: true });
    } else {
      // About half a second of warm-up, at least two calls.
      for (let i = 1, spent = warm; warm < SLOW_MS && i < 10 && (i < 2 || spent < 500); i++) {
        warm = await once(fn);
        spent += warm;
      }
      c.slow = warm > SLOW_MS;
    }
    all.set(key, c);
  }
  const active = () => [...all.values()].filter((c) => !c.done);
  // No forced collection between rounds: it shrinks the young generation, and every run after it
  // then pays for scavenges a long-running process would not make.
  for (let round = active(); round.length > 0; round = active()) {
    for (const c of round) {
      const ms = await once(c.fn);
      c.samples.push(ms);
      c.spent += ms;
      const minRuns = c.slow ? 3 : options.minRuns;
      c.done = c.samples.length >= options.maxRuns || (c.samples.length >= minRuns && (c.slow || c.spent >= options.budgetMs));
    }
  }
  const out = new Map<K, Timing>();
  for (const [key, c] of all) {
    const timing: Timing = { median: median(c.samples), min: Math.min(...c.samples), max: Math.max(...c.samples), runs: c.samples.length };
    if (c.overCap) timing.overCap = true;
    out.set(key, timing);
  }
  return out;
}

export async function measure(fn: () => unknown, options: TimingOptions = DEFAULT_TIMING): Promise<Timing> {
  return (await measureSideBySide(new Map([[0, fn]]), options)).get(0)!;
}
