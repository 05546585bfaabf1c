/**
 * The graph panel: one webview beside each `asl` document, restored after a reload by the
 * serializer. It asks the language server for the document's graph as the text changes
 * (debounced), keeps the editor and the drawing in step both ways, and forwards dry runs to the
 * server. Messages from the page are checked on arrival (protocol.ts); a malformed one is
 * ignored with a line in the output channel.
 */
import * as vscode from 'vscode';
import type { GraphModel, PositionedGraph } from '../../../server/src/core/graph/types';
import { applyGraphPatch } from '../../../server/src/core/graph/patch';
import type { ExecutionResult } from '../../../server/src/core/engine/types';
import { cursorNodeId } from './cursor';
import { graphSource, revealColumn, revealTarget } from './source';
import { editorText } from './editorText';
import { prefetch, takeOrRequest, type Prefetched } from './prefetch';
import { forPage } from './pack';
import { reusablePanel } from './reuse';
import { makeNonce, panelHtml } from './html';
import { findMockFiles, machineNameOf } from './mocks';
import { OfferedMockFiles } from './offeredMocks';
import {
  PANEL_VIEW_TYPE,
  readToExtension,
  type GraphEdit,
  type GraphParams,
  type GraphPatchResult,
  type GraphResult,
  type PanelState,
  type RunParams,
  type ToExtension,
  type ToWebview,
} from '../../../protocol/panel';
import type { ServerRequests } from './requests';
import { lastRuns } from './lastRun';
import { PanelTests } from './panelTests';
import type { CoverageRange } from '../../../protocol/testing';

export interface PanelDeps {
  extensionUri: vscode.Uri;
  requests: ServerRequests;
  output: vscode.OutputChannel;
}

/**
 * Wait after the last keystroke before asking for a new graph; longer for very large documents.
 * The server reuses the layout when the edit changed no box or transition, and the page draws
 * only what is in view, so up to 2 MB the wait stays short (the redraw goal is 500 ms after the
 * last keystroke at 2,000 states, about 1.5 MB as bench/webview.ts generates them).
 */
function debounceFor(doc: vscode.TextDocument): number {
  return doc.getText().length < LARGE_DOCUMENT_CHARS ? SHORT_DEBOUNCE_MS : LONG_DEBOUNCE_MS;
}
const LARGE_DOCUMENT_CHARS = 2_000_000;
const SHORT_DEBOUNCE_MS = 200;
const LONG_DEBOUNCE_MS = 1000;

export class GraphPanel implements vscode.Disposable {
  private static readonly panels = new Map<string, GraphPanel>();

  /**
   * Shows the document's panel beside it (a template machine's, when `machine` is given). Without
   * one: by default (`aslWorkbench.graph.panels`: perGroup) a graph panel already open in another
   * editor group shows this document instead, so a second machine does not open a third column;
   * with perMachine, a new panel.
   */
  static createOrShow(deps: PanelDeps, uri: vscode.Uri, machine?: string): GraphPanel {
    const existing = GraphPanel.panels.get(keyOf(uri, machine));
    if (existing) {
      existing.panel.reveal(vscode.ViewColumn.Beside, true);
      return existing;
    }
    const perGroup = vscode.workspace.getConfiguration('aslWorkbench').get<string>('graph.panels', 'perGroup') !== 'perMachine';
    const reusable = perGroup ? reusablePanel([...GraphPanel.panels.values()], vscode.window.activeTextEditor?.viewColumn) : undefined;
    if (reusable) {
      reusable.retarget(uri, machine);
      reusable.panel.reveal(reusable.panel.viewColumn, true);
      return reusable;
    }
    const panel = vscode.window.createWebviewPanel(
      PANEL_VIEW_TYPE,
      titleOf(uri, machine),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      GraphPanel.options(deps),
    );
    return new GraphPanel(deps, panel, uri, machine);
  }

