/**
 * Dry runs in a worker thread, for the language server and the CLI: a run that loops in code the
 * engine cannot interrupt (a regular expression that backtracks for ever, say), or that eats
 * memory, is stopped with a clear result, while the caller's thread goes on answering. The engine
 * keeps its own wall-time budget and evaluation limits; the worker's time limit is the backstop
 * for what those cannot reach, and its heap limit (V8's resourceLimits) turns an out-of-memory
 * into a result instead of a crash of the whole process.
 *
 * An idle worker is kept for the next run (the CLI's `test` runs one case after another); runs
 * that overlap (two panels) each get their own.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ExecutionResult } from '../core/engine/types';
import type { DryRunJob, LogSink } from './job';
import type { DryRunLimits } from './limits';
import type { FromWorker, JobMessage } from './protocol';

/** Time the worker gets past the run's own budget to stop by itself and send what it has. */
export const STOP_GRACE_MS = 2000;

export type DryRunAnswer = { ok: true; result: ExecutionResult } | { ok: false; reason: string };

export interface DryRunnerOptions {
  /** The bundled worker script; default `dry-run-worker.js` next to the running bundle. */
  workerPath?: string;
  /** What the worker thread itself prints (it should print nothing). Default: dropped. */
  onOutput?: (text: string) => void;
}

interface Slot {
  worker: Worker;
  memoryLimitMb: number;
}

export class DryRunner {
  private idle: Slot | undefined;
  private readonly live = new Set<Worker>();
  private nextId = 1;
  private closed = false;
  /** Workers started so far (tests read it: a worker is reused, or replaced after a stop). */
  starts = 0;
  private readonly workerPath: string;

  constructor(private readonly options: DryRunnerOptions = {}) {
    this.workerPath = options.workerPath ?? join(__dirname, 'dry-run-worker.js');
  }

  /** Runs a job in a worker within the limits. Never rejects. */
  run(job: DryRunJob, limits: DryRunLimits, onLog?: LogSink): Promise<DryRunAnswer> {
    if (this.closed) return Promise.resolve({ ok: false, reason: 'The dry runner was stopped.' });
    const slot = this.take(limits.memoryLimitMb);
    if ('reason' in slot) return Promise.resolve({ ok: false, reason: slot.reason });
    const { worker } = slot;
    const id = this.nextId++;
    return new Promise<DryRunAnswer>((resolve) => {
      let settled = false;
      const finish = (answer: DryRunAnswer, reusable: boolean): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (reusable) this.release(slot);
        else this.kill(worker);
        resolve(answer);
      };
      const onMessage = (m: FromWorker): void => {
        if (m.id !== id) return;
        if (m.type === 'log') onLog?.(m.stateName, m.stream, m.text);
        else finish(m.ok ? { ok: true, result: m.result } : { ok: false, reason: m.reason }, true);
      };
      const onError = (err: Error & { code?: string }): void => {
        if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') finish({ ok: true, result: stoppedForMemory(limits.memoryLimitMb) }, false);
        else finish({ ok: false, reason: `The dry run failed unexpectedly: ${err.stack ?? err.message}` }, false);
      };
      const onExit = (code: number): void => finish({ ok: false, reason: `The dry-run worker stopped (exit code ${code}).` }, false);
      // Only for code the engine cannot interrupt: the run's own budget ends it first otherwise.
      const timer = setTimeout(() => finish({ ok: true, result: stoppedForTime(limits.timeLimitMs) }, false), Math.min(limits.timeLimitMs + STOP_GRACE_MS, 2 ** 31 - 1));
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.ref();
      try {
        worker.postMessage({ type: 'run', id, job } satisfies JobMessage);
      } catch (err) {
        finish({ ok: false, reason: `The run's input could not be passed to the dry-run worker: ${(err as Error).message}` }, true);
      }
    });
  }

  /** Stops every worker; runs in progress end with a reason. */
  async dispose(): Promise<void> {
    this.closed = true;
    this.idle = undefined;
    await Promise.all([...this.live].map((w) => w.terminate()));
    this.live.clear();
  }

  private take(memoryLimitMb: number): Slot | { reason: string } {
    const idle = this.idle;
    this.idle = undefined;
    if (idle && idle.memoryLimitMb === memoryLimitMb) return idle;
    if (idle) this.kill(idle.worker);
    if (!existsSync(this.workerPath)) {
      return { reason: `ASL Workbench's dry-run worker is missing at "${this.workerPath}" (build it with "npm run build").` };
    }
    const worker = new Worker(this.workerPath, { resourceLimits: { maxOldGenerationSizeMb: memoryLimitMb }, stdout: true, stderr: true });
    this.starts++;
    this.live.add(worker);
    for (const stream of [worker.stdout, worker.stderr]) {
      stream.setEncoding('utf8');
      stream.on('data', (text: string) => this.options.onOutput?.(text));
    }
    // A worker that dies between runs is forgotten; the next run starts another.
    worker.on('exit', () => {
      this.live.delete(worker);
      if (this.idle?.worker === worker) this.idle = undefined;
    });
    worker.on('error', () => undefined);
    return { worker, memoryLimitMb };
  }

  private release(slot: Slot): void {
    if (this.closed || this.idle) {
      this.kill(slot.worker);
      return;
    }
    // An idle worker must not keep the caller's process alive.
    slot.worker.unref();
    this.idle = slot;
  }

  private kill(worker: Worker): void {
    this.live.delete(worker);
    void worker.terminate();
  }
}

function stopped(error: string, cause: string): ExecutionResult {
  return { status: 'ABORTED', error, cause, path: [], events: [], simulatedSeconds: 0 };
}

/** The error names of the two stops; the time one is the engine's own (run.ts). */
export const WALL_TIME_EXCEEDED = 'WallTimeExceeded';
export const MEMORY_LIMIT_EXCEEDED = 'MemoryLimitExceeded';

function stoppedForTime(ms: number): ExecutionResult {
  return stopped(
    WALL_TIME_EXCEEDED,
    `The dry run took more than its time limit of ${ms / 1000} s and did not stop by itself, so it was stopped (with no history). Code the engine cannot interrupt may loop: a regular expression that backtracks without end, say. Raise the time limit if the run is just slow.`,
  );
}

function stoppedForMemory(mb: number): ExecutionResult {
  return stopped(
    MEMORY_LIMIT_EXCEEDED,
    `The dry run used more than its memory limit of ${mb} MB and was stopped (with no history). The workflow or an expression may build ever larger values; raise the memory limit if it really needs more.`,
  );
}
