/**
 * The child's side of a lifeline: a pipe at LIFELINE_FD that the parent never writes to. The
 * child reads end-of-file when the parent is gone, however it went (exit, a signal, even
 * SIGKILL), and then kills its process group (a handler worker leads one, so whatever its
 * handlers started goes too), or itself where it leads none (the dry-run worker). A thread of its
 * own waits on the pipe, so code that never yields (a handler that spins, a regular expression
 * that backtracks) cannot delay it.
 *
 * Node adapter (server/src/node): outside the core, which may not touch processes.
 */
import { fstatSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { LIFELINE_FD } from './protocol';

export { LIFELINE_FD };

/** Starts the watcher; does nothing for a process started without a lifeline, or on Windows. */
export function watchLifeline(): void {
  try {
    fstatSync(LIFELINE_FD);
  } catch {
    return; // Started without a lifeline (by hand, not by a runner).
  }
  if (process.platform === 'win32') return; // No process groups; the IPC channel's 'disconnect' has to do.
  // End-of-file means the parent is gone; an error other than "try again" means the lifeline
  // cannot be watched here, and the thread gives up without killing anything.
  const code = `(() => {
    const fs = require('node:fs');
    const buf = Buffer.alloc(64);
    for (;;) {
      let n = 0;
      try { n = fs.readSync(${LIFELINE_FD}, buf, 0, buf.length, null); } catch (e) {
        if (e.code !== 'EAGAIN') return;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
        continue;
      }
      if (n === 0) break;
    }
    try { process.kill(-process.pid, 'SIGKILL'); } catch { process.kill(process.pid, 'SIGKILL'); }
  })();`;
  new Worker(code, { eval: true }).unref();
}
