/**
 * What a dry run means for the drawing, from its ExecutionResult alone: each state's status
 * (succeeded, failed, caught, retried n times), the edges the run took, and for each state the
 * instances it ran as (per Parallel branch and Map iteration) with input, output and data flow.
 * Pure (no DOM), so it is tested in node as well as used by the panel.
 */
import type { ExecutionResult, HistoryEvent } from '../../server/src/core/engine/types';
import type { GraphModel } from '../../server/src/core/graph/types';
import { LIVE_STATUS } from '../../protocol/panel';

export type RunStatus = 'succeeded' | 'failed' | 'caught' | 'stopped' | 'running';

/** One time a state ran: per branch or iteration it sits in, and again each time a loop comes back. */
export interface StateRun {
  /** Where: "" at the top, else e.g. "Fan out › branch 1 › Items › iteration 3". */
  where: string;
  status: RunStatus;
  /** Attempts beyond the first (Retry). */
  retries: number;
  input?: unknown;
  output?: unknown;
  /** The JSONPath data flow as the engine records it: afterInputPath, afterParameters, ... */
  dataFlow?: Record<string, unknown>;
  error?: string;
  cause?: string;
  /** Our explanation beside AWS's cause, when the engine has one. */
  hint?: string;
  enteredEventId: number;
}

export interface NodeRun {
  nodeId: string;
  runs: StateRun[];
  /** The summary shown on the node. */
  status: RunStatus;
  retries: number;
}

export interface RunView {
  nodes: Map<string, NodeRun>;
  /** Edges taken at least once. */
  edges: Set<string>;
  /** The node of the state where a failed run failed. */
  failedNode?: string;
}

const OUTCOME = /^(Task|LambdaFunction|Activity|ParallelState|MapState)(Succeeded|Failed|TimedOut)$/;
const SCHEDULED = /^(Task|LambdaFunction|Activity)Scheduled$/;
const ENTERED = /StateEntered$/;
const EXITED = /StateExited$/;

interface Open {
  run: StateRun;
  name: string;
  nodeId: string;
  lastOutcome?: 'ok' | 'fail';
  attempts: number;
}

