import type { CompletionItem } from '../language/types';
import type { Machine, Scope } from '../model';
import { fieldsOf, getScopeSchema, getStateSchema, isStateType, STATE_TYPES } from '../schema/fields';
import { plainOrQuoted } from './edits';

/**
 * Completion in a YAML machine, read from the line being typed (the JSON completion reads JSON
 * tokens): the state names of the scope after `Next:`, `Default:` and `StartAt:`, the state types
 * after `Type:`, and a state's (or the machine's) missing fields where a key is being typed. The
 * value typed so far (plain or quoted) is replaced, its quoting kept.
 */
const VALUE_LINE = /^\s*(?:-\s+)?(["']?)(Next|Default|StartAt|Type)\1\s*:(\s*)(["']?)([^"'#]*)$/;

export function completeYaml(machine: Machine, offset: number): CompletionItem[] {
  const text = machine.doc.text;
  let lineStart = offset;
  while (lineStart > 0 && text[lineStart - 1] !== '\n' && text[lineStart - 1] !== '\r') lineStart--;
  const m = VALUE_LINE.exec(text.slice(lineStart, offset));
  if (!m) return fieldItems(machine, lineStart, offset);
  const [, , key, space, quote, typed] = m;
  const start = offset - typed.length - quote.length;
  // The rest of the value on the line: up to a comment, the closing quote, or the line's end.
  let stop = offset;
  while (stop < text.length && !/[\r\n#]/.test(text[stop]) && (quote === '' || text[stop] !== quote)) stop++;
  if (quote !== '' && text[stop] === quote) stop++;
  else while (stop > offset && /\s/.test(text[stop - 1])) stop--;
  // Completion right after the colon (its trigger character) adds the space YAML needs there.
  const lead = space === '' ? ' ' : '';
  const write = (v: string) => lead + (quote === "'" ? `'${v.replace(/'/g, "''")}'` : quote === '"' ? JSON.stringify(v) : plainOrQuoted(v));
  if (key === 'Type') {
    return STATE_TYPES.map((t) => ({
      label: t,
      kind: 'type' as const,
      edit: { offset: start, length: stop - start, newText: write(t) },
      filterText: write(t),
    }));
  }
  const scope =
    key === 'StartAt'
      ? innermostScope(machine, offset)
      : machine.states.filter((s) => contains(s.tree.range(s.index), offset)).pop()?.scope;
  if (!scope) return [];
  return scope.stateList.map((s, i) => ({
    label: s.name,
    kind: 'state' as const,
    edit: { offset: start, length: stop - start, newText: write(s.name) },
    filterText: write(s.name),
    sortText: String(i).padStart(6, '0'),
  }));
}

function contains(node: { offset: number; length: number }, offset: number): boolean {
  return node.offset <= offset && offset <= node.offset + node.length;
}

/** The innermost scope (machine, branch or processor) whose mapping holds the offset. */
function innermostScope(machine: Machine, offset: number): Scope | undefined {
  let best: Scope | undefined;
  let size = Infinity;
  for (const s of machine.scopes) {
    const r = s.tree.range(s.nodeIndex);
    if (contains(r, offset) && r.length <= size) {
      best = s;
      size = r.length;
    }
  }
  return best;
}

/** A key being typed alone on its line (no colon yet). */
const KEY_LINE = /^( *)([A-Za-z]*)$/;

/**
 * The fields a key being typed can be: the mapping it goes into is the one of the nearest line
 * above with less indentation (`Name:` of a state, or the machine at column 0). While a key is
 * half-typed, YAML reads it as part of the value above, so the text is read here, not the tree.
 */
function fieldItems(machine: Machine, lineStart: number, offset: number): CompletionItem[] {
  const text = machine.doc.text;
  const m = KEY_LINE.exec(text.slice(lineStart, offset));
  if (!m) return [];
  const indent = m[1].length;
  const typedStart = offset - m[2].length;
  let stop = offset;
  while (stop < text.length && /[A-Za-z]/.test(text[stop])) stop++;
  const tree = machine.doc.tree;
  if (!tree) return [];
  let fields: string[];
  let mapping = -1;
  if (indent === 0) {
    fields = fieldsOf(getScopeSchema('machine'));
    mapping = 0;
  } else {
    const parentKey = parentKeyAbove(text, lineStart, indent);
    const state = parentKey === undefined ? undefined : machine.states.find((s) => s.tree.range(s.keyNode).offset === parentKey);
    if (!state) return [];
    const type = state.type;
    fields = isStateType(type) ? fieldsOf(getStateSchema(type, state.queryLanguage)) : ['Type', 'Comment'];
    for (let p = 0; p < tree.size && mapping < 0; p++)
      if (tree.kindOf(p) === 'property' && tree.range(tree.keyNode(p)).offset === parentKey) mapping = tree.valueNode(p);
  }
  const existing = new Set(tree.kindOf(mapping) === 'object' ? tree.children(mapping).map((p) => tree.keyText(p)) : []);
  return fields
    .filter((f) => !existing.has(f) || f === m[2])
    .map((f) => ({ label: f, kind: 'field' as const, edit: { offset: typedStart, length: stop - typedStart, newText: `${f}: ` } }));
}

/** The offset of the key on the nearest non-blank, non-comment line above with less indentation. */
function parentKeyAbove(text: string, lineStart: number, indent: number): number | undefined {
  let end = lineStart - 1;
  while (end > 0) {
    let start = end;
    while (start > 0 && text[start - 1] !== '\n') start--;
    const line = text.slice(start, end).replace(/\r$/, '');
    const lead = line.length - line.trimStart().length;
    if (line.trim() !== '' && !line.trimStart().startsWith('#') && lead < indent) {
      return /^\s*["']?[^\s#][^#]*:\s*(#.*)?$/.test(line) ? start + lead : undefined;
    }
    end = start - 1;
  }
  return undefined;
}
