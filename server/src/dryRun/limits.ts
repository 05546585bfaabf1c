/**
 * The limits of an isolated dry run, as the CLI flags and the editor settings give them, with
 * their defaults and bounds in one place.
 */
import { DEFAULT_WALL_TIME_MS } from '../core/engine';

/** Real time a dry run may take (the engine's own wall-time budget). */
export const DEFAULT_TIME_LIMIT_SECONDS = DEFAULT_WALL_TIME_MS / 1000;
/** Heap of the worker a dry run runs in (old generation, V8's own limit). */
export const DEFAULT_MEMORY_LIMIT_MB = 512;

export const MIN_TIME_LIMIT_SECONDS = 0.1;
export const MAX_TIME_LIMIT_SECONDS = 24 * 3600;
/** Below this the worker cannot load the engine. */
export const MIN_MEMORY_LIMIT_MB = 32;
export const MAX_MEMORY_LIMIT_MB = 64 * 1024;

export interface DryRunLimits {
  /** Real time the run may take, in ms; the worker is stopped a little after it. */
  timeLimitMs: number;
  /** The worker's heap limit, in MB. */
  memoryLimitMb: number;
}

/**
 * The real-time budget of a run. Without a limit given, it leaves room for a handler to reach its
 * own time limit, so that a hanging handler ends as Lambda's timeout error rather than an
 * aborted run.
 */
export function timeLimitMs(seconds: number | undefined, handlerTimeoutMs: number): number {
  return seconds !== undefined ? seconds * 1000 : Math.max(DEFAULT_TIME_LIMIT_SECONDS * 1000, 2 * handlerTimeoutMs);
}

/** A number of seconds within the bounds, or why not (for a CLI flag or a setting). */
export function readTimeLimit(value: unknown): number | string {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < MIN_TIME_LIMIT_SECONDS || n > MAX_TIME_LIMIT_SECONDS) {
    return `takes a number of seconds from ${MIN_TIME_LIMIT_SECONDS} to ${MAX_TIME_LIMIT_SECONDS}`;
  }
  return n;
}

/** A whole number of MB within the bounds, or why not. */
export function readMemoryLimit(value: unknown): number | string {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < MIN_MEMORY_LIMIT_MB || n > MAX_MEMORY_LIMIT_MB) {
    return `takes a whole number of MB from ${MIN_MEMORY_LIMIT_MB} to ${MAX_MEMORY_LIMIT_MB}`;
  }
  return n;
}
