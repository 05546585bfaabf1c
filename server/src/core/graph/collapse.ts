/**
 * Parallel and Map states collapsed on demand: the model without what is inside them (their
 * branches or processor, to any depth), each drawn as a plain box saying how many states it
 * holds. The layout and the renderer need nothing else: a collapsed container is a leaf.
 */
import type { GraphModel } from './types';

export function collapseModel(model: GraphModel, collapsed: ReadonlySet<string>): GraphModel {
  if (collapsed.size === 0) return model;
  const byId = new Map(model.nodes.map((n) => [n.id, n]));
  const scopeById = new Map(model.scopes.map((s) => [s.id, s]));
  const hiddenScopes = new Set<string>();
  const hiddenNodes = new Set<string>();
  const hiddenCount = new Map<string, number>();
  const hide = (scopeId: string, owner: string): void => {
    const scope = scopeById.get(scopeId);
    if (!scope || hiddenScopes.has(scopeId)) return;
    hiddenScopes.add(scopeId);
    for (const id of scope.nodes) {
      hiddenNodes.add(id);
      const n = byId.get(id);
      if (n?.kind === 'state') hiddenCount.set(owner, (hiddenCount.get(owner) ?? 0) + 1);
      for (const c of n?.children ?? []) hide(c, owner);
    }
  };
  for (const id of collapsed) {
    const n = byId.get(id);
    if (n?.children?.length && !hiddenNodes.has(id)) for (const c of n.children) hide(c, id);
  }
  if (hiddenScopes.size === 0) return model;
  const hiddenEdges = new Set(model.scopes.filter((s) => hiddenScopes.has(s.id)).flatMap((s) => s.edges));
  return {
    ...model,
    scopes: model.scopes.filter((s) => !hiddenScopes.has(s.id)),
    edges: model.edges.filter((e) => !hiddenEdges.has(e.id)),
    nodes: model.nodes
      .filter((n) => !hiddenNodes.has(n.id))
      .map((n) => {
        if (!hiddenCount.has(n.id) && !(collapsed.has(n.id) && n.children?.length)) return n;
        const { children: _children, ...rest } = n;
        void _children;
        return { ...rest, hidden: hiddenCount.get(n.id) ?? 0 };
      }),
  };
}

/** The second line of a state's box: its type, and for a collapsed container how much it hides. */
export function subtitle(n: { kind: string; type?: string; distributed?: boolean; hidden?: number }, fallback: string): string {
  if (n.kind === 'missing') return 'no such state';
  const type = n.distributed ? 'Map (distributed)' : (n.type ?? fallback);
  return n.hidden === undefined ? type : `${type} ▸ ${n.hidden} state${n.hidden === 1 ? '' : 's'}`;
}
