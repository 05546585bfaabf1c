import type { ParsedDocument } from './parse';
import { ARRAY, OBJECT, STRING, type Tree } from './fastParse';
import { closest } from './suggest';

export type QueryLanguage = 'JSONPath' | 'JSONata';

export type TransitionKind = 'StartAt' | 'Next' | 'Default' | 'Choice' | 'Catch';

/** A named reference from one place to a state: the node (an index in the tree) holds the name string. */
export interface Transition {
  kind: TransitionKind;
  target: string;
  node: number;
  /** The state the transition leaves; undefined for StartAt. */
  from?: StateInfo;
}

export interface StateInfo {
  name: string;
  /** The document's tree, which `index` and `keyNode` point into. */
  tree: Tree;
  /** The value's node index in the document's tree: an object for a well-formed state. */
  index: number;
  /** The key string node (its index) holding the name (the range of the name). */
  keyNode: number;
  /** Type value when it is a string, else undefined. */
  type: string | undefined;
  scope: Scope;
  queryLanguage: QueryLanguage;
  /** Child scopes: Parallel branches, Map ItemProcessor/Iterator. */
  children: Scope[];
  /** Next, Default, Choice rule Next and Catch Next, in text order. */
  transitions: Transition[];
  /**
   * Where the author probably meant to go: the closest state to an unknown target, and the value
   * of a misspelt "Next"/"Default" key. Only reachability reads these, so that one typo is
   * reported once, not again as every state behind it being unreachable.
   */
  probableTargets: string[];
  /** End: true, Succeed or Fail. */
  terminal: boolean;
}

export type ScopeKind = 'machine' | 'branch' | 'processor';

export interface Scope {
  kind: ScopeKind;
  /** The document's tree, which `nodeIndex` and `statesIndex` point into. */
  tree: Tree;
  /** The object holding StartAt and States (its node index in the document's tree). */
  nodeIndex: number;
  owner?: StateInfo;
  /** Branch index for Parallel branches. */
  index?: number;
  parent?: Scope;
  startAt?: Transition;
  /** The "States" object's node index, or -1. */
  statesIndex: number;
  /** States by name, first definition in this scope wins. */
  states: Map<string, StateInfo>;
  /** Every state definition in this scope in text order, duplicates included. */
  stateList: StateInfo[];
  /** True for the ItemProcessor of a Map whose ProcessorConfig.Mode is DISTRIBUTED. */
  distributed: boolean;
  /** Human label: "the state machine", "branch 1 of \"P\"", "the ItemProcessor of \"M\"". */
  label: string;
}

export interface Machine {
  doc: ParsedDocument;
  /** Undefined when the document's root is not an object. */
  root: Scope | undefined;
  scopes: Scope[];
  /** Every state definition in the machine, in text order. */
  states: StateInfo[];
  queryLanguage: QueryLanguage;
  /** Every definition of each name, machine-wide. */
  byName: Map<string, StateInfo[]>;
}

export function buildModel(doc: ParsedDocument): Machine {
  const machine: Machine = {
    doc,
    root: undefined,
    scopes: [],
    states: [],
    queryLanguage: 'JSONPath',
    byName: new Map(),
  };
  const tree = doc.tree;
  if (!tree || tree.kind[0] !== OBJECT) return machine;
  const ql = tree.get(0, 'QueryLanguage');
  if (ql >= 0 && tree.values[ql] === 'JSONata') machine.queryLanguage = 'JSONata';
  machine.root = buildScope(machine, tree, 0, 'machine', undefined, undefined, false, 'the state machine');
  return machine;
}

function buildScope(
  machine: Machine,
  tree: Tree,
  at: number,
  kind: ScopeKind,
  owner: StateInfo | undefined,
  index: number | undefined,
  distributed: boolean,
  label: string,
): Scope {
  const scope: Scope = {
    kind,
    tree,
    nodeIndex: at,
    owner,
    index,
    parent: owner?.scope,
    statesIndex: -1,
    states: new Map(),
    stateList: [],
    distributed,
    label,
  };
  machine.scopes.push(scope);
  const startAt = tree.get(at, 'StartAt');
  if (startAt >= 0 && tree.kind[startAt] === STRING)
    scope.startAt = { kind: 'StartAt', target: tree.values[startAt] as string, node: startAt };
  const states = tree.get(at, 'States');
  if (states >= 0 && tree.kind[states] === OBJECT) {
    scope.statesIndex = states;
    const { end } = tree;
    for (let p = states + 1, e = end[states]; p < e; p = end[p]) {
      const v = p + 2;
      if (v < end[p]) addState(machine, scope, tree, p, v);
    }
  }
  return scope;
}

