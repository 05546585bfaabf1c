/**
 * Structural validation of a state machine against the current Amazon States Language.
 *
 * Rather than one big schema with oneOf (whose errors cannot say which key is wrong), each
 * scope and each state is validated on its own by an ajv validator compiled for its kind (and
 * for a state, its Type and QueryLanguage); errors map back to the exact jsonc node.
 */
import { isPlaceholderNode } from '../parse';
import type { Scope, StateInfo } from '../model';
import type { RuleContext } from '../rules/rule';
import { closest } from '../suggest';
import { checkState } from './checks';
import { scopeValidator, stateValidator } from './compile';
import { isStateType, STATE_TYPES, type StateType } from './fields';
import { scopePlain, statePlain } from './plain';
import { render, reportErrors } from './translate';

export { isJsonataExpression } from './translate';

const MAX_STATE_NAME = 80;
const TYPE_LIST = STATE_TYPES.join(', ');

export function validateStructure(ctx: RuleContext): void {
  const tree = ctx.doc.tree;
  if (!tree) return;
  if (tree.kindOf(0) !== 'object') {
    ctx.report({
      code: 'invalid-value',
      node: 0,
      message: 'A state machine definition must be a JSON object with "StartAt" and "States".',
    });
    return;
  }
  for (const scope of ctx.machine.scopes) validateScope(ctx, scope);
  for (const state of ctx.machine.states) validateState(ctx, state);
}

function validateScope(ctx: RuleContext, scope: Scope): void {
  const validate = scopeValidator(scope.kind === 'machine' ? 'machine' : scope.kind === 'branch' ? 'branch' : 'processor');
  const tree = scope.tree;
  if (!validate(scopePlain(tree, scope.nodeIndex))) {
    reportErrors(
      { doc: ctx.doc, tree, base: scope.nodeIndex, ql: ctx.machine.queryLanguage, report: (f) => ctx.report(f) },
      validate.errors ?? [],
    );
  }
  for (const state of scope.stateList) {
    const node = state.index;
    if (tree.kindOf(node) === 'object' || isPlaceholderNode(ctx.doc, node)) continue;
    ctx.report({
      code: 'invalid-value',
      node,
      message: `State "${state.name}" must be an object (a state definition), but is ${render(tree, node)}.`,
    });
  }
}

function validateState(ctx: RuleContext, state: StateInfo): void {
  const { doc } = ctx;
  // Code points, not UTF-16 units; counted only when the cheap length says it may be too long.
  if (state.name.length > MAX_STATE_NAME && [...state.name].length > MAX_STATE_NAME) {
    // AWS: "INVALID_STATE_NAME: Invalid State name: State '...' exceeds the 80-character limit
    // allowed by the service at /States/..." (ChristopheBougere/asl-validator#69, recorded).
    ctx.report({
      code: 'invalid-value',
      node: state.keyNode,
      awsCode: 'INVALID_STATE_NAME',
      message: `State names can be at most ${MAX_STATE_NAME} characters long; this one has ${[...state.name].length}.`,
    });
  }
  const { tree, index: node } = state;
  if (tree.kindOf(node) !== 'object') return; // reported with its scope

  // The model read the Type already; its node is made only when something is wrong with it.
  const type = isStateType(state.type) ? state.type : checkType(ctx, state);
  if (!type) return;

  if (ctx.machine.queryLanguage === 'JSONata') {
    const qlNode = tree.get(node, 'QueryLanguage');
    if (tree.string(qlNode) === 'JSONPath') {
      ctx.report({
        code: 'invalid-jsonata',
        node: qlNode,
        data: { jsonPathInJsonataMachine: true },
        message:
          'The state machine\'s "QueryLanguage" is JSONata, so no state in it can use JSONPath: write this state in JSONata, or set the top-level "QueryLanguage" to "JSONPath".',
      });
    }
  }

  const ql = state.queryLanguage;
  const validate = stateValidator(type, ql);
  if (!validate(statePlain(tree, state.index))) {
    reportErrors({ doc, tree, base: node, ql, state: { name: state.name, type }, report: (f) => ctx.report(f) }, validate.errors ?? []);
  }
  checkState(ctx, state, type, ql);
}

/** A state whose Type is missing or not a state type: says so, and gives the type if it is one after all. */
function checkType(ctx: RuleContext, state: StateInfo): StateType | undefined {
  const { doc } = ctx;
  const { tree, index: node } = state;
  const typeNode = tree.get(node, 'Type');
  if (typeNode < 0) {
    const misspelt = tree
      .children(node)
      .map((p) => tree.keyText(p))
      .find((k) => typeof k === 'string' && closest(k, ['Type']) === 'Type');
    ctx.report({
      code: 'missing-field',
      node: state.keyNode,
      message: `State "${state.name}" is missing the required field "Type" (one of ${TYPE_LIST}).${misspelt ? ` "${misspelt}" looks like a misspelling of "Type".` : ''}`,
      data: { field: 'Type' },
    });
    return undefined;
  }
  if (isPlaceholderNode(doc, typeNode)) return undefined;
  const type = tree.scalar(typeNode);
  if (!isStateType(type)) {
    const suggestion = typeof type === 'string' ? closest(type, STATE_TYPES) : undefined;
    const shown = tree.kindOf(typeNode) === 'string' ? `"${type}" is not a state type.` : `"Type" must be a string naming the state type.`;
    ctx.report({
      code: 'invalid-value',
      node: typeNode,
      message: `${shown}${suggestion ? ` Did you mean "${suggestion}"?` : ''} The types are ${TYPE_LIST}.`,
      data: suggestion ? { suggestion } : undefined,
    });
    return undefined;
  }
  return type;
}