  /** Restores a panel after a reload, from the state its page saved. */
  static revive(deps: PanelDeps, panel: vscode.WebviewPanel, state: unknown): void {
    const uri = typeof (state as PanelState | undefined)?.uri === 'string' ? (state as PanelState).uri! : undefined;
    if (!uri) {
      deps.output.appendLine('[graph] A graph panel could not be restored: it did not record its document.');
      panel.dispose();
      return;
    }
    const parsed = vscode.Uri.parse(uri);
    const saved = (state as PanelState).machine;
    const machine = typeof saved === 'string' ? saved : undefined;
    const existing = GraphPanel.panels.get(keyOf(parsed, machine));
    if (existing) {
      panel.dispose();
      existing.panel.reveal(undefined, true);
      return;
    }
    panel.webview.options = GraphPanel.options(deps);
    new GraphPanel(deps, panel, parsed, machine);
  }

  private static readonly created = new vscode.EventEmitter<GraphPanel>();
  /** A panel was made: the debugger's view (debugGraph.ts) follows every panel. */
  static readonly onDidCreate = GraphPanel.created.event;

  static all(): GraphPanel[] {
    return [...GraphPanel.panels.values()];
  }

  static get(uri: vscode.Uri, machine?: string): GraphPanel | undefined {
    return GraphPanel.panels.get(keyOf(uri, machine));
  }

  /** Asks again for every panel's graph: after the language server (re)started. */
  static refreshAll(): void {
    for (const panel of GraphPanel.panels.values()) void panel.refresh();
  }

