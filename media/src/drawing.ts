/**
 * The drawing in the page: the shared renderer's markup (server/src/core/graph/svg.ts), element by
 * element, so that a large machine puts on screen only what is in view (a virtualized SVG).
 * Small graphs are drawn whole once. Large ones are drawn for the visible area plus a margin,
 * and again only when the view leaves that area; zoomed far out they are drawn without text (a
 * box per state, a line per edge), which is all that can be read at that scale anyway.
 */
import { escapeXml, renderEdge, renderFrame, renderNode, typeClass } from '../../server/src/core/graph/svg';
import type { GraphNode, PositionedGraph } from '../../server/src/core/graph/types';

/** Above this many nodes and edges, only what is in view is drawn. */
export const VIRTUALIZE_ABOVE = 600;
/** Below this zoom a large graph is drawn without text. */
export const LITE_ZOOM = 0.35;
/** Drawn area around the visible one, as a fraction of its size on each side (pans within it redraw nothing). */
const MARGIN_FRACTION = 0.6;
/** Elements put on screen per slice, and the time one slice may take: a large redraw is spread over frames so no task runs long. */
const SLICE_ITEMS = 400;
const SLICE_MS = 25;
/** Room for the badges that stick out of a node's box. */
const BADGE_OVERHANG = 10;

export interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

type Layer = 0 | 1 | 2;
interface Item {
  id: string;
  layer: Layer;
  box: Rect;
  full(): string;
  lite(): string;
}

const LAYER_CLASSES = ['containers', 'edges', 'nodes'];
const SVG_NS = 'http://www.w3.org/2000/svg';

export class Drawing {
  readonly svg: SVGSVGElement;
  readonly virtual: boolean;
  private readonly layers: SVGGElement[];
  /** Layer 3: what the page draws over the graph (the connector handle, a transition being dragged). */
  readonly overlay: SVGGElement;
  private readonly items: Item[] = [];
  private readonly drawn = [new Map<string, Element>(), new Map<string, Element>(), new Map<string, Element>()];
  private readonly nodeEls = new Map<string, SVGGElement>();
  private readonly edgeEls = new Map<string, SVGGElement>();
  private area: Rect | undefined;
  private lite = false;

  constructor(
    host: HTMLElement,
    private readonly graph: PositionedGraph,
    /** Called for every node or edge element put on screen: the page adds its marks. */
    private readonly decorate: (el: SVGGElement, kind: 'node' | 'edge', id: string) => void,
  ) {
    this.svg = document.createElementNS(SVG_NS, 'svg') as SVGSVGElement;
    this.svg.setAttribute('class', 'aslg');
    this.svg.setAttribute('role', 'img');
    this.svg.setAttribute('aria-label', 'State machine graph');
    this.svg.setAttribute('preserveAspectRatio', 'xMinYMin meet');
    this.layers = LAYER_CLASSES.map((c) => {
      const g = document.createElementNS(SVG_NS, 'g') as SVGGElement;
      g.setAttribute('class', c);
      this.svg.append(g);
      return g;
    });
    this.overlay = document.createElementNS(SVG_NS, 'g') as SVGGElement;
    this.overlay.setAttribute('class', 'overlay');
    this.svg.append(this.overlay);
    host.textContent = '';
    host.append(this.svg);
    this.index();
    this.virtual = this.items.length > VIRTUALIZE_ABOVE;
  }

