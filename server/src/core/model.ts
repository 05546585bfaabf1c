import { keyOf, keyText, propertyValue, valueOf, type JsonNode, type ParsedDocument } from './parse';
import { closest } from './suggest';

export type QueryLanguage = 'JSONPath' | 'JSONata';

export type TransitionKind = 'StartAt' | 'Next' | 'Default' | 'Choice' | 'Catch';

/** A named reference from one place to a state: the node holds the name string. */
export interface Transition {
  kind: TransitionKind;
  target: string;
  node: JsonNode;
  /** The state the transition leaves; undefined for StartAt. */
  from?: StateInfo;
}

export interface StateInfo {
  name: string;
  /** The key string node holding the name (the range of the name). */
  keyNode: JsonNode;
  /** The value: an object for a well-formed state. */
  node: JsonNode;
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
  /** The object holding StartAt and States. */
  node: JsonNode;
  owner?: StateInfo;
  /** Branch index for Parallel branches. */
  index?: number;
  parent?: Scope;
  startAt?: Transition;
  statesNode?: JsonNode;
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
  const root = doc.root;
  const machine: Machine = {
    doc,
    root: undefined,
    scopes: [],
    states: [],
    queryLanguage: 'JSONPath',
    byName: new Map(),
  };
  if (!root || root.type !== 'object') return machine;
  const ql = propertyValue(root, 'QueryLanguage');
  if (ql?.value === 'JSONata') machine.queryLanguage = 'JSONata';
  machine.root = buildScope(machine, root, 'machine', undefined, undefined, false, 'the state machine');
  return machine;
}

function buildScope(
  machine: Machine,
  node: JsonNode,
  kind: ScopeKind,
  owner: StateInfo | undefined,
  index: number | undefined,
  distributed: boolean,
  label: string,
): Scope {
  const scope: Scope = {
    kind,
    node,
    owner,
    index,
    parent: owner?.scope,
    states: new Map(),
    stateList: [],
    distributed,
    label,
  };
  machine.scopes.push(scope);
  const startAt = propertyValue(node, 'StartAt');
  if (startAt && startAt.type === 'string') scope.startAt = { kind: 'StartAt', target: startAt.value, node: startAt };
  const states = propertyValue(node, 'States');
  if (states && states.type === 'object') {
    scope.statesNode = states;
    for (const prop of states.children ?? []) {
      const keyNode = keyOf(prop);
      const valueNode = valueOf(prop);
      if (!keyNode || !valueNode) continue;
      addState(machine, scope, keyNode, valueNode);
    }
  }
  return scope;
}

function addState(machine: Machine, scope: Scope, keyNode: JsonNode, node: JsonNode): void {
  const name = String(keyNode.value);
  // The fields read here, in one pass (first occurrence wins, as in propertyValue).
  let typeNode: JsonNode | undefined;
  let qlNode: JsonNode | undefined;
  let endNode: JsonNode | undefined;
  let branches: JsonNode | undefined;
  let itemProcessor: JsonNode | undefined;
  let iterator: JsonNode | undefined;
  if (node.type === 'object') {
    for (const prop of node.children ?? []) {
      const value = valueOf(prop);
      switch (keyText(prop)) {
        case 'Type': typeNode ??= value; break;
        case 'QueryLanguage': qlNode ??= value; break;
        case 'End': endNode ??= value; break;
        case 'Branches': branches ??= value; break;
        case 'ItemProcessor': itemProcessor ??= value; break;
        case 'Iterator': iterator ??= value; break;
      }
    }
  }
  const type = typeNode?.type === 'string' ? (typeNode.value as string) : undefined;
  const queryLanguage: QueryLanguage =
    qlNode?.value === 'JSONata' ? 'JSONata' : qlNode?.value === 'JSONPath' ? 'JSONPath' : machine.queryLanguage;
  const state: StateInfo = {
    name,
    keyNode,
    node,
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

  if (node.type !== 'object') return;
  collectTransitions(state);
  state.terminal = endNode?.value === true || type === 'Succeed' || type === 'Fail';

  if (type === 'Parallel') {
    if (branches?.type === 'array') {
      branches.children?.forEach((b, i) => {
        if (b.type === 'object') {
          state.children.push(buildScope(machine, b, 'branch', state, i, false, `branch ${i + 1} of "${name}"`));
        }
      });
    }
  } else if (type === 'Map') {
    const processor = itemProcessor ?? iterator;
    if (processor?.type === 'object') {
      const mode = propertyValue(propertyValue(processor, 'ProcessorConfig'), 'Mode');
      const distributed = mode?.value === 'DISTRIBUTED';
      const which = itemProcessor ? 'ItemProcessor' : 'Iterator';
      state.children.push(buildScope(machine, processor, 'processor', state, undefined, distributed, `the ${which} of "${name}"`));
    }
  }
}

/** Keys that are never a misspelt Next or Default, checked first to keep the typo test rare. */
const KNOWN_KEYS = new Set(['Type', 'Comment', 'Resource', 'End', 'InputPath', 'OutputPath', 'ResultPath', 'Parameters', 'Arguments', 'Output', 'Assign', 'QueryLanguage', 'Seconds', 'Error', 'Cause', 'Items', 'Label']);

function collectTransitions(state: StateInfo): void {
  const node = state.node;
  for (const prop of node.children ?? []) {
    const key = keyText(prop);
    const value = valueOf(prop);
    if (!value) continue;
    if ((key === 'Next' || key === 'Default') && value.type === 'string') {
      state.transitions.push({ kind: key, target: value.value, node: value, from: state });
    } else if (key === 'Choices' && value.type === 'array') {
      for (const rule of value.children ?? []) {
        const next = propertyValue(rule, 'Next');
        if (next?.type === 'string') state.transitions.push({ kind: 'Choice', target: next.value, node: next, from: state });
      }
    } else if (key === 'Catch' && value.type === 'array') {
      for (const catcher of value.children ?? []) {
        const next = propertyValue(catcher, 'Next');
        if (next?.type === 'string') state.transitions.push({ kind: 'Catch', target: next.value, node: next, from: state });
      }
    } else if (typeof key === 'string' && value.type === 'string' && !KNOWN_KEYS.has(key) && closest(key, ['Next', 'Default'])) {
      state.probableTargets.push(value.value);
    }
  }
}

/** The state whose definition (key or body) contains the offset, innermost first. */
export function stateAt(machine: Machine, offset: number): StateInfo | undefined {
  let best: StateInfo | undefined;
  for (const s of machine.states) {
    const start = s.keyNode.offset;
    const end = s.node.offset + s.node.length;
    if (offset >= start && offset <= end) {
      if (!best || start >= best.keyNode.offset) best = s;
    }
  }
  return best;
}
