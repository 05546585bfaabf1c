/**
 * JSONPath Choice rules compiled to predicates (ASL spec, "Choice Rules"; developer guide,
 * "Choice workflow state"):
 * - A comparison applies to the value at `Variable`. A value of another type than the operator
 *   compares is not equal, less or greater: the rule is false (StringEquals on a number).
 * - A `Variable` (or an operator's `...Path` value) that selects nothing is States.Runtime
 *   ("Invalid path '$.x': The choice state's condition path references an invalid value."),
 *   except for IsPresent, whose point is to ask.
 * - IsNull/IsPresent/IsString/IsNumeric/IsBoolean/IsTimestamp: the test's result equals the
 *   operand, so `"IsNull": false` holds for every value but null.
 * - StringMatches: `*` matches any run of characters; `\*` a literal star, `\\` a backslash.
 * - Timestamps are compared as instants; a value that is not an RFC 3339 timestamp is false.
 * - Strings compare by UTF-16 code units (as Java's String.compareTo does).
 */
import { E, StatesError } from '../errors';
import { compilePathText, NOTHING, type CompiledPath } from '../paths';
import type { Strand } from '../strand';
import { parseTimestamp } from '../timestamps';
import { isObject } from '../values';

export type Predicate = (input: unknown, s: Strand) => boolean;

const OPERATORS = [
  'StringEquals',
  'StringLessThan',
  'StringGreaterThan',
  'StringLessThanEquals',
  'StringGreaterThanEquals',
  'StringMatches',
  'NumericEquals',
  'NumericLessThan',
  'NumericGreaterThan',
  'NumericLessThanEquals',
  'NumericGreaterThanEquals',
  'BooleanEquals',
  'TimestampEquals',
  'TimestampLessThan',
  'TimestampGreaterThan',
  'TimestampLessThanEquals',
  'TimestampGreaterThanEquals',
  'IsNull',
  'IsPresent',
  'IsNumeric',
  'IsString',
  'IsBoolean',
  'IsTimestamp',
];

export function compileRule(rule: unknown): Predicate {
  if (!isObject(rule)) return () => false;
  if (Array.isArray(rule.And)) {
    const parts = rule.And.map(compileRule);
    return (input, s) => parts.every((p) => p(input, s));
  }
  if (Array.isArray(rule.Or)) {
    const parts = rule.Or.map(compileRule);
    return (input, s) => parts.some((p) => p(input, s));
  }
  if (isObject(rule.Not)) {
    const inner = compileRule(rule.Not);
    return (input, s) => !inner(input, s);
  }
  const variable = typeof rule.Variable === 'string' ? compilePathText(rule.Variable) : undefined;
  for (const key of Object.keys(rule)) {
    const isPath = key.endsWith('Path') && OPERATORS.includes(key.slice(0, -4));
    const op = isPath ? key.slice(0, -4) : key;
    if (!OPERATORS.includes(op) || !variable) continue;
    const operand = rule[key];
    if (isPath) {
      if (typeof operand !== 'string') continue;
      const other = compilePathText(operand);
      const test = comparison(op, undefined);
      return (input, s) => {
        const v = read(variable, input, s);
        const w = other.select(input, s);
        if (w === NOTHING) throw invalidPath(other.text);
        return test(v, w);
      };
    }
    if (op === 'IsPresent') {
      const want = operand === true;
      return (input, s) => (variable.select(input, s) !== NOTHING) === want;
    }
    const test = comparison(op, operand);
    return (input, s) => test(read(variable, input, s), operand);
  }
  return () => false;
}

function read(p: CompiledPath, input: unknown, s: Strand): unknown {
  const v = p.select(input, s);
  if (v === NOTHING) throw invalidPath(p.text);
  return v;
}

function invalidPath(text: string): StatesError {
  return new StatesError(E.Runtime, `Invalid path '${text}': The choice state's condition path references an invalid value.`);
}

type Test = (v: unknown, operand: unknown) => boolean;

/** The test for an operator; `literal` (when known) lets a pattern or timestamp compile once. */
function comparison(op: string, literal: unknown): Test {
  switch (op) {
    case 'StringEquals':
      return (v, o) => typeof v === 'string' && v === o;
    case 'StringLessThan':
      return (v, o) => typeof v === 'string' && typeof o === 'string' && v < o;
    case 'StringGreaterThan':
      return (v, o) => typeof v === 'string' && typeof o === 'string' && v > o;
    case 'StringLessThanEquals':
      return (v, o) => typeof v === 'string' && typeof o === 'string' && v <= o;
    case 'StringGreaterThanEquals':
      return (v, o) => typeof v === 'string' && typeof o === 'string' && v >= o;
    case 'StringMatches': {
      const re = typeof literal === 'string' ? wildcard(literal) : undefined;
      return (v, o) => typeof v === 'string' && (re ?? (typeof o === 'string' ? wildcard(o) : /$^/)).test(v);
    }
    case 'NumericEquals':
      return (v, o) => typeof v === 'number' && typeof o === 'number' && v === o;
    case 'NumericLessThan':
      return (v, o) => typeof v === 'number' && typeof o === 'number' && v < o;
    case 'NumericGreaterThan':
      return (v, o) => typeof v === 'number' && typeof o === 'number' && v > o;
    case 'NumericLessThanEquals':
      return (v, o) => typeof v === 'number' && typeof o === 'number' && v <= o;
    case 'NumericGreaterThanEquals':
      return (v, o) => typeof v === 'number' && typeof o === 'number' && v >= o;
    case 'BooleanEquals':
      return (v, o) => typeof v === 'boolean' && v === o;
    case 'TimestampEquals':
      return timestamps((a, b) => a === b, literal);
    case 'TimestampLessThan':
      return timestamps((a, b) => a < b, literal);
    case 'TimestampGreaterThan':
      return timestamps((a, b) => a > b, literal);
    case 'TimestampLessThanEquals':
      return timestamps((a, b) => a <= b, literal);
    case 'TimestampGreaterThanEquals':
      return timestamps((a, b) => a >= b, literal);
    case 'IsNull':
      return (v, o) => (v === null) === (o === true);
    case 'IsNumeric':
      return (v, o) => (typeof v === 'number') === (o === true);
    case 'IsString':
      return (v, o) => (typeof v === 'string') === (o === true);
    case 'IsBoolean':
      return (v, o) => (typeof v === 'boolean') === (o === true);
    case 'IsTimestamp':
      return (v, o) => (typeof v === 'string' && parseTimestamp(v) !== undefined) === (o === true);
    default:
      return () => false;
  }
}

function timestamps(cmp: (a: number, b: number) => boolean, literal: unknown): Test {
  const fixed = typeof literal === 'string' ? parseTimestamp(literal) : undefined;
  return (v, o) => {
    if (typeof v !== 'string') return false;
    const a = parseTimestamp(v);
    const b = fixed ?? (typeof o === 'string' ? parseTimestamp(o) : undefined);
    return a !== undefined && b !== undefined && cmp(a, b);
  };
}

const patterns = new Map<string, RegExp>();

/** StringMatches: `*` any characters, `\*` a star, `\\` a backslash; the whole string must match. */
export function wildcard(pattern: string): RegExp {
  let re = patterns.get(pattern);
  if (re) return re;
  let src = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) src += escapeRe(pattern[++i]);
    else if (c === '*') src += '[\\s\\S]*';
    else src += escapeRe(c);
  }
  re = new RegExp(`${src}$`, 'u');
  if (patterns.size > 10_000) patterns.clear();
  patterns.set(pattern, re);
  return re;
}

function escapeRe(c: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(c) ? `\\${c}` : c;
}
