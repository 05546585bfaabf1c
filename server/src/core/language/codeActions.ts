/**
 * Quick fixes and rewrites:
 * - "did you mean": an unknown state, field, value or variable replaced by the suggestion the
 *   diagnostic carries in `data.suggestion` (also a payload key missing its ".$");
 * - a `{% %}` expression with spaces around it (a literal string to AWS): the spaces removed;
 * - a state with neither `Next` nor `End`: add `"End": true`, or a `Next` to the likeliest state;
 * - an unreachable state: delete it, with the comma that separated it from its neighbour;
 * - an unknown transition target: create a state of that name, one action per common type
 *   (createState.ts);
 * - a Task calling a Lambda function ARN directly: convert it to the `lambda:invoke` integration
 *   (FunctionName and Payload, and the result taken from `Payload`), in either query language.
 * Edits keep the surrounding layout: new fields go on their own line at the indentation of their
 * siblings (or inline when the state is written on one line).
 */
import type { Machine, StateInfo } from '../model';
import type { Tree } from '../fastParse';
import type { AslDiagnostic } from '../types';
import { isLambdaFunctionArn } from './lambdaArns';
import { enclosingState, nodeAt, stateOfNode, type Span } from './cursor';
import type { TextEdit } from './types';
import { createStateActions } from './createState';

export interface CodeAction {
  title: string;
  kind: 'quickfix' | 'refactor.rewrite';
  edits: TextEdit[];
  /** The diagnostics the action fixes. */
  diagnostics?: AslDiagnostic[];
  preferred?: boolean;
}

const NEEDS_NEXT_OR_END = new Set(['Task', 'Pass', 'Wait', 'Parallel', 'Map']);

export function codeActions(machine: Machine, diagnostics: readonly AslDiagnostic[], range: Span): CodeAction[] {
  const out: CodeAction[] = [];
  const inRange = diagnostics.filter((d) => d.offset <= range.offset + range.length && range.offset <= d.offset + d.length);
  const endless = new Map<StateInfo, AslDiagnostic | undefined>();
  for (const d of inRange) {
    const suggestion = d.data?.suggestion;
    const trimmed = d.data?.trimmed;
    if (typeof trimmed === 'string' && d.code === 'invalid-jsonata') {
      out.push({
        title: `Remove the spaces around the JSONata expression`,
        kind: 'quickfix',
        edits: [{ offset: d.offset, length: d.length, newText: JSON.stringify(trimmed) }],
        diagnostics: [d],
        preferred: true,
      });
    } else if (
      typeof suggestion === 'string' &&
      (d.code === 'unknown-state' ||
        d.code === 'unknown-field' ||
        d.code === 'invalid-value' ||
        d.code === 'missing-dollar' ||
        d.code === 'missing-path')
    ) {
      out.push({
        title: `Change to "${suggestion}"`,
        kind: 'quickfix',
        edits: [{ offset: d.offset, length: d.length, newText: JSON.stringify(suggestion) }],
        diagnostics: [d],
        preferred: true,
      });
    } else if (typeof suggestion === 'string' && d.code === 'undefined-variable') {
      out.push({
        title: `Change to "${suggestion}"`,
        kind: 'quickfix',
        edits: [{ offset: d.offset, length: d.length, newText: suggestion }],
        diagnostics: [d],
        preferred: true,
      });
    } else if (d.code === 'unreachable-state') {
      const state = stateAtKey(machine, d.offset);
      if (state)
        out.push({
          title: `Delete the unreachable state "${state.name}"`,
          kind: 'quickfix',
          edits: [deleteProperty(machine.doc.text, state.tree, state.tree.parentOf(state.keyNode))],
          diagnostics: [d],
        });
    } else if (d.code === 'exclusive-fields') {
      const state = stateAtKey(machine, d.offset);
      if (state && lacksNextAndEnd(state)) endless.set(state, d);
    }
  }
  const here = stateAtOffset(machine, range.offset);
  if (here && lacksNextAndEnd(here) && !endless.has(here)) {
    endless.set(
      here,
      diagnostics.find((d) => d.code === 'exclusive-fields' && d.offset === here.tree.offset[here.keyNode]),
    );
  }
  for (const [state, d] of endless) out.push(...nextOrEndActions(machine, state, d));
  for (const d of inRange) if (d.code === 'unknown-state') out.push(...createStateActions(machine, d));
  if (here) {
    const convert = convertLambda(machine, here);
    if (convert) out.push(convert);
  }
  return out;
}

function stateAtKey(machine: Machine, offset: number): StateInfo | undefined {
  const tree = machine.doc.tree;
  if (!tree) return undefined;
  const node = nodeAt(tree, offset);
  const prop = tree.parentOf(node);
  const value = node >= 0 && tree.keyNode(prop) === node ? tree.valueNode(prop) : -1;
  return value >= 0 ? stateOfNode(machine, value) : undefined;
}

