/**
 * Revalidation after an edit, without redoing the work the edit did not touch:
 * - the parse: the innermost container around the edit is parsed again and spliced into the
 *   previous tree, whose other nodes only shift their offsets;
 * - the state-local rules (those marked `local`): states whose text and context are unchanged keep
 *   their previous findings, shifted; only the changed states are checked again.
 * The machine-wide rules (reachability, duplicates, variables...) always run: they are cheap and
 * any edit can change their answer. Every fallback is the full analysis, so results are the same
 * as `analyze` on the new text (a test checks exactly that).
 */
import { fastParseTree, pushChildren, type DuplicateKey } from './fastParse';
import { buildModel, type Machine, type Scope, type StateInfo } from './model';
import { parseDocument, valueOf, type JsonNode, type ParsedDocument } from './parse';
import { ALL_RULES } from './rules';
import { LineIndex } from './text';
import type { AslDiagnostic, ValidationOptions } from './types';
import { runRules, type Analysis } from './validate';

export interface EditableAnalysis extends Analysis {
  options: ValidationOptions;
  /** Findings of the state-local rules, and of the others, each sorted by offset. */
  local: AslDiagnostic[];
  global: AslDiagnostic[];
  /** How the last revalidation went, for logs and the benchmark. */
  reuse: { parse: 'full' | 'spliced'; statesChecked: number; statesReused: number };
}

const LOCAL_RULES = ALL_RULES.filter((r) => r.local);
const GLOBAL_RULES = ALL_RULES.filter((r) => !r.local);

/** A full analysis that keeps what `reanalyze` needs. */
export function analyzeForEditing(text: string, options: ValidationOptions = {}): EditableAnalysis {
  const doc = parseDocument(text, { placeholders: options.placeholders });
  return finish(doc, buildModel(doc), options, 'full', undefined);
}

/**
 * The analysis of `text`, reusing `prev` (the analysis of the previous version). `prev` is
 * consumed: its tree may be spliced into the new one, so do not use it afterwards.
 */
export function reanalyze(prev: EditableAnalysis, text: string, options: ValidationOptions = {}): EditableAnalysis {
  if (text === prev.doc.text && sameOptions(prev.options, options)) return prev;
  if (!sameOptions(prev.options, options)) return analyzeForEditing(text, options);
  const reusable = previousStates(prev);
  const doc = spliceParse(prev.doc, text) ?? parseDocument(text, { placeholders: options.placeholders });
  const spliced = doc.root !== undefined && doc.root === prev.doc.root;
  return finish(doc, buildModel(doc), options, spliced ? 'spliced' : 'full', reusable);
}

function sameOptions(a: ValidationOptions, b: ValidationOptions): boolean {
  return (a.placeholders !== false) === (b.placeholders !== false) && JSON.stringify(a.severity ?? {}) === JSON.stringify(b.severity ?? {});
}

/** What a state's local findings depend on besides its own text. */
function contextKey(machine: Machine, s: StateInfo): string {
  const scope = s.scope;
  return `${machine.queryLanguage}|${s.queryLanguage}|${scope.kind}|${scope.distributed}`;
}

interface PreviousState {
  text: string;
  start: number;
  context: string;
  findings: AslDiagnostic[];
}

/** The previous version's states by (unique) name, each with the local findings inside it. */
function previousStates(prev: EditableAnalysis): Map<string, PreviousState> {
  const out = new Map<string, PreviousState>();
  const { machine, doc } = prev;
  const byState = new Map<StateInfo, AslDiagnostic[]>();
  for (const d of prev.local) {
    const s = innermostState(machine.states, d.offset);
    if (!s) continue;
    const list = byState.get(s);
    if (list) list.push(d);
    else byState.set(s, [d]);
  }
  for (const s of machine.states) {
    if ((machine.byName.get(s.name)?.length ?? 0) !== 1) continue;
    const start = s.keyNode.offset;
    out.set(s.name, {
      text: doc.text.slice(start, s.node.offset + s.node.length),
      start,
      context: contextKey(machine, s),
      findings: byState.get(s) ?? [],
    });
  }
  return out;
}

/** States are in text order with parents first; the innermost one whose text holds the offset. */
function innermostState(states: StateInfo[], offset: number): StateInfo | undefined {
  let lo = 0;
  let hi = states.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (states[mid].keyNode.offset <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found < 0) return undefined;
  let s: StateInfo | undefined = states[found];
  while (s && !(offset >= s.keyNode.offset && offset < s.node.offset + s.node.length)) s = s.scope.owner;
  return s;
}

function finish(doc: ParsedDocument, machine: Machine, options: ValidationOptions, parse: 'full' | 'spliced', reusable: Map<string, PreviousState> | undefined): EditableAnalysis {
  const global = runRules(doc, machine, options, GLOBAL_RULES);
  let local: AslDiagnostic[];
  let statesChecked = machine.states.length;
  let statesReused = 0;
  if (!reusable || reusable.size === 0) {
    local = runRules(doc, machine, options, LOCAL_RULES);
  } else {
    const dirty: StateInfo[] = [];
    const kept: AslDiagnostic[] = [];
    for (const s of machine.states) {
      const p = (machine.byName.get(s.name)?.length ?? 0) === 1 ? reusable.get(s.name) : undefined;
      const start = s.keyNode.offset;
      const end = s.node.offset + s.node.length;
      if (p && p.context === contextKey(machine, s) && end - start === p.text.length && doc.text.slice(start, end) === p.text) {
        const shift = start - p.start;
        for (const d of p.findings) kept.push(shifted(doc.lines, d, shift));
      } else dirty.push(s);
    }
    statesChecked = dirty.length;
    statesReused = machine.states.length - dirty.length;
    // Scopes are checked with their owner; the machine's own scope always.
    const dirtySet = new Set(dirty);
    const scopes: Scope[] = machine.scopes.filter((sc) => !sc.owner || dirtySet.has(sc.owner));
    const view: Machine = { ...machine, states: dirty, scopes };
    const fresh = runRules(doc, view, options, LOCAL_RULES);
    local = merge(fresh, kept);
  }
  const diagnostics = merge(global, local);
  return { doc, machine, diagnostics, options, local, global, reuse: { parse, statesChecked, statesReused } };
}

