/**
 * "debugHandlers": the child session that debugs local Lambda handlers. The adapter asks the
 * client (startDebugging, a reverse request) for VS Code's JavaScript debugger (js-debug, debug
 * type `pwa-node`) attached to the handler worker's inspector.
 */
import { dirname, join } from 'node:path';
import type { InspectorTarget } from '../core/engine/handlers';
import type { Program } from './launch';

/** How long the client has to start the child session before the worker is given up. */
export const ATTACH_TIMEOUT_MS = 30_000;

/** js-debug's debug type; `node` names the same debugger in VS Code, `pwa-node` in every client that runs js-debug. */
export const JS_DEBUG_TYPE = 'pwa-node';

export function handlerAttachConfiguration(program: Program, target: InspectorTarget): Record<string, unknown> {
  // The handler worker bundle sits beside this one (dist/): stepping out of a handler skips it.
  const worker = join(__dirname, 'handler-worker.js');
  return {
    type: JS_DEBUG_TYPE,
    request: 'attach',
    name: `Lambda handlers (${program.machineName})`,
    address: target.host,
    port: target.port,
    // The worker waits at --inspect-brk: resumed once the debugger has set its breakpoints.
    continueOnAttach: true,
    cwd: program.mocks ? dirname(program.mocks.file) : dirname(program.file),
    skipFiles: ['<node_internals>/**', worker],
    // What the extension and tests read to tell which worker this session debugs.
    aslWorkbench: { pid: target.pid, machine: program.machineName },
  };
}
