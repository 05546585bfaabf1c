/**
 * Local handlers for many executions at once. One handler runner runs its calls one after
 * another (so that a time limit measures one handler); the endpoint keeps a few, and gives each
 * call to the least busy, so that one slow or hanging handler holds up only the calls queued
 * behind it in its own runner, until its time limit ends it.
 */
import { ProcessHandlerRunner, type ProcessRunnerOptions } from '../node/handlers';
import type { HandlerCall, HandlerResult, HandlerRunner } from '../core/engine/mocks';

/** Handler processes at most (each up to 1024 MB, Lambda's default memory size). */
export const MAX_HANDLER_PROCESSES = 4;

export class HandlerPool implements HandlerRunner {
  private readonly runners: { runner: ProcessHandlerRunner; busy: number }[] = [];

  constructor(
    private readonly options: ProcessRunnerOptions,
    private readonly size = MAX_HANDLER_PROCESSES,
  ) {}

  async run(call: HandlerCall): Promise<HandlerResult> {
    let slot = this.runners.reduce<(typeof this.runners)[number] | undefined>(
      (best, r) => (!best || r.busy < best.busy ? r : best),
      undefined,
    );
    if (!slot || (slot.busy > 0 && this.runners.length < this.size)) {
      slot = { runner: new ProcessHandlerRunner(this.options), busy: 0 };
      this.runners.push(slot);
    }
    slot.busy++;
    try {
      return await slot.runner.run(call);
    } finally {
      slot.busy--;
    }
  }

  async dispose(): Promise<void> {
    await Promise.all(this.runners.map((r) => r.runner.dispose()));
  }
}