  /** Every element of the drawing, with its bounding box, in the order the renderer draws them. */
  private index(): void {
    const { model, layout } = this.graph;
    const nodes = new Map(model.nodes.map((n) => [n.id, n]));
    const scopes = new Map(model.scopes.map((s) => [s.id, s]));
    for (const n of model.nodes) {
      const g = layout.nodes[n.id];
      if (!g) continue;
      const box = { x0: g.x - BADGE_OVERHANG, y0: g.y - BADGE_OVERHANG, x1: g.x + g.width + BADGE_OVERHANG, y1: g.y + g.height };
      if (n.children?.length) {
        const frames = n.children.flatMap((c) => {
          const b = layout.scopes[c];
          const s = scopes.get(c);
          return b && s ? [{ b, label: s.label, id: c }] : [];
        });
        this.items.push({
          id: n.id,
          layer: 0,
          box,
          full: () => renderNode(n, g) + frames.map((f) => renderFrame(f.id, f.label, f.b)).join(''),
          lite: () => liteNode(n, g) + frames.map((f) => liteFrame(f.id, f.b)).join(''),
        });
      } else {
        this.items.push({ id: n.id, layer: 2, box, full: () => renderNode(n, g), lite: () => liteNode(n, g) });
      }
    }
    for (const e of model.edges) {
      const g = layout.edges[e.id];
      if (!g || g.points.length < 2) continue;
      const box = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
      const add = (x: number, y: number): void => {
        box.x0 = Math.min(box.x0, x);
        box.y0 = Math.min(box.y0, y);
        box.x1 = Math.max(box.x1, x);
        box.y1 = Math.max(box.y1, y);
      };
      for (const p of g.points) add(p.x, p.y);
      for (const b of [g.label, g.reference]) {
        if (b) {
          add(b.x, b.y);
          add(b.x + b.width, b.y + b.height);
        }
      }
      const target = nodes.get(e.to);
      this.items.push({
        id: e.id,
        layer: 1,
        box,
        full: () => renderEdge(e, g, target),
        lite: () =>
          `<g class="edge k-${e.kind}" data-id="${escapeXml(e.id)}" data-from="${escapeXml(e.from)}" data-to="${escapeXml(e.to)}"><path class="line" d="M${g.points.map((p) => `${r(p.x)},${r(p.y)}`).join('L')}"/></g>`,
      });
    }
  }

  /** Draws what the view shows (with a margin); a no-op while the view stays inside the drawn area. */
  update(view: Rect, k: number): void {
    const lite = this.virtual && k < LITE_ZOOM;
    if (this.area && lite === this.lite && (!this.virtual || contains(this.area, view))) return;
    const modeChanged = lite !== this.lite || this.area === undefined;
    this.lite = lite;
    this.svg.classList.toggle('lite', lite);
    const mw = (view.x1 - view.x0) * MARGIN_FRACTION;
    const mh = (view.y1 - view.y0) * MARGIN_FRACTION;
    this.area = this.virtual
      ? { x0: view.x0 - mw, y0: view.y0 - mh, x1: view.x1 + mw, y1: view.y1 + mh }
      : { x0: -Infinity, y0: -Infinity, x1: Infinity, y1: Infinity };
    if (modeChanged) {
      for (const layer of this.layers) layer.textContent = '';
      for (const m of this.drawn) m.clear();
      this.nodeEls.clear();
      this.edgeEls.clear();
    }
    const wanted: Item[][] = [[], [], []];
    for (const it of this.items) if (intersects(it.box, this.area)) wanted[it.layer].push(it);
    this.viewRect = view;
    this.pending = [];
    for (const layer of [0, 1, 2] as Layer[]) this.sync(layer, wanted[layer]);
    this.flush();
  }

  /** Elements still to put on screen, in order; flushed in slices, one per frame. */
  private pending: { layer: Layer; items: Item[] }[] = [];
  private viewRect: Rect | undefined;
  private flushScheduled = false;

  private flush(): void {
    const started = performance.now();
    // A small graph is drawn at once; a large one in slices.
    while (this.pending.length > 0 && (!this.virtual || performance.now() - started < SLICE_MS)) {
      const job = this.pending[0];
      const slice = job.items.splice(0, SLICE_ITEMS);
      if (job.items.length === 0) this.pending.shift();
      this.insert(job.layer, slice);
    }
    if (this.pending.length > 0 && !this.flushScheduled) {
      this.flushScheduled = true;
      requestAnimationFrame(() => {
        this.flushScheduled = false;
        this.flush();
      });
    }
  }

  /** True while part of the view is still being drawn. */
  get drawing(): boolean {
    return this.pending.length > 0;
  }

  private insert(layer: Layer, items: Item[]): void {
    const el = this.layers[layer];
    const before = el.childElementCount;
    el.insertAdjacentHTML('beforeend', items.map((it) => (this.lite ? it.lite() : it.full())).join(''));
    const children = el.children;
    for (let i = before; i < children.length; i++) this.adopt(layer, children[i] as SVGGElement);
  }

