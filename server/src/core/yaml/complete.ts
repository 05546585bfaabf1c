import type { CompletionItem } from '../language/types';
import type { Machine, Scope } from '../model';
import { STATE_TYPES } from '../schema/fields';
import { plainOrQuoted } from './edits';

/**
 * Completion in a YAML machine, read from the line being typed (the JSON completion reads JSON
 * tokens): the state names of the scope after `Next:`, `Default:` and `StartAt:`, the state types
 * after `Type:`. The value typed so far (plain or quoted) is replaced, its quoting kept.
 */
const VALUE_LINE = /^\s*(?:-\s+)?(["']?)(Next|Default|StartAt|Type)\1\s*:\s*(["']?)([^"'#]*)$/;

export function completeYaml(machine: Machine, offset: number): CompletionItem[] {
  const text = machine.doc.text;
  let lineStart = offset;
  while (lineStart > 0 && text[lineStart - 1] !== '\n' && text[lineStart - 1] !== '\r') lineStart--;
  const m = VALUE_LINE.exec(text.slice(lineStart, offset));
  if (!m) return [];
  const [, , key, quote, typed] = m;
  const start = offset - typed.length - quote.length;
  // The rest of the value on the line: up to a comment, the closing quote, or the line's end.
  let stop = offset;
  while (stop < text.length && !/[\r\n#]/.test(text[stop]) && (quote === '' || text[stop] !== quote)) stop++;
  if (quote !== '' && text[stop] === quote) stop++;
  else while (stop > offset && /\s/.test(text[stop - 1])) stop--;
  const write = (v: string) => (quote === "'" ? `'${v.replace(/'/g, "''")}'` : quote === '"' ? JSON.stringify(v) : plainOrQuoted(v));
  if (key === 'Type') {
    return STATE_TYPES.map((t) => ({ label: t, kind: 'type' as const, edit: { offset: start, length: stop - start, newText: write(t) }, filterText: write(t) }));
  }
  const scope = key === 'StartAt' ? innermostScope(machine, offset) : machine.states.filter((s) => contains(s.tree.range(s.index), offset)).pop()?.scope;
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
  for (const s of machine.scopes) {
    const r = s.tree.range(s.nodeIndex);
    if (contains(r, offset) && (!best || r.length <= best.tree.range(best.nodeIndex).length)) best = s;
  }
  return best;
}