function shifted(lines: LineIndex, d: AslDiagnostic, shift: number): AslDiagnostic {
  if (shift === 0) return { ...d, range: lines.rangeOf(d.offset, d.length) };
  const offset = d.offset + shift;
  return { ...d, offset, range: lines.rangeOf(offset, d.length) };
}

/** Sorted union, without the duplicates a re-checked parent and a kept child may both hold. */
function merge(a: AslDiagnostic[], b: AslDiagnostic[]): AslDiagnostic[] {
  const seen = new Set<string>();
  const out: AslDiagnostic[] = [];
  for (const d of [...a, ...b]) {
    const key = `${d.code}:${d.offset}:${d.length}:${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  out.sort((x, y) => x.offset - y.offset || x.code.localeCompare(y.code));
  return out;
}

/**
 * Parses only the innermost container around the edit, and splices the result into the
 * previous tree (mutating it). Undefined when that is not possible: no previous tree, syntax
 * errors before or after, placeholders, or an edit that changes the container's boundaries.
 */
function spliceParse(prev: ParsedDocument, text: string): ParsedDocument | undefined {
  const old = prev.text;
  const root = prev.root;
  if (!root || prev.syntaxErrors.length > 0 || prev.placeholderOffsets.size > 0) return undefined;
  if (prev.placeholders && text.includes('${')) return undefined;
  // The edit: [start, oldEnd) in the old text became [start, newEnd) in the new one.
  const max = Math.min(old.length, text.length);
  let start = 0;
  while (start < max && old.charCodeAt(start) === text.charCodeAt(start)) start++;
  let suffix = 0;
  while (suffix < max - start && old.charCodeAt(old.length - 1 - suffix) === text.charCodeAt(text.length - 1 - suffix)) suffix++;
  const oldEnd = old.length - suffix;
  const delta = text.length - old.length;

  // Innermost object or array strictly containing the edit (its brackets untouched).
  let target: JsonNode | undefined;
  let node: JsonNode | undefined = root;
  while (node && (node.type === 'object' || node.type === 'array') && node.offset < start && oldEnd < node.offset + node.length) {
    target = node;
    node = childContaining(node, start, oldEnd);
  }
  if (!target) return undefined;
  const sliceEnd = target.offset + target.length + delta;
  const freshDuplicates: DuplicateKey[] = [];
  const fresh = fastParseTree(text.slice(target.offset, sliceEnd), Infinity, freshDuplicates);
  if (!fresh || 'tooDeepAt' in fresh || fresh.type !== target.type) return undefined;

  // Shift the rest of the old tree, then put the fresh children in place.
  shiftTree(root, target, start, oldEnd, delta);
  const base = target.offset;
  for (const c of fresh.children ?? []) {
    rebase(c, base);
    (c as { parent: JsonNode | undefined }).parent = target;
  }
  (target as { children: JsonNode[] | undefined }).children = fresh.children;
  (target as { length: number }).length = fresh.length;
  // Repeated keys: the previous ones outside the target still stand (their nodes were kept and
  // shifted); those inside it are the fresh parse's (rebased with the fresh children).
  const duplicateKeys = prev.duplicateKeys && [...prev.duplicateKeys.filter(([key]) => !descendsFrom(key, target!)), ...freshDuplicates];
  return { text, root, syntaxErrors: [], placeholderOffsets: new Set(), placeholders: prev.placeholders, lines: new LineIndex(text), duplicateKeys };
}

/** True when `node` is strictly inside `ancestor` (by parent links, which replaced nodes keep). */
function descendsFrom(node: JsonNode, ancestor: JsonNode): boolean {
  for (let n = node.parent; n; n = n.parent) if (n === ancestor) return true;
  return false;
}

/** The child node (of an object: the property) whose range contains [start, end), if any. */
function childContaining(node: JsonNode, start: number, end: number): JsonNode | undefined {
  const children = node.children ?? [];
  let lo = 0;
  let hi = children.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = children[mid];
    if (c.offset + c.length < start) lo = mid + 1;
    else if (c.offset > end) hi = mid - 1;
    else {
      if (c.offset <= start && end <= c.offset + c.length) return c.type === 'property' ? valueOf(c) : c;
      return undefined;
    }
  }
  return undefined;
}

/** Old nodes after the edit move by delta; ancestors of the target grow by it. */
function shiftTree(root: JsonNode, target: JsonNode, start: number, oldEnd: number, delta: number): void {
  if (delta === 0) return;
  const stack: JsonNode[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n === target) {
      continue; // its children are replaced; its length is set by the caller
    }
    const end = n.offset + n.length;
    if (end <= start) continue; // entirely before the edit: untouched
    if (n.offset >= oldEnd) {
      rebase(n, delta);
      continue;
    }
    // Contains the edit: an ancestor of the target.
    (n as { length: number }).length += delta;
    pushChildren(stack, n);
  }
}

/** Moves a whole subtree by `by` characters. */
function rebase(node: JsonNode, by: number): void {
  const stack: JsonNode[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    (n as { offset: number }).offset += by;
    if (n.colonOffset !== undefined && n.colonOffset >= 0) (n as { colonOffset: number }).colonOffset += by;
    pushChildren(stack, n);
  }
}
