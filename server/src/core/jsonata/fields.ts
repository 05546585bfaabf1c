/**
 * Which strings of a JSONata state Step Functions evaluates, and in what context. Only string
 * values count (keys are names); nested Parallel branches and Map processors are states of their
 * own. Fields that do not take JSONata (Type, Resource, Next, Retry, ...) and JSONPath-only fields
 * are left to the schema rules: a `{% %}` there is not evaluated, so it is not checked here.
 */
import { keyText, propertyValue, valueOf, type JsonNode } from '../parse';
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
  /** The string node. */
  node: JsonNode;
  /** The top-level field it sits in: "Arguments", "Output", "Assign", "Condition", ... */
  field: string;
  place: JsonataPlace;
  /** Filled by `expressionOf` on first use: the analysis, or null for a string that is no `{% %}` expression. */
  analysis?: JsonataAnalysis | null;
}

/** State fields whose string values (at any depth) are evaluated in a JSONata state. */
const STATE_FIELDS = new Set([
  'Arguments', 'Output', 'Assign', 'Items', 'ItemSelector', 'ItemReader', 'ItemBatcher', 'ResultWriter',
  'TimeoutSeconds', 'HeartbeatSeconds', 'Seconds', 'Timestamp', 'MaxConcurrency',
  'ToleratedFailureCount', 'ToleratedFailurePercentage', 'Error', 'Cause', 'Credentials',
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
    for (const state of machine.states) if (state.queryLanguage === 'JSONata') collect(state, out);
    list = out;
    cache.set(machine, list);
  }
  return list;
}

function collect(state: StateInfo, out: EvaluatedString[]): void {
  const node = state.node;
  if (node.type !== 'object') return;
  for (const prop of node.children ?? []) {
    const key = keyText(prop);
    const value = valueOf(prop);
    if (typeof key !== 'string' || !value) continue;
    if (STATE_FIELDS.has(key)) {
      walk(state, value, key, 'state', out, key === 'ItemReader' || key === 'ResultWriter');
    } else if (key === 'Choices' && value.type === 'array') {
      for (const rule of value.children ?? []) fieldsOf(state, rule, CHOICE_FIELDS, 'choice', out);
    } else if (key === 'Catch' && value.type === 'array') {
      for (const catcher of value.children ?? []) fieldsOf(state, catcher, CATCH_FIELDS, 'catch', out);
    }
  }
}

function fieldsOf(state: StateInfo, obj: JsonNode, fields: Set<string>, place: JsonataPlace, out: EvaluatedString[]): void {
  if (obj.type !== 'object') return;
  for (const prop of obj.children ?? []) {
    const key = keyText(prop);
    const value = valueOf(prop);
    if (typeof key === 'string' && value && fields.has(key)) walk(state, value, key, place, out, false);
  }
}

function walk(state: StateInfo, node: JsonNode, field: string, place: JsonataPlace, out: EvaluatedString[], skipConstants: boolean): void {
  switch (node.type) {
    case 'string':
      out.push({ state, node, field, place });
      return;
    case 'array':
      for (const child of node.children ?? []) walk(state, child, field, place, out, false);
      return;
    case 'object':
      for (const prop of node.children ?? []) {
        const key = keyText(prop);
        const value = valueOf(prop);
        if (!value || (skipConstants && typeof key === 'string' && CONSTANT_INSIDE.has(key))) continue;
        walk(state, value, field, place, out, false);
      }
      return;
    default:
      return;
  }
}

/** The Choice rule or Catch object holding a transition's Next node, if any. */
export function ownerObject(next: JsonNode): JsonNode | undefined {
  const obj = next.parent?.parent;
  return obj?.type === 'object' ? obj : undefined;
}

/** The `Assign` object of a state, Choice rule or Catch, if it is an object. */
export function assignObject(obj: JsonNode | undefined): JsonNode | undefined {
  const a = propertyValue(obj, 'Assign');
  return a?.type === 'object' ? a : undefined;
}

/**
 * The analysis of an evaluated string's `{% %}` expression, or null when the string is not one
 * (a literal, a half-delimited string, or one holding a `${...}` placeholder, whose expression is
 * only known after substitution). Memoised on the entry, so the rules that share the list pay once.
 */
export function expressionOf(s: EvaluatedString, placeholders: boolean): JsonataAnalysis | null {
  if (s.analysis !== undefined) return s.analysis;
  const value = s.node.value;
  let result: JsonataAnalysis | null = null;
  if (typeof value === 'string' && value.startsWith('{%') && !(placeholders && value.includes('${'))) {
    const expr = jsonataExpression(value);
    if (expr !== undefined) result = analyzeJsonata(expr);
  }
  s.analysis = result;
  return result;
}
