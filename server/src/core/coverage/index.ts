/**
 * Workflow coverage: over a set of runs of one machine, which states were entered, which
 * transitions taken (every Next, every Choice rule and Default, every Catch), which retriers
 * fired, counting Parallel branches' and Map processors' states too. Pure: the parsed model and
 * the runs' histories in, counts with source ranges out (formats.ts writes text, JSON and lcov).
 *
 * What the history says, per strand (the top-level flow, a branch, an iteration: events with
 * the same `scope`): a state was entered (its *StateEntered event); it left by its Next, by the
 * Choice rule or Default in `matchedRule`, or by the catcher in `matchedCatcher` (its *StateExited
 * event; in an imported AWS history, which has neither, the first catcher matching the error nothing
 * retried, and the Choice rule whose Next is the state entered next); a retrier fired when a failure (Task*Failed, *TimedOut, ParallelStateFailed, ...) is
 * followed, inside the same entry, by another attempt, and it is the first retrier whose
 * ErrorEquals matches that error (ASL spec: the first matching retrier applies).
 */
import { errorMatcher, errorMatches } from '../engine/errors';
import type { ExecutionResult, HistoryEvent } from '../engine/types';
import type { Machine, Scope } from '../model';
import type { Tree } from '../tree';

export type CoverageKind = 'state' | 'transition' | 'retrier';

export interface CoverageItem {
  kind: CoverageKind;
  /** The state the item belongs to, and its enclosing Parallel/Map states, outermost first. */
  state: string;
  within: string[];
  /** For transitions: Next, Default, Choice (rule `index`), Catch (catcher `index`); for retriers: the Retry index. */
  transition?: 'Next' | 'Default' | 'Choice' | 'Catch';
  index?: number;
  target?: string;
  /** True for a state inside a Parallel branch or a Map processor. */
  inner: boolean;
  hits: number;
  /** Where it is written: the state's name, the target string, the rule, catcher or retrier object. */
  offset: number;
  length: number;
  /** 0-based line of `offset`. */
  line: number;
}

export interface Ratio {
  covered: number;
  total: number;
}

export interface CoverageTotals {
  states: Ratio;
  innerStates: Ratio;
  transitions: Ratio;
  retriers: Ratio;
}

export interface MachineCoverage {
  machine: string;
  file?: string;
  runs: number;
  items: CoverageItem[];
  totals: CoverageTotals;
}

const RETRIABLE_FAILURE = new Set([
  'TaskFailed',
  'TaskTimedOut',
  'LambdaFunctionFailed',
  'LambdaFunctionTimedOut',
  'ActivityFailed',
  'ActivityTimedOut',
  'ParallelStateFailed',
  'MapStateFailed',
  'EvaluationFailed',
]);
const RESULT = new Set(['TaskSucceeded', 'LambdaFunctionSucceeded', 'ActivitySucceeded', 'ParallelStateSucceeded', 'MapStateSucceeded']);
const ATTEMPT = new Set(['TaskScheduled', 'LambdaFunctionScheduled', 'ActivityScheduled', 'ParallelStateStarted', 'MapStateStarted']);

