/**
 * The debugger on the graph: the state the execution is paused at (highlighted, with the
 * editor's yellow arrow), the states already run and the transitions taken (the run marks, from
 * the history so far), and the breakpoints on their states. A click on the breakpoint spot at a
 * state's left edge, F9 on the selected state, or the context menu's "Toggle Breakpoint" asks the
 * extension to toggle it; the breakpoints are the editor's (the extension sends them back).
 */
import type { ExecutionResult, HistoryEvent } from '../../server/src/core/engine/types';
import type { GraphModel } from '../../server/src/core/graph/types';
import type { DebugProgress } from '../../protocol/debug';
import { LIVE_STATUS, type GraphBreakpoint } from '../../protocol/panel';
import type { GraphView } from './graphView';
import { readRun } from './runModel';

const SVG = 'http://www.w3.org/2000/svg';
/** Radius of the breakpoint spot on a state's left edge, in drawing units. */
const SPOT_R = 6;

/** Colours are VS Code's own debug theme colours, so the graph reads like the editor's gutter. */
const DEBUG_CSS = `
#canvas .aslg .node .dbg { cursor: pointer; }
#canvas .aslg .node .dbg .spot { fill: var(--vscode-debugIcon-breakpointForeground, #e51400); stroke: var(--vscode-editor-background, #fff); stroke-width: 1.5; opacity: 0; }
#canvas .aslg .node:hover .dbg .spot { opacity: .35; }
#canvas .aslg .node.has-bp .dbg .spot { opacity: 1; }
#canvas .aslg .node.has-bp.bp-disabled .dbg .spot { fill: var(--vscode-debugIcon-breakpointDisabledForeground, #848484); }
#canvas .aslg .node .dbg .arrow { display: none; fill: var(--vscode-debugIcon-breakpointCurrentStackframeForeground, #ffcc00); stroke: var(--vscode-editor-background, #000); stroke-width: 1; }
#canvas .aslg .node.paused .dbg .arrow { display: inline; }
#canvas .aslg .node.paused .box { stroke: var(--vscode-debugIcon-breakpointCurrentStackframeForeground, #ffcc00); stroke-width: 4; stroke-dasharray: none; fill: var(--vscode-editor-stackFrameHighlightBackground, #ffff0033); }
#canvas .aslg.run .node.paused { opacity: 1; }
`;

export class DebugMarks {
  private progress: DebugProgress | null = null;
  /** The progress whose path is not drawn yet (it came before the graph). */
  private pendingPath = false;
  private breakpoints = new Map<string, GraphBreakpoint>();
  private paused: string | undefined;

