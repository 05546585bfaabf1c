import { ARRAY, OBJECT, STRING, type Tree } from '../fastParse';
import type { StateInfo } from '../model';
import type { Rule, RuleContext } from './rule';

/** Payload templates of a JSONPath state whose keys must end in ".$" to be evaluated. */
const TEMPLATES = new Set(['Parameters', 'ResultSelector', 'ItemSelector']);
/** Literal fields that have a "...Path" twin taking a path (a Fail state's Error and Cause). */
const PATH_TWINS = new Set(['Error', 'Cause']);
const PATH_LIKE = /^\$\$?(\.|\[|$)/;
const INTRINSIC_LIKE = /^States\.[A-Za-z]+\(/;

/**
 * The warnings AWS's validator gives for valid definitions (ValidateStateMachineDefinitionDiagnostic):
 * NO_DOLLAR "No .$ on a field that appears to be a JSONPath or Intrinsic Function", NO_PATH
 * "Field value looks like a path, but field name does not end with 'Path'", and
 * PASS_RESULT_IS_STATIC "Attempt to use a path in the result of a pass state".
 * Reads the tree's arrays: it runs over every JSONPath state.
 */
export const awsWarningsRule: Rule = {
  id: 'aws-warnings',
  local: true,
  run(ctx) {
    for (const state of ctx.machine.states) {
      if (state.queryLanguage !== 'JSONPath') continue;
      const { tree, index } = state;
      if (tree.kind[index] !== OBJECT) continue;
      for (let p = index + 1, e = tree.end[index]; p < e; p = tree.end[p]) {
        const field = tree.values[p] as string;
        const value = tree.valueOf(p);
        if (value < 0) continue;
        if (TEMPLATES.has(field)) walk(tree, value, (k, v) => noDollar(ctx, state, field, tree, k, v));
        else if (field === 'Result' && state.type === 'Pass') walk(tree, value, (k, v) => staticResult(ctx, state, tree, k, v));
        else if (PATH_TWINS.has(field) && state.type === 'Fail' && looksLikePath(tree, value)) noPath(ctx, state, field, tree, p);
      }
    }
  },
};

function looksLikePath(tree: Tree, v: number): boolean {
  return tree.kind[v] === STRING && PATH_LIKE.test(tree.values[v] as string);
}

function looksEvaluated(tree: Tree, v: number): boolean {
  return tree.kind[v] === STRING && (PATH_LIKE.test(tree.values[v] as string) || INTRINSIC_LIKE.test(tree.values[v] as string));
}

function noDollar(ctx: RuleContext, state: StateInfo, field: string, tree: Tree, p: number, v: number): void {
  const name = tree.values[p] as string;
  if (name.endsWith('.$') || !looksEvaluated(tree, v)) return;
  ctx.report({
    code: 'missing-dollar',
    node: tree.keyNode(p),
    message: `"${name}" in the "${field}" of "${state.name}" holds ${JSON.stringify(tree.values[v])}, which looks like a path or an intrinsic function, but the key does not end in ".$", so it is passed on as that literal text. Name it "${name}.$" to evaluate it.`,
    data: { suggestion: `${name}.$` },
  });
}

function staticResult(ctx: RuleContext, state: StateInfo, tree: Tree, p: number, v: number): void {
  const name = tree.values[p] as string;
  if (!name.endsWith('.$') && !looksEvaluated(tree, v)) return;
  ctx.report({
    code: 'static-pass-result',
    node: tree.keyNode(p),
    message: `"Result" of Pass state "${state.name}" is used as written: "${name}" is not evaluated as a path there. To compute the output from the input, use "Parameters".`,
  });
}

function noPath(ctx: RuleContext, state: StateInfo, field: string, tree: Tree, p: number): void {
  ctx.report({
    code: 'missing-path',
    node: tree.keyNode(p),
    message: `"${field}" of "${state.name}" is ${JSON.stringify(tree.values[p + 2])}, which looks like a path, but "${field}" takes the text as written. To read it from the input, name the field "${field}Path".`,
    data: { suggestion: `${field}Path` },
  });
}

/** Every property below container `i` (objects inside arrays too), as (property, value) indices. */
function walk(tree: Tree, i: number, visit: (p: number, value: number) => void): void {
  const { kind, end } = tree;
  if (kind[i] === OBJECT) {
    for (let p = i + 1, e = end[i]; p < e; p = end[p]) {
      const v = tree.valueOf(p);
      if (v < 0) continue;
      visit(p, v);
      if (kind[v] === OBJECT || kind[v] === ARRAY) walk(tree, v, visit);
    }
  } else if (kind[i] === ARRAY) {
    for (let item = i + 1, e = end[i]; item < e; item = end[item]) walk(tree, item, visit);
  }
}
