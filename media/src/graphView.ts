/**
 * The graph in the page: draws a PositionedGraph (drawing.ts), and owns what the user does with
 * it: pan (drag; never selects text), zoom (wheel, buttons), fit, search, the one selection
 * (a state or a transition, set by clicks, keys and the editor's cursor alike), keyboard
 * navigation, the overview, the run's marks, and the gestures that edit (double-click to rename,
 * drag the handle under a state to connect it, drag a transition's arrow to reconnect it).
 */
import type { PositionedGraph } from '../../server/src/core/graph/types';
import { Drawing, type Rect } from './drawing';
import { Minimap } from './minimap';
import { Navigator, stepOfKey } from './navigate';
import { handleOf, markVisited, HANDLE_R } from './marks';
import type { RunView } from './runModel';

export { badgeText, statusText } from './marks';

export interface ViewState {
  /** Top-left corner of the visible area, in drawing coordinates. */
  x: number;
  y: number;
  /** Screen pixels per drawing unit. */
  k: number;
}

export type Selection = { kind: 'node' | 'edge'; id: string };

export interface GraphCallbacks {
  /** The user selected a state or a transition (click, keys); `source`: also show it in the editor, focused or not. */
  onSelect(sel: Selection, source: 'click' | 'key' | 'enter'): void;
  onViewChange(view: ViewState): void;
  /** Gestures that edit the document (editing.ts turns them into requests). */
  onRename?(nodeId: string, at: DOMRect): void;
  onConnect?(from: string, to: string, edgeId?: string): void;
  onDelete?(sel: Selection): void;
  onCollapse?(nodeId: string): void;
}

const MIN_ZOOM = 0.02;
const MAX_ZOOM = 4;
/** A graph that fits at this zoom or more is shown whole at first; else from its start, at READABLE_ZOOM. */
const FIT_READABLE = 0.6;
const READABLE_ZOOM = 1;
/** Pixels a pointer moves before a press becomes a pan. */
const DRAG_THRESHOLD = 4;
const PAD = 16;

export class GraphView {
  private graph: PositionedGraph | undefined;
  private drawing: Drawing | undefined;
  private nav: Navigator | undefined;
  private view: ViewState | undefined;
  private selected: Selection | undefined;
  private matches = new Set<string>();
  private matchList: string[] = [];
  private matchIndex = -1;
  private run: RunView | undefined;
  /** Marks other parts of the page put on states as they are drawn (the debugger's: debugMarks.ts). */
  private readonly nodeMarks: ((el: SVGGElement, id: string) => void)[] = [];
  private lastSize = { w: 0, h: 0 };
  readonly minimap: Minimap;

  constructor(
    private readonly canvas: HTMLElement,
    minimapCanvas: HTMLCanvasElement,
    private readonly callbacks: GraphCallbacks,
    initial?: ViewState,
  ) {
    this.view = initial;
    this.minimap = new Minimap(minimapCanvas, (x, y) => this.centerOn(x, y));
    this.listen();
    new ResizeObserver(() => this.resized()).observe(canvas);
  }

  get current(): PositionedGraph | undefined {
    return this.graph;
  }

  /** Draws a graph. Keeps the selection, search and run marks, and the user's focus: the selected
   *  state (else the one nearest the middle of the view) stays where it is on screen. */
  show(graph: PositionedGraph): number {
    const started = performance.now();
    const anchor = this.anchor();
    const wasWhole = this.showsWhole();
    const first = this.graph === undefined;
    this.graph = graph;
    this.nav = new Navigator(graph.model);
    this.drawing = new Drawing(this.canvas.querySelector('.drawing') as HTMLElement, graph, (el, kind, id) => this.decorate(el, kind, id));
    if (this.selected && !(this.selected.kind === 'node' ? graph.layout.nodes[this.selected.id] : graph.layout.edges[this.selected.id]))
      this.selected = undefined;
    if (this.matchList.length) this.search(this.lastQuery);
    this.lastSize = this.size();
    const { w, h } = this.size();
    const fitK = Math.min(w / (graph.layout.width + PAD), h / (graph.layout.height + PAD));
    if (first && (!this.view || !this.showsAnything(this.view))) this.firstView();
    // The whole graph was in view and the new one fits readably too (a state added, a branch collapsed): fit it again.
    else if (wasWhole && fitK >= FIT_READABLE) this.fit(false);
    else if (anchor) this.keepAnchor(anchor);
    this.showOverview();
    this.applyView();
    this.drawHandle();
    return performance.now() - started;
  }

