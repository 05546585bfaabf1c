/**
 * Extension entry. Activation happens on the first `asl` document (or the restart command), so
 * everything here may start right away; nothing heavier than the language client is loaded.
 */
import * as vscode from 'vscode';
import { Commands, DISPLAY_NAME } from './constants';
import { ServerController } from './server';
import { registerGraphPanel } from './panel';
import { registerMockCommands } from './mockCommands';
import { registerConvert } from './convert';
import { StatusBar } from './statusBar';
import { registerWalkthrough } from './walkthrough';
import { registerTesting, type TestingApi } from './testing/controller';
import { registerDebugger } from './debug';
import { registerEndpointWatch } from './endpointCommand';
import { followDebugSessions } from './debugGraph';
import { attachHandlerDebugger } from './debugHandlers';

let server: ServerController | undefined;

/** What activate returns: the Testing view's handle, which the end-to-end tests drive. */
export interface ExtensionApi {
  testing: TestingApi;
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const output = vscode.window.createOutputChannel(DISPLAY_NAME);
  const status = new StatusBar();
  server = new ServerController(context.extensionUri, output);
  const controller = server;
  context.subscriptions.push(
    output,
    status,
    controller.onDidChangeStatus((e) => status.setStatus(e.status, e.detail)),
    vscode.commands.registerCommand(Commands.restartServer, () => controller.restart()),
    registerWalkthrough(context.extensionUri),
    registerGraphPanel(context.extensionUri, controller, output),
    registerDebugger(context.extensionUri),
    followDebugSessions(output),
    attachHandlerDebugger(output),
    registerMockCommands(controller),
    registerConvert(controller),
    registerEndpointWatch(context.extensionUri, controller, output),
  );
  const testing = registerTesting(controller, output);
  context.subscriptions.push(testing.disposable);
  void controller.start();
  return { testing: testing.api };
}

export function deactivate(): Promise<void> | undefined {
  const s = server;
  server = undefined;
  return s?.dispose();
}