/** The state whose key or body holds the offset, innermost first. */
function stateAtOffset(machine: Machine, offset: number): StateInfo | undefined {
  return stateAtKey(machine, offset) ?? enclosingState(machine, nodeAt(machine.doc.tree, offset));
}

function lacksNextAndEnd(state: StateInfo): boolean {
  const { tree, index } = state;
  return (
    tree.kindOf(index) === 'object' && NEEDS_NEXT_OR_END.has(state.type ?? '') && tree.get(index, 'Next') < 0 && tree.get(index, 'End') < 0
  );
}

function nextOrEndActions(machine: Machine, state: StateInfo, d: AslDiagnostic | undefined): CodeAction[] {
  const text = machine.doc.text;
  const diagnostics = d ? [d] : undefined;
  const actions: CodeAction[] = [
    {
      title: `Add "End": true to "${state.name}"`,
      kind: 'quickfix',
      edits: [addProperty(text, state.tree, state.index, '"End": true')],
      diagnostics,
      preferred: true,
    },
  ];
  const target = likelyNext(state);
  if (target) {
    actions.push({
      title: `Add "Next": "${target}" to "${state.name}"`,
      kind: 'quickfix',
      edits: [addProperty(text, state.tree, state.index, `"Next": ${JSON.stringify(target)}`)],
      diagnostics,
    });
  }
  return actions;
}

/** A state nothing leads to yet (the first after this one, in text order), else the state written after it. */
function likelyNext(state: StateInfo): string | undefined {
  const scope = state.scope;
  const targeted = new Set<string>();
  if (scope.startAt) targeted.add(scope.startAt.target);
  for (const s of scope.stateList) for (const t of s.transitions) targeted.add(t.target);
  const list = scope.stateList;
  const i = list.indexOf(state);
  const after = [...list.slice(i + 1), ...list.slice(0, i)];
  return (after.find((s) => !targeted.has(s.name)) ?? list[i + 1])?.name;
}

// ---- text editing helpers ------------------------------------------------------------------

function lineStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

/** The whitespace before the first character of the line holding the offset. */
function indentOf(text: string, offset: number): string {
  const start = lineStart(text, offset);
  let i = start;
  while (text[i] === ' ' || text[i] === '\t') i++;
  return text.slice(start, i);
}

function startsLine(text: string, offset: number): boolean {
  return text.slice(lineStart(text, offset), offset).trim() === '';
}

function sameLine(text: string, a: number, b: number): boolean {
  const [lo, hi] = a < b ? [a, b] : [b, a];
  return !/[\r\n]/.test(text.slice(lo, hi));
}

/** Adds `"key": value` as the object's last property, on its own line when the object spans lines. */
export function addProperty(text: string, tree: Tree, at: number, property: string): TextEdit {
  const props = tree.children(at).map((p) => tree.range(p));
  const last = props[props.length - 1];
  const obj = tree.range(at);
  if (!last) {
    const multi = !sameLine(text, obj.offset, obj.offset + obj.length);
    const indent = indentOf(text, obj.offset);
    return { offset: obj.offset + 1, length: 0, newText: multi ? `\n${indent}  ${property}` : ` ${property} ` };
  }
  const end = last.offset + last.length;
  if (sameLine(text, obj.offset, last.offset)) return { offset: end, length: 0, newText: `, ${property}` };
  return { offset: end, length: 0, newText: `,\n${indentOf(text, last.offset)}${property}` };
}

/** Deletes a property and the comma tying it to a neighbour, whole lines when it has them to itself. */
export function deleteProperty(text: string, tree: Tree, at: number): TextEdit {
  const parent = tree.parentOf(at);
  const ids = parent >= 0 ? tree.children(parent) : [at];
  const i = ids.indexOf(at);
  const prop = tree.range(at);
  const next = i + 1 < ids.length ? tree.range(ids[i + 1]) : undefined;
  const prev = i > 0 ? tree.range(ids[i - 1]) : undefined;
  if (next) {
    if (startsLine(text, prop.offset) && startsLine(text, next.offset)) {
      const start = lineStart(text, prop.offset);
      return { offset: start, length: lineStart(text, next.offset) - start, newText: '' };
    }
    return { offset: prop.offset, length: next.offset - prop.offset, newText: '' };
  }
  if (prev) {
    const start = prev.offset + prev.length;
    return { offset: start, length: prop.offset + prop.length - start, newText: '' };
  }
  return { offset: prop.offset, length: prop.length, newText: '' };
}

// ---- Lambda ARN to lambda:invoke -----------------------------------------------------------

const INVOKE = 'arn:aws:states:::lambda:invoke';

