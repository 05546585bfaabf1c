/**
 * Editing from the graph: each gesture of the panel (add a state after a state or on a transition,
 * connect or reconnect a transition, delete, rename, set a common field) as the smallest list of
 * text edits over the parsed document, so key order, formatting and the rest of the file stay as
 * they were and the editor's undo undoes it. Nodes and edges are named by their graph ids
 * (build.ts); the document is read through the tree's named API only.
 */
import type { Analysis } from '../validate';
import type { StateInfo, Scope } from '../model';
import type { TextEdit } from '../language/types';
import { rename } from '../language/rename';
import { buildGraph } from './build';
import { JsonEditor } from './editText';
import type { GraphEdge, GraphModel } from './types';

import type { GraphEdit, GraphEditResult, PaletteType } from './editTypes';

export * from './editTypes';

interface Ctx {
  analysis: Analysis;
  model: GraphModel;
  ed: JsonEditor;
  byId: Map<string, StateInfo>;
}

/** The edits that make `edit`, or why it cannot be made. */
export function editFromGraph(analysis: Analysis, edit: GraphEdit): GraphEditResult {
  const tree = analysis.doc.tree;
  if (!tree || !analysis.machine.root || analysis.doc.syntaxErrors.length > 0)
    return { error: 'The document does not parse; fix it in the editor first.' };
  // The edits are JSON text: a definition written in another syntax (YAML) is edited in the editor.
  const root = analysis.machine.root.nodeIndex;
  if (analysis.doc.text[tree.range(root).offset] !== '{')
    return { error: 'Editing from the graph works on JSON definitions; edit this one in the editor.' };
  const model = buildGraph(analysis.machine);
  const byId = new Map<string, StateInfo>();
  // A node's nameOffset is where its state's key starts.
  const keyOffset = (s: StateInfo): number => tree.range(tree.keyNode(tree.parentOf(s.index))).offset;
  const byOffset = new Map(analysis.machine.states.map((s) => [keyOffset(s), s]));
  for (const n of model.nodes) if (n.kind === 'state' && n.nameOffset !== undefined) byId.set(n.id, byOffset.get(n.nameOffset)!);
  const ctx: Ctx = { analysis, model, ed: new JsonEditor(analysis.doc.text, tree), byId };
  const state = (id: string): StateInfo | undefined => byId.get(id);
  switch (edit.op) {
    case 'rename': {
      const s = state(edit.node);
      if (!s) return noState(edit.node);
      const r = rename(analysis.machine, keyOffset(s) + 1, edit.name);
      return 'error' in r ? r : { edits: r.edits, select: edit.name };
    }
    case 'delete':
      return deleteState(ctx, edit.node);
    case 'add':
      return addState(ctx, edit);
    case 'connect':
      return connect(ctx, edit);
    case 'setField':
      return setField(ctx, edit);
  }
}

const noState = (id: string): { error: string } => ({
  error: `There is no state ${JSON.stringify(id.replace(/^.*\//, ''))} in the document any more.`,
});

/** The property node holding a state (its name and definition). */
const propOf = (ctx: Ctx, s: StateInfo): number => ctx.ed.tree.parentOf(s.index);

/** The string nodes of a state's transitions, in the order build.ts makes its edges. */
function transitionNodes(ctx: Ctx, s: StateInfo): { kind: 'Next' | 'Default' | 'Choice' | 'Catch'; node: number; prop: number }[] {
  const t = ctx.ed.tree;
  const out: { kind: 'Next' | 'Default' | 'Choice' | 'Catch'; node: number; prop: number }[] = [];
  for (const p of t.children(s.index)) {
    const key = t.keyText(p);
    const v = t.valueNode(p);
    if ((key === 'Next' || key === 'Default') && t.kindOf(v) === 'string') out.push({ kind: key, node: v, prop: p });
    else if ((key === 'Choices' || key === 'Catch') && t.kindOf(v) === 'array') {
      for (const item of t.children(v)) {
        const next = t.property(item, 'Next');
        if (next >= 0 && t.kindOf(t.valueNode(next)) === 'string')
          out.push({ kind: key === 'Choices' ? 'Choice' : 'Catch', node: t.valueNode(next), prop: next });
      }
    }
  }
  return out;
}

