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
  const prop = state.keyNode.parent;
  const range = prop ? { offset: prop.offset, length: prop.length } : span(state.node);
  return {
    name: state.name,
    detail: state.type ?? '',
    kind: 'state',
    stateType: state.type,
    range,
    selection: span(state.keyNode),
    children: state.children.map(scopeSymbol),
  };
}

function scopeSymbol(scope: Scope): AslSymbol {
  const count = `${scope.stateList.length} state${scope.stateList.length === 1 ? '' : 's'}`;
  const key = scope.node.parent?.type === 'property' ? scope.node.parent.children?.[0] : undefined;
  const processor = scope.kind === 'processor';
  return {
    name: processor ? String(key?.value ?? 'ItemProcessor') : `Branch ${(scope.index ?? 0) + 1}`,
    detail: count,
    kind: processor ? 'processor' : 'branch',
    // A processor is shown by its key ("ItemProcessor"), so its range starts there.
    range: processor && key && scope.node.parent ? span(scope.node.parent) : span(scope.node),
    selection: key && processor ? span(key) : { offset: scope.node.offset, length: 1 },
    children: scope.stateList.map(stateSymbol),
  };
}

function span(node: { offset: number; length: number }): Span {
  return { offset: node.offset, length: node.length };
}
