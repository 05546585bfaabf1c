import type { JsonNode } from '../parse';
import { propertyNode } from '../parse';
import type { StateInfo } from '../model';
import type { Rule, RuleContext } from './rule';

/** Payload templates of a JSONPath state whose keys must end in ".$" to be evaluated. */
const TEMPLATES = ['Parameters', 'ResultSelector', 'ItemSelector'];
const PATH_LIKE = /^\$\$?(\.|\[|$)/;
const INTRINSIC_LIKE = /^States\.[A-Za-z]+\(/;

/** Literal fields that have a "...Path" twin taking a path (a Fail state's Error and Cause). */
const PATH_TWINS: Record<string, readonly string[]> = { Fail: ['Error', 'Cause'] };

/**
 * The warnings AWS's validator gives for valid definitions (ValidateStateMachineDefinitionDiagnostic):
 * NO_DOLLAR "No .$ on a field that appears to be a JSONPath or Intrinsic Function", NO_PATH
 * "Field value looks like a path, but field name does not end with 'Path'", and
 * PASS_RESULT_IS_STATIC "Attempt to use a path in the result of a pass state".
 */
export const awsWarningsRule: Rule = {
  id: 'aws-warnings',
  local: true,
  run(ctx) {
    for (const state of ctx.machine.states) {
      if (state.queryLanguage !== 'JSONPath' || state.node.type !== 'object') continue;
      for (const field of TEMPLATES) {
        const value = propertyNode(state.node, field)?.children?.[1];
        if (value) walk(value, (key, v) => noDollar(ctx, state, field, key, v));
      }
      for (const field of PATH_TWINS[state.type ?? ''] ?? []) {
        const prop = propertyNode(state.node, field);
        const value = prop?.children?.[1];
        if (prop?.children?.[0] && value?.type === 'string' && PATH_LIKE.test(value.value as string)) {
          ctx.report({
            code: 'missing-path',
            node: prop.children[0],
            message: `"${field}" of "${state.name}" is ${JSON.stringify(value.value)}, which looks like a path, but "${field}" takes the text as written. To read it from the input, name the field "${field}Path".`,
            data: { suggestion: `${field}Path` },
          });
        }
      }
      if (state.type === 'Pass') {
        const result = propertyNode(state.node, 'Result')?.children?.[1];
        if (result) walk(result, (key, v) => staticResult(ctx, state, key, v));
      }
    }
  },
};

function looksEvaluated(v: JsonNode): boolean {
  return v.type === 'string' && (PATH_LIKE.test(v.value as string) || INTRINSIC_LIKE.test(v.value as string));
}

function noDollar(ctx: RuleContext, state: StateInfo, field: string, key: JsonNode, v: JsonNode): void {
  const name = key.value as string;
  if (name.endsWith('.$') || !looksEvaluated(v)) return;
  ctx.report({
    code: 'missing-dollar',
    node: key,
    message: `"${name}" in the "${field}" of "${state.name}" holds ${JSON.stringify(v.value)}, which looks like a path or an intrinsic function, but the key does not end in ".$", so it is passed on as that literal text. Name it "${name}.$" to evaluate it.`,
    data: { suggestion: `${name}.$` },
  });
}

function staticResult(ctx: RuleContext, state: StateInfo, key: JsonNode, v: JsonNode): void {
  const name = key.value as string;
  if (!name.endsWith('.$') && !looksEvaluated(v)) return;
  ctx.report({
    code: 'static-pass-result',
    node: key,
    message: `"Result" of Pass state "${state.name}" is used as written: "${name}" is not evaluated as a path there. To compute the output from the input, use "Parameters".`,
  });
}

/** Every property below `node` (objects inside arrays too), with its key and value nodes. */
function walk(node: JsonNode, visit: (key: JsonNode, value: JsonNode) => void): void {
  if (node.type === 'object') {
    for (const prop of node.children ?? []) {
      const [key, value] = prop.children ?? [];
      if (!key || !value) continue;
      visit(key, value);
      walk(value, visit);
    }
  } else if (node.type === 'array') {
    for (const item of node.children ?? []) walk(item, visit);
  }
}