  clear(message: string): void {
    this.graph = undefined;
    this.drawing = undefined;
    this.minimap.show(undefined, this.size());
    const host = this.canvas.querySelector('.drawing') as HTMLElement;
    host.textContent = '';
    const p = document.createElement('p');
    p.className = 'empty';
    p.textContent = message;
    host.append(p);
  }

  /** Forgets the graph, selection and view: another document is shown next. */
  reset(): void {
    this.clear('Loading the graph…');
    this.view = undefined;
    this.selected = undefined;
    this.run = undefined;
    this.matches.clear();
    this.matchList = [];
  }

  // ------------------------------------------------------------------ view

  private size(): { w: number; h: number } {
    return { w: Math.max(1, this.canvas.clientWidth), h: Math.max(1, this.canvas.clientHeight) };
  }

  private visibleRect(v = this.view): Rect | undefined {
    if (!v) return undefined;
    const { w, h } = this.size();
    return { x0: v.x, y0: v.y, x1: v.x + w / v.k, y1: v.y + h / v.k };
  }

  /** True when the whole current graph is in view. */
  private showsWhole(): boolean {
    const r = this.visibleRect();
    if (!r || !this.graph) return false;
    return r.x0 <= 0 && r.y0 <= 0 && r.x1 >= this.graph.layout.width && r.y1 >= this.graph.layout.height;
  }

  private showsAnything(v: ViewState): boolean {
    const r = this.visibleRect(v)!;
    return Object.values(this.graph?.layout.nodes ?? {}).some(
      (g) => g.x < r.x1 && g.x + g.width > r.x0 && g.y < r.y1 && g.y + g.height > r.y0,
    );
  }

  /** Small graphs fit; large ones start at their start marker, readable, whatever their size. */
  private firstView(): void {
    if (!this.graph) return;
    const { w, h } = this.size();
    const { layout, model } = this.graph;
    const fitK = Math.min(w / (layout.width + PAD), h / (layout.height + PAD));
    if (fitK >= FIT_READABLE) return this.fit(false);
    const k = READABLE_ZOOM;
    const root = model.scopes.find((s) => s.id === model.root);
    const startId = root?.nodes.find((id) => model.nodes.find((n) => n.id === id)?.kind === 'start');
    const s = startId ? layout.nodes[startId] : undefined;
    const cx = s ? s.x + s.width / 2 : layout.width / 2;
    const top = s ? s.y - PAD : -PAD / 2;
    this.view = { x: cx - w / k / 2, y: top, k };
  }

  fit(apply = true): void {
    if (!this.graph) return;
    const { w, h } = this.size();
    const gw = this.graph.layout.width + PAD;
    const gh = this.graph.layout.height + PAD;
    const k = clamp(Math.min(w / gw, h / gh, 1.5), MIN_ZOOM, MAX_ZOOM);
    this.view = { x: -PAD / 2 - (w / k - gw) / 2, y: -PAD / 2 - (h / k - gh) / 2, k };
    if (apply) this.applyView();
  }

  zoomBy(factor: number, atX?: number, atY?: number): void {
    if (!this.view) return;
    const { w, h } = this.size();
    const px = atX ?? w / 2;
    const py = atY ?? h / 2;
    const k = clamp(this.view.k * factor, MIN_ZOOM, MAX_ZOOM);
    // Keep the drawing point under (px, py) where it is.
    const gx = this.view.x + px / this.view.k;
    const gy = this.view.y + py / this.view.k;
    this.view = { x: gx - px / k, y: gy - py / k, k };
    this.applyView();
  }

  centerOn(x: number, y: number): void {
    if (!this.view) return;
    const { w, h } = this.size();
    this.view = { x: x - w / this.view.k / 2, y: y - h / this.view.k / 2, k: this.view.k };
    this.applyView();
  }

  get viewState(): ViewState | undefined {
    return this.view && { ...this.view };
  }

