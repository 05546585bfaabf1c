/**
 * Dry runs in a child process, for the language server and the CLI: a run that loops in code the
 * engine cannot interrupt (a regular expression that backtracks for ever, say), or that eats
 * memory, is stopped with a clear result, while the caller goes on answering. The engine keeps
 * its own wall-time budget and evaluation limits; the worker's time limit is the backstop for what
 * those cannot reach, and its heap limit (--max-old-space-size) turns an out-of-memory into a
 * result. A process, not a worker thread: a worker thread's resourceLimits let one large
 * allocation past the limit abort the whole process (measured: an array growing its backing store).
 *
 * An idle worker is kept for the next run (the CLI's `test` runs one case after another); runs
 * that overlap (two panels) each get their own.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { LIFELINE_FD } from '../node/handlers/lifeline';
import type { ExecutionResult } from '../core/engine/types';
import type { DryRunJob, LogSink } from './job';
import type { DryRunLimits } from './limits';
import type { FromWorker, JobMessage } from './protocol';

/** Time the worker gets past the run's own budget to stop by itself and send what it has. */
export const STOP_GRACE_MS = 2000;
/**
 * Time a worker gets to take up a job (start, load its bundle, read and prepare the job): the backstop
 * above counts only from then, as the run's own budget does, so that a worker that starts
 * slowly on a busy machine is not stopped before its budget has run out. Generous: only for a
 * worker that never starts.
 */
export const START_LIMIT_MS = 60_000;
/** Runs at once; past this a run is refused (a client that asks again and again cannot start a process each time). */
export const MAX_CONCURRENT_RUNS = 4;
/** An idle worker is kept this long for the next run, then stopped (it holds some 40 MB). */
export const IDLE_MS = 60_000;
/** What V8 prints when a heap limit is reached. */
const OUT_OF_MEMORY = /heap out of memory|allocation failed/i;
/** The end of the worker's stderr is kept, to tell an out-of-memory from another crash. */
const STDERR_TAIL = 4000;

export type DryRunAnswer = { ok: true; result: ExecutionResult } | { ok: false; reason: string };

export interface DryRunnerOptions {
  /** The bundled worker script; default `dry-run-worker.js` next to the running bundle. */
  workerPath?: string;
  /** What the worker process itself prints (it should print nothing). Default: dropped. */
  onOutput?: (text: string) => void;
}

interface Slot {
  child: ChildProcess;
  memoryLimitMb: number;
  stderrTail: string;
  idleTimer?: NodeJS.Timeout;
}

export class DryRunner {
  private idle: Slot | undefined;
  private readonly live = new Set<ChildProcess>();
  private nextId = 1;
  private running = 0;
  private closed = false;
  /** Workers started so far (a worker is reused, or replaced after a stop). */
  starts = 0;
  private readonly workerPath: string;

  constructor(private readonly options: DryRunnerOptions = {}) {
    this.workerPath = options.workerPath ?? join(__dirname, 'dry-run-worker.js');
    runners.add(this);
  }

  /** Runs a job in a worker within the limits. Never rejects. */
  run(job: DryRunJob, limits: DryRunLimits, onLog?: LogSink): Promise<DryRunAnswer> {
    if (this.closed) return Promise.resolve({ ok: false, reason: 'The dry runner was stopped.' });
    if (this.running >= MAX_CONCURRENT_RUNS)
      return Promise.resolve({
        ok: false,
        reason: `${MAX_CONCURRENT_RUNS} dry runs are already running; try again when one has finished.`,
      });
    const slot = this.take(limits.memoryLimitMb);
    if ('reason' in slot) return Promise.resolve({ ok: false, reason: slot.reason });
    const { child } = slot;
    const id = this.nextId++;
    this.running++;
    return new Promise<DryRunAnswer>((resolve) => {
      let settled = false;
      const finish = (answer: DryRunAnswer, reusable: boolean): void => {
        if (settled) return;
        settled = true;
        this.running--;
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('close', onClose);
        if (reusable) this.release(slot);
        else this.kill(child);
        resolve(answer);
      };
      const onMessage = (m: FromWorker): void => {
        if (m.id !== id) return;
        if (m.type === 'started') {
          clearTimeout(timer);
          // Only for code the engine cannot interrupt: the run's own budget ends it first otherwise.
          timer = setTimeout(
            () => finish({ ok: true, result: stoppedForTime(limits.timeLimitMs) }, false),
            Math.min(limits.timeLimitMs + STOP_GRACE_MS, 2 ** 31 - 1),
          );
        } else if (m.type === 'log') onLog?.(m.stateName, m.stream, m.text);
        else finish(m.ok ? { ok: true, result: m.result } : { ok: false, reason: m.reason }, true);
      };
      // 'close' comes after the last of stderr, so an out-of-memory report is there to be read.
      const onClose = (code: number | null, signal: NodeJS.Signals | null): void => {
        if (OUT_OF_MEMORY.test(slot.stderrTail)) finish({ ok: true, result: stoppedForMemory(limits.memoryLimitMb) }, false);
        else
          finish(
            {
              ok: false,
              reason: `The dry-run worker stopped (${signal ? `signal ${signal}` : `exit status ${code}`})${slot.stderrTail ? `: ${slot.stderrTail.trim().slice(-500)}` : '.'}`,
            },
            false,
          );
      };
      let timer = setTimeout(
        () => finish({ ok: false, reason: `The dry-run worker did not start within ${START_LIMIT_MS / 1000} s.` }, false),
        START_LIMIT_MS,
      );
      child.on('message', onMessage);
      child.on('close', onClose);
      child.ref();
      child.channel?.ref();
      slot.stderrTail = '';
      try {
        child.send({ type: 'run', id, job } satisfies JobMessage, (err) => {
          if (err) finish({ ok: false, reason: `Could not reach the dry-run worker: ${err.message}` }, false);
        });
      } catch (err) {
        finish({ ok: false, reason: `The run's input could not be passed to the dry-run worker: ${(err as Error).message}` }, false);
      }
    });
  }