  private static options(deps: PanelDeps): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(deps.extensionUri, 'media')] };
  }

  private readonly disposables: vscode.Disposable[] = [];
  private readonly posted = new vscode.EventEmitter<ToWebview>();
  /** Every message sent to the page, after it is sent (the end-to-end tests follow the panel with it). */
  readonly onDidPost = this.posted.event;
  private readonly breakpointAsked = new vscode.EventEmitter<string>();
  /** The page asks to toggle a breakpoint on a state (its node id): debugGraph.ts answers. */
  readonly onDidToggleBreakpoint = this.breakpointAsked.event;
  private model: GraphModel | undefined;
  /** The server's `source` of the graph shown (a template machine's linked file), as VS Code spells URIs; undefined: the panel's document. */
  private source: string | undefined;
  /** Parallel and Map states the page shows closed. */
  private readonly collapsed = new Set<string>();
  /** The server's key of the picture the page shows (undefined after anything else was sent). */
  private shownKey: string | undefined;
  /** The graph the page has, whole, with the server's id for it: the base of the next patch. */
  private shownGraph: { id: string; graph: PositionedGraph } | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private cursorTimer: ReturnType<typeof setTimeout> | undefined;
  private cursorNode: string | null = null;
  /** Only the answer to the latest graph request is shown. */
  private request = 0;
  /**
   * The first graph, asked for as the panel is made, while the page and its bundle still load
   * (about as long as a 2,000-state graph takes the server): the page's 'ready' picks it up.
   */
  private prefetched: Promise<Prefetched<GraphResult | GraphPatchResult> | undefined> | undefined;
  private ready = false;
  /** The page unpacks gzip'd messages (it said so when ready): large graphs go packed. */
  private pageUnpacks = false;
  /** The mock files last offered to the page: a run may name only these. */
  private readonly offeredMocks = new OfferedMockFiles();
  /** The page has a graph to draw a run on (it drops a run that comes before one). */
  private graphShown = false;
  /** The last run handed in by showRun, sent again to a page that reloads; and one waiting for the graph. */
  private shownRun: ToWebview | undefined;
  private pendingRun: ToWebview | undefined;
  /** Run all cases, Test this state, an imported history, child runs, the mock-file buttons. */
  private readonly tests: PanelTests;
  /** Whether the page has had this target's mock files (a run started for it picks from them). */
  private mocksSent = false;
  /** A run asked for (the "Dry run" CodeLens), started once the page has a graph and the mock files. */
  private runPending = false;

  /** Shows another document (or template machine) in this panel (the page starts afresh for it). */
  private retarget(uri: vscode.Uri, machine: string | undefined): void {
    const old = keyOf(this.uri, this.machine);
    if (GraphPanel.panels.get(old) === this) GraphPanel.panels.delete(old);
    this.uri = uri;
    this.machine = machine;
    GraphPanel.panels.set(keyOf(uri, machine), this);
    this.panel.title = titleOf(uri, machine);
    this.model = undefined;
    this.source = undefined;
    this.shownKey = undefined;
    this.shownGraph = undefined;
    this.graphShown = false;
    this.shownRun = this.pendingRun = undefined;
    this.collapsed.clear();
    this.cursorNode = null;
    this.mocksSent = false;
    if (this.timer) clearTimeout(this.timer);
    this.sendInit();
    if (!this.ready) this.prefetch();
    void this.refresh().then(async () => {
      this.sendCursor(this.sourceEditor());
      await this.sendMocks();
    });
  }

  /**
   * Starts a dry run as the page's Run button does (its input and mock file), at once if the page
   * shows a graph, else as soon as it does: the "Dry run" CodeLens opens the panel with this.
   */
  startRun(): void {
    this.runPending = true;
    this.flushRun();
  }

  private flushRun(): void {
    if (!this.runPending || !this.ready || !this.model || !this.mocksSent) return;
    this.runPending = false;
    this.post({ type: 'startRun' });
  }

  private constructor(
    private readonly deps: PanelDeps,
    readonly panel: vscode.WebviewPanel,
    public uri: vscode.Uri,
    /** A template's state machine (logical ID); undefined for an ASL document. */
    public machine?: string,
  ) {
    GraphPanel.panels.set(keyOf(uri, machine), this);
    this.tests = new PanelTests({
      uri: () => this.uri,
      machine: () => this.machine,
      document: () => this.document(),
      post: (m) => this.post(m),
      offered: this.offeredMocks,
      requests: deps.requests,
      output: deps.output,
    });
    panel.title = titleOf(uri, machine);
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'icon.png');
    const webview = panel.webview;
    webview.html = panelHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(deps.extensionUri, 'media', 'dist', 'graph.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(deps.extensionUri, 'media', 'graph.css')).toString(),
    });
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      webview.onDidReceiveMessage((m: unknown) => this.receive(m)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        // A template machine's linked file too: the server reads its open text.
        const changed = e.document.uri.toString();
        if ((changed === this.uri.toString() || changed === this.source) && e.contentChanges.length > 0) this.schedule(e.document);
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor.document.uri.toString() === this.sourceKey()) this.scheduleCursor(e.textEditor);
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.sendInit()),
    );
    this.prefetch();
    GraphPanel.created.fire(this);
  }

  /** The graph model the page shows (its offsets are `sourceUri`'s). */
  get graphModel(): GraphModel | undefined {
    return this.model;
  }

  /** The document the graph's offsets are in: a template machine's linked definition file, else the panel's document. */
  get sourceUri(): vscode.Uri {
    return this.source !== undefined ? vscode.Uri.parse(this.source) : this.uri;
  }

  private sourceKey(): string {
    return graphSource(this.uri.toString(), this.source);
  }

  private sourceEditor(): vscode.TextEditor | undefined {
    return vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === this.sourceKey());
  }

  /** The source document (opened without an editor when none has it). */
  private async sourceDocument(): Promise<vscode.TextDocument> {
    if (this.source === undefined) return this.document();
    const uri = this.sourceKey();
    return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri) ?? vscode.workspace.openTextDocument(this.sourceUri);
  }

  /** Sends the page a message from elsewhere in the extension (the debugger's view). */
  send(message: ToWebview): void {
    this.post(message);
  }

  dispose(): void {
    const key = keyOf(this.uri, this.machine);
    if (GraphPanel.panels.get(key) === this) GraphPanel.panels.delete(key);
    if (this.timer) clearTimeout(this.timer);
    if (this.cursorTimer) clearTimeout(this.cursorTimer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.posted.dispose();
    this.breakpointAsked.dispose();
    this.panel.dispose();
  }

  /**
   * Shows a run that did not come from the panel's own Run button (an execution of a local
   * endpoint, followed live by endpointWatch.ts) as a dry run's result; held until the page has a
   * graph to draw it on.
   */
  showRun(result: ExecutionResult, millis: number): void {
    this.shownRun = this.pendingRun = { type: 'runResult', result, millis };
    this.flushShownRun();
  }

  private flushShownRun(): void {
    if (!this.ready || !this.graphShown || !this.pendingRun) return;
    const m = this.pendingRun;
    this.pendingRun = undefined;
    this.post(m);
  }

  /** Marks on the graph what a Testing-view run with coverage never covered. */
  showCoverage(coverage: CoverageRange[]): void {
    if (this.ready) this.tests.showCoverage(coverage);
  }

  private post(message: ToWebview): void {
    void this.panel.webview.postMessage(forPage(message, this.pageUnpacks)).then(() => this.posted.fire(message));
  }

  /** A message from the page (also the way tests act as the page). Checked before use. */
  receive(raw: unknown): void {
    const message = readToExtension(raw);
    if (typeof message === 'string') {
      this.deps.output.appendLine(`[graph] Ignored a malformed message from the graph panel: ${message}.`);
      return;
    }
    void this.handle(message).catch((err: unknown) => {
      this.deps.output.appendLine(`[graph] ${message.type} failed: ${(err as Error)?.stack ?? String(err)}`);
    });
  }

  private async handle(message: ToExtension): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.pageUnpacks = message.gzip === true;
        // A new page (first load, reload, shown again) has no picture yet.
        this.shownKey = undefined;
        this.shownGraph = undefined;
        this.graphShown = false;
        this.pendingRun = this.shownRun;
        this.sendInit();
        await this.refresh();
        this.sendCursor(this.sourceEditor());
        await this.sendMocks();
        break;
      case 'refreshMocks':
        await this.sendMocks();
        break;
      case 'resync':
        this.shownKey = undefined;
        this.shownGraph = undefined;
        await this.refresh();
        break;
      case 'reveal':
        await this.reveal(message.nodeId, message.focus === true);
        break;
      case 'edit':
        await this.edit(message.edit);
        break;
      case 'collapse':
        if (message.collapsed) this.collapsed.add(message.nodeId);
        else this.collapsed.delete(message.nodeId);
        await this.refresh();
        break;
      case 'run':
        await this.run(message);
        break;
      case 'log':
        this.deps.output.appendLine(`[graph panel] ${message.message}`);
        break;
      case 'toggleBreakpoint':
        this.breakpointAsked.fire(message.nodeId);
        break;
      default:
        await this.tests.handle(message);
    }
  }

  /** Finds the mock files, remembers them as the only ones a run may name, and offers them to the page. */
  private async sendMocks(): Promise<void> {
    const files = await findMockFiles(this.uri);
    this.offeredMocks.offer(files);
    this.post({ type: 'mocks', files });
    this.mocksSent = true;
    this.flushRun();
  }

  private sendInit(): void {
    if (!this.ready) return;
    const fileName = vscode.workspace.asRelativePath(this.uri) + (this.machine !== undefined ? ` (${this.machine})` : '');
    this.post({
      type: 'init',
      uri: this.uri.toString(),
      fileName,
      trusted: vscode.workspace.isTrusted,
      ...(this.machine !== undefined ? { machine: this.machine } : {}),
    });
  }

  private async document(): Promise<vscode.TextDocument> {
    // Opening the document (without an editor) also hands it to the language server.
    return (
      vscode.workspace.textDocuments.find((d) => d.uri.toString() === this.uri.toString()) ?? vscode.workspace.openTextDocument(this.uri)
    );
  }

  private schedule(doc: vscode.TextDocument): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, debounceFor(doc));
  }

  private graphParams(doc: vscode.TextDocument, base: string | undefined): GraphParams {
    return {
      uri: doc.uri.toString(),
      version: doc.version,
      collapsed: [...this.collapsed],
      ...(this.machine !== undefined ? { machine: this.machine } : {}),
      ...(base !== undefined ? { base } : {}),
    };
  }

  /** Starts the first graph request before the page is ready (see `prefetched`). */
  private prefetch(): void {
    this.prefetched = this.document().then(
      (doc) => prefetch(this.graphParams(doc, undefined), (p) => this.deps.requests.graph(p)),
      () => undefined,
    );
  }

  /** The graph for these parameters: the prefetched answer when it fits, else a new request. */
  private async requestGraph(params: GraphParams): Promise<GraphResult | GraphPatchResult> {
    const early = this.prefetched;
    this.prefetched = undefined;
    return takeOrRequest(params.base === undefined ? await early : undefined, params, (p) => this.deps.requests.graph(p));
  }

  /** Asks the server for the graph of the document as it is now and sends it to the page. */
  async refresh(): Promise<void> {
    if (!this.ready) return;
    const id = ++this.request;
    let doc: vscode.TextDocument;
    try {
      doc = await this.document();
    } catch (err) {
      this.post({ type: 'invalid', version: 0, reason: `The file cannot be opened: ${(err as Error).message}` });
      return;
    }
    const version = doc.version;
    try {
      const base = this.shownGraph;
      const result = await this.requestGraph(this.graphParams(doc, base?.id));
      if (id !== this.request) return;
      if (result.ok) {
        let graph: PositionedGraph;
        if ('patch' in result) {
          // A patch from a graph the page no longer has (cannot happen while requests are answered in turn): ask again for the whole graph.
          if (!base || result.base !== base.id || this.shownGraph !== base) {
            this.shownGraph = undefined;
            return this.refresh();
          }
          graph = applyGraphPatch(base.graph, result.patch);
        } else graph = result.graph;
        this.model = graph.model;
        // Spelt as VS Code spells it, to compare with its documents' URIs.
        this.source = result.source !== undefined ? vscode.Uri.parse(result.source).toString() : undefined;
        // Posted after the graph below (or at once when the page already shows this picture).
        queueMicrotask(() => this.flushRun());
        // Typing that changes nothing drawn (a path, a parameter) sends the page nothing: the
        // offsets the cursor needs are the extension's, and the renderer stays free for typing.
        if (result.key !== undefined && result.key === this.shownKey) return;
        this.shownKey = result.key;
        if ('patch' in result)
          this.post({
            type: 'graphPatch',
            version: result.version,
            base: result.base,
            id: result.id,
            patch: result.patch,
            millis: result.millis,
          });
        else
          this.post({
            type: 'graph',
            version: result.version,
            graph,
            millis: result.millis,
            ...(result.id !== undefined ? { id: result.id } : {}),
          });
        this.shownGraph = result.id !== undefined ? { id: result.id, graph } : undefined;
        this.graphShown = true;
        this.flushShownRun();
      } else {
        this.shownKey = undefined;
        this.post({ type: 'invalid', version: result.version, reason: result.reason });
      }
    } catch (err) {
      if (id !== this.request) return;
      this.shownKey = undefined;
      this.post({ type: 'invalid', version, reason: `The language server did not answer: ${(err as Error)?.message ?? String(err)}` });
    }
  }

  private scheduleCursor(editor: vscode.TextEditor): void {
    if (this.cursorTimer) clearTimeout(this.cursorTimer);
    this.cursorTimer = setTimeout(() => this.sendCursor(editor), 60);
  }

  private sendCursor(editor: vscode.TextEditor | undefined): void {
    if (!editor || !this.model) return;
    const id = cursorNodeId(
      this.model,
      this.sourceKey(),
      editor.document.uri.toString(),
      editor.document.offsetAt(editor.selection.active),
    );
    if (id === undefined || id === this.cursorNode) return;
    this.cursorNode = id;
    this.post({ type: 'cursor', nodeId: id });
  }

  /**
   * Makes a change drawn on the graph: the server computes the text edits over its parse, and
   * they are applied as one WorkspaceEdit, so the editor's undo undoes the gesture.
   */
  private async edit(edit: GraphEdit): Promise<void> {
    const doc = await this.document();
    const answer = await this.deps.requests.graphEdit({ uri: doc.uri.toString(), version: doc.version, edit });
    if (!answer.ok) {
      this.post({ type: 'editResult', ok: false, message: answer.reason });
      return;
    }
    if (answer.version !== doc.version) {
      this.post({ type: 'editResult', ok: false, message: 'The document changed while the edit was computed; try again.' });
      return;
    }
    const we = new vscode.WorkspaceEdit();
    for (const e of answer.edits)
      we.replace(
        doc.uri,
        new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character),
        e.newText,
      );
    const applied = answer.edits.length === 0 || (await vscode.workspace.applyEdit(we));
    this.post({
      type: 'editResult',
      ok: applied,
      message: applied ? answer.note : 'The editor did not apply the change.',
      select: answer.select,
    });
  }

  /**
   * Shows the state in an editor beside the panel and selects its name; the panel keeps the focus
   * unless `focus`. A template machine defined in a linked file: that file, at the state.
   */
  private async reveal(nodeId: string, focus = false): Promise<void> {
    if (!this.model?.nodes.some((n) => n.id === nodeId)) return;
    const doc = await this.sourceDocument();
    const text = (offset: number, length: number) => doc.getText(new vscode.Range(doc.positionAt(offset), doc.positionAt(offset + length)));
    const target = revealTarget(this.model, nodeId, doc.uri.toString(), text);
    if (!target) return;
    const visible = vscode.window.visibleTextEditors.map((e) => ({ uri: e.document.uri.toString(), viewColumn: e.viewColumn }));
    const editor = await vscode.window.showTextDocument(doc, {
      viewColumn: revealColumn(visible, target.uri, this.uri.toString(), vscode.ViewColumn.One),
      preserveFocus: !focus,
    });
    const start = doc.positionAt(target.start);
    const end = doc.positionAt(target.end);
    editor.selection = new vscode.Selection(start, end);
    editor.revealRange(new vscode.Range(start, end), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    this.cursorNode = nodeId;
  }

  private async run(message: Extract<ToExtension, { type: 'run' }>): Promise<void> {
    const doc = await this.document();
    const params: RunParams = {
      uri: doc.uri.toString(),
      allowHandlers: vscode.workspace.isTrusted,
      ...(this.machine !== undefined ? { machine: this.machine } : {}),
    };
    if (message.input.trim() !== '') {
      try {
        params.input = { value: JSON.parse(message.input) };
      } catch (err) {
        this.post({ type: 'runError', message: `The input is not valid JSON: ${(err as Error).message}` });
        return;
      }
    }
    if (message.mockFile) {
      if (!this.offeredMocks.accepts(message.mockFile)) {
        this.deps.output.appendLine(`[graph] Refused a run naming a mock file the extension did not offer: ${message.mockFile}`);
        this.post({
          type: 'runError',
          message: 'That mock file is not one the extension found in this workspace; pick one from the list (or refresh it).',
        });
        return;
      }
      const mockUri = vscode.Uri.parse(message.mockFile);
      try {
        // An open editor's text, unsaved edits included, as the Testing view reads it.
        const text = await editorText(mockUri.toString(), vscode.workspace.textDocuments, () => vscode.workspace.fs.readFile(mockUri));
        params.mocks = { path: mockUri.fsPath, text };
      } catch (err) {
        this.post({ type: 'runError', message: `The mock file cannot be read: ${(err as Error).message}` });
        return;
      }
      params.testCase = message.testCase;
    }
    try {
      const result = await this.deps.requests.run(params);
      if (result.ok) {
        this.post({
          type: 'runResult',
          result: result.result,
          millis: result.millis,
          explained: result.explained,
          ...(result.verdict ? { verdict: result.verdict } : {}),
        });
        lastRuns.set(doc.uri.toString(), {
          input: params.input?.value ?? inputOfTestCase(params, machineNameOf(doc.uri)),
          mockFile: message.mockFile,
          result: result.result,
        });
      } else this.post({ type: 'runError', message: result.reason, untrusted: result.untrusted });
    } catch (err) {
      this.post({ type: 'runError', message: `The language server did not answer: ${(err as Error)?.message ?? String(err)}` });
    }
  }
}

/** Panels are one per document, and one per machine of a template. */
function keyOf(uri: vscode.Uri, machine: string | undefined): string {
  return machine === undefined ? uri.toString() : `${uri.toString()}#${machine}`;
}

function titleOf(uri: vscode.Uri, machine?: string): string {
  return `Graph: ${machine ?? uri.path.replace(/^.*\//, '')}`;
}

/** The input a run without one had: its test case's `$test.Input` (what the server used), else {}. */
function inputOfTestCase(params: RunParams, machine: string): unknown {
  if (!params.mocks || params.testCase === undefined) return {};
  try {
    const file = JSON.parse(params.mocks.text) as {
      StateMachines?: Record<string, { TestCases?: Record<string, { $test?: { Input?: unknown } }> }>;
    };
    const input = file.StateMachines?.[machine]?.TestCases?.[params.testCase]?.$test?.Input;
    if (input !== undefined) return input;
  } catch {
    // The server read it; if this cannot, the case is recorded with {}.
  }
  return {};
}