  constructor(
    private readonly graph: GraphView,
    canvas: HTMLElement,
    private readonly toggle: (nodeId: string) => void,
  ) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(DEBUG_CSS);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    graph.addNodeMarks((el, id) => this.mark(el, id));
    // Before the graph's own handler (capture): a press on the spot toggles and neither pans nor selects.
    canvas.addEventListener(
      'pointerdown',
      (e) => {
        const spot = (e.target as Element).closest?.('.dbg');
        const node = spot?.closest('g.node.state[data-id]') as SVGGElement | null;
        if (!node || e.button !== 0) return;
        e.preventDefault();
        e.stopPropagation();
        this.toggle(node.dataset.id!);
      },
      { capture: true },
    );
    canvas.addEventListener('keydown', (e) => {
      const sel = graph.selection;
      if (e.key !== 'F9' || e.ctrlKey || e.metaKey || e.altKey || sel?.kind !== 'node') return;
      e.preventDefault();
      this.toggle(sel.id);
    });
  }

  /** Where the debugged execution is (null: the session is over; the path stays drawn). */
  setProgress(progress: DebugProgress | null): void {
    const was = this.progress;
    this.progress = progress;
    this.pendingPath = progress !== null;
    this.apply(true);
    // Stopped while a Task's handler ran: the path stays, with that Task stopped, not running.
    const model = this.graph.current?.model;
    if (progress === null && was?.phase === 'running' && was.current && model)
      this.graph.markRun(readRun(model, historyOf({ ...was, current: undefined })));
  }

  setBreakpoints(list: GraphBreakpoint[]): void {
    this.breakpoints = new Map(list.map((b) => [b.nodeId, b]));
    this.graph.refreshNodeMarks();
  }

  /** A new graph is drawn: find the paused state again (by name), draw a path that waited for it. */
  graphShown(): void {
    this.apply(false);
  }

  /** The id of the state the execution is paused at, if any (for tests and the log). */
  get pausedAt(): string | undefined {
    return this.paused;
  }

  private apply(reveal: boolean): void {
    const model = this.graph.current?.model;
    if (!model) return;
    const p = this.progress;
    if (p && this.pendingPath) {
      this.pendingPath = false;
      // A run just started has no path yet: the last one's marks go.
      this.graph.markRun(p.events.length > 0 || p.current ? readRun(model, historyOf(p)) : undefined);
    }
    this.paused = p?.phase === 'paused' && p.current ? stateId(model, p.current.stateName) : undefined;
    document.body.classList.toggle('debug-paused', this.paused !== undefined);
    this.graph.refreshNodeMarks();
    const waiting = p?.phase === 'running' && p.current ? stateId(model, p.current.stateName) : undefined;
    if (reveal && (this.paused ?? waiting)) this.graph.reveal((this.paused ?? waiting)!);
  }

  private mark(el: SVGGElement, id: string): void {
    if (!el.classList.contains('state')) return;
    // The editor's context menu on a state (package.json: webview/context, "Toggle Breakpoint").
    el.dataset.vscodeContext = JSON.stringify({ webviewSection: 'graphState', nodeId: id, preventDefaultContextMenuItems: true });
    const box = this.graph.current?.layout.nodes[id];
    if (box && !el.querySelector(':scope > .dbg')) el.append(spot(box.x, box.y + box.height / 2));
    const bp = this.breakpoints.get(id);
    el.classList.toggle('has-bp', bp !== undefined);
    el.classList.toggle('bp-disabled', bp !== undefined && !bp.enabled);
    el.classList.toggle('paused', id === this.paused);
    const title = el.querySelector(':scope > .dbg title');
    if (title)
      title.textContent = bp
        ? `Breakpoint${bp.enabled ? '' : ' (disabled)'}${bp.detail ? `: ${bp.detail}` : ''}. Click to remove it (F9).`
        : 'Click to add a breakpoint (F9).';
  }
}

/** The breakpoint spot and the paused arrow, centred on the left edge of a state's box. */
function spot(x: number, y: number): SVGGElement {
  const g = document.createElementNS(SVG, 'g');
  g.setAttribute('class', 'dbg');
  const c = document.createElementNS(SVG, 'circle');
  c.setAttribute('class', 'spot');
  c.setAttribute('cx', String(x));
  c.setAttribute('cy', String(y));
  c.setAttribute('r', String(SPOT_R));
  const a = document.createElementNS(SVG, 'path');
  a.setAttribute('class', 'arrow');
  a.setAttribute('d', `M${x - SPOT_R - 4},${y - SPOT_R} L${x + SPOT_R},${y} L${x - SPOT_R - 4},${y + SPOT_R} Z`);
  g.append(document.createElementNS(SVG, 'title'), c, a);
  return g;
}

function stateId(model: GraphModel, name: string): string | undefined {
  return model.nodes.find((n) => n.kind === 'state' && n.name === name)?.id;
}

/**
 * The history so far as a run the run marks can read. The paused state has not entered yet: it
 * is added as entered, so the path reaches it and it shows as stopped there. A paused execution
 * has not failed, so it is read as one that has not (what has not exited shows as stopped).
 */
function historyOf(p: DebugProgress): ExecutionResult {
  const events = p.events.map((e) => ({ previousEventId: 0, timestamp: '', ...e }) as HistoryEvent);
  if (p.phase === 'paused' && p.current && p.current.error === undefined) {
    const last = events.length > 0 ? events[events.length - 1].id : 0;
    events.push({
      id: last + 1,
      previousEventId: last,
      timestamp: '',
      type: 'StateEntered',
      stateName: p.current.stateName,
      ...(p.current.scope.length ? { scope: p.current.scope } : {}),
    });
  }
  // Running in a Task's handler: what has not exited is running (the Task), not stopped.
  const status = p.phase === 'ended' && p.status ? p.status : p.phase === 'running' && p.current ? LIVE_STATUS : 'SUCCEEDED';
  return { status, events, path: [] } as unknown as ExecutionResult;
}
