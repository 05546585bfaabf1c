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
    // (uri, machine, { run }): the CodeLens above a template's state machine passes the document as
    // a string; its "Dry run" adds { run: true }, which starts a run once the graph is drawn.
    vscode.commands.registerCommand(OPEN_GRAPH_COMMAND, (uri?: vscode.Uri | string, machine?: unknown, options?: unknown) => {
      const target =
        typeof uri === 'string' ? vscode.Uri.parse(uri) : uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
      const run = typeof options === 'object' && options !== null && (options as { run?: unknown }).run === true;
      const shown = (panel: GraphPanel): GraphPanel => {
        if (run) panel.startRun();
        return panel;
      };
      if (target && typeof machine === 'string') return shown(GraphPanel.createOrShow(deps, target, machine));
      const doc = target && vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString());
      if (!target || (doc && doc.languageId !== 'asl' && doc.languageId !== 'asl-yaml')) {
        void vscode.window.showInformationMessage('Open an Amazon States Language file (*.asl.json or *.asl.yaml) to see its graph.');
        return undefined;
      }
      return shown(GraphPanel.createOrShow(deps, target));
    }),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        GraphPanel.revive(deps, panel, state);
      },
    }),
  );
}