/** The text node a graph edge stands for: the target string of a transition, or a scope's StartAt value. */
function edgeNode(ctx: Ctx, edge: GraphEdge): { node: number; prop: number; kind: string } | undefined {
  const t = ctx.ed.tree;
  if (edge.kind === 'start') {
    const scope = scopeOf(ctx, edge.from.replace(/\^start$/, ''));
    const p = scope ? t.property(scope.nodeIndex, 'StartAt') : -1;
    return p >= 0 ? { node: t.valueNode(p), prop: p, kind: 'StartAt' } : undefined;
  }
  const s = ctx.byId.get(edge.from);
  if (!s || edge.kind === 'end') return undefined;
  const mine = ctx.model.edges.filter((e) => e.from === edge.from && e.kind !== 'end');
  return transitionNodes(ctx, s)[mine.indexOf(edge)];
}

/** The core scope a graph scope id stands for ("m", "<owner id>#b<i>", "<owner id>#p"). */
function scopeOf(ctx: Ctx, id: string): Scope | undefined {
  if (id === ctx.model.root) return ctx.analysis.machine.root;
  const g = ctx.model.scopes.find((s) => s.id === id);
  const owner = g?.owner ? ctx.byId.get(g.owner) : undefined;
  const i = owner && ctx.model.nodes.find((n) => n.id === g!.owner)?.children?.indexOf(id);
  return owner && i !== undefined && i >= 0 ? owner.children[i] : undefined;
}

function uniqueName(ctx: Ctx, base: string): string {
  const taken = ctx.analysis.machine.byName;
  if (!taken.has(base)) return base;
  for (let k = 2; ; k++) if (!taken.has(`${base} ${k}`)) return `${base} ${k}`;
}

/** A new state's definition, going to `next` (or ending when there is none). */
function body(ctx: Ctx, type: PaletteType, scope: Scope, next: string | undefined): Record<string, unknown> | string {
  const jsonata = scope.stateList[0]?.queryLanguage === 'JSONata' || ctx.analysis.machine.queryLanguage === 'JSONata';
  const then: Record<string, unknown> = next !== undefined ? { Next: next } : { End: true };
  switch (type) {
    case 'Pass':
      return { Type: 'Pass', ...then };
    case 'Wait':
      return { Type: 'Wait', Seconds: 5, ...then };
    case 'Task':
      return jsonata
        ? {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Arguments: { FunctionName: 'MyFunction', Payload: '{% $states.input %}' },
            ...then,
          }
        : {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: 'MyFunction', 'Payload.$': '$' },
            ...then,
          };
    case 'Choice': {
      if (next === undefined) return 'A Choice needs a state to go to: add it on a transition, or after a state that has a Next.';
      const rule = jsonata ? { Condition: '{% true %}', Next: next } : { Variable: '$.value', IsPresent: true, Next: next };
      return { Type: 'Choice', Choices: [rule], Default: next };
    }
    case 'Succeed':
      return { Type: 'Succeed' };
    case 'Fail':
      return { Type: 'Fail', Error: 'Failed', Cause: 'Describe the failure here.' };
    case 'Parallel': {
      const inner = uniqueName(ctx, 'Branch Step');
      return { Type: 'Parallel', Branches: [{ StartAt: inner, States: { [inner]: { Type: 'Pass', End: true } } }], ...then };
    }
    case 'Map': {
      const inner = uniqueName(ctx, 'Item Step');
      return {
        Type: 'Map',
        ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: inner, States: { [inner]: { Type: 'Pass', End: true } } },
        ...then,
      };
    }
  }
}

/** How a state ends or goes on: its Next string, or its `End: true` property. */
function continuation(ctx: Ctx, s: StateInfo): { next?: { prop: number; node: number; target: string }; end?: number } {
  const t = ctx.ed.tree;
  const p = t.property(s.index, 'Next');
  const v = t.valueNode(p);
  if (p >= 0 && t.kindOf(v) === 'string') return { next: { prop: p, node: v, target: t.string(v)! } };
  const e = t.property(s.index, 'End');
  return e >= 0 && t.boolean(t.valueNode(e)) === true ? { end: e } : {};
}

