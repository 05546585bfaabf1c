/**
 * Short, readable labels for Choice rules and Catchers: `$.status == "Pending"`,
 * `$.total > 100 && $.express`, `States.ALL`. Never throws on half-typed rules: what cannot be
 * read becomes "?".
 */
import type { JsonNode } from '../parse';

/** Labels longer than this are cut with an ellipsis; the full text goes in the tooltip. */
export const MAX_LABEL = 44;

const OPERATORS: Record<string, string> = {
  Equals: '==',
  LessThan: '<',
  GreaterThan: '>',
  LessThanEquals: '<=',
  GreaterThanEquals: '>=',
};
const KINDS = ['String', 'Numeric', 'Boolean', 'Timestamp'];

/** Comparison operator keys (StringEquals, NumericLessThanPath, ...) to [operator, value is a path]. */
const COMPARISONS = new Map<string, [string, boolean]>();
for (const kind of KINDS) {
  for (const [op, sym] of Object.entries(OPERATORS)) {
    if (kind === 'Boolean' && op !== 'Equals') continue;
    COMPARISONS.set(kind + op, [sym, false]);
    COMPARISONS.set(kind + op + 'Path', [sym, true]);
  }
}
COMPARISONS.set('StringMatches', ['matches', false]);

const TYPE_TESTS: Record<string, [string, string]> = {
  IsNull: ['is null', 'is not null'],
  IsPresent: ['is present', 'is absent'],
  IsNumeric: ['is a number', 'is not a number'],
  IsString: ['is a string', 'is not a string'],
  IsBoolean: ['is a boolean', 'is not a boolean'],
  IsTimestamp: ['is a timestamp', 'is not a timestamp'],
};

/**
 * The condition of a Choice rule, in either query language. `brief` shortens long paths from
 * the left (`…TranscriptionJobStatus == "FAILED"`): the end of a path tells rules apart.
 */
export function conditionText(rule: JsonNode | undefined, brief = false, depth = 0): string {
  if (!rule || rule.type !== 'object' || depth > 20) return '?';
  let variable: string | undefined;
  let text: string | undefined;
  for (const prop of rule.children ?? []) {
    const key = prop.children?.[0]?.value;
    const value = prop.children?.[1];
    if (typeof key !== 'string' || !value) continue;
    if (key === 'Condition') {
      text = jsonataCondition(value);
    } else if (key === 'Variable') {
      variable = value.type === 'string' ? path(String(value.value), brief) : '?';
    } else if (key === 'And' || key === 'Or') {
      const parts = (value.type === 'array' ? value.children ?? [] : []).map((r) => wrap(conditionText(r, brief, depth + 1)));
      text = parts.length ? parts.join(key === 'And' ? ' && ' : ' || ') : '?';
    } else if (key === 'Not') {
      text = `!${wrap(conditionText(value, brief, depth + 1))}`;
    } else if (COMPARISONS.has(key)) {
      const [sym, isPath] = COMPARISONS.get(key)!;
      text = `${sym} ${isPath && value.type === 'string' ? path(String(value.value), brief) : literal(value)}`;
    } else if (key in TYPE_TESTS) {
      const [yes, no] = TYPE_TESTS[key];
      text = value.value === false ? no : yes;
    }
  }
  if (variable !== undefined) return text !== undefined ? `${variable} ${text}` : variable;
  return text ?? '?';
}

/** Keeps the last steps of a long path: `$.job.TranscriptionJob.Status` -> `…TranscriptionJob.Status`. */
function path(p: string, brief: boolean): string {
  const max = 26;
  if (!brief || p.length <= max) return p;
  const steps = p.split('.');
  let tail = steps.pop() ?? p;
  while (steps.length > 0 && tail.length + steps[steps.length - 1].length + 1 <= max - 1) tail = `${steps.pop()}.${tail}`;
  return `…${tail.length > max ? tail.slice(tail.length - max + 1) : tail}`;
}

function jsonataCondition(value: JsonNode): string {
  if (value.type === 'boolean') return String(value.value);
  if (value.type !== 'string') return '?';
  const s = String(value.value).trim();
  const m = /^\{%([\s\S]*)%\}$/.exec(s);
  return (m ? m[1] : s).replace(/\s+/g, ' ').trim() || '?';
}

/** Parenthesize compound parts so `a && (b || c)` reads right. */
function wrap(text: string): string {
  return /\s(&&|\|\|)\s/.test(text) ? `(${text})` : text;
}

function literal(node: JsonNode): string {
  switch (node.type) {
    case 'string':
      return JSON.stringify(node.value);
    case 'number':
    case 'boolean':
    case 'null':
      return String(node.value);
    default:
      return '?';
  }
}

/** A Catcher's label: its error names. */
export function catchText(catcher: JsonNode | undefined): string {
  if (!catcher || catcher.type !== 'object') return '?';
  const errors = catcher.children?.find((p) => p.children?.[0]?.value === 'ErrorEquals')?.children?.[1];
  if (!errors || errors.type !== 'array') return '?';
  const names = (errors.children ?? []).map((e) => (e.type === 'string' ? String(e.value) : '?'));
  return names.length ? names.join(', ') : '?';
}

/** Cuts a label to `max` characters with an ellipsis, at a word boundary when one is near. */
export function shorten(text: string, max = MAX_LABEL): string {
  const flat = text.replace(/\s+/g, ' ');
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return (space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd() + '…';
}
