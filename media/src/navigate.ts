/**
 * Keyboard navigation of the states, over the graph model only (no DOM, tested in node):
 * Down follows a transition out of the state, Up goes back the way it came (or to a state that
 * leads here), Left and Right step through the other targets of the state it came from (the
 * branches of a Choice, a Catch's handler), Home goes to the first state. Start and end markers
 * are skipped. Down walks down the picture: into a Parallel or Map's first branch, and from the
 * last state of a branch out to where its Parallel or Map goes next.
 */
import type { GraphEdge, GraphModel, GraphNode } from '../../server/src/core/graph/types';

export type Step = 'down' | 'up' | 'left' | 'right' | 'home';

export class Navigator {
  private readonly out = new Map<string, GraphEdge[]>();
  private readonly into = new Map<string, GraphEdge[]>();
  private readonly nodes = new Map<string, GraphNode>();
  /** The way here: each step down pushes the state it left. */
  private trail: string[] = [];

  constructor(private readonly model: GraphModel) {
    for (const n of model.nodes) this.nodes.set(n.id, n);
    for (const e of model.edges) {
      push(this.out, e.from, e);
      push(this.into, e.to, e);
    }
  }

  /** The first state of a scope: the target of its start marker. */
  private firstOf(scopeId: string | undefined): string | undefined {
    const scope = this.model.scopes.find((s) => s.id === scopeId);
    const start = scope?.nodes.find((id) => this.nodes.get(id)?.kind === 'start');
    const edge = start ? this.out.get(start)?.[0] : undefined;
    return edge && this.isState(edge.to) ? edge.to : undefined;
  }

  private isState(id: string): boolean {
    const k = this.nodes.get(id)?.kind;
    return k === 'state' || k === 'missing';
  }

  /** Distinct targets of a state's transitions, in model order (markers left out). */
  targets(id: string): string[] {
    const seen = new Set<string>();
    for (const e of this.out.get(id) ?? []) if (this.isState(e.to)) seen.add(e.to);
    return [...seen];
  }

  private sources(id: string): string[] {
    const seen = new Set<string>();
    for (const e of this.into.get(id) ?? []) if (this.isState(e.from) && e.from !== id) seen.add(e.from);
    return [...seen];
  }

  /** Where the run goes after the branch holding `id` ends: its Parallel or Map's next state (outwards as far as needed). */
  private after(id: string): { to: string; via: string } | undefined {
    const owner = this.model.scopes.find((s) => s.id === this.nodes.get(id)?.scope)?.owner;
    if (owner === undefined) return undefined;
    const to = this.targets(owner)[0];
    return to !== undefined ? { to, via: owner } : this.after(owner);
  }

  /** Where a key takes the selection from `from` (undefined: the machine's first state); undefined when nowhere. */
  step(from: string | undefined, key: Step): string | undefined {
    if (from === undefined || !this.nodes.has(from) || key === 'home') {
      this.trail = [];
      return this.firstOf(this.model.root);
    }
    if (key === 'down') {
      const node = this.nodes.get(from);
      const inner = node?.children?.length ? this.firstOf(node.children[0]) : undefined;
      const next = inner ?? this.targets(from)[0];
      // Out of a branch, the way back (and the siblings) are the Parallel's or Map's.
      const out = next === undefined ? this.after(from) : undefined;
      const to = next ?? out?.to;
      if (to !== undefined) this.trail.push(out?.via ?? from);
      return to;
    }
    if (key === 'up') {
      const back = this.trail.pop();
      if (back !== undefined && (this.targets(back).includes(from) || this.nodes.get(back)?.children?.length)) return back;
      this.trail = [];
      const src = this.sources(from)[0];
      if (src !== undefined) return src;
      // The first state of a branch: up leaves to the Parallel or Map that holds it.
      const scope = this.model.scopes.find((s) => s.id === this.nodes.get(from)?.scope);
      return scope?.owner;
    }
    // Left / right: the siblings are the other targets of the state we came from.
    const parent = this.trail[this.trail.length - 1] ?? this.sources(from)[0];
    if (parent === undefined) return undefined;
    const siblings = this.targets(parent);
    const i = siblings.indexOf(from);
    if (i < 0 || siblings.length < 2) return undefined;
    return siblings[(i + (key === 'right' ? 1 : siblings.length - 1)) % siblings.length];
  }
}

function push<K, V>(map: Map<K, V[]>, k: K, v: V): void {
  const list = map.get(k);
  if (list) list.push(v);
  else map.set(k, [v]);
}

/** The navigation step for a key, or undefined for other keys. */
export function stepOfKey(key: string): Step | undefined {
  switch (key) {
    case 'ArrowDown':
      return 'down';
    case 'ArrowUp':
      return 'up';
    case 'ArrowLeft':
      return 'left';
    case 'ArrowRight':
      return 'right';
    case 'Home':
      return 'home';
    default:
      return undefined;
  }
}
