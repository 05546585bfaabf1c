/**
 * The Variables view of a stop: scopes of a frame, JSON values as expandable containers, and
 * the edit path of a value the user may change (the input or a variable, before a state runs).
 */
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { DebugFrame } from '../core/engine/debug';
import type { HistoryEvent } from '../core/engine/types';

/** Where an editable value sits: in the state's input or in the variables, at these steps. */
export interface EditPath {
  root: 'input' | 'variables';
  steps: (string | number)[];
}

export interface Container {
  value: unknown;
  /** The edit path of a child, if children are editable. */
  editOf?(key: string): EditPath | undefined;
  /** The JSONata expression of a child (Add to Watch, Copy as Expression), if it has one. */
  exprOf?(key: string): string | undefined;
}

/** JSONata for `base` then `key`: a field (backquoted unless a plain name) or an array index. */
export function childExpr(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${base}.${key}` : `${base}.\`${key.replace(/`/g, '')}\``;
}

/** Longest value shown inline (the rest is one click away). */
const MAX_INLINE = 200;

export class VariableStore {
  private readonly containers = new Map<number, Container>();
  private nextRef = 1;

  clear(): void {
    this.containers.clear();
    this.nextRef = 1;
  }

  add(c: Container): number {
    const ref = this.nextRef++;
    this.containers.set(ref, c);
    return ref;
  }

  get(ref: number): Container | undefined {
    return this.containers.get(ref);
  }

  /** A reference for a value that has children; 0 for a scalar or an empty one. */
  refOf(value: unknown, edit?: EditPath, expr?: string): number {
    if (typeof value !== 'object' || value === null) return 0;
    if (Object.keys(value).length === 0) return 0;
    const key = (k: string) => (Array.isArray(value) ? Number(k) : k);
    return this.add({
      value,
      editOf: edit ? (k) => ({ root: edit.root, steps: [...edit.steps, key(k)] }) : undefined,
      exprOf: expr !== undefined ? (k) => childExpr(expr, key(k)) : undefined,
    });
  }

  variables(ref: number): DebugProtocol.Variable[] {
    const c = this.containers.get(ref);
    if (!c || typeof c.value !== 'object' || c.value === null) return [];
    const v = c.value as Record<string, unknown>;
    return Object.keys(v).map((k) => this.variable(k, v[k], c.editOf?.(k), c.exprOf?.(k)));
  }

  variable(name: string, value: unknown, edit?: EditPath, expr?: string): DebugProtocol.Variable {
    const out: DebugProtocol.Variable = {
      name,
      value: preview(value),
      type: typeName(value),
      variablesReference: this.refOf(value, edit, expr),
    };
    if (expr !== undefined) out.evaluateName = expr;
    return out;
  }
}

export function preview(v: unknown): string {
  if (v === undefined) return 'undefined';
  const s = JSON.stringify(v) ?? String(v);
  return s.length > MAX_INLINE ? `${s.slice(0, MAX_INLINE - 3)}...` : s;
}

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

/** Sets `value` at `steps` inside a copy of `root` (the original is shared with the run's history). */
export function setIn(root: unknown, steps: readonly (string | number)[], value: unknown): unknown {
  if (steps.length === 0) return value;
  const [k, ...rest] = steps;
  if (Array.isArray(root)) {
    const copy = root.slice();
    copy[Number(k)] = setIn(root[Number(k)], rest, value);
    return copy;
  }
  const obj = typeof root === 'object' && root !== null ? (root as Record<string, unknown>) : {};
  return { ...obj, [k]: setIn(obj[k as string], rest, value) };
}

/** The "State" scope: what the state is and gets, where and when. */
export function stateScope(f: DebugFrame): Record<string, unknown> {
  const s: Record<string, unknown> = { name: f.stateName, type: f.stateType, input: f.input };
  if (f.error) s.error = f.error;
  s.retryCount = f.retryCount;
  s.simulatedTime = `${f.timeMs / 1000} s (${f.timestamp})`;
  return s;
}

/** `$states` as the state's expressions see it (no result before the state has run). */
export function statesScope(f: DebugFrame): Record<string, unknown> {
  const s: Record<string, unknown> = { input: f.input, context: f.context() };
  if (f.error) s.errorOutput = { Error: f.error.Error, Cause: f.error.Cause };
  return s;
}

/**
 * The data flow of the last state this thread finished: its input, each step AWS's history
 * records (afterInputPath, afterParameters, result, afterResultSelector, afterResultPath,
 * afterOutputPath) and its output.
 */
export function lastStateFlow(f: DebugFrame): { name: string; flow: Record<string, unknown> } | undefined {
  const key = f.scope.join('\u0000');
  const events = f.events;
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (!e.type.endsWith('StateExited') || (e.scope ?? []).join('\u0000') !== key) continue;
    const entered = findEntered(events, i, key, e.stateName);
    const d = e.details ?? {};
    const flow: Record<string, unknown> = {};
    if (entered?.details && 'input' in entered.details) flow.input = entered.details.input;
    if (d.dataFlow && typeof d.dataFlow === 'object') Object.assign(flow, d.dataFlow);
    if (d.assignedVariables !== undefined) flow.assignedVariables = d.assignedVariables;
    flow.output = d.output;
    return { name: e.stateName ?? '?', flow };
  }
  return undefined;
}

function findEntered(events: readonly HistoryEvent[], before: number, key: string, name: string | undefined): HistoryEvent | undefined {
  for (let i = before - 1; i >= 0; i--) {
    const e = events[i];
    if (e.type.endsWith('StateEntered') && e.stateName === name && (e.scope ?? []).join('\u0000') === key) return e;
  }
  return undefined;
}
