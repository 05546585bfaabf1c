import type { JsonataRef } from '../jsonata/analyze';
import { FUNCTION_NAMES, STATES_FIELDS } from '../jsonata/builtins';
import { evaluatedStrings, expressionOf, type EvaluatedString } from '../jsonata/fields';
import { jsonataExpression } from '../jsonata/strings';
import { stringOffsetsAt } from '../strings';
import type { StateInfo } from '../model';
import { hasPlaceholder } from '../parse';
import { closest } from '../suggest';
import type { AwsCode } from '../types';
import type { Rule, RuleContext } from './rule';

/**
 * In JSONata states, every evaluated `{% ... %}` string must parse, use only functions Step
 * Functions provides, and read `$states.result` / `$states.errorOutput` only where they exist
 * (AWS: "Attempting to access $states.result or $states.errorOutput in fields and states where
 * they are not accessible will be caught at creation"). JSONPath states do not evaluate `{% %}`.
 */
export const invalidJsonataRule: Rule = {
  id: 'invalid-jsonata',
  local: true,
  run(ctx) {
    for (const s of evaluatedStrings(ctx.machine)) checkString(ctx, s);
    for (const state of ctx.machine.states) {
      if (state.type === 'Choice' && state.queryLanguage === 'JSONata') checkConditions(ctx, state);
    }
  },
};

/**
 * AWS's codes for JSONata it refuses, recorded beyond the documented list (floci-io/floci#2670):
 * INVALID_JSONATA_EXPRESSION for one that does not parse, UNSUPPORTED_JSONATA_EXPRESSION for a
 * top-level reference.
 */
const INVALID_EXPRESSION: AwsCode = 'INVALID_JSONATA_EXPRESSION';

/** Only Task, Parallel and Map states have a result, in their Output and Assign. */
const HAS_RESULT = new Set(['Task', 'Parallel', 'Map']);
const FUNCTION_CANDIDATES = [...FUNCTION_NAMES].map((f) => `$${f}`);
const FIELD_LIST = STATES_FIELDS.join(', ');

function checkString(ctx: RuleContext, s: EvaluatedString): void {
  const { doc } = ctx;
  const state = s.state;
  const node = s.node;
  const value = s.value;
  if (!value.includes('%')) return;
  const tree = s.state.tree;
  if (doc.placeholderOffsets.has(tree.offset[node]) || hasPlaceholder(doc, value)) return;
  const a = expressionOf(s, doc.placeholders);
  if (!a) {
    const problem = delimiterProblem(value);
    if (problem === SURROUNDED) {
      // AWS takes " {% ... %} " as the literal string it is (issue #11, recorded): valid, but
      // almost certainly meant as an expression. The quick fix trims it.
      ctx.report({
        code: 'invalid-jsonata',
        node,
        severity: 'warning',
        awsCode: null,
        message: `In "${s.field}": this string has spaces around "{%" and "%}", so Step Functions takes it as the literal text, not as a JSONata expression. Remove the surrounding whitespace to evaluate it.`,
        data: { trimmed: value.trim() },
      });
    } else if (problem) ctx.report({ code: 'invalid-jsonata', node, message: `In "${s.field}": ${problem}` });
    return;
  }
  const expr = value.slice(2, -2);
  if (!a.error && a.evalUses.length === 0 && a.unknownFunctions.length === 0 && a.statesFields.length === 0 && a.topLevelNames.length === 0)
    return;
  let map: ((i: number) => number) | undefined;
  const at = (i: number) => (map ??= stringOffsetsAt(doc.text, tree, node))(i);
  const report = (
    ref: { start: number; end: number },
    message: string,
    data?: Record<string, unknown>,
    severity?: 'warning',
    awsCode?: AwsCode,
  ) => {
    const offset = at(2 + ref.start);
    ctx.report({ code: 'invalid-jsonata', offset, length: at(2 + ref.end) - offset, message, data, severity, awsCode });
  };
  if (a.error) {
    const e = a.error;
    if (expr.trim() === '') {
      ctx.report({
        code: 'invalid-jsonata',
        node,
        message: `Empty JSONata expression in "${s.field}": write an expression between "{%" and "%}", or use a plain value.`,
      });
      return;
    }
    const text = expr.slice(e.start, e.end);
    const hint =
      text === ';'
        ? ' To evaluate several expressions in sequence, wrap them in parentheses: "{% ($a := 1; $a + 1) %}".'
        : e.atEnd
          ? ' The expression is incomplete.'
          : '';
    const message = `Invalid JSONata in "${s.field}": ${sentence(e.message)}${hint}`;
    if (e.atEnd) {
      // Point at the closing "%}", where the expression stopped short.
      const offset = at(value.length - 2);
      ctx.report({ code: 'invalid-jsonata', offset, length: at(value.length) - offset, message, awsCode: INVALID_EXPRESSION });
    } else {
      report(e, message, undefined, undefined, INVALID_EXPRESSION);
    }
    return;
  }
  // A function that does not exist is found only when the expression is evaluated: AWS accepts
  // the definition, and the state fails when it runs (issue #11).
  const atRunTime = ` The definition deploys, but the state fails at run time when "${state.name}" is reached.`;
  for (const ref of a.evalUses) {
    report(
      ref,
      `"$eval" is not available in Step Functions: use "$parse" to turn a JSON string into a value.${atRunTime}`,
      { suggestion: '$parse' },
      'warning',
    );
  }
  for (const ref of a.unknownFunctions) {
    const suggestion = closest(`$${ref.name}`, FUNCTION_CANDIDATES);
    report(
      ref,
      `Unknown function "$${ref.name}": it is neither a JSONata function nor one Step Functions adds ($partition, $range, $hash, $random, $uuid, $parse), and the expression does not bind it.${suggestion ? ` Did you mean "${suggestion}"?` : ''}${atRunTime}`,
      suggestion ? { suggestion } : undefined,
      'warning',
    );
  }
  for (const ref of a.statesFields) checkStatesField(state, s, ref, report);
  for (const ref of a.topLevelNames) {
    report(
      ref,
      `Reference to '${ref.name}' at the top level is not supported: a JSONata expression in Step Functions has no context to read "${ref.name}" from. Start the path from "$states.input" ("$states.input.${ref.name}") or from a variable.`,
      { suggestion: `$states.input.${ref.name}` },
      undefined,
      'UNSUPPORTED_JSONATA_EXPRESSION',
    );
  }
}

