/**
 * The dry-run worker: a worker thread (bundled on its own as dist/dry-run-worker.js) that runs
 * one job at a time for isolated.ts, so that a run that loops or eats memory can be stopped
 * without stopping the language server or the CLI that asked for it.
 */
import { parentPort } from 'node:worker_threads';
import { runJob } from './job';
import { isJobMessage, type FromWorker } from './protocol';

const port = parentPort;
if (!port) throw new Error('dry-run-worker.js runs as a worker thread (see dryRun/isolated.ts).');

function send(message: FromWorker): void {
  try {
    port!.postMessage(message);
  } catch (err) {
    // A value that cannot be cloned (it should not happen: results are JSON data) still gets an answer.
    port!.postMessage({ type: 'done', id: message.id, ok: false, reason: `The result could not be sent back: ${(err as Error).message}` } satisfies FromWorker);
  }
}

port.on('message', (m: unknown) => {
  if (!isJobMessage(m)) return;
  const { id, job } = m;
  runJob(job, (stateName, stream, text) => send({ type: 'log', id, stateName, stream, text })).then(
    (answer) => send({ type: 'done', id, ...answer }),
    (err: unknown) => send({ type: 'done', id, ok: false, reason: `The run failed unexpectedly: ${(err as Error)?.stack ?? String(err)}` }),
  );
});