function addState(machine: Machine, scope: Scope, tree: Tree, prop: number, at: number): void {
  const { kind, values, end } = tree;
  const name = String(values[prop]);
  // The fields read here, in one pass (first occurrence wins, as in tree.get).
  let typeAt = -1;
  let qlAt = -1;
  let endAt = -1;
  let branches = -1;
  let itemProcessor = -1;
  let iterator = -1;
  const isObject = kind[at] === OBJECT;
  if (isObject) {
    for (let p = at + 1, e = end[at]; p < e; p = end[p]) {
      const v = p + 2;
      if (v >= end[p]) continue;
      switch (values[p]) {
        case 'Type':
          if (typeAt < 0) typeAt = v;
          break;
        case 'QueryLanguage':
          if (qlAt < 0) qlAt = v;
          break;
        case 'End':
          if (endAt < 0) endAt = v;
          break;
        case 'Branches':
          if (branches < 0) branches = v;
          break;
        case 'ItemProcessor':
          if (itemProcessor < 0) itemProcessor = v;
          break;
        case 'Iterator':
          if (iterator < 0) iterator = v;
          break;
      }
    }
  }
  const type = typeAt >= 0 && kind[typeAt] === STRING ? (values[typeAt] as string) : undefined;
  const qlValue = qlAt >= 0 ? values[qlAt] : undefined;
  const queryLanguage: QueryLanguage = qlValue === 'JSONata' ? 'JSONata' : qlValue === 'JSONPath' ? 'JSONPath' : machine.queryLanguage;
  const state: StateInfo = {
    name,
    tree,
    index: at,
    keyNode: prop + 1,
    type,
    scope,
    queryLanguage,
    children: [],
    transitions: [],
    probableTargets: [],
    terminal: false,
  };
  scope.stateList.push(state);
  if (!scope.states.has(name)) scope.states.set(name, state);
  machine.states.push(state);
  const list = machine.byName.get(name);
  if (list) list.push(state);
  else machine.byName.set(name, [state]);

  if (!isObject) return;
  collectTransitions(state, tree);
  state.terminal = (endAt >= 0 && values[endAt] === true) || type === 'Succeed' || type === 'Fail';

  if (type === 'Parallel') {
    if (branches >= 0 && kind[branches] === ARRAY) {
      let i = 0;
      for (let b = branches + 1, e = end[branches]; b < e; b = end[b], i++) {
        if (kind[b] === OBJECT)
          state.children.push(buildScope(machine, tree, b, 'branch', state, i, false, `branch ${i + 1} of "${name}"`));
      }
    }
  } else if (type === 'Map') {
    const processor = itemProcessor >= 0 ? itemProcessor : iterator;
    if (processor >= 0 && kind[processor] === OBJECT) {
      const mode = tree.get(tree.get(processor, 'ProcessorConfig'), 'Mode');
      const distributed = mode >= 0 && values[mode] === 'DISTRIBUTED';
      const which = itemProcessor >= 0 ? 'ItemProcessor' : 'Iterator';
      state.children.push(buildScope(machine, tree, processor, 'processor', state, undefined, distributed, `the ${which} of "${name}"`));
    }
  }
}

/** Keys that are never a misspelt Next or Default, checked first to keep the typo test rare. */
const KNOWN_KEYS = new Set([
  'Type',
  'Comment',
  'Resource',
  'End',
  'InputPath',
  'OutputPath',
  'ResultPath',
  'Parameters',
  'Arguments',
  'Output',
  'Assign',
  'QueryLanguage',
  'Seconds',
  'Error',
  'Cause',
  'Items',
  'Label',
]);

function collectTransitions(state: StateInfo, tree: Tree): void {
  const { kind, values, end } = tree;
  const at = state.index;
  const target = (v: number, k: TransitionKind) => state.transitions.push({ kind: k, target: values[v] as string, node: v, from: state });
  for (let p = at + 1, e = end[at]; p < e; p = end[p]) {
    const v = p + 2;
    if (v >= end[p]) continue;
    const key = values[p] as string;
    if ((key === 'Next' || key === 'Default') && kind[v] === STRING) {
      target(v, key);
    } else if ((key === 'Choices' || key === 'Catch') && kind[v] === ARRAY) {
      for (let item = v + 1, ie = end[v]; item < ie; item = end[item]) {
        const next = tree.get(item, 'Next');
        if (next >= 0 && kind[next] === STRING) target(next, key === 'Choices' ? 'Choice' : 'Catch');
      }
    } else if (typeof key === 'string' && kind[v] === STRING && !KNOWN_KEYS.has(key) && closest(key, ['Next', 'Default'])) {
      state.probableTargets.push(values[v] as string);
    }
  }
}

/** The state whose definition (key or body) contains the offset, innermost first. */
export function stateAt(machine: Machine, offset: number): StateInfo | undefined {
  const tree = machine.doc.tree;
  if (!tree) return undefined;
  let best: StateInfo | undefined;
  let bestStart = -1;
  for (const s of machine.states) {
    const start = tree.offset[s.keyNode];
    const end = tree.offset[s.index] + tree.length[s.index];
    if (offset >= start && offset <= end) {
      if (!best || start >= bestStart) {
        best = s;
        bestStart = start;
      }
    }
  }
  return best;
}