function checkStatesField(
  state: StateInfo,
  s: EvaluatedString,
  ref: JsonataRef,
  report: (ref: JsonataRef, message: string, data?: Record<string, unknown>) => void,
): void {
  const field = ref.name;
  if (field === 'input' || field === 'context') return;
  if (field === 'result') {
    if (s.place === 'state' && (s.field === 'Output' || s.field === 'Assign') && HAS_RESULT.has(state.type ?? '')) return;
    const why =
      s.place === 'catch'
        ? 'in a Catch the state has failed, so there is no result: use "$states.errorOutput"'
        : !HAS_RESULT.has(state.type ?? '')
          ? `a ${state.type ?? 'state without a Type'} state has no result: only Task, Parallel and Map states do (in their Output and Assign); use "$states.input"`
          : `the result exists only after the ${state.type === 'Task' ? 'task has run' : 'branches or iterations have run'}, in the state's "Output" and "Assign"`;
    report(ref, `"$states.result" is not available in "${s.field}": ${why}.`);
    return;
  }
  if (field === 'errorOutput') {
    if (s.place === 'catch') return;
    report(ref, `"$states.errorOutput" is not available in "${s.field}": it exists only in the "Output" and "Assign" of a Catch.`);
    return;
  }
  const suggestion = closest(field, STATES_FIELDS);
  report(
    ref,
    `"$states" has no field "${field}": its fields are ${FIELD_LIST}.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
    suggestion ? { suggestion } : undefined,
  );
}

/** A literal string that would be an expression without the whitespace around it. */
const SURROUNDED = 'surrounded';

/**
 * What is wrong with a string that is half a `{% %}` expression (AWS: "improperly opening or
 * closing the expression will result in a validation error"), SURROUNDED for a whole expression
 * with spaces around it, or undefined if it is a plain literal.
 */
function delimiterProblem(value: string): string | undefined {
  const opens = value.startsWith('{%');
  const closes = value.endsWith('%}') && value.length >= 4;
  const trimmed = value.trim();
  if (!opens && !closes) {
    if (trimmed.length >= 4 && trimmed.startsWith('{%') && trimmed.endsWith('%}')) return SURROUNDED;
    return undefined;
  }
  if (opens && !closes) {
    if (value.trimEnd().endsWith('%}') && value.trimEnd().length >= 4) {
      return 'a JSONata expression must end with "%}" with no trailing spaces; remove the whitespace after "%}".';
    }
    return value.includes('%}', 2)
      ? 'a JSONata expression must be the whole string: text after "%}" is not allowed. To build a string, concatenate inside the expression: "{% $a & \' text\' %}".'
      : 'this string starts with "{%" but does not end with "%}": close the JSONata expression with "%}" at the very end of the string.';
  }
  // Closes but does not open.
  if (value.trimStart().startsWith('{%')) {
    return 'a JSONata expression must start with "{%" with no leading spaces; remove the whitespace before "{%".';
  }
  return value.lastIndexOf('{%', value.length - 3) >= 0
    ? 'a JSONata expression must be the whole string: text before "{%" is not allowed. To build a string, concatenate inside the expression: "{% \'text \' & $a %}".'
    : 'this string ends with "%}" but does not start with "{%": open the JSONata expression with "{%" at the very start of the string.';
}

/** A JSONata Choice rule's Condition is an expression or a boolean literal. */
function checkConditions(ctx: RuleContext, state: StateInfo): void {
  const tree = state.tree;
  const choices = tree.get(state.index, 'Choices');
  if (tree.kindOf(choices) !== 'array') return;
  for (const rule of tree.children(choices)) {
    const cond = tree.get(rule, 'Condition');
    const type = tree.kindOf(cond);
    if (!type || type === 'boolean') continue;
    if (type === 'string') {
      const v = tree.string(cond)!;
      if (ctx.doc.placeholderOffsets.has(tree.offset[cond]) || hasPlaceholder(ctx.doc, v)) continue;
      // Half-delimited strings were reported by checkString.
      if (jsonataExpression(v) !== undefined || delimiterProblem(v)) continue;
      report(
        ctx,
        cond,
        `"Condition" must be a JSONata expression such as "{% $states.input.total > 100 %}" (or true/false); this string would be taken literally. Wrap it in "{%" and "%}".`,
      );
    } else {
      report(
        ctx,
        cond,
        `"Condition" must be a JSONata expression string "{% ... %}" or a boolean, not ${type === 'null' ? 'null' : `a${type === 'array' || type === 'object' ? 'n' : ''} ${type}`}.`,
      );
    }
  }
}

function report(ctx: RuleContext, node: number, message: string): void {
  ctx.report({ code: 'invalid-jsonata', node, message });
}

/** The library's messages lack a final period. */
function sentence(message: string): string {
  return /[.!?]$/.test(message) ? message : `${message}.`;
}