  private applyView(): void {
    if (!this.drawing || !this.view) return;
    const { w, h } = this.size();
    const v = this.view;
    this.drawing.svg.setAttribute('viewBox', `${v.x} ${v.y} ${w / v.k} ${h / v.k}`);
    const rect = this.visibleRect()!;
    this.drawing.update(rect, v.k);
    if (this.minimap.visible) this.minimap.setView(rect);
    this.callbacks.onViewChange({ ...v });
  }

  /** The overview, for a graph that does not fit the canvas readably (the minimap decides whether the canvas has room for it). */
  private showOverview(): void {
    if (!this.graph) return;
    const size = this.size();
    const fitK = Math.min(size.w / (this.graph.layout.width + PAD), size.h / (this.graph.layout.height + PAD));
    this.minimap.show(fitK < FIT_READABLE ? this.graph : undefined, size);
  }

  /** The panel was resized (sidebar, events table, window): keep the middle of the view, and the selection in it. */
  private resized(): void {
    const { w, h } = this.size();
    const old = this.lastSize;
    this.lastSize = { w, h };
    if (!this.view || !this.graph || old.w === 0) return;
    if (w !== old.w || h !== old.h) this.showOverview();
    const v = this.view;
    const g = this.graph.layout;
    const wasWhole = v.x <= 0 && v.y <= 0 && v.x + old.w / v.k >= g.width && v.y + old.h / v.k >= g.height;
    const fitK = Math.min(w / (g.width + PAD), h / (g.height + PAD));
    // The whole graph was in view: refit it to the new size (when it still fits readably).
    if (wasWhole && fitK >= FIT_READABLE) return this.fit();
    this.view = { x: v.x + (old.w - w) / v.k / 2, y: v.y + (old.h - h) / v.k / 2, k: v.k };
    // Grown so that all of it is in view now: use the room.
    if (this.showsWhole() && fitK >= FIT_READABLE) return this.fit();
    if (this.selected?.kind === 'node') this.reveal(this.selected.id);
    this.applyView();
  }

  /** What to keep still across a new layout: the selected state, else the state nearest the middle, and where it is on screen. */
  private anchor(): { id: string; gx: number; gy: number } | undefined {
    if (!this.graph || !this.view) return undefined;
    const nodes = this.graph.layout.nodes;
    const v = this.view;
    const { w, h } = this.size();
    let id = this.selected?.kind === 'node' && nodes[this.selected.id] ? this.selected.id : undefined;
    if (!id) {
      const cx = v.x + w / v.k / 2;
      const cy = v.y + h / v.k / 2;
      let best = Infinity;
      for (const [nid, g] of Object.entries(nodes)) {
        const d = Math.hypot(g.x + g.width / 2 - cx, g.y + g.height / 2 - cy);
        if (d < best) {
          best = d;
          id = nid;
        }
      }
    }
    const g = id ? nodes[id] : undefined;
    return g && id ? { id, gx: g.x, gy: g.y } : undefined;
  }

  /** Moves the view by as much as the anchor moved in the new layout (not at all when it stayed). */
  private keepAnchor(a: { id: string; gx: number; gy: number }): void {
    const g = this.graph?.layout.nodes[a.id];
    if (!g || !this.view || (g.x === a.gx && g.y === a.gy)) return;
    this.view = { x: this.view.x + (g.x - a.gx), y: this.view.y + (g.y - a.gy), k: this.view.k };
  }

  /** Brings a node into view (centred) unless it is visible already. */
  reveal(nodeId: string, always = false): void {
    const g = this.graph?.layout.nodes[nodeId];
    if (!g || !this.view) return;
    const r = this.visibleRect()!;
    const visible = g.x >= r.x0 && g.y >= r.y0 && g.x + g.width <= r.x1 && g.y + g.height <= r.y1;
    if (visible && !always) return;
    this.centerOn(g.x + g.width / 2, g.y + g.height / 2);
  }

  // ------------------------------------------------------------------ input

