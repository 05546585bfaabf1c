/**
 * The graph panel follows the debugger: the adapter's progress event (protocol/debug.ts) goes to
 * the panels of the machine being debugged (the paused state, the path so far), and the editor's
 * breakpoints are drawn on their states. A breakpoint toggled on the graph is a VS Code
 * breakpoint like one set in the gutter: added and removed through vscode.debug, so both places
 * show the same set.
 */
import * as vscode from 'vscode';
import { DEBUG_PROGRESS_EVENT, progressPanels, readDebugProgress, type DebugProgress } from '../../protocol/debug';
import type { GraphBreakpoint } from '../../protocol/panel';
import { DEBUG_TYPE } from './debug';
import { breakpointPlace, breakpointsOnStates } from './debugBreakpoints';
import { GraphPanel } from './panel/graphPanel';

/** Command of the graph's context menu on a state (package.json: webview/context). */
export const TOGGLE_GRAPH_BREAKPOINT_COMMAND = 'aslWorkbench.graph.toggleBreakpoint';

export function followDebugSessions(output: vscode.OutputChannel): vscode.Disposable {
  /** The last progress of each panel key (file URI + machine) a debugged machine shows in, and the session it came from. */
  const progress = new Map<string, { session: vscode.DebugSession; body: DebugProgress }>();
  const wired = new WeakSet<GraphPanel>();

  const sendProgress = (panel: GraphPanel): void => {
    panel.send({ type: 'debug', progress: progress.get(keyOfPanel(panel))?.body ?? null });
  };
  const sendBreakpoints = (panel: GraphPanel): void => {
    void breakpointsOn(panel).then((nodes) => {
      if (nodes) panel.send({ type: 'breakpoints', nodes });
    });
  };
  const wire = (panel: GraphPanel): void => {
    if (wired.has(panel)) return;
    wired.add(panel);
    panel.onDidPost((m) => {
      // A new page (or another document in the panel) starts without marks; a new graph may move states.
      if (m.type === 'init') sendProgress(panel);
      if (m.type === 'graph' || m.type === 'graphPatch' || m.type === 'init') sendBreakpoints(panel);
    });
    panel.onDidToggleBreakpoint((nodeId) => void toggle(panel, nodeId));
  };
  GraphPanel.all().forEach(wire);

  return vscode.Disposable.from(
    GraphPanel.onDidCreate(wire),
    vscode.debug.onDidReceiveDebugSessionCustomEvent((e) => {
      if (e.session.type !== DEBUG_TYPE || e.event !== DEBUG_PROGRESS_EVENT) return;
      const body = readDebugProgress(e.body);
      if (typeof body === 'string') {
        output.appendLine(`[debug] Ignored a malformed progress event from the adapter: ${body}.`);
        return;
      }
      // A template's machine defined in a linked file: its panel and the linked file's own both follow.
      const keys = new Set(progressPanels(body).map((t) => keyOf(vscode.Uri.file(t.file), t.machine)));
      for (const key of keys) progress.set(key, { session: e.session, body });
      for (const p of GraphPanel.all()) if (keys.has(keyOfPanel(p))) p.send({ type: 'debug', progress: body });
    }),
    vscode.debug.onDidTerminateDebugSession((session) => {
      for (const [key, v] of progress) {
        if (v.session.id !== session.id) continue;
        // An ended execution keeps its path on the graph; a session stopped half-way loses its paused state.
        if (v.body.phase !== 'ended') {
          progress.delete(key);
          for (const p of GraphPanel.all()) if (keyOfPanel(p) === key) p.send({ type: 'debug', progress: null });
        }
      }
    }),
    vscode.debug.onDidChangeBreakpoints(() => GraphPanel.all().forEach(sendBreakpoints)),
    vscode.commands.registerCommand(TOGGLE_GRAPH_BREAKPOINT_COMMAND, (context?: { nodeId?: unknown }) => {
      // The context menu's argument names the state; the panel is the one it was opened in (the active one).
      const panel = GraphPanel.all().find((p) => p.panel.active);
      if (panel && typeof context?.nodeId === 'string') return toggle(panel, context.nodeId);
      return undefined;
    }),
  );
}

function keyOf(uri: vscode.Uri, machine: string | undefined): string {
  return machine === undefined ? uri.toString() : `${uri.toString()}#${machine}`;
}

function keyOfPanel(panel: GraphPanel): string {
  return keyOf(vscode.Uri.file(panel.uri.fsPath), panel.machine);
}

/**
 * The document the panel's graph offsets are in (a template machine's linked definition file, else
 * the panel's document), opened without an editor when none has it.
 */
async function sourceDocument(panel: GraphPanel): Promise<vscode.TextDocument | undefined> {
  const uri = panel.sourceUri;
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open;
  try {
    return await vscode.workspace.openTextDocument(uri);
  } catch {
    return undefined;
  }
}

/** The editor's source breakpoints in the graph's source document, each with the state its line is in. */
async function located(panel: GraphPanel): Promise<{ bp: vscode.SourceBreakpoint; nodeId: string }[] | undefined> {
  const doc = await sourceDocument(panel);
  const model = panel.graphModel;
  if (!model || !doc) return undefined;
  const places = vscode.debug.breakpoints
    .filter((bp): bp is vscode.SourceBreakpoint => bp instanceof vscode.SourceBreakpoint)
    .map((bp) => ({ bp, uri: bp.location.uri.toString(), line: bp.location.range.start.line }));
  return breakpointsOnStates(model, doc.uri.toString(), places, (offset) => doc.positionAt(offset).line).map((b) => ({
    bp: b.bp.bp,
    nodeId: b.nodeId,
  }));
}

async function breakpointsOn(panel: GraphPanel): Promise<GraphBreakpoint[] | undefined> {
  const list = await located(panel);
  if (!list) return undefined;
  const byNode = new Map<string, GraphBreakpoint>();
  for (const { bp, nodeId } of list) {
    const detail = bp.logMessage
      ? `Logs: ${bp.logMessage}`
      : bp.condition
        ? `When: ${bp.condition}`
        : bp.hitCondition
          ? `Hit count: ${bp.hitCondition}`
          : undefined;
    const had = byNode.get(nodeId);
    // Several on one state: it shows as enabled when any of them is.
    if (!had || (!had.enabled && bp.enabled)) byNode.set(nodeId, { nodeId, enabled: bp.enabled, ...(detail ? { detail } : {}) });
  }
  return [...byNode.values()];
}

/**
 * Removes the state's breakpoints, or adds one on its name's line, in the graph's source document
 * (a template machine defined in a linked file: that file, where the adapter reads its breakpoints).
 */
async function toggle(panel: GraphPanel, nodeId: string): Promise<void> {
  const here = (await located(panel))?.filter((b) => b.nodeId === nodeId).map((b) => b.bp);
  if (here === undefined) return;
  if (here.length > 0) {
    vscode.debug.removeBreakpoints(here);
    return;
  }
  const node = panel.graphModel?.nodes.find((n) => n.id === nodeId);
  const doc = await sourceDocument(panel);
  if (!node || !doc) return;
  const place = breakpointPlace(node, doc.uri.toString(), (o) => doc.positionAt(o).line);
  if (!place) return;
  const column = doc.lineAt(place.line).firstNonWhitespaceCharacterIndex;
  vscode.debug.addBreakpoints([new vscode.SourceBreakpoint(new vscode.Location(doc.uri, new vscode.Position(place.line, column)))]);
}
