/**
 * A Choice rule's condition in words, as a reader would write it: `$.status == "Review"`,
 * `$.total > 100`, `($.a is present) and ($.b == true)`, or a JSONata `Condition` as written.
 * Read from the definition through the named tree API.
 */
import type { Tree } from '../tree';

/** Comparison operators by their suffix in the JSONPath comparison names (StringEquals, NumericLessThanEquals, ...). */
const COMPARISONS: [suffix: string, op: string][] = [
  ['GreaterThanEquals', '>='],
  ['LessThanEquals', '<='],
  ['GreaterThan', '>'],
  ['LessThan', '<'],
  ['Equals', '=='],
];
const TYPE_TESTS: Record<string, string> = {
  IsNull: 'null',
  IsPresent: 'present',
  IsNumeric: 'numeric',
  IsString: 'a string',
  IsBoolean: 'a boolean',
  IsTimestamp: 'a timestamp',
};
/** Past this depth of And/Or/Not a rule is shortened: a line in an inspector, not a listing. */
const MAX_DEPTH = 4;
const MAX_TEXT = 200;

/** The rule's condition as one line. */
export function renderCondition(tree: Tree, rule: number): string {
  const text = render(tree, rule, 0);
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 3)}...` : text;
}

function render(tree: Tree, rule: number, depth: number): string {
  if (tree.kindOf(rule) !== 'object') return '(not a rule)';
  if (depth > MAX_DEPTH) return '...';
  const condition = tree.get(rule, 'Condition');
  if (condition >= 0) return tree.string(condition) ?? literal(tree, condition);
  const and = tree.get(rule, 'And');
  if (and >= 0) return joined(tree, and, 'and', depth);
  const or = tree.get(rule, 'Or');
  if (or >= 0) return joined(tree, or, 'or', depth);
  const not = tree.get(rule, 'Not');
  if (not >= 0) return `not (${render(tree, not, depth + 1)})`;
  const variable = tree.string(tree.get(rule, 'Variable')) ?? '?';
  for (const prop of tree.children(rule)) {
    const key = tree.keyText(prop);
    if (key === undefined || key === 'Variable' || key === 'Next' || key === 'Comment' || key === 'Assign' || key === 'Output') continue;
    const value = tree.valueNode(prop);
    const test = TYPE_TESTS[key];
    if (test) return `${variable} ${tree.boolean(value) === false ? 'is not' : 'is'} ${test}`;
    const isPath = key.endsWith('Path');
    const name = isPath ? key.slice(0, -'Path'.length) : key;
    const right = isPath ? (tree.string(value) ?? '?') : literal(tree, value);
    if (name === 'StringMatches') return `${variable} matches ${right}`;
    const cmp = COMPARISONS.find(([suffix]) => name.endsWith(suffix));
    if (cmp) return `${variable} ${cmp[1]} ${right}`;
  }
  return variable;
}

function joined(tree: Tree, list: number, word: string, depth: number): string {
  const items = tree.kindOf(list) === 'array' ? tree.children(list) : [];
  if (items.length === 0) return `${word}()`;
  return items.map((i) => `(${render(tree, i, depth + 1)})`).join(` ${word} `);
}

/** A value as JSON (strings quoted), a container shortened. */
function literal(tree: Tree, i: number): string {
  const kind = tree.kindOf(i);
  if (kind === 'object') return '{...}';
  if (kind === 'array') return '[...]';
  const v = tree.scalar(i);
  return v === undefined ? '?' : JSON.stringify(v);
}
