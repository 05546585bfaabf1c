/**
 * The graph panel's webview: says `ready`, then draws what the extension sends, and reports
 * clicks and runs back. Every message is checked on arrival (protocol/panel.ts); a
 * malformed one is ignored with a log line. The page keeps its own state (input, mock file,
 * test case, view) through the webview state, so it survives hiding and reloads.
 */
import { GRAPH_CSS } from '../../server/src/core/graph/svg';
import { applyGraphPatch } from '../../server/src/core/graph/patch';
import type { PositionedGraph } from '../../server/src/core/graph/types';
import { readToWebview, type PanelState, type ToExtension, type ToWebview } from '../../protocol/panel';
import { DebugMarks } from './debugMarks';
import { byId } from './dom';
import { Editing } from './editing';
import { GraphView, type Selection, type ViewState } from './graphView';
import { Panes, readPanes } from './panes';
import { readRun, type RunView } from './runModel';
import { RunPanel, type RunForm } from './runView';
import { StateTest } from './stateTest';
import { TestsPanel, type ShownRun } from './testsView';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

type PageState = PanelState & RunForm & { view?: ViewState };

const vscode = acquireVsCodeApi();
const saved = readState(vscode.getState());

function readState(s: unknown): PageState {
  const o = (typeof s === 'object' && s !== null ? s : {}) as Record<string, unknown>;
  const v = o.view as Record<string, unknown> | undefined;
  const view =
    v && [v.x, v.y, v.k].every((n) => typeof n === 'number' && Number.isFinite(n)) && (v.k as number) > 0
      ? (v as unknown as ViewState)
      : undefined;
  return {
    uri: typeof o.uri === 'string' ? o.uri : undefined,
    machine: typeof o.machine === 'string' ? o.machine : undefined,
    input: typeof o.input === 'string' ? o.input : '',
    mockFile: typeof o.mockFile === 'string' ? o.mockFile : undefined,
    testCase: typeof o.testCase === 'string' ? o.testCase : undefined,
    view,
    panes: o.panes === undefined ? undefined : readPanes(o.panes),
  };
}

const state: PageState = { ...saved };
let saveTimer: ReturnType<typeof setTimeout> | undefined;
function save(): void {
  // The view changes on every pointer move while panning: store it a moment later, once.
  if (saveTimer) clearTimeout(saveTimer);
  saveTimer = setTimeout(() => vscode.setState(state), 150);
}

function post(message: ToExtension): void {
  vscode.postMessage(message);
}

// The drawing's rules come from the shared renderer's module, as a constructed stylesheet
// (the CSP allows no inline <style>); the page's own styles and the theme are in graph.css.
try {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(GRAPH_CSS);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
} catch (err) {
  post({ type: 'log', message: `Could not install the drawing's styles: ${(err as Error).message}` });
}

const banner = byId<HTMLElement>('banner');
const search = byId<HTMLInputElement>('search');
const count = byId<HTMLElement>('count');
const fileName = byId<HTMLElement>('file');

/** The banner says one thing at a time: the graph's notes, or what became of an edit. */
function say(message: string | undefined, kind: 'error' | 'note' = 'note'): void {
  banner.hidden = !message;
  banner.className = kind === 'error' ? 'banner error' : 'banner';
  banner.textContent = message ?? '';
}

const graph = new GraphView(
  byId('canvas'),
  byId<HTMLCanvasElement>('minimap'),
  {
    onSelect: (sel, source) => {
      selected(sel);
      // A child run's graph is another document's: the editor has nothing to show for it.
      if (sel.kind === 'node' && !tests.inChild)
        post(source === 'enter' ? { type: 'reveal', nodeId: sel.id, focus: true } : { type: 'reveal', nodeId: sel.id });
    },
    onViewChange: (view) => {
      state.view = view;
      save();
    },
    onRename: (id, at) => editing.startRename(id, at),
    onConnect: (from, to, edge) => editing.connect(from, to, edge),
    onDelete: (sel) => editing.delete(sel),
    onCollapse: (id) => editing.toggleCollapse(id),
  },
  saved.view,
);

const debugMarks = new DebugMarks(graph, byId('canvas'), (nodeId) => post({ type: 'toggleBreakpoint', nodeId }));

/** An edit's message arrived since the last graph: the graph that follows the edit leaves it up. */
let editSaid = false;
const editing = new Editing(
  graph,
  (edit) => (tests.inChild ? say('A child run is shown: go back to the parent run to edit the machine.') : post({ type: 'edit', edit })),
  (nodeId, collapsed) => post({ type: 'collapse', nodeId, collapsed }),
  (message, kind) => {
    editSaid = true;
    say(message, kind);
  },
);

