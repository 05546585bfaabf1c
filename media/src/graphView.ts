/**
 * The drawing in the page: renders a PositionedGraph with the shared renderer, and owns what the
 * user does with it: pan (drag), zoom (wheel, buttons), fit, search, selection, the editor's
 * cursor, and the run's marks. The view (position and zoom) survives every new graph.
 */
import { renderSvg } from '../../server/src/core/graph/svg';
import type { PositionedGraph } from '../../server/src/core/graph/types';
import type { RunView } from './runModel';

export interface ViewState {
  /** Top-left corner of the visible area, in drawing coordinates. */
  x: number;
  y: number;
  /** Screen pixels per drawing unit. */
  k: number;
}

const MIN_ZOOM = 0.05;
const MAX_ZOOM = 4;

export class GraphView {
  private graph: PositionedGraph | undefined;
  private svg: SVGSVGElement | undefined;
  private nodes = new Map<string, SVGGElement>();
  private edges = new Map<string, SVGGElement>();
  private view: ViewState | undefined;
  private selected: string | undefined;
  private cursor: string | undefined;
  private matches: string[] = [];
  private matchIndex = -1;
  private run: RunView | undefined;

  constructor(
    private readonly canvas: HTMLElement,
    private readonly callbacks: {
      onSelect(nodeId: string): void;
      onViewChange(view: ViewState): void;
    },
    initial?: ViewState,
  ) {
    this.view = initial;
    this.listen();
  }

  get current(): PositionedGraph | undefined {
    return this.graph;
  }

  /** Draws a graph; keeps the view, the selection, the search and the run marks. Returns the time taken. */
  show(graph: PositionedGraph): number {
    const started = performance.now();
    const first = this.graph === undefined;
    this.graph = graph;
    this.canvas.innerHTML = renderSvg(graph);
    this.svg = this.canvas.querySelector('svg') ?? undefined;
    this.nodes.clear();
    this.edges.clear();
    if (!this.svg) return 0;
    this.svg.removeAttribute('width');
    this.svg.removeAttribute('height');
    this.svg.setAttribute('preserveAspectRatio', 'xMinYMin meet');
    for (const el of this.svg.querySelectorAll<SVGGElement>('g.node[data-id]')) this.nodes.set(el.dataset.id!, el);
    for (const el of this.svg.querySelectorAll<SVGGElement>('g.edge[data-id]')) this.edges.set(el.dataset.id!, el);
    if (first && !this.view) this.initialView();
    this.applyView();
    if (this.selected) this.nodes.get(this.selected)?.classList.add('selected');
    if (this.cursor) this.nodes.get(this.cursor)?.classList.add('cursor');
    if (this.matches.length) this.markMatches();
    if (this.run) this.markRun(this.run);
    return performance.now() - started;
  }

  clear(message: string): void {
    this.graph = undefined;
    this.svg = undefined;
    this.nodes.clear();
    this.edges.clear();
    this.canvas.textContent = '';
    const p = document.createElement('p');
    p.className = 'empty';
    p.textContent = message;
    this.canvas.append(p);
  }

  // ------------------------------------------------------------------ view

  private size(): { w: number; h: number } {
    return { w: Math.max(1, this.canvas.clientWidth), h: Math.max(1, this.canvas.clientHeight) };
  }

  /** Small graphs fit; large ones start at their start marker, readable. */
  private initialView(): void {
    if (!this.graph) return;
    const { w, h } = this.size();
    const fitK = Math.min(w / (this.graph.layout.width + 16), h / (this.graph.layout.height + 16));
    if (fitK >= 0.6) this.fit();
    else this.view = { x: this.graph.layout.width / 2 - w / 2, y: -8, k: 1 };
  }

