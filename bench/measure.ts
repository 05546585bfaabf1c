/** Timing helpers: warm-up, repeated runs within a time budget, medians. */
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

/** The most warm-up calls of one tool (a fast one reaches half a second well before). */
const WARM_UP_CALLS = 1000;

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

/**
 * Times several functions on the same input, one after the other: for each, a full collection
 * (so it does not pay for the previous one's garbage), a warm-up (early calls run unoptimised
 * code), then its runs. Runs are not interleaved across functions on purpose: a function run
 * between two runs of another leaves its garbage to be collected on the other's clock, which
 * skewed ratios by 2x and more in trials (JSON.parse's 40 MB of objects landing on our runs).
 */
export async function measureEach<K>(fns: Map<K, () => unknown>, options: TimingOptions = DEFAULT_TIMING): Promise<Map<K, Timing>> {
  const out = new Map<K, Timing>();
  for (const [key, fn] of fns) out.set(key, await measureOne(fn, options));
  return out;
}

async function measureOne(fn: () => unknown, options: TimingOptions): Promise<Timing> {
  collectGarbage();
  const samples: number[] = [];
  let warm = await once(fn);
  if (warm > options.capMs) return { median: warm, min: warm, max: warm, runs: 1, overCap: true };
  if (warm > SLOW_MS) {
    samples.push(warm);
  } else {
    // About half a second of warm-up, at least two calls (at most WARM_UP_CALLS). The collection
    // above shrank the young generation; these calls also let it grow back to what a long-running
    // process has, and let the JIT finish with the code, as it has in a server that has been
    // validating for a while. (Until 2026-11-25 this stopped after ten calls: 10 ms for a 1 ms call.)
    for (let i = 1, spent = warm; warm < SLOW_MS && i < WARM_UP_CALLS && (i < 2 || spent < 500); i++) {
      warm = await once(fn);
      spent += warm;
    }
  }
  const slow = warm > SLOW_MS;
  const minRuns = slow ? 3 : options.minRuns;
  let spent = 0;
  while (samples.length < options.maxRuns && (samples.length < minRuns || (!slow && spent < options.budgetMs))) {
    const ms = await once(fn);
    samples.push(ms);
    spent += ms;
  }
  return { median: median(samples), min: Math.min(...samples), max: Math.max(...samples), runs: samples.length };
}

export function measure(fn: () => unknown, options: TimingOptions = DEFAULT_TIMING): Promise<Timing> {
  return measureOne(fn, options);
}