const panes = new Panes(readPanes(saved.panes), (sizes) => {
  state.panes = sizes;
  save();
});

const run = new RunPanel(saved, {
  onRun: (form) => {
    panes.showSide();
    post({ type: 'run', input: form.input, mockFile: form.mockFile, testCase: form.testCase });
  },
  onChange: (form) => {
    Object.assign(state, form);
    save();
  },
  onRefreshMocks: () => post({ type: 'refreshMocks' }),
  onSelectNode: (id) => {
    graph.select({ kind: 'node', id });
    graph.reveal(id, true);
    selected({ kind: 'node', id });
    post({ type: 'reveal', nodeId: id });
  },
});

/** The run on the graph: its states' inputs prefill "Test this state". */
let lastView: RunView | undefined;

/** Shows a run (a dry run, a test case's, an imported history, a child's) on the graph and in the run pane. */
function showRun(shown: ShownRun, model: NonNullable<typeof graph.current>['model']): RunView {
  const view = readRun(model, shown.result);
  lastView = view;
  graph.markRun(view);
  const sel = graph.selection;
  run.showResult(shown.result, view, model, shown.millis, sel?.kind === 'node' ? sel.id : view.failedNode, shown.explained, shown.verdict);
  if (view.failedNode && !sel) {
    graph.select({ kind: 'node', id: view.failedNode });
    run.showDetails(view.failedNode);
  }
  selected(graph.selection);
  return view;
}

const tests = new TestsPanel({
  post,
  graph,
  showRun,
  mockFile: () => run.form().mockFile,
  showGraph: (g) => {
    graph.show(g);
    selected(graph.selection);
  },
});

const stateTest = new StateTest({
  post,
  stateOf: (id) => {
    const n = graph.current?.model.nodes.find((x) => x.id === id);
    return n && n.kind === 'state' ? { name: n.name, type: n.type, lastInput: lastView?.nodes.get(id)?.runs[0]?.input } : undefined;
  },
  select: (id) => {
    graph.select({ kind: 'node', id });
    selected({ kind: 'node', id });
  },
});

let shownVersion = -1;

/** The one selection changed (a click, a key, the editor's cursor): the run details and the form follow it. */
function selected(sel: Selection | undefined): void {
  if (sel?.kind === 'node') run.showDetails(sel.id);
  editing.showForm(tests.inChild ? undefined : graph.current?.model, sel);
  stateTest.selected(sel?.kind === 'node' ? sel.id : undefined, sel?.kind === 'node' ? tests.childLinks(sel.id) : undefined);
}

byId('fit').addEventListener('click', () => graph.fit());
byId('zoom-in').addEventListener('click', () => graph.zoomBy(1.25));
byId('zoom-out').addEventListener('click', () => graph.zoomBy(0.8));
let matchCount = 0;
search.addEventListener('input', () => {
  matchCount = graph.search(search.value);
  count.textContent = search.value.trim() ? `${matchCount} match${matchCount === 1 ? '' : 'es'}` : '';
});
search.addEventListener('keydown', (e) => {
  if (e.key === 'Enter') {
    const at = graph.nextMatch();
    if (at) {
      count.textContent = `${at} of ${matchCount}`;
      selected(graph.selection);
    }
  } else if (e.key === 'Escape') {
    search.value = '';
    matchCount = graph.search('');
    count.textContent = '';
  }
});
document.addEventListener('keydown', (e) => {
  if ((e.ctrlKey || e.metaKey) && e.key === 'f') {
    e.preventDefault();
    search.focus();
    search.select();
  }
});

/** Draws a graph of the document (whole, or a patch applied), keeping selection, marks and the banner's notes. */
function showGraph(version: number, shown: PositionedGraph, millis: number): void {
  shownVersion = version;
  if (tests.holdGraph(shown)) return;
  const ms = graph.show(shown);
  tests.graphShown();
  const pick = editing.takePendingSelection(shown.model);
  if (pick) {
    graph.select({ kind: 'node', id: pick });
    graph.reveal(pick);
  }
  selected(graph.selection);
  debugMarks.graphShown();
  // A scope too large or too looped for the full layout is drawn in simple rows: say so.
  const notes = shown.layout.notes ?? [];
  if (notes.length > 0) say(notes.join(' '));
  else if (!editSaid) say(undefined);
  editSaid = false;
  document.body.dataset.renderMs = String(Math.round(ms));
  document.body.dataset.layoutMs = String(millis);
}

/** The document's graph as last sent, whole, with the server's id for it: what a `graphPatch` applies to. */
let documentGraph: { id?: string; graph: PositionedGraph } | undefined;