  fit(): void {
    if (!this.graph) return;
    const { w, h } = this.size();
    const gw = this.graph.layout.width + 16;
    const gh = this.graph.layout.height + 16;
    const k = clamp(Math.min(w / gw, h / gh, 1.5), MIN_ZOOM, MAX_ZOOM);
    this.view = { x: -8 - (w / k - gw) / 2, y: -8 - (h / k - gh) / 2, k };
    this.applyView();
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

  get viewState(): ViewState | undefined {
    return this.view && { ...this.view };
  }

  private applyView(): void {
    if (!this.svg || !this.view) return;
    const { w, h } = this.size();
    const v = this.view;
    this.svg.setAttribute('viewBox', `${v.x} ${v.y} ${w / v.k} ${h / v.k}`);
    this.callbacks.onViewChange({ ...v });
  }

  /** Brings a node into view (centred) unless it is visible already. */
  reveal(nodeId: string, always = false): void {
    const g = this.graph?.layout.nodes[nodeId];
    if (!g || !this.view) return;
    const { w, h } = this.size();
    const v = this.view;
    const visible = g.x >= v.x && g.y >= v.y && g.x + g.width <= v.x + w / v.k && g.y + g.height <= v.y + h / v.k;
    if (visible && !always) return;
    this.view = { x: g.x + g.width / 2 - w / v.k / 2, y: g.y + g.height / 2 - h / v.k / 2, k: v.k };
    this.applyView();
  }

  private listen(): void {
    let drag: { x: number; y: number; vx: number; vy: number; moved: boolean; id: number } | undefined;
    this.canvas.addEventListener('pointerdown', (e) => {
      if (e.button !== 0 || !this.view) return;
      drag = { x: e.clientX, y: e.clientY, vx: this.view.x, vy: this.view.y, moved: false, id: e.pointerId };
    });
    this.canvas.addEventListener('pointermove', (e) => {
      if (!drag || !this.view || e.pointerId !== drag.id) return;
      const dx = e.clientX - drag.x;
      const dy = e.clientY - drag.y;
      if (!drag.moved && Math.hypot(dx, dy) < 4) return;
      if (!drag.moved) {
        drag.moved = true;
        this.canvas.setPointerCapture(e.pointerId);
        this.canvas.classList.add('panning');
      }
      this.view = { x: drag.vx - dx / this.view.k, y: drag.vy - dy / this.view.k, k: this.view.k };
      this.applyView();
    });
    const end = (e: PointerEvent): void => {
      if (!drag || e.pointerId !== drag.id) return;
      const moved = drag.moved;
      drag = undefined;
      this.canvas.classList.remove('panning');
      if (!moved && e.type === 'pointerup') this.click(e.target);
    };
    this.canvas.addEventListener('pointerup', end);
    this.canvas.addEventListener('pointercancel', end);
    this.canvas.addEventListener(
      'wheel',
      (e) => {
        e.preventDefault();
        const rect = this.canvas.getBoundingClientRect();
        this.zoomBy(Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.0015)), e.clientX - rect.left, e.clientY - rect.top);
      },
      { passive: false },
    );
    this.canvas.addEventListener('keydown', (e) => {
      const node = (e.target as Element | null)?.closest?.('g.node[data-id]') as SVGGElement | null;
      if (node && (e.key === 'Enter' || e.key === ' ')) {
        e.preventDefault();
        this.callbacks.onSelect(node.dataset.id!);
      }
    });
  }

  private click(target: EventTarget | null): void {
    const el = target as Element | null;
    const ref = el?.closest?.('g.ref[data-target]') as SVGGElement | null;
    if (ref) {
      const id = ref.dataset.target!;
      this.reveal(id, true);
      this.callbacks.onSelect(id);
      return;
    }
    const node = el?.closest?.('g.node[data-id]') as SVGGElement | null;
    if (node && node.classList.contains('state')) this.callbacks.onSelect(node.dataset.id!);
  }

  // ------------------------------------------------------------------ marks

  select(nodeId: string | undefined): void {
    if (this.selected) this.nodes.get(this.selected)?.classList.remove('selected');
    this.selected = nodeId;
    if (nodeId) this.nodes.get(nodeId)?.classList.add('selected');
  }

  get selection(): string | undefined {
    return this.selected;
  }

  setCursor(nodeId: string | null): void {
    if (this.cursor) this.nodes.get(this.cursor)?.classList.remove('cursor');
    this.cursor = nodeId ?? undefined;
    if (this.cursor) {
      this.nodes.get(this.cursor)?.classList.add('cursor');
      this.reveal(this.cursor);
    }
  }

  /** Marks the states whose name contains `query` (any case); returns how many. */
  search(query: string): number {
    const q = query.trim().toLowerCase();
    this.matches = [];
    this.matchIndex = -1;
    if (q && this.graph) {
      for (const n of this.graph.model.nodes) if (n.kind === 'state' && n.name.toLowerCase().includes(q)) this.matches.push(n.id);
    }
    this.markMatches();
    return this.matches.length;
  }

  /** Moves to the next match; returns its position (1-based) or 0. */
  nextMatch(): number {
    if (this.matches.length === 0) return 0;
    this.matchIndex = (this.matchIndex + 1) % this.matches.length;
    const id = this.matches[this.matchIndex];
    this.reveal(id, true);
    this.select(id);
    return this.matchIndex + 1;
  }

  private markMatches(): void {
    if (!this.svg) return;
    this.svg.classList.toggle('searching', this.matches.length > 0);
    for (const el of this.nodes.values()) el.classList.remove('match');
    for (const id of this.matches) this.nodes.get(id)?.classList.add('match');
  }

  /** Lights the path of a run and writes each visited state's status on it; undefined clears. */
  markRun(run: RunView | undefined): void {
    this.run = run;
    if (!this.svg) return;
    this.svg.classList.toggle('run', run !== undefined);
    for (const el of this.nodes.values()) {
      el.classList.remove('visited', 'run-succeeded', 'run-failed', 'run-caught', 'run-stopped');
    }
    for (const el of this.edges.values()) el.classList.remove('taken');
    if (!run) return;
    for (const nr of run.nodes.values()) {
      const el = this.nodes.get(nr.nodeId);
      if (!el) continue;
      el.classList.add('visited', `run-${nr.status}`);
      const text = el.querySelector('.run-badge text');
      const rect = el.querySelector('.run-badge rect');
      if (text && rect) {
        const label = badgeText(nr.status, nr.retries, nr.runs.length);
        text.textContent = label;
        rect.setAttribute('width', String(12 + label.length * 6.2));
      }
      const title = el.querySelector('title');
      if (title && !title.textContent?.includes('\nLast run: ')) title.textContent += `\nLast run: ${statusText(nr.status, nr.retries, nr.runs.length)}`;
    }
    for (const id of run.edges) this.edges.get(id)?.classList.add('taken');
  }

  /** For tests and the log: what is drawn. */
  counts(): { nodes: number; edges: number } {
    return { nodes: this.nodes.size, edges: this.edges.size };
  }
}

/** The badge on a visited node: ✓ succeeded, ✗ failed, ⚠ caught, ■ stopped; ↻n retries; ×n runs. */
export function badgeText(status: string, retries: number, times: number): string {
  const mark = status === 'succeeded' ? '✓' : status === 'failed' ? '✗ failed' : status === 'caught' ? '⚠ caught' : '■ stopped';
  return [mark, retries > 0 ? `↻${retries}` : '', times > 1 ? `×${times}` : ''].filter(Boolean).join(' ');
}

export function statusText(status: string, retries: number, times: number): string {
  const mark = status === 'succeeded' ? '✓ succeeded' : status === 'failed' ? '✗ failed' : status === 'caught' ? '⚠ caught' : '… stopped';
  const extra = [retries > 0 ? `retried ${retries}×` : '', times > 1 ? `ran ${times}×` : ''].filter(Boolean).join(', ');
  return extra ? `${mark} · ${extra}` : mark;
}

const clamp = (v: number, lo: number, hi: number): number => (v < lo ? lo : v > hi ? hi : v);
