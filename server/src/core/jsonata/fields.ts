/**
 * Which strings of a JSONata state Step Functions evaluates, and in what context. Only string
 * values count (keys are names); nested Parallel branches and Map processors are states of their
 * own. Fields that do not take JSONata (Type, Resource, Next, Retry, ...) and JSONPath-only fields
 * are left to the schema rules: a `{% %}` there is not evaluated, so it is not checked here.
 */
import { ARRAY, OBJECT, STRING, type Tree } from '../fastParse';
import type { Machine, StateInfo } from '../model';
import { analyzeJsonata, type JsonataAnalysis } from './analyze';
import { jsonataExpression } from './strings';

export type JsonataPlace =
  /** A field of the state itself. */
  | 'state'
  /** A field of a Choice rule (Condition, Output, Assign). */
  | 'choice'
  /** The Output or Assign of a Catch. */
  | 'catch';

export interface EvaluatedString {
  state: StateInfo;
  /** The string node's index in the document's tree. */
  node: number;
  /** The string's value. */
  value: string;
  /** The top-level field it sits in: "Arguments", "Output", "Assign", "Condition", ... */
  field: string;
  place: JsonataPlace;
  /** Filled by `expressionOf` on first use: the analysis, or null for a string that is no `{% %}` expression. */
  analysis?: JsonataAnalysis | null;
}

/** State fields whose string values (at any depth) are evaluated in a JSONata state. */
const STATE_FIELDS = new Set([
  'Arguments',
  'Output',
  'Assign',
  'Items',
  'ItemSelector',
  'ItemReader',
  'ItemBatcher',
  'ResultWriter',
  'TimeoutSeconds',
  'HeartbeatSeconds',
  'Seconds',
  'Timestamp',
  'MaxConcurrency',
  'ToleratedFailureCount',
  'ToleratedFailurePercentage',
  'Error',
  'Cause',
  'Credentials',
]);
/** Inside ItemReader and ResultWriter, Resource is a constant ARN. */
const CONSTANT_INSIDE = new Set(['Resource']);
const CHOICE_FIELDS = new Set(['Condition', 'Output', 'Assign']);
const CATCH_FIELDS = new Set(['Output', 'Assign']);

const cache = new WeakMap<Machine, readonly EvaluatedString[]>();

/**
 * Every evaluated string of the machine's JSONata states, in text order. Computed once per
 * Machine: the JSONata and variable rules (and the engine) all read it.
 */
export function evaluatedStrings(machine: Machine): readonly EvaluatedString[] {
  let list = cache.get(machine);
  if (!list) {
    const out: EvaluatedString[] = [];
    const tree = machine.doc.tree;
    if (tree) for (const state of machine.states) if (state.queryLanguage === 'JSONata') collect(tree, state, out);
    list = out;
    cache.set(machine, list);
  }
  return list;
}

function collect(tree: Tree, state: StateInfo, out: EvaluatedString[]): void {
  const index = state.index;
  const { kind, values, end } = tree;
  if (kind[index] !== OBJECT) return;
  for (let p = index + 1, e = end[index]; p < e; p = end[p]) {
    const value = p + 2;
    if (value >= end[p]) continue;
    const key = values[p] as string;
    if (STATE_FIELDS.has(key)) {
      walk(state, tree, value, key, 'state', out, key === 'ItemReader' || key === 'ResultWriter');
    } else if ((key === 'Choices' || key === 'Catch') && kind[value] === ARRAY) {
      const choices = key === 'Choices';
      for (let item = value + 1, ie = end[value]; item < ie; item = end[item]) {
        fieldsOf(state, tree, item, choices ? CHOICE_FIELDS : CATCH_FIELDS, choices ? 'choice' : 'catch', out);
      }
    }
  }
}

function fieldsOf(state: StateInfo, tree: Tree, obj: number, fields: Set<string>, place: JsonataPlace, out: EvaluatedString[]): void {
  const { kind, values, end } = tree;
  if (kind[obj] !== OBJECT) return;
  for (let p = obj + 1, e = end[obj]; p < e; p = end[p]) {
    const key = values[p] as string;
    if (p + 2 < end[p] && fields.has(key)) walk(state, tree, p + 2, key, place, out, false);
  }
}

function walk(
  state: StateInfo,
  tree: Tree,
  at: number,
  field: string,
  place: JsonataPlace,
  out: EvaluatedString[],
  skipConstants: boolean,
): void {
  const { kind, values, end } = tree;
  switch (kind[at]) {
    case STRING:
      out.push({ state, node: at, value: values[at] as string, field, place });
      return;
    case ARRAY:
      for (let c = at + 1, e = end[at]; c < e; c = end[c]) walk(state, tree, c, field, place, out, false);
      return;
    case OBJECT:
      for (let p = at + 1, e = end[at]; p < e; p = end[p]) {
        if (p + 2 >= end[p] || (skipConstants && CONSTANT_INSIDE.has(values[p] as string))) continue;
        walk(state, tree, p + 2, field, place, out, false);
      }
      return;
    default:
      return;
  }
}

/** The Choice rule or Catch object holding a transition's Next node, if any. */
export function ownerObject(tree: Tree, next: number): number {
  const obj = tree.parentOf(tree.parentOf(next));
  return tree.kindOf(obj) === 'object' ? obj : -1;
}

/** The `Assign` object of a state, Choice rule or Catch, if it is an object. */
export function assignObject(tree: Tree, obj: number): number {
  const a = tree.get(obj, 'Assign');
  return tree.kindOf(a) === 'object' ? a : -1;
}

/**
 * The analysis of an evaluated string's `{% %}` expression, or null when the string is not one
 * (a literal, a half-delimited string, or one holding a `${...}` placeholder, whose expression is
 * only known after substitution). Memoised on the entry, so the rules that share the list pay once.
 */
export function expressionOf(s: EvaluatedString, placeholders: boolean): JsonataAnalysis | null {
  if (s.analysis !== undefined) return s.analysis;
  const value = s.value;
  let result: JsonataAnalysis | null = null;
  if (typeof value === 'string' && value.startsWith('{%') && !(placeholders && value.includes('${'))) {
    const expr = jsonataExpression(value);
    if (expr !== undefined) result = analyzeJsonata(expr);
  }
  s.analysis = result;
  return result;
}
