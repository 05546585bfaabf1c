/**
 * A run explained in words, per state visit: which Choice rule matched (1-based, its condition
 * rendered), each retry with the wait before it and the retrier's settings, how long a Wait
 * waited, which catcher caught an error and where it went. A pure function of the engine's
 * result (its AWS-shaped history) and the machine it ran: the history says what happened, the
 * definition says which rule, retrier or catcher that was.
 */
import type { ExecutionResult, HistoryEvent } from '../engine/types';
import type { Machine, StateInfo } from '../model';
import type { Tree } from '../tree';
import { renderCondition } from './condition';

/** The lines of one state visit (a state entered once; a loop enters it again: another visit). */
export interface ExplainedVisit {
  stateName: string;
  /** The enclosing Parallel/Map states and branch/iteration, as in the events. */
  scope?: string[];
  /** The id of the visit's StateEntered event. */
  enteredEventId: number;
  lines: string[];
}

/** ASL's defaults for a retrier (Amazon States Language, "Retrying after error"). */
const DEFAULT_INTERVAL_SECONDS = 1;
const DEFAULT_BACKOFF_RATE = 2;
const DEFAULT_MAX_ATTEMPTS = 3;
const STATES_ALL = 'States.ALL';
const TASK_FAILED = 'States.TaskFailed';
/** Errors States.TaskFailed does not stand for (ASL: "matches any known error name except for States.Timeout"; a missed heartbeat is a timeout). */
const NOT_TASK_FAILED = new Set(['States.Timeout', 'States.HeartbeatTimeout']);
/** Never retried or caught (ASL: "States.Runtime ... not retriable ... cannot be caught" by States.ALL). */
const UNCATCHABLE = 'States.Runtime';

/** Events that start one attempt of a state's work: a retry starts another. */
const ATTEMPT_START = /^(Task|LambdaFunction|Activity)Scheduled$|^(ParallelState|MapState)Started$/;
/** Events that end an attempt with an error. */
const ATTEMPT_FAILED =
  /^(Task|LambdaFunction|Activity)(Failed|TimedOut|StartFailed|SubmitFailed|ScheduleFailed)$|^(ParallelState|MapState)Failed$|^EvaluationFailed$/;

interface Visit extends ExplainedVisit {
  state: StateInfo | undefined;
  enteredAt: string;
  attempts: number;
  /** The error of the last failed attempt, while no attempt or exit followed it. */
  failure?: { error: string; at: string };
}

/** The visits that have something to explain, in the order they were entered. */
export function explainRun(result: ExecutionResult, machine: Machine): ExplainedVisit[] {
  const tree = machine.doc.tree;
  const out: Visit[] = [];
  const open = new Map<string, Visit>();
  for (const e of result.events) {
    if (e.stateName === undefined) continue;
    const key = `${(e.scope ?? []).join('\u0000')}\u0000${e.stateName}`;
    if (e.type.endsWith('StateEntered')) {
      const visit: Visit = {
        stateName: e.stateName,
        enteredEventId: e.id,
        lines: [],
        state: machine.byName.get(e.stateName)?.[0],
        enteredAt: e.timestamp,
        attempts: 0,
      };
      if (e.scope?.length) visit.scope = e.scope;
      out.push(visit);
      open.set(key, visit);
      continue;
    }
    const visit = open.get(key);
    if (!visit) continue;
    if (ATTEMPT_START.test(e.type)) attemptStarted(visit, e, tree);
    else if (ATTEMPT_FAILED.test(e.type)) {
      const error = e.details?.error;
      if (typeof error === 'string') visit.failure = { error, at: e.timestamp };
    } else if (e.type.endsWith('StateExited')) {
      exited(visit, e, tree);
      open.delete(key);
    }
  }
  // Visits that never exited: an error nothing caught ended them.
  for (const visit of open.values()) {
    if (visit.failure && tree && visit.state) visit.lines.push(uncaught(tree, visit.state, visit.failure.error, visit.attempts));
  }
  // Only visits with something to say: a long run's thousands of plain visits would be noise (and bytes to the panel).
  return out
    .filter((v) => v.lines.length > 0)
    .map(({ stateName, scope, enteredEventId, lines }) =>
      scope ? { stateName, scope, enteredEventId, lines } : { stateName, enteredEventId, lines },
    );
}