function convertLambda(machine: Machine, state: StateInfo): CodeAction | undefined {
  const { tree, index } = state;
  if (state.type !== 'Task' || tree.kindOf(index) !== 'object') return undefined;
  const node = tree.range(index);
  const resourceAt = tree.get(index, 'Resource');
  if (resourceAt < 0 || !isLambdaFunctionArn(tree.scalar(resourceAt))) return undefined;
  const resource = tree.range(resourceAt);
  const value = (key: string) => {
    const v = tree.get(index, key);
    return v >= 0 ? tree.range(v) : undefined;
  };
  const text = machine.doc.text;
  const multi = !sameLine(text, node.offset, resource.offset);
  const indent = multi ? indentOf(text, resource.offset) : '';
  const unit = multi ? indentUnit(text, state) : '';
  const sep = multi ? `,\n${indent}` : ', ';
  const open = multi ? `\n${indent}${unit}` : ' ';
  const close = multi ? `\n${indent}` : ' ';
  const arn = JSON.stringify(tree.scalar(resourceAt));
  const added: string[] = [];
  const edits: TextEdit[] = [];
  const payloadObject = (payload: string, key = 'Payload') => `{${open}"FunctionName": ${arn},${open}"${key}": ${payload}${close}}`;
  const moved = (value: Span) => reindent(text.slice(value.offset, value.offset + value.length), unit);
  let exact = true;

  if (state.queryLanguage === 'JSONata') {
    const args = value('Arguments');
    if (args) edits.push({ offset: args.offset, length: args.length, newText: payloadObject(moved(args)) });
    else added.push(`"Arguments": ${payloadObject('"{% $states.input %}"')}`);
    const output = value('Output');
    if (output) edits.push(...resultToPayload(text, output));
    else added.push('"Output": "{% $states.result.Payload %}"');
    const assign = value('Assign');
    if (assign) edits.push(...resultToPayload(text, assign));
  } else {
    const params = value('Parameters');
    if (params) edits.push({ offset: params.offset, length: params.length, newText: payloadObject(moved(params)) });
    else added.push(`"Parameters": ${payloadObject('"$"', 'Payload.$')}`);
    const selector = tree.get(index, 'ResultSelector');
    if (selector >= 0) exact = selectorToPayload(tree, selector, edits);
    else if (tree.get(index, 'OutputPath') < 0 && tree.get(index, 'ResultPath') < 0) added.push('"OutputPath": "$.Payload"');
    else exact = false;
  }
  edits.unshift({ offset: resource.offset, length: resource.length, newText: JSON.stringify(INVOKE) + added.map((p) => sep + p).join('') });
  return {
    title: exact
      ? `Convert "${state.name}" to the lambda:invoke integration`
      : `Convert "${state.name}" to the lambda:invoke integration (the result becomes { "Payload": ... }: review ResultPath and OutputPath)`,
    kind: 'refactor.rewrite',
    edits,
  };
}

/** The indentation step of the document: a state's properties relative to its key. */
function indentUnit(text: string, state: StateInfo): string {
  const { tree } = state;
  const first = tree.children(state.index)[0] ?? -1;
  const keyAt = tree.offset[state.keyNode];
  if (first >= 0 && !sameLine(text, keyAt, tree.offset[first])) {
    const outer = indentOf(text, keyAt);
    const inner = indentOf(text, tree.offset[first]);
    if (inner.startsWith(outer) && inner.length > outer.length) return inner.slice(outer.length);
  }
  return '  ';
}

function reindent(value: string, unit: string): string {
  return unit ? value.replace(/\n/g, `\n${unit}`) : value;
}

/** `$states.result` becomes `$states.result.Payload` in every string under the node. */
function resultToPayload(text: string, node: Span): TextEdit[] {
  const edits: TextEdit[] = [];
  const slice = text.slice(node.offset, node.offset + node.length);
  const re = /\$states\.result(?![A-Za-z0-9_])/g;
  for (let m = re.exec(slice); m; m = re.exec(slice))
    edits.push({ offset: node.offset + m.index + m[0].length, length: 0, newText: '.Payload' });
  return edits;
}

/** Paths of the ResultSelector (keys ending in ".$") read from the Payload; false when one cannot be moved. */
function selectorToPayload(tree: Tree, node: number, edits: TextEdit[]): boolean {
  let exact = true;
  const walk = (n: number): void => {
    const kind = tree.kindOf(n);
    if (kind === 'object') {
      for (const prop of tree.children(n)) {
        const key = tree.keyText(prop);
        const value = tree.valueNode(prop);
        if (value < 0) continue;
        const v = tree.string(value);
        if (typeof key === 'string' && key.endsWith('.$') && v !== undefined) {
          if (v === '$' || /^\$[.[]/.test(v)) edits.push({ ...tree.range(value), newText: JSON.stringify(`$.Payload${v.slice(1)}`) });
          else if (!v.startsWith('$$')) exact = false;
        } else walk(value);
      }
    } else if (kind === 'array') for (const c of tree.children(n)) walk(c);
  };
  walk(node);
  return exact;
}
