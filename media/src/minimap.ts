/**
 * The overview of a large machine: every state as a dot-sized box on a small canvas, with the
 * visible area as a frame. Clicking or dragging on it moves the view there. Shown only when the
 * graph does not fit the panel at a readable zoom. A canvas, not SVG: thousands of boxes cost
 * one fill each, with no elements to lay out.
 */
import type { PositionedGraph } from '../../server/src/core/graph/types';
import type { Rect } from './drawing';

/** The overview's largest size in CSS pixels; a tall machine is stretched across MIN_W at least, to stay usable. */
const MAX_W = 180;
const MAX_H = 280;
const MIN_W = 56;
/**
 * The overview sits on the graph, so it takes at most these shares of the canvas, and none at all
 * below MIN_CANVAS_W: a narrow panel's graph is one column of states across most of its width, which
 * the overview would cover and whose clicks it would take (issue #14). There, Fit, search and the
 * arrow keys still move around the machine.
 */
const MAX_SHARE_W = 0.25;
const MAX_SHARE_H = 0.4;
export const MIN_CANVAS_W = 360;

export class Minimap {
  private graph: PositionedGraph | undefined;
  private sx = 1;
  private sy = 1;
  private view: Rect | undefined;
  /** The boxes drawn once per graph; each view change copies them and draws the frame. */
  private boxes: HTMLCanvasElement | undefined;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    /** Centre the main view on this drawing point. */
    private readonly onMove: (x: number, y: number) => void,
  ) {
    let dragging = false;
    const move = (e: PointerEvent): void => {
      const rect = this.canvas.getBoundingClientRect();
      this.onMove((e.clientX - rect.left) / this.sx, (e.clientY - rect.top) / this.sy);
    };
    canvas.addEventListener('pointerdown', (e) => {
      e.preventDefault();
      e.stopPropagation();
      dragging = true;
      canvas.setPointerCapture(e.pointerId);
      move(e);
    });
    canvas.addEventListener('pointermove', (e) => dragging && move(e));
    canvas.addEventListener('pointerup', () => (dragging = false));
    canvas.addEventListener('pointercancel', () => (dragging = false));
  }

  /** Shows the overview of a graph on a canvas of that size, or hides it (undefined, or a canvas too narrow to share). */
  show(graph: PositionedGraph | undefined, canvas: { w: number; h: number }): void {
    if (canvas.w < MIN_CANVAS_W) graph = undefined;
    this.graph = graph;
    this.canvas.hidden = graph === undefined;
    if (!graph) return;
    const maxW = Math.min(MAX_W, canvas.w * MAX_SHARE_W);
    const maxH = Math.min(MAX_H, canvas.h * MAX_SHARE_H);
    const minW = Math.min(MIN_W, maxW);
    const gw = Math.max(1, graph.layout.width);
    const gh = Math.max(1, graph.layout.height);
    const s = Math.min(maxW / gw, maxH / gh);
    this.sy = s;
    this.sx = gw * s < minW ? minW / gw : s;
    const w = Math.ceil(gw * this.sx);
    const h = Math.ceil(gh * this.sy);
    this.canvas.style.width = `${w}px`;
    this.canvas.style.height = `${h}px`;
    const ratio = window.devicePixelRatio || 1;
    this.canvas.width = Math.ceil(w * ratio);
    this.canvas.height = Math.ceil(h * ratio);
    this.boxes = undefined;
    this.draw();
  }

  get visible(): boolean {
    return this.graph !== undefined;
  }

  setView(view: Rect): void {
    this.view = view;
    if (this.graph) this.draw();
  }

  private draw(): void {
    const ctx = this.canvas.getContext('2d');
    if (!ctx || !this.graph) return;
    const ratio = window.devicePixelRatio || 1;
    const sx = this.sx * ratio;
    const sy = this.sy * ratio;
    const style = getComputedStyle(this.canvas);
    if (!this.boxes) {
      this.boxes = document.createElement('canvas');
      this.boxes.width = this.canvas.width;
      this.boxes.height = this.canvas.height;
      const b = this.boxes.getContext('2d');
      if (b) {
        b.fillStyle = style.getPropertyValue('--minimap-node').trim() || '#888';
        const { nodes, scopes } = this.graph.layout;
        b.globalAlpha = 0.35;
        for (const r of Object.values(scopes)) b.fillRect(r.x * sx, r.y * sy, Math.max(1, r.width * sx), Math.max(1, r.height * sy));
        b.globalAlpha = 1;
        for (const g of Object.values(nodes)) b.fillRect(g.x * sx, g.y * sy, Math.max(1, g.width * sx), Math.max(1, g.height * sy));
      }
    }
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    ctx.drawImage(this.boxes, 0, 0);
    if (this.view) {
      const v = this.view;
      ctx.strokeStyle = style.getPropertyValue('--minimap-view').trim() || '#07f';
      ctx.lineWidth = Math.max(1, ratio);
      // At least a few pixels tall, so the frame shows on a very tall machine.
      const vh = Math.max(4 * ratio, (v.y1 - v.y0) * sy);
      ctx.strokeRect(v.x0 * sx, v.y0 * sy, (v.x1 - v.x0) * sx, vh);
    }
  }
}
