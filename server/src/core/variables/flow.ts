/**
 * Which workflow variables may have been assigned when a state is entered.
 *
 * Semantics, from AWS "Passing data between states with variables":
 * - Assign sits on a state (not Succeed or Fail), on a Choice rule and on a Catch. "All variable
 *   references in Step Functions states use the values as they were on state entry"; new values
 *   "will be available starting with the next state". So an Assign takes effect on the transition
 *   out of its state, and a state never sees what its own Assign (or Output) sets.
 * - A Choice rule's Assign applies when that rule is taken, together with the state-level Assign,
 *   which "applies regardless of which choice rule matches"; Default carries the state-level one.
 * - A Catch's Assign applies on the transition to the catcher's Next, instead of the state's own
 *   (the state failed), and "can assign values to variables in the outer scope, that is, the scope
 *   in which the Parallel/Map state exists".
 * - "Workflow-local scope includes all states inside a state machine's States field, but not
 *   states inside Parallel or Map states. States inside Parallel or Map states can refer to outer
 *   scope variables, but they create and maintain their own separate workflow-local variables";
 *   "When a Parallel or Map state completes, all of their variables will go out of scope".
 *   Branches and iterations read the outer values as at the Parallel or Map state's entry.
 * - "Exception: Distributed Map states cannot currently reference variables in outer scopes."
 *
 * The analysis is a forward "may be assigned" dataflow over each scope's transition graph from
 * StartAt: a variable counts as visible at a state when some path from StartAt assigns it before
 * reaching the state, loops included (an assignment later in a loop reaches the loop head on the
 * next pass). Only a read that no path can have set is an error. States no path reaches see every
 * variable of their scope: the unreachable-state rule speaks for them.
 *
 * Cost: the graph is condensed into strongly connected components (iterative Tarjan, so deep
 * chains do not overflow the stack), then one pass in topological order ORs bitsets over the
 * scope's own variable names: O((states + transitions) × names / 32).
 */
import type { Scope, StateInfo } from '../model';
import type { AssignSite } from './collect';

export class ScopeFlow {
  /** The scope's own variable names (assigned by its states), to bit indices. */
  readonly names = new Map<string, number>();
  private readonly index = new Map<StateInfo, number>();
  /** Component of each state; -1 when no path from StartAt reaches it. */
  private comp: Int32Array = new Int32Array(0);
  private ins: (Uint32Array | undefined)[] = [];

  constructor(
    readonly scope: Scope,
    sitesByState: Map<StateInfo, AssignSite[]>,
  ) {
    const states = [...scope.states.values()];
    states.forEach((s, i) => this.index.set(s, i));
    for (const s of states) for (const site of sitesByState.get(s) ?? []) if (!this.names.has(site.name)) this.names.set(site.name, this.names.size);
    const n = states.length;
    this.comp = new Int32Array(n).fill(-1);
    const start = scope.startAt ? scope.states.get(scope.startAt.target) : undefined;
    if (!start || this.names.size === 0) {
      // Nothing assigned here: no need for a graph; reachability does not matter either.
      return;
    }
    // Edges, each with the variable bits it assigns.
    const adj: number[][] = states.map(() => []);
    const gens: number[][][] = states.map(() => []);
    states.forEach((s, i) => {
      const sites = sitesByState.get(s) ?? [];
      const own = bits(this.names, sites, (x) => x.place === 'state');
      for (const t of s.transitions) {
        const target = scope.states.get(t.target);
        if (!target) continue;
        let gen: number[];
        if (t.kind === 'Catch') {
          const catcher = t.node.parent?.parent;
          gen = bits(this.names, sites, (x) => x.place === 'catch' && x.owner === catcher);
        } else if (t.kind === 'Choice') {
          const rule = t.node.parent?.parent;
          gen = own.concat(bits(this.names, sites, (x) => x.place === 'choice' && x.owner === rule));
        } else {
          gen = own;
        }
        adj[i].push(this.index.get(target)!);
        gens[i].push(gen);
      }
    });
    const { comp, count } = components(n, adj, this.index.get(start)!);
    this.comp = comp;
    const words = (this.names.size + 31) >>> 5;
    const ins: (Uint32Array | undefined)[] = new Array(count);
    const members: number[][] = Array.from({ length: count }, () => []);
    for (let v = 0; v < n; v++) if (comp[v] >= 0) members[comp[v]].push(v);
    // Components complete sinks first, so the start's is the last: walk them backwards.
    for (let c = count - 1; c >= 0; c--) {
      let inC = ins[c];
      // Inside a loop, every assignment of the loop reaches every state of it.
      for (const u of members[c]) {
        adj[u].forEach((v, e) => {
          if (comp[v] !== c || gens[u][e].length === 0) return;
          inC ??= ins[c] = new Uint32Array(words);
          for (const b of gens[u][e]) inC[b >>> 5] |= 1 << (b & 31);
        });
      }
      for (const u of members[c]) {
        adj[u].forEach((v, e) => {
          const d = comp[v];
          if (d === c) return;
          const gen = gens[u][e];
          if (!inC && gen.length === 0) return;
          const out = (ins[d] ??= new Uint32Array(words));
          if (inC) for (let w = 0; w < words; w++) out[w] |= inC[w];
          for (const b of gen) out[b >>> 5] |= 1 << (b & 31);
        });
      }
    }
    this.ins = ins;
  }

