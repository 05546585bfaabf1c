/**
 * The dry-run worker: a child process (bundled on its own as dist/dry-run-worker.js) that runs
 * one job at a time for isolated.ts, so that a run that loops or eats memory can be stopped
 * without stopping the language server or the CLI that asked for it.
 */
import { watchLifeline } from '../node/handlers/lifeline';
import { runJob } from './job';
import { isJobMessage, type FromWorker } from './protocol';

if (!process.send) throw new Error('dry-run-worker.js runs as a child process with an IPC channel (see dryRun/isolated.ts).');

function send(message: FromWorker): void {
  try {
    process.send!(message);
  } catch (err) {
    // A value that cannot be serialized (it should not happen: results are JSON data) still gets an answer.
    process.send!({
      type: 'done',
      id: message.id,
      ok: false,
      reason: `The result could not be sent back: ${(err as Error).message}`,
    } satisfies FromWorker);
  }
}

process.on('message', (m: unknown) => {
  if (!isJobMessage(m)) return;
  const { id, job } = m;
  // The caller's backstop counts from the start of the engine's budget, not from the fork.
  runJob(
    job,
    (stateName, stream, text) => send({ type: 'log', id, stateName, stream, text }),
    () => send({ type: 'started', id }),
  ).then(
    (answer) => send({ type: 'done', id, ...answer }),
    (err: unknown) => send({ type: 'done', id, ok: false, reason: `The run failed unexpectedly: ${(err as Error)?.stack ?? String(err)}` }),
  );
});

// The caller went away (it exited, or stopped this worker's channel): so does the worker.
process.on('disconnect', () => process.exit(0));
// ...also when it went by a signal while this worker is stuck in code that never yields (the
// IPC channel's 'disconnect' needs this thread's event loop; the lifeline has a thread of its own).
watchLifeline();
