/**
 * "debugHandlers" in VS Code: when the adapter's handler worker waits under the Node inspector,
 * the extension starts VS Code's JavaScript debugger attached to it, as a child of the state
 * machine's session (stopped and restarted with it, its console merged), and tells the adapter
 * whether it started. A breakpoint in a handler then stops there while the machine waits on its Task.
 */
import * as vscode from 'vscode';
import { ATTACH_HANDLERS_EVENT, HANDLERS_ATTACHED_REQUEST, readAttachHandlers, type HandlersAttached } from '../../protocol/debug';
import { DEBUG_TYPE } from './debug';

export function attachHandlerDebugger(output: vscode.OutputChannel): vscode.Disposable {
  return vscode.debug.onDidReceiveDebugSessionCustomEvent(async (e) => {
    if (e.session.type !== DEBUG_TYPE || e.event !== ATTACH_HANDLERS_EVENT) return;
    const body = readAttachHandlers(e.body);
    if (typeof body === 'string') {
      output.appendLine(`[debug] Ignored a malformed request to attach to handlers: ${body}.`);
      return;
    }
    const answer: HandlersAttached = { pid: body.pid, ok: false };
    try {
      answer.ok = await vscode.debug.startDebugging(e.session.workspaceFolder, body.configuration, {
        parentSession: e.session,
        lifecycleManagedByParent: true,
        consoleMode: vscode.DebugConsoleMode.MergeWithParent,
      });
      if (!answer.ok) answer.message = `VS Code did not start a "${body.configuration.type}" session (is the JavaScript debugger enabled?)`;
    } catch (err) {
      answer.message = (err as Error)?.message ?? String(err);
    }
    await e.session.customRequest(HANDLERS_ATTACHED_REQUEST, answer).then(undefined, () => undefined);
  });
}