function addState(ctx: Ctx, edit: Extract<GraphEdit, { op: 'add' }>): GraphEditResult {
  const t = ctx.ed.tree;
  const name = uniqueName(ctx, `New ${edit.type}`);
  const q = JSON.stringify(name);
  const edge = edit.edge !== undefined ? ctx.model.edges.find((e) => e.id === edit.edge) : undefined;
  if (edit.edge !== undefined && !edge) return { error: 'That transition is not in the document any more.' };
  const afterId = edge ? (edge.kind === 'start' ? undefined : edge.from) : edit.after;
  if (edge?.kind === 'start') {
    // On the start arrow: the new state comes first, and StartAt names it.
    const scope = scopeOf(ctx, edge.from.replace(/\^start$/, ''));
    const at = edgeNode(ctx, edge);
    const first = scope?.stateList[0];
    if (!scope || !at || !first) return { error: 'That start arrow has no StartAt to change.' };
    const def = body(ctx, edit.type, scope, t.string(at.node));
    if (typeof def === 'string') return { error: def };
    return { edits: [ctx.ed.replace(at.node, q), ctx.ed.insertBefore(propOf(ctx, first), name, def, first.index)], select: name };
  }
  const from = afterId !== undefined ? ctx.byId.get(afterId) : undefined;
  if (!from) return afterId === undefined ? { error: 'Select a state or a transition to add the new state after.' } : noState(afterId);
  if (from.type === 'Succeed' || from.type === 'Fail')
    return { error: `"${from.name}" is a ${from.type} state: a run ends there, so nothing can follow it.` };
  const edits: TextEdit[] = [];
  let next: string | undefined;
  if (edge && edge.kind !== 'end') {
    const at = edgeNode(ctx, edge);
    if (!at) return { error: 'That transition is not in the document any more.' };
    next = t.string(at.node);
    edits.push(ctx.ed.replace(at.node, q));
  } else {
    if (from.type === 'Choice')
      return { error: `Select one of "${from.name}"'s transitions to add a state on it: a Choice has no single next state.` };
    const c = continuation(ctx, from);
    if (c.next) {
      next = c.next.target;
      edits.push(ctx.ed.replace(c.next.node, q));
    } else if (c.end !== undefined) edits.push(ctx.ed.replace(c.end, `"Next": ${q}`));
    else edits.push(ctx.ed.addProperty(from.index, 'Next', name));
  }
  const def = body(ctx, edit.type, from.scope, next);
  if (typeof def === 'string') return { error: def };
  edits.push(ctx.ed.insertAfter(propOf(ctx, from), name, def, from.index));
  return { edits, select: name };
}

function connect(ctx: Ctx, edit: Extract<GraphEdit, { op: 'connect' }>): GraphEditResult {
  const to = ctx.byId.get(edit.to);
  const toNode = ctx.model.nodes.find((n) => n.id === edit.to);
  if (!to || !toNode) return noState(edit.to);
  const q = JSON.stringify(to.name);
  if (edit.edge !== undefined) {
    const edge = ctx.model.edges.find((e) => e.id === edit.edge);
    if (!edge) return { error: 'That transition is not in the document any more.' };
    if (toNode.scope !== ctx.model.nodes.find((n) => n.id === edge.from)?.scope) return { error: crossing(to) };
    if (edge.kind !== 'end') {
      const at = edgeNode(ctx, edge);
      return at ? { edits: [ctx.ed.replace(at.node, q)], select: to.name } : { error: 'That transition is not in the document any more.' };
    }
  }
  const from = ctx.byId.get(edit.edge !== undefined ? ctx.model.edges.find((e) => e.id === edit.edge)!.from : edit.from);
  if (!from) return noState(edit.from);
  if (from.scope !== to.scope) return { error: crossing(to) };
  if (from.type === 'Succeed' || from.type === 'Fail') return { error: `"${from.name}" is a ${from.type} state: it cannot go anywhere.` };
  const t = ctx.ed.tree;
  if (from.type === 'Choice') {
    // A Choice without Default gets one; else a new rule (a placeholder condition to fill in).
    if (t.property(from.index, 'Default') < 0) return { edits: [ctx.ed.addProperty(from.index, 'Default', to.name)], select: to.name };
    const choices = t.get(from.index, 'Choices');
    const jsonata = from.queryLanguage === 'JSONata';
    const rule = jsonata ? { Condition: '{% true %}', Next: to.name } : { Variable: '$.value', IsPresent: true, Next: to.name };
    const add = t.kindOf(choices) === 'array' ? ctx.ed.addItem(choices, rule) : undefined;
    return add
      ? { edits: [add], select: to.name, note: `Added a rule to "${from.name}": write its condition.` }
      : { error: `"${from.name}" has no Choices to add a rule to.` };
  }
  const c = continuation(ctx, from);
  if (c.next) return { edits: [ctx.ed.replace(c.next.node, q)], select: to.name };
  if (c.end !== undefined) return { edits: [ctx.ed.replace(c.end, `"Next": ${q}`)], select: to.name };
  return { edits: [ctx.ed.addProperty(from.index, 'Next', to.name)], select: to.name };
}

