/**
 * State names in the text: where a state is defined (its key) and every transition that names it
 * (StartAt, Next, Default, Choice rule Next, Catch Next). Navigation, rename and hover share it.
 */
import type { Machine, Scope, StateInfo, Transition } from '../model';
import { enclosingState, nodeAt, placeOf, scopeAround, stateOfNode } from './cursor';

export interface StateRef {
  /** The name as written (decoded). */
  name: string;
  /** The string node (its index) at the cursor: a state key or a transition value. */
  node: number;
  /** The scope the name is looked up in. */
  scope: Scope;
  /** True at the state's own key. */
  definition: boolean;
  /** The state named, when it exists (in the scope, or elsewhere in the machine). */
  state: StateInfo | undefined;
}

/** The state name at the offset: on a state's key or on a transition's value. */
export function stateRefAt(machine: Machine, offset: number): StateRef | undefined {
  const node = nodeAt(machine.doc.tree, offset);
  if (machine.doc.tree?.kindOf(node) !== 'string') return undefined;
  return stateRefOfNode(machine, node);
}

export function stateRefOfNode(machine: Machine, node: number): StateRef | undefined {
  const tree = machine.doc.tree;
  if (!tree) return undefined;
  const parent = tree.parentOf(node);
  if (tree.kindOf(parent) !== 'property') return undefined;
  const keyNode = tree.keyNode(parent);
  const valueNode = tree.valueNode(parent);
  if (keyNode === node) {
    if (valueNode < 0 || placeOf(machine, tree.parentOf(parent)).kind !== 'states') return undefined;
    const state = stateOfNode(machine, valueNode);
    if (!state) return undefined;
    return { name: state.name, node, scope: state.scope, definition: true, state };
  }
  if (valueNode !== node) return undefined;
  const transition = transitionOfNode(machine, node);
  if (!transition) return undefined;
  const scope = transition.from?.scope ?? scopeAround(machine, node);
  if (!scope) return undefined;
  const state = scope.states.get(transition.target) ?? machine.byName.get(transition.target)?.[0];
  return { name: transition.target, node, scope, definition: false, state };
}

/** The transition whose value is this string node, if it is one. */
export function transitionOfNode(machine: Machine, node: number): Transition | undefined {
  const from = enclosingState(machine, node);
  const t = from?.transitions.find((x) => x.node === node);
  if (t) return t;
  const scope = scopeAround(machine, node);
  return scope?.startAt?.node === node ? scope.startAt : undefined;
}

const incomingByScope = new WeakMap<Scope, Map<string, Transition[]>>();

/**
 * The transitions of a scope by the name they lead to, StartAt first, then in text order. Built
 * once per scope of a model (hover, references and completion ask it on every call).
 */
export function incomingTransitions(scope: Scope): Map<string, Transition[]> {
  let map = incomingByScope.get(scope);
  if (!map) {
    map = new Map();
    const add = (t: Transition) => {
      const list = map!.get(t.target);
      if (list) list.push(t);
      else map!.set(t.target, [t]);
    };
    if (scope.startAt) add(scope.startAt);
    for (const s of scope.stateList) for (const t of s.transitions) add(t);
    incomingByScope.set(scope, map);
  }
  return map;
}

/** Every transition of a scope naming `name`, StartAt first, then in text order. */
export function transitionsTo(scope: Scope, name: string): readonly Transition[] {
  return incomingTransitions(scope).get(name) ?? [];
}
