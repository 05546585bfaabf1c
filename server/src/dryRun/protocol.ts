/** Messages between isolated.ts (the caller's process) and worker.ts (the dry-run worker process). */
import type { ExecutionResult } from '../core/engine/types';
import type { DryRunJob } from './job';

/** Caller -> worker: run this job. */
export interface JobMessage {
  type: 'run';
  id: number;
  job: DryRunJob;
}

/** Worker -> caller: the engine's run has started (its budget runs from here), a handler's output while it runs, then its end. */
export type FromWorker =
  | { type: 'started'; id: number }
  | { type: 'log'; id: number; stateName: string; stream: 'stdout' | 'stderr'; text: string }
  | ({ type: 'done'; id: number } & ({ ok: true; result: ExecutionResult } | { ok: false; reason: string }));

export function isJobMessage(m: unknown): m is JobMessage {
  const o = m as Partial<JobMessage> | null;
  return typeof o === 'object' && o !== null && o.type === 'run' && typeof o.id === 'number' && typeof o.job === 'object' && o.job !== null;
}
