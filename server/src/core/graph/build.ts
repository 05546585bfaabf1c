/**
 * The graph model of a Machine: one node per state definition, start and end markers per scope,
 * edges for StartAt, Next, Default, every Choice rule and every Catcher, nested scopes for
 * Parallel branches and Map processors. Linear in the size of the machine; never throws on
 * half-typed documents (what cannot be read is left out or drawn as a missing target).
 */
import type { Machine, Scope, StateInfo } from '../model';
import type { Tree } from '../fastParse';
import { reachableFrom } from '../rules/reachability';
import type { AslDiagnostic, Severity } from '../types';
import { catchText, conditionText, shorten } from './conditions';
import { addFormFields } from './formFields';
import type { EdgeKind, GraphEdge, GraphModel, GraphNode, GraphScope, RetryBadge } from './types';

/**
 * A state name as part of a node id: percent-encoded, except that a lone surrogate (valid in JSON,
 * which encodeURIComponent refuses with "URI malformed") becomes `%uD800`, a form percent-encoding
 * never produces, so distinct names keep distinct ids.
 */
export function idPart(name: string): string {
  if (!/[\uD800-\uDFFF]/.test(name)) return encodeURIComponent(name);
  return name.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]|([\uD800-\uDFFF])|[^\uD800-\uDFFF]+/g, (m, lone: string | undefined) =>
    lone ? `%u${lone.charCodeAt(0).toString(16).toUpperCase()}` : encodeURIComponent(m),
  );
}

const SEVERITY_RANK: Record<Severity, number> = { error: 4, warning: 3, information: 2, hint: 1 };
/** Problems listed per node in its tooltip; the editor has the rest. */
const MAX_PROBLEMS = 3;

export function buildGraph(machine: Machine, diagnostics: readonly AslDiagnostic[] = []): GraphModel {
  const b = new Builder();
  if (machine.root) b.scope(machine.root, 'm', undefined, false);
  b.markProblems(machine, diagnostics);
  addFormFields(machine, b.nodes);
  return {
    format: 'asl-workbench-graph',
    version: 1,
    root: machine.root ? 'm' : undefined,
    scopes: b.scopes,
    nodes: b.nodes,
    edges: b.edges,
    stateCount: machine.states.length,
  };
}

class Builder {
  readonly scopes: GraphScope[] = [];
  readonly nodes: GraphNode[] = [];
  readonly edges: GraphEdge[] = [];
  /** Node of each state definition, for diagnostics. */
  readonly byState = new Map<StateInfo, GraphNode>();

  scope(scope: Scope, id: string, owner: GraphNode | undefined, unreachable: boolean): GraphScope {
    const g: GraphScope = { id, kind: scope.kind, owner: owner?.id, label: scopeLabel(scope), nodes: [], edges: [] };
    this.scopes.push(g);
    const reached = unreachable ? new Set<StateInfo>() : reachableFrom(scope);
    const start = this.node(g, { id: `${id}^start`, kind: 'start', name: '', scope: id });
    let end: GraphNode | undefined;
    const endNode = (): GraphNode => (end ??= this.node(g, { id: `${id}^end`, kind: 'end', name: '', scope: id }));
    const missing = new Map<string, GraphNode>();
    const target = (name: string): GraphNode => {
      const found = scope.states.get(name);
      if (found) return this.byState.get(found)!;
      let m = missing.get(name);
      if (!m) {
        m = this.node(g, { id: `${id}?${idPart(name)}`, kind: 'missing', name, scope: id });
        missing.set(name, m);
      }
      return m;
    };

    // Nodes first (transitions may point forward), in text order; duplicates get their own ids.
    const used = new Set<string>();
    for (const state of scope.stateList) {
      let nodeId = `${id}/${idPart(state.name)}`;
      for (let k = 2; used.has(nodeId); k++) nodeId = `${id}/${idPart(state.name)}~${k}`;
      used.add(nodeId);
      const node = this.node(g, stateNode(state, nodeId, id, !reached.has(state)));
      this.byState.set(state, node);
    }
    if (scope.startAt) this.edge(g, 'start', start, target(scope.startAt.target));
    for (const state of scope.stateList) {
      const node = this.byState.get(state)!;
      for (const t of state.transitions) {
        const kind: EdgeKind = t.kind === 'Next' ? 'next' : t.kind === 'Default' ? 'default' : t.kind === 'Choice' ? 'choice' : 'catch';
        let full: string | undefined;
        let brief: string | undefined;
        const tree = state.tree;
        // The Choice rule or Catcher holding the Next: its property's parent.
        const owner = tree.parentOf(tree.parentOf(t.node));
        if (t.kind === 'Choice') {
          full = conditionText(tree, owner);
          brief = conditionText(tree, owner, true);
        } else if (t.kind === 'Catch') full = catchText(tree, owner);
        else if (t.kind === 'Default') full = 'Default';
        const edge = this.edge(g, kind, node, target(t.target), full, brief);
        if (t.kind === 'Choice') {
          const index = owner >= 0 ? tree.children(tree.parentOf(owner)).indexOf(owner) : -1;
          if (index >= 0) edge.rule = index;
        }
      }
      if (state.terminal) this.edge(g, 'end', node, endNode());
      state.children.forEach((child, i) => {
        const childId = child.kind === 'branch' ? `${node.id}#b${child.index ?? i}` : `${node.id}#p`;
        (node.children ??= []).push(childId);
        this.scope(child, childId, node, node.unreachable === true);
      });
    }
    return g;
  }