  private listen(): void {
    type Drag = { x: number; y: number; vx: number; vy: number; moved: boolean; id: number; connect?: { from: string; edge?: string } };
    let drag: Drag | undefined;
    // Text in the drawing is never selected or dragged (a pan that ends over the editor once dropped the labels into it).
    this.canvas.addEventListener('dragstart', (e) => e.preventDefault());
    this.canvas.addEventListener('pointerdown', (e) => {
      if (e.button !== 0 || !this.view || (e.target as Element).closest?.('.minimap, input')) return;
      e.preventDefault();
      this.canvas.focus({ preventScroll: true });
      this.canvas.setPointerCapture(e.pointerId);
      const handle = (e.target as Element).closest?.('.handle') as SVGElement | null;
      const connect = handle ? { from: handle.dataset.from!, edge: handle.dataset.edge } : undefined;
      drag = { x: e.clientX, y: e.clientY, vx: this.view.x, vy: this.view.y, moved: false, id: e.pointerId, connect };
    });
    this.canvas.addEventListener('pointermove', (e) => {
      if (!drag || !this.view || e.pointerId !== drag.id) return;
      const dx = e.clientX - drag.x;
      const dy = e.clientY - drag.y;
      if (!drag.moved && Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
      if (!drag.moved) {
        drag.moved = true;
        this.canvas.classList.add(drag.connect ? 'connecting' : 'panning');
      }
      if (drag.connect) return this.drawRubberBand(drag.connect.from, e);
      this.view = { x: drag.vx - dx / this.view.k, y: drag.vy - dy / this.view.k, k: this.view.k };
      this.applyView();
    });
    const end = (e: PointerEvent): void => {
      if (!drag || e.pointerId !== drag.id) return;
      const d = drag;
      drag = undefined;
      this.canvas.classList.remove('panning', 'connecting');
      if (this.canvas.hasPointerCapture(e.pointerId)) this.canvas.releasePointerCapture(e.pointerId);
      if (e.type !== 'pointerup') return;
      if (d.connect) {
        this.drawing?.overlay.querySelector('.rubber')?.remove();
        const to = this.nodeAtPoint(e.clientX, e.clientY);
        if (d.moved && to) this.callbacks.onConnect?.(d.connect.from, to, d.connect.edge);
        return;
      }
      if (!d.moved) this.click(document.elementFromPoint(e.clientX, e.clientY));
    };
    this.canvas.addEventListener('pointerup', end);
    this.canvas.addEventListener('pointercancel', end);
    this.canvas.addEventListener('dblclick', (e) => {
      // The pointer is captured by the canvas, so the event's target is the canvas: look under the pointer.
      const node = document.elementFromPoint(e.clientX, e.clientY)?.closest?.('g.node.state[data-id]') as SVGGElement | null;
      if (node) this.callbacks.onRename?.(node.dataset.id!, node.querySelector('.box')!.getBoundingClientRect());
    });
    this.canvas.addEventListener(
      'wheel',
      (e) => {
        e.preventDefault();
        const rect = this.canvas.getBoundingClientRect();
        this.zoomBy(Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.0015)), e.clientX - rect.left, e.clientY - rect.top);
      },
      { passive: false },
    );
    this.canvas.addEventListener('keydown', (e) => this.key(e));
  }

  private key(e: KeyboardEvent): void {
    // Typing in a field, and shortcuts with modifiers (Ctrl+C, Ctrl+F), are not ours.
    if ((e.target as Element).closest?.('input, textarea, select') || e.ctrlKey || e.metaKey || e.altKey) return;
    const step = stepOfKey(e.key);
    const at =
      this.selected?.kind === 'node'
        ? this.selected.id
        : this.selected
          ? this.graph?.model.edges.find((x) => x.id === this.selected!.id)?.from
          : undefined;
    if (step && this.nav) {
      e.preventDefault();
      const to = this.nav.step(at, step);
      if (to) this.choose({ kind: 'node', id: to }, 'key');
    } else if (e.key === 'Enter' && this.selected) {
      e.preventDefault();
      this.callbacks.onSelect(this.selected, 'enter');
    } else if ((e.key === 'Delete' || e.key === 'Backspace') && this.selected) {
      e.preventDefault();
      this.callbacks.onDelete?.(this.selected);
    } else if (e.key === 'F2' && this.selected?.kind === 'node') {
      e.preventDefault();
      const box = this.drawing?.node(this.selected.id)?.querySelector('.box');
      if (box) this.callbacks.onRename?.(this.selected.id, box.getBoundingClientRect());
    } else if ((e.key === 'c' || e.key === 'C') && this.selected?.kind === 'node') {
      e.preventDefault();
      this.callbacks.onCollapse?.(this.selected.id);
    } else if (e.key === '+' || e.key === '=') this.zoomBy(1.25);
    else if (e.key === '-') this.zoomBy(0.8);
  }

  private choose(sel: Selection, source: 'click' | 'key'): void {
    this.select(sel);
    if (sel.kind === 'node') this.reveal(sel.id);
    this.callbacks.onSelect(sel, source);
  }

  private click(target: Element | null): void {
    const ref = target?.closest?.('g.ref[data-target]') as SVGGElement | null;
    if (ref) {
      const id = ref.dataset.target!;
      this.reveal(id, true);
      return this.choose({ kind: 'node', id }, 'click');
    }
    const node = target?.closest?.('g.node[data-id]') as SVGGElement | null;
    if (node && (node.classList.contains('state') || node.classList.contains('missing')))
      return this.choose({ kind: 'node', id: node.dataset.id! }, 'click');
    const edge = target?.closest?.('g.edge[data-id]') as SVGGElement | null;
    if (edge) return this.choose({ kind: 'edge', id: edge.dataset.id! }, 'click');
  }

  private nodeAtPoint(x: number, y: number): string | undefined {
    for (const el of document.elementsFromPoint(x, y)) {
      const node = el.closest?.('g.node.state[data-id], g.node.missing[data-id]') as SVGGElement | null;
      if (node) return node.dataset.id;
    }
    return undefined;
  }

  private toDrawing(clientX: number, clientY: number): { x: number; y: number } {
    const rect = this.canvas.getBoundingClientRect();
    const v = this.view!;
    return { x: v.x + (clientX - rect.left) / v.k, y: v.y + (clientY - rect.top) / v.k };
  }

  private drawRubberBand(from: string, e: PointerEvent): void {
    const g = this.graph?.layout.nodes[from];
    if (!g || !this.drawing) return;
    let line = this.drawing.overlay.querySelector('.rubber');
    if (!line) {
      line = document.createElementNS('http://www.w3.org/2000/svg', 'line');
      line.setAttribute('class', 'rubber');
      this.drawing.overlay.append(line);
    }
    const p = this.toDrawing(e.clientX, e.clientY);
    line.setAttribute('x1', String(g.x + g.width / 2));
    line.setAttribute('y1', String(g.y + g.height));
    line.setAttribute('x2', String(p.x));
    line.setAttribute('y2', String(p.y));
  }

  // ------------------------------------------------------------------ marks

  /** The marks of one element as it is put on screen (drawing.ts calls this). */
  private decorate(el: SVGGElement, kind: 'node' | 'edge', id: string): void {
    this.marker?.(el, kind, id);
    if (kind === 'edge') {
      if (this.run?.edges.has(id)) el.classList.add('taken');
      if (this.selected?.kind === 'edge' && this.selected.id === id) el.classList.add('selected');
      return;
    }
    if (this.selected?.kind === 'node' && this.selected.id === id) el.classList.add('selected');
    if (this.matches.has(id)) el.classList.add('match');
    const nr = this.run?.nodes.get(id);
    if (nr) markVisited(el, nr);
    for (const mark of this.nodeMarks) mark(el, id);
  }

  /** Adds marks of another part of the page on every state drawn (now and as they are drawn later). */
  addNodeMarks(mark: (el: SVGGElement, id: string) => void): void {
    this.nodeMarks.push(mark);
  }

  /** Puts the added marks again on the states drawn now (what they show changed). */
  refreshNodeMarks(): void {
    for (const [id, el] of this.drawing?.drawnNodes() ?? []) for (const mark of this.nodeMarks) mark(el, id);
  }

  /** Selects a state or transition (undefined: nothing), and draws the connector handles of a selected state. */
  select(sel: Selection | undefined): void {
    if (this.selected)
      (this.selected.kind === 'node' ? this.drawing?.node(this.selected.id) : this.drawing?.edge(this.selected.id))?.classList.remove(
        'selected',
      );
    this.selected = sel;
    if (sel) (sel.kind === 'node' ? this.drawing?.node(sel.id) : this.drawing?.edge(sel.id))?.classList.add('selected');
    this.drawHandle();
  }

  /** The handle under a selected state (drag it to another state to connect), or on a selected transition's arrow (drag to reconnect). */
  private drawHandle(): void {
    if (!this.drawing || !this.graph) return;
    this.drawing.overlay.querySelectorAll('.handle').forEach((h) => h.remove());
    const sel = this.selected;
    if (!sel || !this.callbacks.onConnect) return;
    const h = handleOf(this.graph, sel);
    if (!h) return;
    const { at, from, edge } = h;
    const c = document.createElementNS('http://www.w3.org/2000/svg', 'circle');
    c.setAttribute('class', 'handle');
    c.setAttribute('cx', String(at.x));
    c.setAttribute('cy', String(at.y));
    c.setAttribute('r', String(HANDLE_R));
    c.dataset.from = from;
    if (edge) c.dataset.edge = edge;
    const title = document.createElementNS('http://www.w3.org/2000/svg', 'title');
    title.textContent = edge ? 'Drag to another state to reconnect this transition' : 'Drag to another state to connect';
    c.append(title);
    this.drawing.overlay.append(c);
  }

  get selection(): Selection | undefined {
    return this.selected && { ...this.selected };
  }

  private lastQuery = '';

  /** Marks the states whose name contains `query` (any case); returns how many. */
  search(query: string): number {
    this.lastQuery = query;
    const q = query.trim().toLowerCase();
    this.matchList = [];
    this.matchIndex = -1;
    if (q && this.graph)
      for (const n of this.graph.model.nodes) if (n.kind === 'state' && n.name.toLowerCase().includes(q)) this.matchList.push(n.id);
    this.matches = new Set(this.matchList);
    this.drawing?.svg.classList.toggle('searching', this.matchList.length > 0);
    for (const [id, el] of this.drawing?.drawnNodes() ?? []) el.classList.toggle('match', this.matches.has(id));
    return this.matchList.length;
  }

  /** Moves to the next match; returns its position (1-based) or 0. */
  nextMatch(): number {
    if (this.matchList.length === 0) return 0;
    this.matchIndex = (this.matchIndex + 1) % this.matchList.length;
    const id = this.matchList[this.matchIndex];
    this.reveal(id, true);
    this.select({ kind: 'node', id });
    return this.matchIndex + 1;
  }

  /** Lights the path of a run and writes each visited state's status on it; undefined clears. */
  markRun(run: RunView | undefined): void {
    this.run = run;
    if (!this.drawing) return;
    this.drawing.svg.classList.toggle('run', run !== undefined);
    for (const [id, el] of this.drawing.drawnNodes()) {
      el.classList.remove('visited', 'run-succeeded', 'run-failed', 'run-caught', 'run-stopped', 'run-running');
      this.decorate(el, 'node', id);
    }
    for (const [id, el] of this.drawing.drawnEdges()) el.classList.toggle('taken', run?.edges.has(id) ?? false);
  }

  /** Marks another part of the page keeps on elements (coverage, a divergence): called as each is drawn; it must toggle its classes. */
  private marker: ((el: SVGGElement, kind: 'node' | 'edge', id: string) => void) | undefined;

  setMarker(marker: ((el: SVGGElement, kind: 'node' | 'edge', id: string) => void) | undefined): void {
    this.marker = marker;
    if (!marker || !this.drawing) return;
    for (const [id, el] of this.drawing.drawnNodes()) marker(el, 'node', id);
    for (const [id, el] of this.drawing.drawnEdges()) marker(el, 'edge', id);
  }

  /** For tests and the log: what is drawn, and of how much. */
  counts(): { nodes: number; edges: number; lite: boolean } {
    let nodes = 0;
    let edges = 0;
    for (const _ of this.drawing?.drawnNodes() ?? []) nodes++;
    for (const _ of this.drawing?.drawnEdges() ?? []) edges++;
    return { nodes, edges, lite: this.drawing?.isLite ?? false };
  }
}

const clamp = (v: number, lo: number, hi: number): number => (v < lo ? lo : v > hi ? hi : v);
