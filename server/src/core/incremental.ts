/**
 * Revalidation after an edit, without redoing the work the edit did not touch:
 * - the parse: the innermost object or array around the edit is parsed again and spliced into
 *   the previous tree's arrays, whose later entries move in bulk;
 * - the state-local rules (those marked `local`): states whose text and context are unchanged keep
 *   their previous findings, shifted; only the changed states are checked again.
 * The machine-wide rules (reachability, duplicates, variables...) always run: they are cheap and
 * any edit can change their answer. Every fallback is the full analysis, so results are the same
 * as `analyze` on the new text (a test checks exactly that).
 */
import { buildModel, type Machine, type Scope, type StateInfo } from './model';
import { documentOf, MAX_DEPTH, parseDocument, type ParsedDocument } from './parse';
import { PROPERTY, spliceTree, type Tree } from './fastParse';
import type { Syntax } from './syntax';
import { parseYamlDocument } from './yaml/document';
import { keepCleanBase, spliceYamlDocument, textEdit } from './yaml/splice';
import { isSelfContained } from './yaml/tree';
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
  reuse: { parse: 'full' | 'spliced'; statesChecked: number; statesReused: number; charactersParsed: number };
}

const LOCAL_RULES = ALL_RULES.filter((r) => r.local);
const GLOBAL_RULES = ALL_RULES.filter((r) => !r.local);

/** A full analysis that keeps what `reanalyze` needs. */
export function analyzeForEditing(text: string, options: ValidationOptions = {}): EditableAnalysis {
  const doc = parseDocument(text, { placeholders: options.placeholders });
  return finish(doc, buildModel(doc), options, 'full', undefined, text.length);
}

/** The analysis of `text`, reusing the findings of `prev` (the analysis of the previous version). */
export function reanalyze(prev: EditableAnalysis, text: string, options: ValidationOptions = {}): EditableAnalysis {
  return validateEdited(prev, reparse(prev, text, options), options);
}

/** A version's parse and model, and how the parse was made. */
export interface Reparsed {
  doc: ParsedDocument;
  machine: Machine;
  parse: 'full' | 'spliced';
  /** How much of the text was parsed (all of it unless spliced). */
  charactersParsed: number;
}

/**
 * The parse and model of `text` made from `prev`'s (only the edited part parsed again), without
 * validation: what completion or hover needs on a version not validated yet. `prev` is left as it
 * was, so `validateEdited` can then reuse its findings for this same parse.
 */
export function reparse(
  prev: EditableAnalysis | undefined,
  text: string,
  options: ValidationOptions = {},
  syntax: Syntax = 'json',
): Reparsed {
  if (prev && text === prev.doc.text && sameOptions(prev.options, options) && (prev.doc.syntax ?? 'json') === syntax)
    return { doc: prev.doc, machine: prev.machine, parse: prev.reuse.parse, charactersParsed: 0 };
  if (syntax === 'yaml') {
    // YAML splices along its block entries (yaml/splice.ts); else it is parsed whole.
    const base = prev?.doc.syntax === 'yaml' && sameOptions(prev.options, options) ? prev.doc : undefined;
    const spliced = base && spliceYamlDocument(base, text);
    const doc = spliced ?? parseYamlDocument(text, { placeholders: options.placeholders });
    if (base && !spliced) keepCleanBase(base, doc);
    return { doc, machine: buildModel(doc), parse: spliced ? 'spliced' : 'full', charactersParsed: spliced?.tree?.reparsed ?? text.length };
  }
  if (prev?.doc.syntax === 'yaml') prev = undefined;
  const tree = prev && sameOptions(prev.options, options) ? spliceParse(prev.doc, text) : undefined;
  const doc = tree ? documentOf(text, tree, prev!.doc.placeholders) : parseDocument(text, { placeholders: options.placeholders });
  return { doc, machine: buildModel(doc), parse: tree ? 'spliced' : 'full', charactersParsed: tree?.reparsed ?? text.length };
}

/** The diagnostics of `parsed` (from `reparse(prev, ...)`), reusing what `prev` found where nothing changed. */
export function validateEdited(prev: EditableAnalysis | undefined, parsed: Reparsed, options: ValidationOptions = {}): EditableAnalysis {
  if (prev && parsed.doc === prev.doc && sameOptions(prev.options, options)) return prev;
  const reusable =
    prev && sameOptions(prev.options, options) && prev.machine.states.length > 0 && ownText(prev.doc) && ownText(parsed.doc)
      ? prev
      : undefined;
  return finish(parsed.doc, parsed.machine, options, parsed.parse, reusable, parsed.charactersParsed);
}

/**
 * Whether every node of the document lies in its own text: not so in YAML with anchors, aliases
 * or merge keys (an alias's nodes are at its anchor's offsets), where a state's findings may lie
 * in another state's text, so no state keeps its findings.
 */
function ownText(doc: ParsedDocument): boolean {
  return doc.syntax !== 'yaml' || (doc.tree !== undefined && isSelfContained(doc.tree));
}