export function readRun(model: GraphModel, result: ExecutionResult): RunView {
  // State names are unique in a valid machine; the first definition answers for duplicates.
  const byName = new Map<string, string>();
  for (const n of model.nodes) if (n.kind === 'state' && !byName.has(n.name)) byName.set(n.name, n.id);
  const edgeByEnds = new Map<string, string>();
  for (const e of model.edges) if (!edgeByEnds.has(`${e.from}\n${e.to}`)) edgeByEnds.set(`${e.from}\n${e.to}`, e.id);
  // A Choice's edges by the rule that matched (its index, or Default): a rule and Default may
  // lead to the same state, and the run says which one it was.
  const edgeByRule = new Map<string, string>();
  for (const e of model.edges) {
    if (e.kind === 'choice' && e.rule !== undefined) edgeByRule.set(`${e.from}\n${e.rule}`, e.id);
    else if (e.kind === 'default') edgeByRule.set(`${e.from}\nDefault`, e.id);
  }
  const startOf = new Map<string, string>();
  const endOf = new Map<string, string>();
  for (const n of model.nodes) {
    if (n.kind === 'start') startOf.set(n.scope, n.id);
    if (n.kind === 'end') endOf.set(n.scope, n.id);
  }
  const nodes = new Map(model.nodes.map((n) => [n.id, n]));

  const view: RunView = { nodes: new Map(), edges: new Set() };
  const open = new Map<string, Open>();
  /** The previous node in each branch or iteration, for the edges taken. */
  const previous = new Map<string, string>();
  /** The rule each Choice matched on its last exit, per branch or iteration. */
  const matchedRule = new Map<string, unknown>();
  const take = (from: string | undefined, to: string | undefined, rule?: unknown): void => {
    if (!from || !to) return;
    const byRule = rule === undefined ? undefined : edgeByRule.get(`${from}\n${String(rule)}`);
    const id = byRule ?? edgeByEnds.get(`${from}\n${to}`);
    if (id) view.edges.add(id);
  };

  for (const ev of result.events) {
    const name = ev.stateName;
    if (name === undefined) continue;
    const nodeId = byName.get(name);
    if (!nodeId) continue;
    const where = (ev.scope ?? []).join(' › ');
    const key = `${where}\n${name}`;
    if (ENTERED.test(ev.type)) {
      const run: StateRun = { where, status: 'stopped', retries: 0, input: detail(ev, 'input'), enteredEventId: ev.id };
      open.set(key, { run, name, nodeId, attempts: 0 });
      let nr = view.nodes.get(nodeId);
      if (!nr) view.nodes.set(nodeId, (nr = { nodeId, runs: [], status: 'stopped', retries: 0 }));
      nr.runs.push(run);
      const prev = previous.get(where);
      take(prev ?? startOf.get(nodes.get(nodeId)?.scope ?? ''), nodeId, prev ? matchedRule.get(where) : undefined);
      matchedRule.delete(where);
      previous.set(where, nodeId);
      continue;
    }
    const o = open.get(key);
    if (!o) continue;
    if (SCHEDULED.test(ev.type)) {
      o.attempts++;
      if (o.attempts > 1) o.run.retries++;
    } else if (OUTCOME.test(ev.type)) {
      const failed = !ev.type.endsWith('Succeeded');
      o.lastOutcome = failed ? 'fail' : 'ok';
      if (failed) {
        o.run.error = str(detail(ev, 'error'));
        o.run.cause = str(detail(ev, 'cause'));
        o.run.hint = str(detail(ev, 'hint'));
      }
    } else if (EXITED.test(ev.type)) {
      o.run.output = detail(ev, 'output');
      const rule = detail(ev, 'matchedRule');
      if (rule !== undefined) matchedRule.set(where, rule);
      const flow = detail(ev, 'dataFlow');
      if (flow && typeof flow === 'object') o.run.dataFlow = flow as Record<string, unknown>;
      o.run.status = o.lastOutcome === 'fail' ? 'caught' : 'succeeded';
      open.delete(key);
      const node = nodes.get(o.nodeId);
      if (node?.terminal && o.run.status === 'succeeded') take(o.nodeId, endOf.get(node.scope));
    }
  }
  // What never exited failed the run (a Fail state, a Task out of retries) or was stopped by it.
  // With no such state (a time-out, an abort), the innermost states still running are where it stopped.
  const stillOpen = [...open.values()];
  // An execution a local endpoint is still running: what has not exited is running, not blamed.
  if ((result.status as string) === LIVE_STATUS) {
    for (const o of stillOpen) o.run.status = 'running';
    stillOpen.length = 0;
  }
  const failing = stillOpen.filter((o) => o.lastOutcome === 'fail' || nodes.get(o.nodeId)?.type === 'Fail');
  const blamed = failing.length > 0 || result.status === 'SUCCEEDED' ? failing : stillOpen.filter((o) => isInnermost(o, stillOpen));
  for (const o of blamed) {
    o.run.status = 'failed';
    if (o.run.error === undefined) {
      o.run.error = result.error;
      o.run.cause = result.cause;
      o.run.hint = result.hint;
    }
  }
  let failedAt = -1;
  for (const nr of view.nodes.values()) {
    nr.retries = nr.runs.reduce((n, r) => n + r.retries, 0);
    nr.status = summary(nr.runs);
    for (const r of nr.runs) {
      if (r.status === 'failed' && r.enteredEventId > failedAt && result.status !== 'SUCCEEDED') {
        failedAt = r.enteredEventId;
        view.failedNode = nr.nodeId;
      }
    }
  }
  return view;
}

/** An open state with no open state nested in it (nested scopes are labelled after their state's name). */
function isInnermost(o: Open, all: Open[]): boolean {
  const inner = `${o.run.where ? `${o.run.where} › ` : ''}${o.name} › `;
  return !all.some((other) => other !== o && `${other.run.where} › `.startsWith(inner));
}

/** The worst status wins: failed, then caught, then running, then stopped, then succeeded. */
function summary(runs: StateRun[]): RunStatus {
  const has = (s: RunStatus) => runs.some((r) => r.status === s);
  return has('failed') ? 'failed' : has('caught') ? 'caught' : has('running') ? 'running' : has('stopped') ? 'stopped' : 'succeeded';
}

function detail(ev: HistoryEvent, key: string): unknown {
  return ev.details ? ev.details[key] : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** The data-flow steps in the order JSONPath applies them, with readable names. */
export const DATA_FLOW_STEPS: [string, string][] = [
  ['afterInputPath', 'After InputPath'],
  ['afterItemsPath', 'After ItemsPath'],
  ['afterItemSelector', 'After ItemSelector'],
  ['afterParameters', 'After Parameters'],
  ['result', 'Result'],
  ['afterResultSelector', 'After ResultSelector'],
  ['afterResultPath', 'After ResultPath'],
  ['afterOutputPath', 'After OutputPath'],
];

/** The steps of a data-flow record in application order; unknown keys keep their place at the end. */
export function dataFlowSteps(flow: Record<string, unknown>): [string, unknown][] {
  const known = new Set(DATA_FLOW_STEPS.map(([k]) => k));
  const out: [string, unknown][] = [];
  for (const [k, label] of DATA_FLOW_STEPS) if (k in flow) out.push([label, flow[k]]);
  for (const k of Object.keys(flow)) if (!known.has(k)) out.push([k, flow[k]]);
  return out;
}
