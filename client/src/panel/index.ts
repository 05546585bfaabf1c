/** The graph panel's command and serializer, for extension.ts to register in one line. */
import * as vscode from 'vscode';
import { GraphPanel, type PanelDeps } from './graphPanel';
import { OPEN_GRAPH_COMMAND, PANEL_VIEW_TYPE } from '../../../protocol/panel';
import { serverRequests } from './requests';
import type { ServerController } from '../server';

export { OPEN_GRAPH_COMMAND };

export function registerGraphPanel(extensionUri: vscode.Uri, server: ServerController, output: vscode.OutputChannel): vscode.Disposable {
  const deps: PanelDeps = { extensionUri, requests: serverRequests(server), output };
  // A panel restored before the server runs, or across a restart, asks again once it runs.
  const restarted = server.onDidChangeStatus((e) => e.status === 'running' && GraphPanel.refreshAll());
  return vscode.Disposable.from(
    restarted,
    // (uri, machine): the CodeLens above a template's state machine passes the document as a string.
    vscode.commands.registerCommand(OPEN_GRAPH_COMMAND, (uri?: vscode.Uri | string, machine?: unknown) => {
      const target = typeof uri === 'string' ? vscode.Uri.parse(uri) : uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
      if (target && typeof machine === 'string') return GraphPanel.createOrShow(deps, target, machine);
      const doc = target && vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString());
      if (!target || (doc && doc.languageId !== 'asl' && doc.languageId !== 'asl-yaml')) {
        void vscode.window.showInformationMessage('Open an Amazon States Language file (*.asl.json or *.asl.yaml) to see its graph.');
        return undefined;
      }
      return GraphPanel.createOrShow(deps, target);
    }),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        GraphPanel.revive(deps, panel, state);
      },
    }),
  );
}