function sameOptions(a: ValidationOptions, b: ValidationOptions): boolean {
  return (
    (a.placeholders !== false) === (b.placeholders !== false) &&
    a.machineType === b.machineType &&
    JSON.stringify(a.severity ?? {}) === JSON.stringify(b.severity ?? {})
  );
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
  /** Every local finding inside the state's text, its nested states' included, sorted. */
  findings: AslDiagnostic[];
}

/**
 * The previous version's state of that name when the name was unique, with every local finding
 * inside its text. A state kept as it was keeps its whole subtree's findings: a finding inside it
 * may come from a check of an enclosing scope (a nested state that is not an object is reported
 * by its scope), so handing it to the innermost state lost it when that state could not be
 * matched by name. Looked up only for the states the new version asks about (nested states of a
 * kept one are not).
 */
function previousState(prev: EditableAnalysis, name: string): PreviousState | undefined {
  const same = prev.machine.byName.get(name);
  if (!same || same.length !== 1 || hasEntryWithoutValue(prev.doc, same[0])) return undefined;
  const s = same[0];
  const tree = prev.doc.tree!;
  const start = tree.offset[s.keyNode];
  const end = spanEnd(prev.doc, s);
  const local = prev.local;
  return {
    text: prev.doc.text.slice(start, end),
    start,
    context: contextKey(prev.machine, s),
    findings: local.slice(firstAtOrAfter(local, start), firstAtOrAfter(local, end)),
  };
}

/**
 * Where the text a state's local findings depend on ends. In JSON, its value's end. In YAML, the
 * next node's start: a block ends with its last entry, and a finding about an entry without a
 * value sits after its colon, past that end (its spaces and comments are the state's, too).
 */
function spanEnd(doc: ParsedDocument, s: StateInfo): number {
  const tree = doc.tree!;
  const end = tree.offset[s.index] + tree.length[s.index];
  if (doc.syntax !== 'yaml') return end;
  const next = tree.end[s.index];
  return Math.max(end, next < tree.size ? tree.offset[next] : doc.text.length);
}

/**
 * Whether a YAML state holds a key without a value (`Key:` alone, or an empty null the library
 * places on a later line): a finding about it sits after the colon, where the text of the next
 * node may start, so such a state is always checked again.
 */
function hasEntryWithoutValue(doc: ParsedDocument, s: StateInfo): boolean {
  if (doc.syntax !== 'yaml') return false;
  const tree = doc.tree!;
  for (let i = s.index, e = tree.end[s.index]; i < e; i++)
    if ((tree.kind[i] === PROPERTY && tree.valueOf(i) < 0) || tree.length[i] === 0) return true;
  return false;
}

/** The index of the first finding (sorted by offset) at or after `offset`. */
function firstAtOrAfter(list: AslDiagnostic[], offset: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].offset < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function finish(
  doc: ParsedDocument,
  machine: Machine,
  options: ValidationOptions,
  parse: 'full' | 'spliced',
  reusable: EditableAnalysis | undefined,
  charactersParsed: number,
): EditableAnalysis {
  const global = runRules(doc, machine, options, GLOBAL_RULES);
  let local: AslDiagnostic[];
  let statesChecked = machine.states.length;
  let statesReused = 0;
  if (!reusable) {
    local = runRules(doc, machine, options, LOCAL_RULES);
  } else {
    const dirty: StateInfo[] = [];
    const kept: AslDiagnostic[] = [];
    // States come parents first in text order: those inside a kept state are kept with it.
    let keptUntil = -1;
    const tree = doc.tree!;
    for (const s of machine.states) {
      const start = tree.offset[s.keyNode];
      if (start < keptUntil) continue;
      const p =
        (machine.byName.get(s.name)?.length ?? 0) === 1 && !hasEntryWithoutValue(doc, s) ? previousState(reusable, s.name) : undefined;
      const end = spanEnd(doc, s);
      if (p && p.context === contextKey(machine, s) && end - start === p.text.length && doc.text.slice(start, end) === p.text) {
        const shift = start - p.start;
        for (const d of p.findings) kept.push(shifted(doc.lines, d, shift));
        keptUntil = end;
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
  return { doc, machine, diagnostics, options, local, global, reuse: { parse, statesChecked, statesReused, charactersParsed } };
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
 * The new text's tree from the previous one, parsing only the innermost container around the
 * edit. Undefined (parse it whole) when there is no previous tree, it had syntax errors or
 * placeholders, or the edit does not stay inside one container that still parses.
 */
function spliceParse(prev: ParsedDocument, text: string): Tree | undefined {
  if (!prev.tree || prev.syntaxErrors.length > 0 || prev.placeholderOffsets.size > 0) return undefined;
  if (prev.placeholders && text.includes('${')) return undefined;
  const { start, oldEnd, delta } = textEdit(prev.text, text);
  return spliceTree(prev.tree, text, start, oldEnd, delta, MAX_DEPTH);
}
