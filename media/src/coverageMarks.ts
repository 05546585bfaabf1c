/**
 * Coverage on the drawing: core/coverage's items (a state entered, a transition taken, a retrier
 * fired, with the state's name and its enclosing Parallel/Map states) matched to the graph's
 * nodes and edges. A state is found by its name and the names of the states around it; a Next,
 * Default or Choice rule by its kind (and rule index) from that state; a Catch by its place among
 * the state's Catch edges. Pure (no DOM), so it is tested in node as well as used by the panel.
 */
import type { GraphModel, GraphNode } from '../../server/src/core/graph/types';
import type { CoverageRange } from '../../protocol/testing';

export interface CoverageMarks {
  /** Node and edge ids never covered, and covered. Items with no place on the graph are in neither. */
  uncoveredNodes: Set<string>;
  uncoveredEdges: Set<string>;
  coveredNodes: Set<string>;
  coveredEdges: Set<string>;
  /** Retriers never fired, by node id: their Retry indices. */
  unfiredRetriers: Map<string, number[]>;
  totals: { states: [number, number]; transitions: [number, number]; retriers: [number, number] };
}

export function coverageMarks(model: GraphModel, items: readonly CoverageRange[]): CoverageMarks {
  const nodes = new Map(model.nodes.map((n) => [n.id, n]));
  const ownerOf = new Map(model.scopes.map((s) => [s.id, s.owner]));
  /** The names of the states around a node, outermost first (the coverage item's `within`). */
  const within = (n: GraphNode): string[] => {
    const out: string[] = [];
    for (let owner = ownerOf.get(n.scope); owner !== undefined; owner = ownerOf.get(nodes.get(owner)?.scope ?? '')) {
      const o = nodes.get(owner);
      if (!o) break;
      out.unshift(o.name);
    }
    return out;
  };
  const byPlace = new Map<string, string>();
  for (const n of model.nodes) {
    const key = [...within(n), n.name].join('\u0000');
    if (n.kind === 'state' && !byPlace.has(key)) byPlace.set(key, n.id);
  }
  const edgesFrom = new Map<string, typeof model.edges>();
  for (const e of model.edges) {
    const list = edgesFrom.get(e.from) ?? [];
    list.push(e);
    edgesFrom.set(e.from, list);
  }
  const marks: CoverageMarks = {
    uncoveredNodes: new Set(),
    uncoveredEdges: new Set(),
    coveredNodes: new Set(),
    coveredEdges: new Set(),
    unfiredRetriers: new Map(),
    totals: { states: [0, 0], transitions: [0, 0], retriers: [0, 0] },
  };
  const count = (k: keyof CoverageMarks['totals'], hit: boolean): void => {
    marks.totals[k][1]++;
    if (hit) marks.totals[k][0]++;
  };
  for (const item of items) {
    const hit = item.hits > 0;
    const node = byPlace.get([...item.within, item.state].join('\u0000'));
    if (item.kind === 'state') {
      count('states', hit);
      if (node) (hit ? marks.coveredNodes : marks.uncoveredNodes).add(node);
      continue;
    }
    if (item.kind === 'retrier') {
      count('retriers', hit);
      if (node && !hit) marks.unfiredRetriers.set(node, [...(marks.unfiredRetriers.get(node) ?? []), item.index ?? 0]);
      continue;
    }
    count('transitions', hit);
    if (!node) continue;
    const from = edgesFrom.get(node) ?? [];
    let edge: string | undefined;
    if (item.transition === 'Choice') edge = from.find((e) => e.kind === 'choice' && e.rule === item.index)?.id;
    else if (item.transition === 'Default') edge = from.find((e) => e.kind === 'default')?.id;
    else if (item.transition === 'Catch') edge = from.filter((e) => e.kind === 'catch')[item.index ?? 0]?.id;
    else if (item.transition === 'Next') edge = from.find((e) => e.kind === 'next')?.id;
    if (edge) (hit ? marks.coveredEdges : marks.uncoveredEdges).add(edge);
  }
  // A transition covered by one item and not by another (two items on one edge): covered wins.
  for (const id of marks.coveredEdges) marks.uncoveredEdges.delete(id);
  return marks;
}

/** "3 of 5 states, 4 of 7 transitions, 0 of 1 retriers". */
export function coverageSummary(m: CoverageMarks): string {
  const [s, st] = m.totals.states;
  const [t, tt] = m.totals.transitions;
  const [r, rt] = m.totals.retriers;
  const parts = [`${s} of ${st} states`, `${t} of ${tt} transitions`];
  if (rt > 0) parts.push(`${r} of ${rt} retriers`);
  return `Covered: ${parts.join(', ')}`;
}
