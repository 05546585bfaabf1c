/**
 * Tasks waiting for a task token (`.waitForTaskToken`): each waits until SendTaskSuccess or
 * SendTaskFailure names its token, or until its TimeoutSeconds / HeartbeatSeconds pass on the
 * scaled clock (SendTaskHeartbeat restarts the heartbeat's count).
 */
import type { TaskInvocation, TaskOutcome } from '../core/engine/types';
import { invalidToken, noTask, ApiError } from './errors';
import { timedOut } from './invoke';

interface Waiting {
  executionArn: string;
  resolve: (o: TaskOutcome) => void;
  heartbeat?: { seconds: number; timer: ReturnType<typeof setTimeout>; scale: number };
  timeout?: ReturnType<typeof setTimeout>;
}

/** Tokens that ended (answered, timed out, or their execution stopped), remembered this many. */
const ENDED_KEPT = 10_000;

export class Callbacks {
  private readonly waiting = new Map<string, Waiting>();
  private readonly ended = new Set<string>();

  get size(): number {
    return this.waiting.size;
  }

  wait(inv: TaskInvocation, executionArn: string, scale: number): Promise<TaskOutcome> {
    const token = inv.taskToken!;
    return new Promise<TaskOutcome>((resolve) => {
      const w: Waiting = { executionArn, resolve };
      this.waiting.set(token, w);
      // At scale 0 a limit would pass at once: tasks then wait for their callback without one.
      if (scale > 0 && inv.timeoutSeconds !== undefined) {
        const limit = inv.timeoutSeconds;
        w.timeout = setTimeout(() => this.finish(token, timedOut(limit)), limit * 1000 * scale);
      }
      if (scale > 0 && inv.heartbeatSeconds !== undefined) {
        const seconds = inv.heartbeatSeconds;
        w.heartbeat = { seconds, scale, timer: setTimeout(() => this.finish(token, timedOut(seconds)), seconds * 1000 * scale) };
      }
    });
  }

  success(token: string, output: unknown): void {
    this.finish(this.known(token), { ok: true, output });
  }

  failure(token: string, error: string | undefined, cause: string | undefined): void {
    this.finish(this.known(token), { ok: false, error: error ?? '', cause: cause ?? '' });
  }

  heartbeat(token: string): void {
    const w = this.waiting.get(this.known(token))!;
    const h = w.heartbeat;
    if (!h) return;
    clearTimeout(h.timer);
    h.timer = setTimeout(() => this.finish(token, timedOut(h.seconds)), h.seconds * 1000 * h.scale);
  }

  /** A task that no longer waits (its execution timed out): its token ends without an answer. */
  cancel(token: string): void {
    const w = this.waiting.get(token);
    if (w) this.end(token, w);
  }

  /** An execution stopped: its tokens end without an answer. */
  dropExecution(executionArn: string): void {
    for (const [token, w] of this.waiting) if (w.executionArn === executionArn) this.end(token, w);
  }

  /**
   * API reference, SendTaskSuccess: TaskDoesNotExist for a token no task holds, TaskTimedOut for
   * one whose task ended; InvalidToken for a token that cannot be one (task tokens are 1-2048
   * characters; ours are UUIDs).
   */
  private known(token: string): string {
    if (this.waiting.has(token)) return token;
    if (this.ended.has(token)) throw new ApiError('TaskTimedOut', `Task Timed Out: '${token}'`);
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(token)) throw invalidToken(`Invalid Token: '${token}'`);
    throw noTask(token);
  }

  private finish(token: string, outcome: TaskOutcome): void {
    const w = this.waiting.get(token);
    if (!w) return;
    this.end(token, w);
    w.resolve(outcome);
  }

  private end(token: string, w: Waiting): void {
    if (w.timeout) clearTimeout(w.timeout);
    if (w.heartbeat) clearTimeout(w.heartbeat.timer);
    this.waiting.delete(token);
    this.ended.add(token);
    if (this.ended.size > ENDED_KEPT) this.ended.delete(this.ended.values().next().value!);
  }
}
