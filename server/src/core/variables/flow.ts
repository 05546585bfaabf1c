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
 * chains do not overflow the stack), then one pass in topological order carries a bitset over the
 * scope's own variable names. Questions are answered as the pass goes and each bitset is handed on
 * or dropped once used, so a chain of states costs one bitset, not one per state.
 */
import type { Scope, StateInfo } from '../model';
import type { AssignSite } from './collect';

/**
 * For each asked state of `scope`: which of the asked names (variables of this scope) may be set
 * on entry. Names that no state of the scope assigns are never in the answer.
 */
export function scopeVisibility(
  scope: Scope,
  sitesByState: ReadonlyMap<StateInfo, readonly AssignSite[]>,
  asked: ReadonlyMap<StateInfo, readonly string[]>,
): Map<StateInfo, string[]> {
  const answers = new Map<StateInfo, string[]>();
  const states = [...scope.states.values()];
  const names = new Map<string, number>();
  for (const s of states) for (const site of sitesByState.get(s) ?? []) if (!names.has(site.name)) names.set(site.name, names.size);
  const index = new Map<StateInfo, number>();
  states.forEach((s, i) => index.set(s, i));
  // The benefit of the doubt: every asked name this scope assigns somewhere.
  const lenient = (s: StateInfo) =>
    answers.set(
      s,
      asked.get(s)!.filter((n) => names.has(n)),
    );

  const start = scope.startAt ? scope.states.get(scope.startAt.target) : undefined;
  if (names.size === 0 || !start) {
    for (const s of asked.keys()) lenient(s);
    return answers;
  }

  // Edges in compressed rows (node v's edges are edgeStart[v] .. edgeStart[v + 1]), each with the
  // variable bits it assigns.
  const n = states.length;
  const edgeStart = new Int32Array(n + 1);
  const edgeTo: number[] = [];
  const edgeGen: number[][] = [];
  const NONE: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = states[i];
    edgeStart[i] = edgeTo.length;
    const sites = sitesByState.get(s);
    const own = sites ? bits(names, sites, (x) => x.place === 'state') : NONE;
    for (const t of s.transitions) {
      const target = scope.states.get(t.target);
      if (!target) continue;
      let gen = own;
      if (sites && t.kind === 'Catch') {
        const catcher = s.tree.parentOf(s.tree.parentOf(t.node));
        gen = bits(names, sites, (x) => x.place === 'catch' && x.owner === catcher);
      } else if (sites && t.kind === 'Choice') {
        const rule = s.tree.parentOf(s.tree.parentOf(t.node));
        gen = own.concat(bits(names, sites, (x) => x.place === 'choice' && x.owner === rule));
      }
      edgeTo.push(index.get(target)!);
      edgeGen.push(gen);
    }
  }
  edgeStart[n] = edgeTo.length;

  const { comp, count } = components(n, edgeStart, edgeTo, index.get(start)!);
  const askedAt: (StateInfo | undefined)[] = new Array(n);
  for (const s of asked.keys()) {
    const i = index.get(s);
    // A duplicate definition, or a state no path reaches.
    if (i === undefined || comp[i] < 0) lenient(s);
    else askedAt[i] = s;
  }
  // Members of each component, grouped (counting sort by component).
  const memberStart = new Int32Array(count + 1);
  for (let v = 0; v < n; v++) if (comp[v] >= 0) memberStart[comp[v] + 1]++;
  for (let c = 0; c < count; c++) memberStart[c + 1] += memberStart[c];
  const fill = memberStart.slice(0, count);
  const members = new Int32Array(memberStart[count]);
  for (let v = 0; v < n; v++) if (comp[v] >= 0) members[fill[comp[v]]++] = v;

  const words = (names.size + 31) >>> 5;
  const ins: (Uint32Array | undefined)[] = new Array(count);
  // Components complete sinks first, so the start's is the last: walk them backwards.
  for (let c = count - 1; c >= 0; c--) {
    let inC = ins[c];
    ins[c] = undefined;
    let lastOut = -1;
    for (let m = memberStart[c]; m < memberStart[c + 1]; m++) {
      const u = members[m];
      for (let e = edgeStart[u]; e < edgeStart[u + 1]; e++) {
        if (comp[edgeTo[e]] !== c) {
          lastOut = e;
        } else if (edgeGen[e].length > 0) {
          // Inside a loop, every assignment of the loop reaches every state of it.
          inC ??= new Uint32Array(words);
          for (const b of edgeGen[e]) inC[b >>> 5] |= 1 << (b & 31);
        }
      }
    }
    for (let m = memberStart[c]; m < memberStart[c + 1]; m++) {
      const s = askedAt[members[m]];
      if (!s) continue;
      const yes: string[] = [];
      if (inC) {
        for (const name of asked.get(s)!) {
          const b = names.get(name);
          if (b !== undefined && (inC[b >>> 5] & (1 << (b & 31))) !== 0) yes.push(name);
        }
      }
      answers.set(s, yes);
    }
    for (let m = memberStart[c]; m < memberStart[c + 1]; m++) {
      const u = members[m];
      for (let e = edgeStart[u]; e < edgeStart[u + 1]; e++) {
        const d = comp[edgeTo[e]];
        const gen = edgeGen[e];
        if (d === c || (!inC && gen.length === 0)) continue;
        let target = ins[d];
        if (!target) {
          // The last use of this component's set hands it on instead of copying it.
          target = inC ? (e === lastOut ? inC : inC.slice()) : new Uint32Array(words);
          ins[d] = target;
        } else if (inC) {
          for (let w = 0; w < words; w++) target[w] |= inC[w];
        }
        for (const b of gen) target[b >>> 5] |= 1 << (b & 31);
      }
    }
  }
  return answers;
}

function bits(names: Map<string, number>, sites: readonly AssignSite[], keep: (s: AssignSite) => boolean): number[] {
  const out: number[] = [];
  // (Sites are few per state; a filter per transition is cheaper than grouping them.)
  for (const s of sites) if (keep(s)) out.push(names.get(s.name)!);
  return out;
}

/**
 * Strongly connected components of the part of the graph reachable from `start` (Tarjan,
 * iterative). Components are numbered in completion order, so every edge between two components
 * goes from a higher number to a lower one. Unreached nodes get -1.
 */
function components(n: number, edgeStart: Int32Array, edgeTo: number[], start: number): { comp: Int32Array; count: number } {
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
    next.push(edgeStart[v]);
  };
  enter(start);
  while (calls.length > 0) {
    const top = calls.length - 1;
    const v = calls[top];
    const e = next[top];
    if (e < edgeStart[v + 1]) {
      next[top] = e + 1;
      const w = edgeTo[e];
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
