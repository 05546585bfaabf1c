/**
 * Rename a state: its key and every transition of its scope naming it, in one edit. Refused when
 * the new name is not a string, is empty, longer than 80 characters, holds control characters or
 * a lone surrogate, or already names a state anywhere in the machine (state names are unique
 * machine-wide, branches and processors included).
 */
import type { Machine } from '../model';
import type { Span } from './cursor';
import { isTerminated } from './cursor';
import { stateRefAt, transitionsTo } from './stateRefs';
import type { TextEdit } from './types';

export const MAX_STATE_NAME_LENGTH = 80;

export type PrepareRenameResult = (Span & { placeholder: string }) | { error: string };
export type RenameResult = { edits: TextEdit[] } | { error: string };

const NOT_A_NAME = 'Put the cursor on a state name (its key, or a StartAt, Next or Default naming it) to rename a state.';

/** The range of the name to rename (inside its quotes) and the name, or why it cannot be renamed. */
export function prepareRename(machine: Machine, offset: number): PrepareRenameResult {
  const ref = stateRefAt(machine, offset);
  if (!ref) return { error: NOT_A_NAME };
  if (!ref.state) return { error: `No state named "${ref.name}" exists in ${ref.scope.label}, so there is nothing to rename.` };
  const node = machine.doc.tree!.range(ref.node);
  const inner = isTerminated(machine.doc.text, node) ? node.length - 2 : node.length - 1;
  return { offset: node.offset + 1, length: Math.max(0, inner), placeholder: ref.name };
}

export function rename(machine: Machine, offset: number, newName: string): RenameResult {
  const ref = stateRefAt(machine, offset);
  if (!ref) return { error: NOT_A_NAME };
  const state = ref.state;
  if (!state) return { error: `No state named "${ref.name}" exists in ${ref.scope.label}, so there is nothing to rename.` };
  const problem = nameProblem(machine, state.name, newName);
  if (problem) return { error: problem };
  if (newName === state.name) return { edits: [] };
  const text = JSON.stringify(newName);
  const tree = state.tree;
  const edits: TextEdit[] = [{ ...tree.range(state.keyNode), newText: text }];
  for (const t of transitionsTo(state.scope, state.name)) edits.push({ ...tree.range(t.node), newText: text });
  return { edits };
}

/** Why `newName` cannot replace `oldName`, or undefined when it can. */
export function nameProblem(machine: Machine, oldName: string, newName: string): string | undefined {
  if (typeof newName !== 'string') return 'The new name must be a string.';
  if (newName.length === 0) return 'A state name cannot be empty.';
  // Four UTF-16 units per character at most: a longer string is refused before it is walked.
  if (newName.length > 4 * MAX_STATE_NAME_LENGTH)
    return `The new name has ${newName.length} characters; state names can be at most ${MAX_STATE_NAME_LENGTH} long.`;
  // Valid JSON either way (JSON.stringify escapes them), but not a name anyone means to type.
  if (/[\u0000-\u001f\u007f]/.test(newName)) return 'A state name cannot contain control characters (line breaks, tabs and the like).';
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(newName))
    return 'The new name is not valid Unicode text (it holds a lone surrogate).';
  const length = [...newName].length;
  if (length > MAX_STATE_NAME_LENGTH)
    return `"${newName.slice(0, 30)}..." has ${length} characters; state names can be at most ${MAX_STATE_NAME_LENGTH} long.`;
  if (newName !== oldName) {
    const other = machine.byName.get(newName)?.[0];
    if (other) {
      const line = machine.doc.lines.positionAt(other.tree.offset[other.keyNode]).line + 1;
      return `A state named "${newName}" already exists (line ${line}, in ${other.scope.label}): state names must be unique across the whole state machine.`;
    }
  }
  return undefined;
}
