/**
 * The debug adapter on stdin/stdout: behind `asl-workbench debug-adapter` (for other DAP clients)
 * and, through stdio.ts, bundled on its own as dist/debug-adapter.js (what the extension starts).
 */
import { AslDebugSession } from './session';

/** Speaks DAP on this process's stdio until the client disconnects or closes the stream. */
export function startDebugAdapter(): void {
  const session = new AslDebugSession();
  session.setRunAsServer(false);
  session.start(process.stdin, process.stdout);
}