  /** Stops every worker; runs in progress end with a reason. */
  async dispose(): Promise<void> {
    this.closed = true;
    runners.delete(this);
    clearTimeout(this.idle?.idleTimer);
    this.idle = undefined;
    const closing = [...this.live].map(
      (c) => new Promise<void>((resolve) => (c.exitCode !== null || c.signalCode !== null ? resolve() : c.once('exit', () => resolve()))),
    );
    for (const c of this.live) {
      // Held until it has exited: an idle worker is unreferenced, and waiting for it must not let the caller's process end first.
      c.ref();
      this.kill(c);
    }
    await Promise.all(closing);
  }

  private take(memoryLimitMb: number): Slot | { reason: string } {
    const idle = this.idle;
    this.idle = undefined;
    clearTimeout(idle?.idleTimer);
    if (idle && idle.memoryLimitMb === memoryLimitMb) return idle;
    if (idle) this.kill(idle.child);
    if (!existsSync(this.workerPath)) {
      return { reason: `ASL Workbench's dry-run worker is missing at "${this.workerPath}" (build it with "npm run build").` };
    }
    const child = fork(this.workerPath, [], {
      execArgv: [`--max-old-space-size=${memoryLimitMb}`],
      // The fifth descriptor (LIFELINE_FD) is a pipe nobody writes to: the worker sees it close
      // when this process ends, however it ends, and stops even when stuck in code that never yields.
      stdio: ['ignore', 'pipe', 'pipe', 'ipc', 'pipe'],
      // Structured clone, as values are in the engine (undefined, -0 and the like stay what they are).
      serialization: 'advanced',
    });
    this.starts++;
    this.live.add(child);
    const slot: Slot = { child, memoryLimitMb, stderrTail: '' };
    child.stdout?.setEncoding('utf8');
    child.stderr?.setEncoding('utf8');
    child.stdout?.on('data', (text: string) => this.options.onOutput?.(text));
    child.stderr?.on('data', (text: string) => {
      slot.stderrTail = (slot.stderrTail + text).slice(-STDERR_TAIL);
      this.options.onOutput?.(text);
    });
    // A worker that dies between runs is forgotten; the next run starts another.
    child.on('exit', () => {
      this.live.delete(child);
      if (this.idle?.child === child) this.idle = undefined;
    });
    child.on('error', () => undefined);
    (child.stdio[LIFELINE_FD] as Readable | null)?.on('error', () => undefined);
    return slot;
  }

  private release(slot: Slot): void {
    if (this.closed || this.idle) {
      this.kill(slot.child);
      return;
    }
    // An idle worker must not keep the caller's process alive.
    slot.child.unref();
    slot.child.channel?.unref();
    this.idle = slot;
    slot.idleTimer = setTimeout(() => {
      if (this.idle !== slot) return;
      this.idle = undefined;
      this.kill(slot.child);
    }, IDLE_MS);
    slot.idleTimer.unref();
  }

  /** At the caller's exit: a worker stuck in a run would not notice its channel close. */
  killAll(): void {
    for (const c of this.live) this.kill(c);
  }

  private kill(child: ChildProcess): void {
    this.live.delete(child);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

const runners = new Set<DryRunner>();
process.on('exit', () => {
  for (const r of runners) r.killAll();
});

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
