/**
 * The outline: states as a tree, Parallel branches and Map processors holding their own states,
 * each with its type.
 */
import type { Machine, Scope, StateInfo } from '../model';
import type { Span } from './cursor';

export interface AslSymbol {
  name: string;
  /** The state type, or "3 states" for a branch or processor. */
  detail: string;
  kind: 'state' | 'branch' | 'processor';
  /** For states: the Type value, when it is a string. */
  stateType?: string;
  /** The whole definition. */
  range: Span;
  /** What to reveal and select: the state's name, the branch's opening brace. */
  selection: Span;
  children: AslSymbol[];
}

export function documentSymbols(machine: Machine): AslSymbol[] {
  return machine.root ? machine.root.stateList.map(stateSymbol) : [];
}

function stateSymbol(state: StateInfo): AslSymbol {
  const tree = state.tree;
  const prop = tree.parentOf(state.keyNode);
  const range = tree.range(prop >= 0 ? prop : state.index);
  return {
    name: state.name,
    detail: state.type ?? '',
    kind: 'state',
    stateType: state.type,
    range,
    selection: tree.range(state.keyNode),
    children: state.children.map(scopeSymbol),
  };
}

function scopeSymbol(scope: Scope): AslSymbol {
  const count = `${scope.stateList.length} state${scope.stateList.length === 1 ? '' : 's'}`;
  const tree = scope.tree;
  const node = scope.nodeIndex;
  const prop = tree.parentOf(node);
  const key = tree.keyNode(prop);
  const processor = scope.kind === 'processor';
  return {
    name: processor ? (tree.keyText(prop) ?? 'ItemProcessor') : `Branch ${(scope.index ?? 0) + 1}`,
    detail: count,
    kind: processor ? 'processor' : 'branch',
    // A processor is shown by its key ("ItemProcessor"), so its range starts there.
    range: tree.range(processor && key >= 0 ? prop : node),
    selection: key >= 0 && processor ? tree.range(key) : { offset: tree.offset[node], length: 1 },
    children: scope.stateList.map(stateSymbol),
  };
}