const crossing = (to: StateInfo): string => `"${to.name}" is in ${to.scope.label}: a transition cannot leave its own branch or iteration.`;

function deleteState(ctx: Ctx, id: string): GraphEditResult {
  const s = ctx.byId.get(id);
  if (!s) return noState(id);
  const t = ctx.ed.tree;
  const edits: TextEdit[] = [ctx.ed.deleteProperty(propOf(ctx, s))];
  const c = continuation(ctx, s);
  // Repair: what came here goes where this state went; a Next into a state that ended ends instead.
  const repairTo = s.type !== 'Choice' && c.next && c.next.target !== s.name ? c.next.target : undefined;
  const ends = c.end !== undefined || s.type === 'Succeed' || s.type === 'Fail';
  let flagged = 0;
  const others = s.scope.stateList.filter((o) => o !== s);
  if (s.scope.stateList.filter((o) => o.name === s.name).length > 1) return { edits, select: undefined };
  const incoming: { node: number; prop: number; kind: string; owner?: StateInfo }[] = [];
  const startProp = t.property(s.scope.nodeIndex, 'StartAt');
  if (startProp >= 0 && t.string(t.valueNode(startProp)) === s.name)
    incoming.push({ node: t.valueNode(startProp), prop: startProp, kind: 'StartAt' });
  for (const o of others) for (const tr of transitionNodes(ctx, o)) if (t.string(tr.node) === s.name) incoming.push({ ...tr, owner: o });
  for (const inc of incoming) {
    if (repairTo !== undefined) edits.push(ctx.ed.replace(inc.node, JSON.stringify(repairTo)));
    else if (ends && inc.kind === 'Next' && inc.owner && inc.owner.type !== 'Choice') edits.push(ctx.ed.replace(inc.prop, '"End": true'));
    else flagged++;
  }
  const note =
    flagged > 0
      ? `${flagged} transition${flagged === 1 ? '' : 's'} still name${flagged === 1 ? 's' : ''} "${s.name}", which no longer exists: the editor marks ${flagged === 1 ? 'it' : 'them'}.`
      : undefined;
  return { edits, note, select: repairTo };
}

function setField(ctx: Ctx, edit: Extract<GraphEdit, { op: 'setField' }>): GraphEditResult {
  const s = ctx.byId.get(edit.node);
  if (!s) return noState(edit.node);
  const t = ctx.ed.tree;
  const p = t.property(s.index, edit.key);
  if (edit.value === undefined || edit.value === '') return p >= 0 ? { edits: [ctx.ed.deleteProperty(p)] } : { edits: [] };
  const text = JSON.stringify(edit.value);
  if (p >= 0) {
    const v = t.valueNode(p);
    if (v >= 0 && t.scalar(v) === edit.value) return { edits: [] };
    return { edits: [v >= 0 ? ctx.ed.replace(v, text) : ctx.ed.replace(p, `${JSON.stringify(edit.key)}: ${text}`)] };
  }
  return { edits: [ctx.ed.addProperty(s.index, edit.key, edit.value)] };
}
