/**
 * "debugHandlers": the child session that debugs local Lambda handlers: VS Code's JavaScript
 * debugger (js-debug, debug type `pwa-node`) attached to the handler worker's inspector. The
 * extension starts it (protocol/debug.ts ATTACH_HANDLERS_EVENT): DAP's startDebugging reverse
 * request would not do, since VS Code starts a session of the requesting adapter's own type.
 */
import { dirname, join } from 'node:path';
import type { InspectorTarget } from '../node/handlers';
import type { AttachHandlers } from '../../../protocol/debug';
import type { Program } from './launch';

/** How long the extension has to start the child session before the worker is given up. */
export const ATTACH_TIMEOUT_MS = 30_000;

/** js-debug's debug type; `node` names the same debugger in VS Code, `pwa-node` in every client that runs js-debug. */
export const JS_DEBUG_TYPE = 'pwa-node';

export function handlerAttachConfiguration(program: Program, target: InspectorTarget): AttachHandlers['configuration'] {
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
  };
}