/** Coverage of one machine over runs of it. */
export function computeCoverage(machine: Machine, runs: readonly ExecutionResult[], name: string, file?: string): MachineCoverage {
  const tree = machine.doc.tree;
  const lines = machine.doc.lines;
  const items: CoverageItem[] = [];
  const byKey = new Map<string, Entry>();
  const at = (i: number): { offset: number; length: number; line: number } => {
    const r = tree ? tree.range(i) : { offset: 0, length: 0 };
    return { ...r, line: lines.positionAt(r.offset).line };
  };
  for (const st of machine.states) {
    // A duplicate name is an error AWS rejects; the first definition is the one that runs.
    if (!tree || st.scope.states.get(st.name) !== st) continue;
    const within = ownersOf(st.scope);
    const inner = within.length > 0;
    const base = { state: st.name, within, inner, hits: 0 };
    const key = keyOf(scopePathOf(st.scope), st.name);
    const stateItem: CoverageItem = {
      kind: 'state',
      ...base,
      ...at(tree.parentOf(st.index) >= 0 ? tree.keyNode(tree.parentOf(st.index)) : st.index),
    };
    items.push(stateItem);
    const entry: Entry = { state: stateItem, choices: [], catches: [], retriers: [], retryLists: [], catchLists: [] };
    const next = tree.get(st.index, 'Next');
    if (tree.string(next) !== undefined)
      items.push((entry.next = { kind: 'transition', ...base, transition: 'Next', target: tree.string(next), ...at(next) }));
    listOf(tree, st.index, 'Choices').forEach((rule, i) => {
      items.push({ kind: 'transition', ...base, transition: 'Choice', index: i, target: tree.string(tree.get(rule, 'Next')), ...at(rule) });
      entry.choices.push(items[items.length - 1]);
    });
    const def = tree.get(st.index, 'Default');
    if (tree.string(def) !== undefined)
      items.push((entry.def = { kind: 'transition', ...base, transition: 'Default', target: tree.string(def), ...at(def) }));
    listOf(tree, st.index, 'Catch').forEach((c, i) => {
      items.push({ kind: 'transition', ...base, transition: 'Catch', index: i, target: tree.string(tree.get(c, 'Next')), ...at(c) });
      entry.catches.push(items[items.length - 1]);
      entry.catchLists.push(listOf(tree, c, 'ErrorEquals').map((e) => tree.string(e) ?? ''));
    });
    listOf(tree, st.index, 'Retry').forEach((r, i) => {
      items.push({ kind: 'retrier', ...base, index: i, ...at(r) });
      entry.retriers.push(items[items.length - 1]);
      entry.retryLists.push(listOf(tree, r, 'ErrorEquals').map((e) => tree.string(e) ?? ''));
    });
    byKey.set(key, entry);
  }

  for (const result of runs) {
    // Events of one strand in order; a state's entry runs from its Entered event to its Exited.
    const open = new Map<string, { key: string; failure?: string }>();
    /** A Choice exited without matchedRule (an imported AWS history): its next state tells the rule. */
    const choiceLeft = new Map<string, Entry>();
    // AWS writes ParallelStateFailed and MapStateFailed without the error: it is the branch's or iteration's.
    let lastError: string | undefined;
    for (const e of result.events) {
      const error = typeof e.details?.error === 'string' ? e.details.error : undefined;
      if (error !== undefined) lastError = error;
      if (e.stateName === undefined) continue;
      const strand = (e.scope ?? []).join('\u0000');
      const key = keyOf(eventPath(e.scope), e.stateName);
      const entry = byKey.get(key);
      if (!entry) continue;
      if (e.type.endsWith('StateEntered')) {
        entry.state.hits++;
        open.set(strand, { key });
        const choice = choiceLeft.get(strand);
        if (choice) {
          choiceLeft.delete(strand);
          const rule =
            choice.choices.find((c) => c.target === e.stateName) ?? (choice.def?.target === e.stateName ? choice.def : undefined);
          if (rule) rule.hits++;
        }
        continue;
      }
      const cur = open.get(strand);
      if (!cur || cur.key !== key) continue;
      if (RETRIABLE_FAILURE.has(e.type) && (error ?? lastError) !== undefined) {
        cur.failure = error ?? lastError;
      } else if (ATTEMPT.has(e.type) && cur.failure !== undefined) {
        const i = entry.retryLists.findIndex((list) => errorMatches(errorMatcher(list), cur.failure!));
        if (i >= 0) entry.retriers[i].hits++;
        cur.failure = undefined;
      } else if (RESULT.has(e.type)) {
        cur.failure = undefined;
      } else if (e.type.endsWith('StateExited')) {
        open.delete(strand);
        if (e.details?.matchedRule === undefined && e.details?.matchedCatcher === undefined) {
          // AWS's own events name neither: a failure nothing retried was caught; a Choice is resolved by the next state.
          if (cur.failure !== undefined && entry.catches.length > 0) {
            const i = entry.catchLists.findIndex((list) => errorMatches(errorMatcher(list), cur.failure!));
            if (i >= 0) entry.catches[i].hits++;
            continue;
          }
          if (entry.choices.length > 0 || (entry.def && !entry.next)) {
            choiceLeft.set(strand, entry);
            continue;
          }
        }
        taken(entry, e);
      }
    }
  }

  return { machine: name, file, runs: runs.length, items, totals: totalsOf(items) };
}

/** One state's items, and its retriers' ErrorEquals lists. */
interface Entry {
  state: CoverageItem;
  next?: CoverageItem;
  def?: CoverageItem;
  choices: CoverageItem[];
  catches: CoverageItem[];
  retriers: CoverageItem[];
  retryLists: string[][];
  catchLists: string[][];
}

function taken(entry: Entry, e: HistoryEvent): void {
  const rule = e.details?.matchedRule;
  const catcher = e.details?.matchedCatcher;
  if (typeof catcher === 'number') {
    if (entry.catches[catcher]) entry.catches[catcher].hits++;
  } else if (rule === 'Default') {
    if (entry.def) entry.def.hits++;
  } else if (typeof rule === 'number') {
    if (entry.choices[rule]) entry.choices[rule].hits++;
  } else if (entry.next) entry.next.hits++;
}

export function totalsOf(items: readonly CoverageItem[]): CoverageTotals {
  const ratio = (pred: (i: CoverageItem) => boolean): Ratio => {
    const all = items.filter(pred);
    return { covered: all.filter((i) => i.hits > 0).length, total: all.length };
  };
  return {
    states: ratio((i) => i.kind === 'state'),
    innerStates: ratio((i) => i.kind === 'state' && i.inner),
    transitions: ratio((i) => i.kind === 'transition'),
    retriers: ratio((i) => i.kind === 'retrier'),
  };
}

/** The sum over machines. */
export function sumTotals(all: readonly CoverageTotals[]): CoverageTotals {
  const add = (k: keyof CoverageTotals): Ratio => ({
    covered: all.reduce((n, t) => n + t[k].covered, 0),
    total: all.reduce((n, t) => n + t[k].total, 0),
  });
  return { states: add('states'), innerStates: add('innerStates'), transitions: add('transitions'), retriers: add('retriers') };
}

function listOf(tree: Tree, obj: number, key: string): number[] {
  const v = tree.get(obj, key);
  return tree.kindOf(v) === 'array' ? tree.children(v) : [];
}

function ownersOf(scope: Scope): string[] {
  const out: string[] = [];
  for (let s: Scope | undefined = scope; s?.owner; s = s.owner.scope) out.unshift(s.owner.name);
  return out;
}

/** A scope as the engine's event scopes name it: owner, then "branch i" or "processor". */
function scopePathOf(scope: Scope): string[] {
  const out: string[] = [];
  for (let s: Scope | undefined = scope; s?.owner; s = s.owner.scope)
    out.unshift(s.owner.name, s.kind === 'branch' ? `branch ${s.index}` : 'processor');
  return out;
}

/** An event's scope labels, with each Map iteration read as its processor. */
function eventPath(scope: string[] | undefined): string[] {
  if (!scope) return [];
  return scope.map((l, i) => (i % 2 === 1 && l.startsWith('iteration ') ? 'processor' : l));
}

function keyOf(path: string[], name: string): string {
  return [...path, name].join('\u0000');
}
