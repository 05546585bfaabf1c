/**
 * Workflow variables of a machine: where they are assigned and read, and which may be set when a
 * state is entered (see flow.ts for the semantics). Computed once per Machine and shared by the
 * undefined-variable rule and completion.
 */
import type { Machine, Scope, StateInfo } from '../model';
import { assignsOf, jsonataReads, jsonPathReads, mayReadVariables, type AssignSite, type VariableRead } from './collect';
import { scopeVisibility } from './flow';

export type { AssignSite, VariableRead, AssignPlace } from './collect';
export { variableNameProblem, MAX_VARIABLE_NAME_LENGTH, type NameProblem } from './names';
export { variablesInPath, type PathRead } from './jsonpath';

export interface VariableAnalysis {
  /** Every Assign key of the machine, in text order. */
  readonly assigns: readonly AssignSite[];
  /** Every variable read of the machine, in text order. */
  readonly reads: readonly VariableRead[];
  /** Assign sites by variable name. */
  readonly assignedBy: ReadonlyMap<string, readonly AssignSite[]>;
  /** Whether `$name` may have been assigned on entry to `state` (outer scopes included). */
  isVisible(state: StateInfo, name: string): boolean;
  /** The variables that may have been assigned on entry to `state`, sorted. */
  visibleAt(state: StateInfo): string[];
}

const cache = new WeakMap<Machine, VariableAnalysis>();

export function analyzeVariables(machine: Machine): VariableAnalysis {
  let a = cache.get(machine);
  if (!a) {
    a = build(machine);
    cache.set(machine, a);
  }
  return a;
}

/** The variables a state can read (for completion): names without `$`, sorted. */
export function visibleVariables(machine: Machine, state: StateInfo): string[] {
  return analyzeVariables(machine).visibleAt(state);
}

/** The scope whose variables a scope's states also see, or undefined (top level, Distributed Map). */
export function outerScope(scope: Scope): Scope | undefined {
  return scope.distributed ? undefined : scope.owner?.scope;
}

function build(machine: Machine): VariableAnalysis {
  const text = machine.doc.text;
  const assigns: AssignSite[] = [];
  const reads: VariableRead[] = [];
  // Walking 20,000 states costs more than scanning the text: skip what cannot be there.
  // The text filters know JSON's quoting; a YAML text is always walked.
  const yaml = machine.doc.syntax === 'yaml';
  if (yaml || text.includes('"Assign"')) for (const state of machine.states) assignsOf(state, assigns);
  jsonataReads(machine, reads);
  if (yaml || mayReadVariables(text)) for (const state of machine.states) jsonPathReads(machine.doc, state, reads);
  reads.sort((a, b) => a.offset - b.offset);

  const byState = new Map<StateInfo, AssignSite[]>();
  const assignedBy = new Map<string, AssignSite[]>();
  for (const site of assigns) {
    push(byState, site.state, site);
    push(assignedBy, site.name, site);
  }

  // The questions the reads raise: each read asks its state, and, for what an outer scope may
  // supply, the Parallel or Map state around it (branches see the values of that state's entry).
  // (Small arrays rather than sets: a state reads few names, and this runs for every state.)
  const asked = new Map<StateInfo, string[]>();
  for (const r of reads) {
    if (r.alsoFunction || !assignedBy.has(r.name)) continue;
    for (let s: StateInfo | undefined = r.state; s; s = outerScope(s.scope) ? s.scope.owner : undefined) {
      const names = asked.get(s);
      if (!names) asked.set(s, [r.name]);
      else if (!names.includes(r.name)) names.push(r.name);
    }
  }
  const byScope = new Map<Scope, Map<StateInfo, string[]>>();
  for (const [s, names] of asked) {
    let m = byScope.get(s.scope);
    if (!m) byScope.set(s.scope, (m = new Map()));
    m.set(s, names);
  }
  const answers = new Map<StateInfo, string[]>();
  for (const [scope, questions] of byScope) for (const [s, yes] of scopeVisibility(scope, byState, questions)) answers.set(s, yes);

  // Anything else (completion asks about any state) is worked out on demand, once per state.
  const full = new Map<StateInfo, Set<string>>();
  const everything = (s: StateInfo): Set<string> => {
    let yes = full.get(s);
    if (!yes) {
      const own = new Set<string>();
      for (const t of s.scope.states.values()) for (const site of byState.get(t) ?? []) own.add(site.name);
      yes = new Set(scopeVisibility(s.scope, byState, new Map([[s, [...own]]])).get(s));
      full.set(s, yes);
    }
    return yes;
  };
  const local = (s: StateInfo, name: string): boolean =>
    asked.get(s)?.includes(name) ? answers.get(s)!.includes(name) : everything(s).has(name);

  const isVisible = (state: StateInfo, name: string): boolean => {
    if (!assignedBy.has(name)) return false;
    for (let s: StateInfo | undefined = state; s; s = outerScope(s.scope) ? s.scope.owner : undefined) {
      if (local(s, name)) return true;
    }
    return false;
  };

  const visibleAt = (state: StateInfo): string[] => {
    if (assigns.length === 0) return [];
    const names = new Set<string>();
    for (let s: StateInfo | undefined = state; s; s = outerScope(s.scope) ? s.scope.owner : undefined) {
      for (const n of everything(s)) names.add(n);
    }
    return [...names].sort();
  };

  return { assigns, reads, assignedBy, isVisible, visibleAt };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