  /** Whether `name`, one of this scope's own variables, may be set on entry to `state`. */
  hasLocal(state: StateInfo, name: string): boolean {
    const bit = this.names.get(name);
    if (bit === undefined) return false;
    const i = this.index.get(state);
    // A duplicate definition, or a state no path reaches: give it the benefit of the doubt.
    if (i === undefined || this.comp[i] < 0) return true;
    const set = this.ins[this.comp[i]];
    return set !== undefined && (set[bit >>> 5] & (1 << (bit & 31))) !== 0;
  }

  /** This scope's own variables that may be set on entry to `state`. */
  locals(state: StateInfo): string[] {
    const out: string[] = [];
    for (const name of this.names.keys()) if (this.hasLocal(state, name)) out.push(name);
    return out;
  }
}

function bits(names: Map<string, number>, sites: AssignSite[], keep: (s: AssignSite) => boolean): number[] {
  const out: number[] = [];
  for (const s of sites) if (keep(s)) out.push(names.get(s.name)!);
  return out;
}

/**
 * Strongly connected components of the part of the graph reachable from `start` (Tarjan,
 * iterative). Components are numbered in completion order, so every edge between two components
 * goes from a higher number to a lower one.
 */
function components(n: number, adj: number[][], start: number): { comp: Int32Array; count: number } {
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const comp = new Int32Array(n).fill(-1);
  const stack: number[] = [];
  const calls: number[] = [];
  const next: number[] = [];
  let counter = 0;
  let count = 0;
  const enter = (v: number) => {
    index[v] = low[v] = counter++;
    stack.push(v);
    onStack[v] = 1;
    calls.push(v);
    next.push(0);
  };
  enter(start);
  while (calls.length > 0) {
    const top = calls.length - 1;
    const v = calls[top];
    const e = next[top];
    if (e < adj[v].length) {
      next[top] = e + 1;
      const w = adj[v][e];
      if (index[w] < 0) enter(w);
      else if (onStack[w]) low[v] = Math.min(low[v], index[w]);
      continue;
    }
    calls.pop();
    next.pop();
    if (calls.length > 0) {
      const u = calls[calls.length - 1];
      low[u] = Math.min(low[u], low[v]);
    }
    if (low[v] === index[v]) {
      let w: number;
      do {
        w = stack.pop()!;
        onStack[w] = 0;
        comp[w] = count;
      } while (w !== v);
      count++;
    }
  }
  return { comp, count };
}