function handle(message: ToWebview): void {
  switch (message.type) {
    case 'init':
      // The panel now shows another document or template machine (one panel per editor group): start afresh.
      if (state.uri !== undefined && (state.uri !== message.uri || state.machine !== message.machine)) {
        documentGraph = undefined;
        graph.reset();
        tests.reset();
        lastView = undefined;
        shownVersion = -1;
        state.view = undefined;
        say(undefined);
      }
      state.uri = message.uri;
      state.machine = message.machine;
      save();
      fileName.textContent = message.fileName;
      run.setTrusted(message.trusted);
      break;
    case 'graph':
      if (message.version < shownVersion) break;
      documentGraph = { id: message.id, graph: message.graph };
      showGraph(message.version, message.graph, message.millis);
      break;
    case 'graphPatch': {
      if (message.version < shownVersion) break;
      let next: PositionedGraph | undefined;
      try {
        if (documentGraph?.id === message.base) next = applyGraphPatch(documentGraph.graph, message.patch);
      } catch (err) {
        post({ type: 'log', message: `A graph patch did not apply: ${(err as Error).message}` });
      }
      if (!next) {
        documentGraph = undefined;
        post({ type: 'resync' });
        break;
      }
      documentGraph = { id: message.id, graph: next };
      showGraph(message.version, next, message.millis);
      break;
    }
    case 'invalid':
      if (message.version < shownVersion) break;
      say(
        graph.current
          ? `The document does not parse, so the graph shows its last good version. ${message.reason}`
          : `No graph yet: ${message.reason}`,
      );
      if (!graph.current) graph.clear('The graph appears once the document is a well-formed state machine.');
      break;
    case 'cursor': {
      // The editor's cursor and clicks share one selection.
      const sel = message.nodeId ? ({ kind: 'node', id: message.nodeId } as const) : undefined;
      graph.select(sel);
      if (sel) graph.reveal(sel.id);
      selected(sel);
      break;
    }
    case 'mocks':
      run.setMocks(message.files);
      Object.assign(state, run.form());
      save();
      break;
    case 'runResult': {
      tests.leaveChildren();
      const model = graph.current?.model;
      if (!model) break;
      const shown: ShownRun = {
        result: message.result,
        millis: message.millis,
        explained: message.explained,
        verdict: message.verdict,
        mockFile: state.mockFile,
      };
      showRun(shown, model);
      tests.ranDocument(shown);
      break;
    }
    case 'runError':
      run.showError(message.message, message.untrusted);
      break;
    case 'startRun':
      run.start();
      break;
    case 'editResult':
      editing.result(message.ok, message.message, message.select);
      break;
    case 'debug':
      debugMarks.setProgress(message.progress);
      break;
    case 'breakpoints':
      debugMarks.setBreakpoints(message.nodes);
      break;
    default:
      if (!tests.handle(message)) stateTest.handle(message);
  }
}

function receive(data: unknown): void {
  const message = readToWebview(data);
  if (typeof message === 'string') {
    const line = `[asl-workbench graph] ignored a malformed message: ${message}`;
    console.warn(line);
    post({ type: 'log', message: line });
    return;
  }
  try {
    handle(message);
  } catch (err) {
    const line = `[asl-workbench graph] ${message.type} failed: ${(err as Error)?.stack ?? String(err)}`;
    console.error(line);
    post({ type: 'log', message: line });
  }
}

/** Whether this page can unpack a PackedMessage (protocol/panel.ts); it tells the extension when ready. */
const CAN_UNPACK = typeof DecompressionStream === 'function';

async function unpack(bytes: Uint8Array): Promise<unknown> {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return JSON.parse(await new Response(stream).text());
}

/**
 * Messages are handled in the order they came: one that follows a packed graph (the cursor, a
 * run) waits until the graph is unpacked and drawn.
 */
let inOrder: Promise<void> = Promise.resolve();
window.addEventListener('message', (event: MessageEvent) => {
  const data: unknown = event.data;
  const packed = isPacked(data) ? unpack(data.gzip) : undefined;
  inOrder = inOrder.then(async () => {
    if (!packed) return receive(data);
    try {
      receive(await packed);
    } catch (err) {
      const line = `[asl-workbench graph] a packed message could not be read: ${String(err)}`;
      console.error(line);
      post({ type: 'log', message: line });
      // Start again without packing: the extension sends everything again, as it is.
      post({ type: 'ready' });
    }
  });
});

function isPacked(data: unknown): data is { type: 'packed'; gzip: Uint8Array } {
  return (
    typeof data === 'object' &&
    data !== null &&
    (data as { type?: unknown }).type === 'packed' &&
    (data as { gzip?: unknown }).gzip instanceof Uint8Array
  );
}

post({ type: 'ready', ...(CAN_UNPACK ? { gzip: true } : {}) });
