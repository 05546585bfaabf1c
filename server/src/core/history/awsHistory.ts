/**
 * A real execution's history, as `aws stepfunctions get-execution-history --output json` writes it
 * ({events: [{timestamp, type, id, previousEventId, <type>EventDetails}]}, the SDK model's
 * HistoryEvent), read into the dry run's result shape (engine/types.ts ExecutionResult), so that
 * the graph panel can show it like a dry run and `mocks from-history` can turn it into a test case.
 *
 * AWS's events carry no scope: which Parallel branch or Map iteration an event belongs to is read
 * from the previousEventId chain (a branch's first state follows ParallelStateStarted, and which
 * branch it is follows from the definition's StartAt of each branch; an iteration's first state
 * follows MapIterationStarted, whose details name the Map and the index). Task events carry no
 * state name: they belong to the state last entered in their strand. JSON-valued details (input,
 * output, parameters) are JSON text in AWS's history; here they are parsed.
 */
import type { ExecutionResult, ExecutionStatus, HistoryEvent } from '../engine/types';

export interface AwsHistoryEvent {
  timestamp: string | number;
  type: string;
  id: number;
  previousEventId?: number;
  [details: string]: unknown;
}

export interface AwsHistory {
  events: AwsHistoryEvent[];
  nextToken?: string;
}

/** `aws stepfunctions describe-execution --output json`: the fields read here. */
export interface AwsDescribeExecution {
  status?: string;
  input?: string;
  output?: string;
  error?: string;
  cause?: string;
  name?: string;
}

export class HistoryFormatError extends Error {}

/** Detail fields holding JSON text in AWS's events (the SDK model's *EventDetails). */
const JSON_FIELDS = new Set(['input', 'output', 'parameters']);
const STATUS_OF: Record<string, ExecutionStatus> = {
  ExecutionSucceeded: 'SUCCEEDED',
  ExecutionFailed: 'FAILED',
  ExecutionTimedOut: 'TIMED_OUT',
  ExecutionAborted: 'ABORTED',
};
/** The events a Parallel or Map writes when it ends: they close the branch or iteration that came before. */
const FINAL_STATUSES = new Set<string>(['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED']);
const CLOSES_CHILD = new Set([
  'ParallelStateSucceeded',
  'ParallelStateFailed',
  'ParallelStateAborted',
  'MapStateSucceeded',
  'MapStateFailed',
  'MapStateAborted',
]);
const ITERATION = /^MapIteration(Started|Succeeded|Failed|Aborted)$/;

/** Checks the file's shape; throws HistoryFormatError saying what is wrong. */
export function readHistory(value: unknown): AwsHistory {
  if (typeof value !== 'object' || value === null || !Array.isArray((value as AwsHistory).events)) {
    throw new HistoryFormatError(
      'An execution history is a JSON object with "events": [...] (the output of aws stepfunctions get-execution-history --output json).',
    );
  }
  const events = (value as AwsHistory).events;
  events.forEach((e, i) => {
    if (typeof e !== 'object' || e === null || typeof e.type !== 'string' || typeof e.id !== 'number') {
      throw new HistoryFormatError(`events[${i}] has no "type" and numeric "id".`);
    }
  });
  return value as AwsHistory;
}

/** Reads AWS's history of a run of `definition` (the parsed definition: branch StartAt names) into a run result. */
export function historyToResult(history: AwsHistory, definition: unknown, describe?: AwsDescribeExecution): ExecutionResult {
  const events = [...readHistory(history).events].sort((a, b) => a.id - b.id);
  const byId = new Map<number, HistoryEvent>();
  /** The state last entered in each strand, keyed by its scope. */
  const current = new Map<string, string>();
  /** The Parallel state that wrote each ParallelStateStarted event. */
  const parallelOf = new Map<number, string>();
  const out: HistoryEvent[] = [];
  const path: string[] = [];
  let status: ExecutionStatus | undefined;
  let output: unknown;
  let error: string | undefined;
  let cause: string | undefined;
  for (const e of events) {
    const details = detailsOf(e);
    const prev = e.previousEventId !== undefined ? byId.get(e.previousEventId) : undefined;
    let scope = prev?.scope ?? [];
    if (e.type.endsWith('StateEntered') && prev?.type === 'ParallelStateStarted') {
      const owner = parallelOf.get(prev.id) ?? prev.stateName ?? '';
      scope = [...scope, owner, `branch ${branchIndex(definition, owner, String(details.name))}`];
    } else if (e.type === 'MapIterationStarted') {
      // After MapStateStarted (the Map's own scope) or after another iteration's event.
      const name = String(details.name ?? '');
      const base = prev && ITERATION.test(prev.type) ? cutAt(scope, name, 'iteration ') : scope;
      scope = [...base, name, `iteration ${details.index}`];
    } else if (ITERATION.test(e.type)) {
      const name = String(details.name ?? '');
      const at = scope.lastIndexOf(`iteration ${details.index}`);
      scope = at >= 1 && scope[at - 1] === name ? scope.slice(0, at + 1) : [...scope, name, `iteration ${details.index}`];
    } else if (CLOSES_CHILD.has(e.type)) {
      // Written after the last event of a branch or iteration, at any depth: back to the owner's scope.
      scope = cutLast(scope, e.type.startsWith('Parallel') ? 'branch ' : 'iteration ');
    }
    const key = scope.join('\u0000');
    let stateName: string | undefined;
    if (typeof details.name === 'string' && /State(Entered|Exited)$/.test(e.type)) stateName = details.name;
    else if (ITERATION.test(e.type) || e.type.startsWith('MapState') || e.type.startsWith('ParallelState'))
      stateName = typeof details.name === 'string' ? details.name : current.get(key);
    else if (!e.type.startsWith('Execution')) stateName = current.get(key);
    if (e.type.endsWith('StateEntered') && stateName !== undefined) {
      current.set(key, stateName);
      if (scope.length === 0) path.push(stateName);
    }
    const ev: HistoryEvent = { id: e.id, previousEventId: e.previousEventId ?? 0, timestamp: isoOf(e.timestamp), type: e.type };
    if (stateName !== undefined) ev.stateName = stateName;
    if (scope.length > 0) ev.scope = scope;
    if (Object.keys(details).length > 0) ev.details = details;
    if (e.type === 'ParallelStateStarted' && stateName !== undefined) parallelOf.set(e.id, stateName);
    byId.set(e.id, ev);
    out.push(ev);
    const final = STATUS_OF[e.type];
    if (final) {
      status = final;
      if (final === 'SUCCEEDED') output = details.output;
      if (typeof details.error === 'string') error = details.error;
      if (typeof details.cause === 'string') cause = details.cause;
    }
  }
  if (describe) {
    if (describe.status !== undefined && FINAL_STATUSES.has(describe.status)) status = describe.status as ExecutionStatus;
    if (typeof describe.output === 'string') output = parseJson(describe.output);
    if (typeof describe.error === 'string') error = describe.error;
    if (typeof describe.cause === 'string') cause = describe.cause;
  }
  const start = out.length ? Date.parse(out[0].timestamp) : 0;
  const end = out.length ? Date.parse(out[out.length - 1].timestamp) : 0;
  const result: ExecutionResult = {
    status: status ?? 'ABORTED',
    path,
    events: out,
    simulatedSeconds: Number.isFinite(end - start) ? (end - start) / 1000 : 0,
  };
  if (result.status === 'SUCCEEDED') result.output = output;
  if (error !== undefined) result.error = error;
  if (cause !== undefined) result.cause = cause;
  if (status === undefined)
    result.hint =
      'The history has no final Execution* event: the execution was still running, or the history is one page of several (the AWS CLI reads all pages unless --max-items or --no-paginate stops it).';
  return result;
}

