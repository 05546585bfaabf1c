/**
 * The values the panel's side form shows for each state (the scalar fields of FORM_FIELDS the
 * state has), put on the graph's nodes. Read through the tree's named API.
 */
import type { Machine } from '../model';
import { FORM_FIELDS } from './editTypes';
import type { GraphNode } from './types';

/** Longest field value carried to the panel; longer ones are left for the editor. */
const MAX_FIELD_CHARS = 2000;

export function addFormFields(machine: Machine, nodes: GraphNode[]): void {
  const tree = machine.doc.tree;
  if (!tree) return;
  const byKey = new Map(machine.states.map((s) => [tree.range(tree.keyNode(tree.parentOf(s.index))).offset, s]));
  for (const n of nodes) {
    const s = n.kind === 'state' && n.nameOffset !== undefined ? byKey.get(n.nameOffset) : undefined;
    if (!s) continue;
    for (const key of FORM_FIELDS) {
      const v = tree.scalar(tree.get(s.index, key));
      if ((typeof v === 'string' && v.length <= MAX_FIELD_CHARS) || typeof v === 'number') (n.fields ??= {})[key] = v;
    }
  }
}
