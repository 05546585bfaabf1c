/**
 * "Create state X": for a transition (StartAt, Next, Default, a rule's or catcher's Next) naming a
 * state that exists nowhere in the machine, one quick fix per common state type, each adding a
 * minimal valid state of that name at the end of the scope's `States`, in the layout around it.
 * Read through the named tree API (tree.ts).
 */
import type { Machine, QueryLanguage, Scope } from '../model';
import type { Tree } from '../tree';
import { indentOf } from '../text';
import type { AslDiagnostic } from '../types';
import type { TextEdit } from './types';
import { scopeLanguage } from './schemaPath';

export interface CreateStateAction {
  title: string;
  kind: 'quickfix';
  edits: TextEdit[];
  diagnostics: AslDiagnostic[];
}

/** The state types offered, in this order, with the body (property lines) of each. */
const TYPES: { type: string; body: (ql: QueryLanguage) => string[] }[] = [
  { type: 'Pass', body: () => ['"Type": "Pass"', '"End": true'] },
  {
    type: 'Task',
    body: (ql) => [
      '"Type": "Task"',
      '"Resource": "arn:aws:states:::lambda:invoke"',
      ql === 'JSONata'
        ? '"Arguments": { "FunctionName": "my-function", "Payload": "{% $states.input %}" }'
        : '"Parameters": { "FunctionName": "my-function", "Payload.$": "$" }',
      '"End": true',
    ],
  },
  { type: 'Wait', body: () => ['"Type": "Wait"', '"Seconds": 10', '"End": true'] },
  { type: 'Succeed', body: () => ['"Type": "Succeed"'] },
  { type: 'Fail', body: () => ['"Type": "Fail"', '"Error": "Failed"', '"Cause": "Describe what went wrong"'] },
];

const DEFAULT_INDENT_UNIT = '  ';

export function createStateActions(machine: Machine, d: AslDiagnostic): CreateStateAction[] {
  const tree = machine.doc.tree;
  if (!tree || d.code !== 'unknown-state') return [];
  const name = tree.string(stringAt(tree, d.offset));
  // A name defined in another scope: creating it again would clash (names are unique machine-wide).
  if (name === undefined || name === '' || machine.byName.has(name)) return [];
  const scope = innermostScope(machine, tree, d.offset);
  if (!scope) return [];
  const states = tree.get(scope.nodeIndex, 'States');
  if (tree.kindOf(states) !== 'object') return [];
  const ql = scopeLanguage(machine, scope);
  return TYPES.map(({ type, body }) => ({
    title: `Create state "${name}" (${type})`,
    kind: 'quickfix' as const,
    edits: [insertState(machine.doc.text, tree, states, name, body(ql))],
    diagnostics: [d],
  }));
}

/** The string node starting at `offset` (a diagnostic's node), or -1. */
function stringAt(tree: Tree, offset: number): number {
  let at = 0;
  for (;;) {
    const next = tree.children(at).find((c) => {
      const r = tree.range(c);
      return r.offset <= offset && offset < r.offset + r.length;
    });
    if (next === undefined) return -1;
    if (tree.kindOf(next) === 'string' && tree.range(next).offset === offset) return next;
    at = next;
  }
}

function innermostScope(machine: Machine, tree: Tree, offset: number): Scope | undefined {
  let best: Scope | undefined;
  for (const s of machine.scopes) {
    const r = tree.range(s.nodeIndex);
    if (offset < r.offset || offset >= r.offset + r.length) continue;
    if (!best || r.offset >= tree.range(best.nodeIndex).offset) best = s;
  }
  return best;
}

/** The new state as the last entry of `States`, on its own lines when the states have theirs. */
function insertState(text: string, tree: Tree, states: number, name: string, lines: string[]): TextEdit {
  const key = JSON.stringify(name);
  const props = tree.children(states);
  const last = props[props.length - 1];
  const open = tree.range(states).offset;
  if (last === undefined) {
    const indent = indentOf(text, open);
    return {
      offset: open + 1,
      length: 0,
      newText: `\n${indent}${DEFAULT_INDENT_UNIT}${block(key, lines, indent + DEFAULT_INDENT_UNIT, DEFAULT_INDENT_UNIT)}\n${indent}`,
    };
  }
  const r = tree.range(last);
  const end = r.offset + r.length;
  if (sameLine(text, open, r.offset)) return { offset: end, length: 0, newText: `, ${key}: { ${lines.join(', ')} }` };
  const indent = indentOf(text, r.offset);
  return { offset: end, length: 0, newText: `,\n${indent}${block(key, lines, indent, unitOf(text, tree, last, indent))}` };
}

function block(key: string, lines: string[], indent: string, unit: string): string {
  return `${key}: {\n${lines.map((l) => `${indent}${unit}${l}`).join(',\n')}\n${indent}}`;
}

/** The indentation step of the document: the last state's first property relative to its key. */
function unitOf(text: string, tree: Tree, prop: number, indent: string): string {
  const first = tree.children(tree.valueNode(prop))[0];
  if (first === undefined || sameLine(text, tree.range(prop).offset, tree.range(first).offset)) return DEFAULT_INDENT_UNIT;
  const inner = indentOf(text, tree.range(first).offset);
  return inner.startsWith(indent) && inner.length > indent.length ? inner.slice(indent.length) : DEFAULT_INDENT_UNIT;
}

function sameLine(text: string, a: number, b: number): boolean {
  return !/[\r\n]/.test(text.slice(Math.min(a, b), Math.max(a, b)));
}