/** The input the execution started with (ExecutionStarted, else describe-execution's). */
export function historyInput(history: AwsHistory, describe?: AwsDescribeExecution): unknown {
  const started = history.events.find((e) => e.type === 'ExecutionStarted');
  const details = started ? detailsOf(started) : {};
  if (details.input !== undefined) return details.input;
  return describe?.input !== undefined ? parseJson(describe.input) : {};
}

/** The scope above the innermost label starting with `prefix` (a branch or an iteration). */
function cutLast(scope: string[], prefix: string): string[] {
  for (let i = scope.length - 1; i >= 1; i -= 2) if (scope[i].startsWith(prefix)) return scope.slice(0, i - 1);
  return scope;
}

/** The scope above the innermost iteration of Map `name`. */
function cutAt(scope: string[], name: string, prefix: string): string[] {
  for (let i = scope.length - 1; i >= 1; i -= 2) if (scope[i].startsWith(prefix) && scope[i - 1] === name) return scope.slice(0, i - 1);
  return scope;
}

/**
 * The event's one `...EventDetails` member (the SDK model names it after the type, except
 * stateEnteredEventDetails and stateExitedEventDetails for every state type), JSON text parsed.
 */
function detailsOf(e: AwsHistoryEvent): Record<string, unknown> {
  const key = Object.keys(e).find((k) => k.endsWith('EventDetails'));
  const raw = key !== undefined ? e[key] : undefined;
  const out: Record<string, unknown> = {};
  if (typeof raw !== 'object' || raw === null) return out;
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (k.endsWith('Details') && k !== 'taskCredentials') continue; // inputDetails {truncated}: not data
    out[k] =
      JSON_FIELDS.has(k) && typeof v === 'string'
        ? parseJson(v)
        : k === 'assignedVariables' && typeof v === 'object' && v !== null
          ? parseValues(v as Record<string, unknown>)
          : v;
  }
  return out;
}

function parseValues(vars: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(vars)) out[k] = typeof v === 'string' ? parseJson(v) : v;
  return out;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** AWS CLI v2 writes ISO 8601 with an offset; v1 and some SDKs write epoch seconds. */
function isoOf(t: string | number): string {
  const ms = typeof t === 'number' ? t * 1000 : Date.parse(t);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : String(t);
}

/** Which branch of Parallel `owner` starts at `first` (searched anywhere in the definition). */
function branchIndex(definition: unknown, owner: string, first: string): number {
  const parallel = findState(definition, owner);
  const branches = parallel && Array.isArray(parallel.Branches) ? (parallel.Branches as Record<string, unknown>[]) : [];
  const i = branches.findIndex((b) => typeof b === 'object' && b !== null && b.StartAt === first);
  return i < 0 ? 0 : i;
}

function findState(scope: unknown, name: string): Record<string, unknown> | undefined {
  if (typeof scope !== 'object' || scope === null) return undefined;
  const states = (scope as Record<string, unknown>).States;
  if (typeof states !== 'object' || states === null) return undefined;
  const direct = (states as Record<string, unknown>)[name];
  if (typeof direct === 'object' && direct !== null) return direct as Record<string, unknown>;
  for (const st of Object.values(states as Record<string, unknown>)) {
    if (typeof st !== 'object' || st === null) continue;
    const s = st as Record<string, unknown>;
    const kids: unknown[] = [...(Array.isArray(s.Branches) ? s.Branches : []), s.ItemProcessor, s.Iterator];
    for (const k of kids) {
      const hit = findState(k, name);
      if (hit) return hit;
    }
  }
  return undefined;
}
