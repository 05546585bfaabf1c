/**
 * The marks the page puts on the drawing: a run's status on a visited state (badge and tooltip
 * line), and where the connector handle of a selected state or transition goes.
 */
import type { PositionedGraph } from '../../server/src/core/graph/types';
import type { NodeRun } from './runModel';

/** Radius of the connector handle, in drawing units. */
export const HANDLE_R = 6;

/** Writes a run's status on a visited state's element. */
export function markVisited(el: SVGGElement, nr: NodeRun): void {
  el.classList.add('visited', `run-${nr.status}`);
  const text = el.querySelector('.run-badge text');
  const rect = el.querySelector('.run-badge rect');
  if (text && rect) {
    const label = badgeText(nr.status, nr.retries, nr.runs.length);
    text.textContent = label;
    rect.setAttribute('width', String(12 + label.length * 6.2));
  }
  const title = el.querySelector('title');
  if (title && !title.textContent?.includes('\nLast run: '))
    title.textContent += `\nLast run: ${statusText(nr.status, nr.retries, nr.runs.length)}`;
}

/**
 * The connector handle: under a selected state that can go somewhere (drag it to another state to
 * connect), or on the arrow of a selected transition (drag it to reconnect). Undefined: none.
 */
export function handleOf(
  graph: PositionedGraph,
  sel: { kind: 'node' | 'edge'; id: string },
): { at: { x: number; y: number }; from: string; edge?: string } | undefined {
  if (sel.kind === 'node') {
    const n = graph.model.nodes.find((x) => x.id === sel.id);
    const g = graph.layout.nodes[sel.id];
    if (!n || n.kind !== 'state' || !g || n.type === 'Succeed' || n.type === 'Fail') return undefined;
    return { at: { x: g.x + g.width / 2, y: g.y + g.height + HANDLE_R + 2 }, from: sel.id };
  }
  const e = graph.model.edges.find((x) => x.id === sel.id);
  const pts = graph.layout.edges[sel.id]?.points;
  if (!e || !pts || e.kind === 'start' || e.kind === 'end') return undefined;
  return { at: pts[pts.length - 1], from: e.from, edge: e.id };
}

/** The badge on a visited node: ✓ succeeded, ✗ failed, ⚠ caught, ▶ running, ■ stopped; ↻n retries; ×n runs. */
export function badgeText(status: string, retries: number, times: number): string {
  const mark =
    status === 'succeeded'
      ? '✓'
      : status === 'failed'
        ? '✗ failed'
        : status === 'caught'
          ? '⚠ caught'
          : status === 'running'
            ? '▶ running'
            : '■ stopped';
  return [mark, retries > 0 ? `↻${retries}` : '', times > 1 ? `×${times}` : ''].filter(Boolean).join(' ');
}

export function statusText(status: string, retries: number, times: number): string {
  const mark =
    status === 'succeeded'
      ? '✓ succeeded'
      : status === 'failed'
        ? '✗ failed'
        : status === 'caught'
          ? '⚠ caught'
          : status === 'running'
            ? '▶ running'
            : '… stopped';
  const extra = [retries > 0 ? `retried ${retries}×` : '', times > 1 ? `ran ${times}×` : ''].filter(Boolean).join(', ');
  return extra ? `${mark} · ${extra}` : mark;
}