function attemptStarted(visit: Visit, e: HistoryEvent, tree: Tree | undefined): void {
  visit.attempts++;
  const failure = visit.failure;
  visit.failure = undefined;
  if (!failure || visit.attempts < 2) return;
  const waited = seconds((Date.parse(e.timestamp) - Date.parse(failure.at)) / 1000);
  const retrier = tree && visit.state ? matching(tree, stateNode(tree, visit.state), 'Retry', failure.error) : undefined;
  const settings = retrier ? ` (${retrierSettings(tree!, retrier.node)})` : '';
  const which = retrier ? `: retrier ${retrier.index + 1} matched ${failure.error}` : ` after ${failure.error}`;
  visit.lines.push(`attempt ${visit.attempts} after waiting ${waited}${settings}${which}`);
}

function exited(visit: Visit, e: HistoryEvent, tree: Tree | undefined): void {
  const d = e.details ?? {};
  const node = tree && visit.state ? stateNode(tree, visit.state) : -1;
  if (visit.failure && tree) {
    const catcher = matching(tree, node, 'Catch', visit.failure.error);
    if (catcher) {
      const next = tree.string(tree.get(catcher.node, 'Next'));
      visit.lines.push(`caught ${visit.failure.error} by catcher ${catcher.index + 1}${next !== undefined ? ` -> ${next}` : ''}`);
    } else visit.lines.push(`caught ${visit.failure.error}`);
    return;
  }
  const rule = d.matchedRule;
  if (typeof rule === 'number' && tree) {
    const rules = tree.get(node, 'Choices');
    const ruleNode = tree.kindOf(rules) === 'array' ? (tree.children(rules)[rule] ?? -1) : -1;
    const next = tree.string(tree.get(ruleNode, 'Next'));
    visit.lines.push(`rule ${rule + 1} matched: ${renderCondition(tree, ruleNode)}${next !== undefined ? ` -> ${next}` : ''}`);
  } else if (rule === 'Default') {
    const next = tree ? tree.string(tree.get(node, 'Default')) : undefined;
    visit.lines.push(`no rule matched: Default${next !== undefined ? ` -> ${next}` : ''}`);
  }
  if (e.type === 'WaitStateExited') {
    const waited = (Date.parse(e.timestamp) - Date.parse(visit.enteredAt)) / 1000;
    visit.lines.push(`waited ${seconds(waited)} until ${e.timestamp}`);
  }
}

/** The first retrier or catcher of the state whose ErrorEquals takes `error` (the order AWS applies them in). */
function matching(tree: Tree, state: number, field: 'Retry' | 'Catch', error: string): { index: number; node: number } | undefined {
  const list = tree.get(state, field);
  if (tree.kindOf(list) !== 'array') return undefined;
  const items = tree.children(list);
  for (let index = 0; index < items.length; index++) {
    const equals = tree.get(items[index], 'ErrorEquals');
    const names = tree.children(equals).map((n) => tree.string(n));
    if (error === UNCATCHABLE) return undefined;
    if (names.includes(error) || names.includes(STATES_ALL) || (names.includes(TASK_FAILED) && !NOT_TASK_FAILED.has(error))) {
      return { index, node: items[index] };
    }
  }
  return undefined;
}

function retrierSettings(tree: Tree, retrier: number): string {
  const parts = [
    `IntervalSeconds ${tree.number(tree.get(retrier, 'IntervalSeconds')) ?? DEFAULT_INTERVAL_SECONDS}`,
    `BackoffRate ${tree.number(tree.get(retrier, 'BackoffRate')) ?? DEFAULT_BACKOFF_RATE}`,
  ];
  const maxDelay = tree.number(tree.get(retrier, 'MaxDelaySeconds'));
  if (maxDelay !== undefined) parts.push(`MaxDelaySeconds ${maxDelay}`);
  const jitter = tree.string(tree.get(retrier, 'JitterStrategy'));
  if (jitter !== undefined && jitter !== 'NONE') parts.push(`JitterStrategy ${jitter}`);
  return parts.join(', ');
}

function uncaught(tree: Tree, state: StateInfo, error: string, attempts: number): string {
  const node = stateNode(tree, state);
  const retrier = matching(tree, node, 'Retry', error);
  const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
  if (retrier) {
    const max = tree.number(tree.get(retrier.node, 'MaxAttempts')) ?? DEFAULT_MAX_ATTEMPTS;
    return `failed with ${error}${tries}: retrier ${retrier.index + 1} gave up (MaxAttempts ${max}), and no catcher matched`;
  }
  return `failed with ${error}${tries}: no ${tree.get(node, 'Retry') >= 0 ? 'retrier or ' : ''}catcher matched`;
}

/** The state's object node: its scope's `States` entry of that name (the first, as the model keeps). */
function stateNode(tree: Tree, state: StateInfo): number {
  return tree.get(tree.get(state.scope.nodeIndex, 'States'), state.name);
}

function seconds(s: number): string {
  return `${Math.round(s * 1000) / 1000} s`;
}
