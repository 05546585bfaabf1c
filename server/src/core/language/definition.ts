/**
 * Navigation between a state and the transitions naming it: go to definition from StartAt,
 * Next, Default, a Choice rule's Next or a Catch's Next; find every reference of a state; and
 * highlight them all in the document.
 */
import type { Machine } from '../model';
import type { Span } from './cursor';
import { stateRefAt, transitionsTo } from './stateRefs';

/** The key of the state named at the offset (from a transition or from the key itself). */
export function definition(machine: Machine, offset: number): Span[] {
  const ref = stateRefAt(machine, offset);
  if (!ref?.state) return [];
  return [ref.state.tree.range(ref.state.keyNode)];
}

/** Every transition naming the state at the offset, in its scope, and its key when asked. */
export function references(machine: Machine, offset: number, includeDeclaration = true): Span[] {
  const ref = stateRefAt(machine, offset);
  if (!ref) return [];
  const scope = ref.state?.scope ?? ref.scope;
  const out: Span[] = [];
  const tree = scope.tree;
  if (includeDeclaration && ref.state) out.push(tree.range(ref.state.keyNode));
  for (const t of transitionsTo(scope, ref.name)) out.push(tree.range(t.node));
  return out;
}

export interface Highlight extends Span {
  /** 'write' for the definition, 'read' for a transition naming it. */
  kind: 'read' | 'write';
}

export function highlights(machine: Machine, offset: number): Highlight[] {
  const ref = stateRefAt(machine, offset);
  if (!ref) return [];
  const scope = ref.state?.scope ?? ref.scope;
  const out: Highlight[] = [];
  const tree = scope.tree;
  if (ref.state) out.push({ ...tree.range(ref.state.keyNode), kind: 'write' });
  for (const t of transitionsTo(scope, ref.name)) out.push({ ...tree.range(t.node), kind: 'read' });
  return out;
}