  private sync(layer: Layer, wanted: Item[]): void {
    const drawn = this.drawn[layer];
    const keep = new Set(wanted.map((it) => it.id));
    const el = this.layers[layer];
    if (layer === 0) {
      // Containers nest (outer before inner, in model order): redraw the layer whole when it changes.
      if (keep.size === drawn.size && [...keep].every((id) => drawn.has(id))) return;
      for (const id of drawn.keys()) this.nodeEls.delete(id);
      drawn.clear();
      el.innerHTML = wanted.map((it) => (this.lite ? it.lite() : it.full())).join('');
      for (const g of el.querySelectorAll<SVGGElement>(':scope > g.node[data-id]')) this.adopt(layer, g);
      return;
    }
    for (const [id, child] of drawn) {
      if (keep.has(id)) continue;
      child.remove();
      drawn.delete(id);
      (layer === 1 ? this.edgeEls : this.nodeEls).delete(id);
    }
    const fresh = wanted.filter((it) => !drawn.has(it.id));
    // What is on screen first, the margin after.
    const view = this.viewRect;
    if (view) fresh.sort((a, b) => Number(intersects(b.box, view)) - Number(intersects(a.box, view)));
    if (fresh.length > 0) this.pending.push({ layer, items: fresh });
  }

  private adopt(layer: Layer, g: SVGGElement): void {
    const id = g.dataset.id!;
    this.drawn[layer].set(id, g);
    if (layer === 1) {
      this.edgeEls.set(id, g);
      this.decorate(g, 'edge', id);
    } else {
      this.nodeEls.set(id, g);
      this.decorate(g, 'node', id);
    }
  }

  node(id: string): SVGGElement | undefined {
    return this.nodeEls.get(id);
  }

  edge(id: string): SVGGElement | undefined {
    return this.edgeEls.get(id);
  }

  drawnNodes(): IterableIterator<[string, SVGGElement]> {
    return this.nodeEls.entries();
  }

  drawnEdges(): IterableIterator<[string, SVGGElement]> {
    return this.edgeEls.entries();
  }

  get isLite(): boolean {
    return this.lite;
  }
}

function liteFrame(scopeId: string, b: { x: number; y: number; width: number; height: number }): string {
  return `<g class="frame" data-scope="${escapeXml(scopeId)}"><rect class="frame-box" x="${r(b.x)}" y="${r(b.y)}" width="${r(b.width)}" height="${r(b.height)}" rx="6"/></g>`;
}

/** A node without text: its box, with the same classes (so marks and colours still apply). */
function liteNode(n: GraphNode, g: { x: number; y: number; width: number; height: number }): string {
  if (n.kind === 'start' || n.kind === 'end') {
    const rad = g.width / 2;
    return `<g class="node ${n.kind}" data-id="${escapeXml(n.id)}"><circle class="marker" cx="${r(g.x + rad)}" cy="${r(g.y + rad)}" r="${r(rad)}"/></g>`;
  }
  const cls = ['node', n.kind === 'missing' ? 'missing' : 'state', typeClass(n.type)];
  if (n.children?.length) cls.push('container');
  if (n.unreachable) cls.push('unreachable');
  if (n.severity) cls.push(`sev-${n.severity}`);
  return `<g class="${cls.join(' ')}" data-id="${escapeXml(n.id)}" data-name="${escapeXml(n.name)}"><rect class="box" x="${r(g.x)}" y="${r(g.y)}" width="${r(g.width)}" height="${r(g.height)}" rx="6"/></g>`;
}

const r = (v: number): string => String(Math.round(v));
const intersects = (a: Rect, b: Rect): boolean => a.x0 <= b.x1 && a.x1 >= b.x0 && a.y0 <= b.y1 && a.y1 >= b.y0;
const contains = (outer: Rect, inner: Rect): boolean =>
  inner.x0 >= outer.x0 && inner.y0 >= outer.y0 && inner.x1 <= outer.x1 && inner.y1 <= outer.y1;
