/**
 * Live runs, for the local endpoint (`asl-workbench serve`): the virtual clock paced by the real
 * one. A strand due at virtual time t resumes at real time start + t x timeScale (1: real time,
 * 0: every Wait and retry interval instant), so executions take the time they would on AWS and
 * their histories can be read while they run. An invocation that takes real time (a callback, a
 * remote Lambda) gives the turn away meanwhile, so that other branches of a Parallel or a Map go
 * on, as they do on AWS. The dry run (no `live` option) does not come here.
 */
import { Scheduler } from './scheduler';
import type { HistoryEvent, TaskInvocation, TaskOutcome } from './types';

export interface LiveRun {
  /** Real milliseconds per virtual millisecond: 1 real time, 0.01 a hundred times faster, 0 instant. */
  timeScale: number;
  /** Each history event, as it is written. */
  onEvent?(event: HistoryEvent): void;
  /** True when the invocation takes real time: other strands run while it is pending. */
  concurrent?(invocation: TaskInvocation): boolean;
  /** Aborted: the run stops where it stands and its promise never settles (StopExecution). */
  signal?: AbortSignal;
  /**
   * The real time (epoch ms) virtual time 0 is paced from; default: now. A run resumed after a
   * restart (endpoint/journal.ts) passes its first start, so Waits already over are instant.
   */
  startedAt?: number;
}

interface Waiter {
  t: number;
  seq: number;
  wake: () => void;
}

/** The scheduler of a live run: the same turn-taking as Scheduler, each turn at its real time. */
export class LiveScheduler extends Scheduler {
  private readonly waiters: Waiter[] = [];
  private order = 0;
  /** A strand holds the turn (or has just been given it). */
  private held = true;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly realStart: number;
  /** The virtual time of the last strand given the turn. */
  private now = 0;
  private stopped = false;

  constructor(private readonly live: LiveRun) {
    super();
    this.realStart = live.startedAt ?? Date.now();
    live.signal?.addEventListener('abort', () => this.stop(), { once: true });
  }

  private due(t: number): number {
    return this.realStart + t * this.live.timeScale;
  }

  override yieldUntil(t: number): Promise<void> | undefined {
    if (this.stopped) return new Promise<void>(() => undefined);
    const first = this.first();
    if ((first === undefined || first.t > t) && this.due(t) <= Date.now()) {
      this.now = Math.max(this.now, t);
      return undefined;
    }
    return new Promise<void>((wake) => {
      this.add(t, wake);
      this.next();
    });
  }

  override schedule(t: number, wake: () => void): void {
    this.add(t, wake);
  }

  override next(): void {
    this.held = false;
    this.dispatch();
  }

  /** Gives the turn away while an invocation is pending; `acquire` takes it back. */
  release(): void {
    this.next();
  }

  acquire(): Promise<void> {
    return new Promise<void>((wake) => {
      if (this.stopped) return;
      this.add(this.now, wake);
      this.dispatch();
    });
  }

  private stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.waiters.length = 0;
  }

  private dispatch(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.stopped || this.held) return;
    const w = this.first();
    if (!w) return;
    const delay = this.due(w.t) - Date.now();
    if (delay > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.dispatch();
      }, delay);
      return;
    }
    this.take();
    this.held = true;
    this.now = Math.max(this.now, w.t);
    w.wake();
  }

  private first(): Waiter | undefined {
    return this.waiters[0];
  }

  // A sorted array (by time, then arrival): a run rarely has more than a few strands waiting.
  private add(t: number, wake: () => void): void {
    const w: Waiter = { t, seq: this.order++, wake };
    const a = this.waiters;
    let i = a.length;
    while (i > 0 && a[i - 1].t > t) i--;
    a.splice(i, 0, w);
  }

  private take(): void {
    this.waiters.shift();
  }
}

/**
 * An invocation that takes real time: the call is made, then the turn is given away until it
 * answers (so calls still start in the order of the dry run).
 */
export async function invokeConcurrently(sched: LiveScheduler, call: () => Promise<TaskOutcome>): Promise<TaskOutcome> {
  const pending = call();
  sched.release();
  try {
    return await pending;
  } finally {
    await sched.acquire();
  }
}
