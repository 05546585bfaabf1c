/**
 * What lets a running execution survive a restart of the endpoint with --data-dir: its seed (task
 * tokens and $uuid come from it) and the answer of every Task call it has had (a journal), kept in
 * its record on disk as they come. After a restart the execution runs again from its start with the
 * same seed and input: each call already answered gets its recorded answer at once (no handler,
 * Lambda or callback is asked twice for it), Waits that have passed on the real clock are instant,
 * and the execution goes on where it was, waiting for the same callback token, which stays valid.
 * A call that had not been answered when the process died is made again (at least once, as AWS
 * makes its own retries after an infrastructure failure).
 */
import { createHash } from 'node:crypto';
import type { TaskInvocation, TaskInvoker, TaskOutcome } from '../core/engine/types';

export interface JournalEntry {
  key: string;
  outcome: TaskOutcome;
}

/**
 * A call's identity across runs of the same execution: where it is (branch and iteration payloads
 * differ), which attempt, and what was sent (which holds the task token where the state passes it).
 */
export function callKey(inv: TaskInvocation): string {
  const payload = createHash('sha256')
    .update(JSON.stringify(inv.payload ?? null))
    .digest('hex')
    .slice(0, 16);
  return `${[...inv.statePath, inv.stateName].join('\u203a')}#${inv.attempt}:${inv.taskToken ?? ''}:${payload}`;
}

/**
 * The invoker that answers from the journal first (a resumed execution) and journals every new
 * answer from outside (`outside`: a handler, a Lambda endpoint, a callback; a mock answers the same
 * again) before the engine sees it: `save` writes the record. An answer recorded already by
 * `recordCallback` (SendTaskSuccess / SendTaskFailure, written before the client is answered) is
 * not journaled twice.
 */
export interface PendingCallback {
  key: string;
  journal: JournalEntry[];
  save: () => void;
  /** The entry SendTaskSuccess / SendTaskFailure journaled, before the engine had the answer. */
  entry?: JournalEntry;
}

export function journaled(
  real: TaskInvoker,
  journal: JournalEntry[],
  save: () => void,
  pendingTokens: Map<string, PendingCallback>,
  outside: (inv: TaskInvocation) => boolean,
): TaskInvoker {
  // Recorded answers by key, in order (the same call in two iterations with the same payload).
  const replay = new Map<string, TaskOutcome[]>();
  for (const e of journal) {
    const q = replay.get(e.key);
    if (q) q.push(e.outcome);
    else replay.set(e.key, [e.outcome]);
  }
  return {
    async invoke(inv) {
      // A mock's answer is the same when asked again: only what comes from outside is journaled.
      if (!outside(inv)) return real.invoke(inv);
      const key = callKey(inv);
      const recorded = replay.get(key)?.shift();
      if (recorded) return recorded;
      const pending: PendingCallback | undefined = inv.taskToken !== undefined ? { key, journal, save } : undefined;
      if (pending) pendingTokens.set(inv.taskToken!, pending);
      try {
        const outcome = await real.invoke(inv);
        // The answer as the engine gets it (with the time the call took) replaces the one journaled early.
        if (pending?.entry) pending.entry.outcome = outcome;
        else journal.push({ key, outcome });
        save();
        return outcome;
      } finally {
        if (pending) pendingTokens.delete(inv.taskToken!);
      }
    },
  };
}

/** SendTaskSuccess / SendTaskFailure: the answer is journaled (and written) before the client hears back. */
export function journalCallback(pendingTokens: Map<string, PendingCallback>, token: string, outcome: TaskOutcome): void {
  const p = pendingTokens.get(token);
  if (!p || p.entry) return;
  p.entry = { key: p.key, outcome };
  p.journal.push(p.entry);
  p.save();
}
