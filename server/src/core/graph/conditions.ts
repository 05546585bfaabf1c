/**
 * Short, readable labels for Choice rules and Catchers: `$.status == "Pending"`,
 * `$.total > 100 && $.express`, `States.ALL`. Never throws on half-typed rules: what cannot be
 * read becomes "?".
 */
import type { Tree } from '../fastParse';

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
export function conditionText(tree: Tree, rule: number, brief = false, depth = 0): string {
  if (tree.kindOf(rule) !== 'object' || depth > 20) return '?';
  let variable: string | undefined;
  let text: string | undefined;
  for (const prop of tree.children(rule)) {
    const key = tree.keyText(prop);
    const value = tree.valueNode(prop);
    if (typeof key !== 'string' || value < 0) continue;
    const str = tree.string(value);
    if (key === 'Condition') {
      text = jsonataCondition(tree, value);
    } else if (key === 'Variable') {
      variable = str !== undefined ? path(str, brief) : '?';
    } else if (key === 'And' || key === 'Or') {
      const parts = (tree.kindOf(value) === 'array' ? tree.children(value) : []).map((r) => wrap(conditionText(tree, r, brief, depth + 1)));
      text = parts.length ? parts.join(key === 'And' ? ' && ' : ' || ') : '?';
    } else if (key === 'Not') {
      text = `!${wrap(conditionText(tree, value, brief, depth + 1))}`;
    } else if (COMPARISONS.has(key)) {
      const [sym, isPath] = COMPARISONS.get(key)!;
      text = `${sym} ${isPath && str !== undefined ? path(str, brief) : literal(tree, value)}`;
    } else if (key in TYPE_TESTS) {
      const [yes, no] = TYPE_TESTS[key];
      text = tree.scalar(value) === false ? no : yes;
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

function jsonataCondition(tree: Tree, value: number): string {
  if (tree.kindOf(value) === 'boolean') return String(tree.boolean(value));
  const str = tree.string(value);
  if (str === undefined) return '?';
  const s = str.trim();
  const m = /^\{%([\s\S]*)%\}$/.exec(s);
  return (m ? m[1] : s).replace(/\s+/g, ' ').trim() || '?';
}

/** Parenthesize compound parts so `a && (b || c)` reads right. */
function wrap(text: string): string {
  return /\s(&&|\|\|)\s/.test(text) ? `(${text})` : text;
}

function literal(tree: Tree, node: number): string {
  switch (tree.kindOf(node)) {
    case 'string':
      return JSON.stringify(tree.string(node));
    case 'number':
    case 'boolean':
    case 'null':
      return String(tree.scalar(node));
    default:
      return '?';
  }
}

/** A Catcher's label: its error names. */
export function catchText(tree: Tree, catcher: number): string {
  if (tree.kindOf(catcher) !== 'object') return '?';
  const errors = tree.get(catcher, 'ErrorEquals');
  if (tree.kindOf(errors) !== 'array') return '?';
  const names = tree.children(errors).map((e) => tree.string(e) ?? '?');
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