  private node(scope: GraphScope, node: GraphNode): GraphNode {
    this.nodes.push(node);
    scope.nodes.push(node.id);
    return node;
  }

  private edge(scope: GraphScope, kind: EdgeKind, from: GraphNode, to: GraphNode, full?: string, brief = full): GraphEdge {
    const edge: GraphEdge = { id: `e${this.edges.length}`, kind, from: from.id, to: to.id };
    if (full !== undefined) {
      edge.label = shorten(brief ?? full);
      if (edge.label !== full) edge.detail = full;
    }
    this.edges.push(edge);
    scope.edges.push(edge.id);
    return edge;
  }

  /**
   * Marks each state with the worst diagnostic inside its own definition (not inside a nested
   * state). States are in text order, so the innermost state holding an offset is the last one
   * starting before it, or the nearest of its enclosing states that still holds it.
   */
  markProblems(machine: Machine, diagnostics: readonly AslDiagnostic[]): void {
    const states = machine.states;
    if (states.length === 0) return;
    for (const d of diagnostics) {
      let lo = 0;
      let hi = states.length - 1;
      let at = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (states[mid].tree.offset[states[mid].keyNode] <= d.offset) {
          at = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      let s: StateInfo | undefined = at >= 0 ? states[at] : undefined;
      while (s && s.tree.offset[s.index] + s.tree.length[s.index] < d.offset) s = s.scope.owner;
      const node = s && this.byState.get(s);
      if (!node) continue;
      if (!node.severity || SEVERITY_RANK[d.severity] > SEVERITY_RANK[node.severity]) node.severity = d.severity;
      const problems = (node.problems ??= []);
      if (problems.length < MAX_PROBLEMS) problems.push(d.message);
    }
  }
}

function scopeLabel(scope: Scope): string {
  if (scope.kind === 'branch') return `Branch ${(scope.index ?? 0) + 1}`;
  if (scope.kind === 'processor') return scope.distributed ? 'Distributed iteration' : 'Iteration';
  return 'State machine';
}

function stateNode(state: StateInfo, id: string, scope: string, unreachable: boolean): GraphNode {
  const tree = state.tree;
  const node: GraphNode = {
    id,
    kind: 'state',
    name: state.name,
    scope,
    nameOffset: tree.offset[state.keyNode],
    nameLength: tree.length[state.keyNode],
    start: tree.offset[state.keyNode],
    end: tree.offset[state.index] + tree.length[state.index],
  };
  if (state.type !== undefined) node.type = state.type;
  if (state.terminal) node.terminal = true;
  if (unreachable) node.unreachable = true;
  const comment = tree.string(tree.get(state.index, 'Comment'));
  if (comment !== undefined) node.comment = shorten(comment, 200);
  const retry = retryBadge(tree, tree.get(state.index, 'Retry'));
  if (retry) node.retry = retry;
  if (state.type === 'Map' && state.children[0]?.distributed) node.distributed = true;
  return node;
}

function retryBadge(tree: Tree, retry: number): RetryBadge | undefined {
  const retriers = tree.kindOf(retry) === 'array' ? tree.children(retry) : [];
  if (retriers.length === 0) return undefined;
  let maxAttempts = 0;
  const summary: string[] = [];
  for (const r of retriers) {
    const num = (key: string, dflt: number): number => tree.number(tree.get(r, key)) ?? dflt;
    const attempts = num('MaxAttempts', 3);
    maxAttempts = Math.max(maxAttempts, attempts);
    summary.push(
      `${shorten(catchText(tree, r), 60)}: ${attempts} attempt${attempts === 1 ? '' : 's'}, every ${num('IntervalSeconds', 1)} s × ${num('BackoffRate', 2)}`,
    );
  }
  return { retriers: retriers.length, maxAttempts, summary };
}
