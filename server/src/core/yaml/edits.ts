import { stringify } from 'yaml';
import type { ParsedDocument } from '../parse';
import { OBJECT, PROPERTY, STRING, type Tree } from '../tree';

/**
 * The editing features write JSON (a state name as `"Name"`, a new field as `, "End": true`).
 * In a YAML document those edits are rewritten as YAML: a replaced scalar keeps the user's
 * quoting (plain stays plain while plain still reads back as the same string; single- and
 * double-quoted stay so), a new field goes on its own line at its siblings' column (or `, k: v`
 * in a flow mapping). An edit that cannot be said in YAML makes the whole set undefined: the
 * caller then offers nothing rather than JSON text in a YAML file.
 */

/** An edit as the core features return it. */
export interface Edit {
  offset: number;
  length: number;
  newText: string;
}

/** The same edits, written for YAML; undefined when one of them has no YAML form here. */
export function yamlEdits(doc: ParsedDocument, edits: readonly Edit[]): Edit[] | undefined {
  const tree = doc.tree;
  if (!tree) return undefined;
  const out: Edit[] = [];
  const seen = new Set<string>();
  for (const e of edits) {
    const rewritten = yamlEdit(doc.text, tree, e);
    if (!rewritten) return undefined;
    // An alias repeats its anchor's nodes: one edit of the anchor's text is enough.
    const key = `${rewritten.offset}:${rewritten.length}:${rewritten.newText}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(rewritten);
  }
  return out;
}

/**
 * A deletion of whole lines stops before the comment lines that end it: in YAML a comment just
 * above an entry is that entry's (`# Charge the card` above `Charge:`), not the deleted one's.
 */
function keepLeadingComments(text: string, e: Edit): Edit {
  const lines = text.slice(e.offset, e.offset + e.length).split(/(?<=\n)/);
  let keep = lines.length;
  while (keep > 1 && /^\s*#.*\r?\n$/.test(lines[keep - 1])) keep--;
  return keep === lines.length ? e : { offset: e.offset, length: lines.slice(0, keep).join('').length, newText: '' };
}

/** A JSON string literal's value, or undefined when the text is not one. */
function jsonString(text: string): string | undefined {
  if (!text.startsWith('"')) return undefined;
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

/** `,\n    "Key": value` or ` "Key": value ` as added by `addProperty`. */
const ADDED_PROPERTY = /^(?:,\s*|\s+)("(?:[^"\\]|\\.)*")\s*:\s*([\s\S]*?)\s*$/;

function yamlEdit(text: string, tree: Tree, e: Edit): Edit | undefined {
  if (e.newText === '') return keepLeadingComments(text, e);
  const value = jsonString(e.newText);
  if (value !== undefined) {
    const node = stringNodeAt(tree, e.offset, e.length);
    if (node < 0) return undefined;
    return { offset: e.offset, length: e.length, newText: scalarLike(text, tree, node, value) };
  }
  // Text written inside a string (a variable name): the same characters in YAML, when plain ones.
  if (e.length > 0 && /^[A-Za-z0-9_$.]*$/.test(e.newText)) return e;
  const added = e.length === 0 ? ADDED_PROPERTY.exec(e.newText) : null;
  if (added) return addedProperty(text, tree, e.offset, JSON.parse(added[1]) as string, added[2]);
  return undefined;
}

/** The string node with exactly this range, or -1. */
function stringNodeAt(tree: Tree, offset: number, length: number): number {
  for (let i = 0; i < tree.size; i++) {
    if (tree.kind[i] === STRING && tree.offset[i] === offset && tree.length[i] === length) return i;
  }
  return -1;
}

/** Whether node i sits inside a flow collection (`{...}` / `[...]`), where `,[]{}` end a plain scalar. */
function inFlow(text: string, tree: Tree, i: number): boolean {
  for (let a = tree.parentOf(i); a >= 0; a = tree.parentOf(a)) {
    const c = text[tree.offset[a]];
    if (tree.kind[a] !== PROPERTY && (c === '{' || c === '[')) return true;
  }
  return false;
}

/** `value` as a YAML scalar in the style of node i (its first character says which). */
function scalarLike(text: string, tree: Tree, i: number, value: string): string {
  const first = text[tree.offset[i]];
  if (first === "'" && !/[\r\n]/.test(value)) return `'${value.replace(/'/g, "''")}'`;
  if (first === '"' || first === '|' || first === '>' || first === "'") return JSON.stringify(value);
  return plainOrQuoted(value, inFlow(text, tree, i));
}

/** A plain scalar when it reads back as the same string, else double-quoted. */
export function plainOrQuoted(value: string, flow = false): string {
  const plain = stringify(value, { lineWidth: 0 }).replace(/\n$/, '');
  const isPlain = plain === value && !(flow && /[,[\]{}]/.test(value));
  return isPlain ? value : JSON.stringify(value);
}

/** A scalar or JSON value's YAML form: scalars in plain style where they can be, the rest in flow style (JSON is YAML). */
function yamlValue(json: string): string {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    return json;
  }
  if (typeof v === 'string') return plainOrQuoted(v);
  return json;
}

/** `Key: value` added to the object whose last property ends at `at` (or that is `{}` opened at at - 1). */
function addedProperty(text: string, tree: Tree, at: number, key: string, json: string): Edit | undefined {
  const entry = `${plainOrQuoted(key)}: ${yamlValue(json)}`;
  for (let i = 0; i < tree.size; i++) {
    if (tree.kind[i] !== OBJECT) continue;
    const props = tree.children(i);
    const last = props[props.length - 1];
    const flow = text[tree.offset[i]] === '{';
    if (last === undefined) {
      if (flow && tree.offset[i] + 1 === at) return { offset: at, length: 0, newText: ` ${entry} ` };
      continue;
    }
    if (tree.offset[last] + tree.length[last] !== at) continue;
    if (flow) return { offset: at, length: 0, newText: `, ${entry}` };
    // Block mapping: a line of its own at the column of the siblings' keys.
    const keyAt = tree.offset[last];
    let lineStart = keyAt;
    while (lineStart > 0 && text[lineStart - 1] !== '\n' && text[lineStart - 1] !== '\r') lineStart--;
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    return { offset: at, length: 0, newText: `${eol}${' '.repeat(keyAt - lineStart)}${entry}` };
  }
  return undefined;
}

/** The range a rename edits for the string node at `offset` (inside its quotes, or the plain scalar). */
export function yamlNameRange(doc: ParsedDocument, offset: number): { offset: number; length: number } | undefined {
  const tree = doc.tree;
  if (!tree) return undefined;
  for (let i = 0; i < tree.size; i++) {
    if (tree.kind[i] !== STRING || tree.offset[i] !== offset) continue;
    const q = doc.text[offset];
    const quoted = q === '"' || q === "'";
    return quoted ? { offset: offset + 1, length: Math.max(0, tree.length[i] - 2) } : { offset, length: tree.length[i] };
  }
  return undefined;
}
