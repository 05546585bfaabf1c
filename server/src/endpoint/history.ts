/**
 * The engine's history events in the shape of GetExecutionHistory (API reference: HistoryEvent):
 * each type's details in its own member (`taskScheduledEventDetails`, `stateEnteredEventDetails`
 * for every *StateEntered, ...), only the fields that member has, and payloads as JSON text with
 * their `inputDetails`/`outputDetails`. Our own extras (hint, matchedRule, dataFlow) stay out.
 */
import type { HistoryEvent } from '../core/engine/types';

/** The fields of each details member (@aws-sdk/client-sfn schemas: *EventDetails). */
const ERROR = ['error', 'cause'];
const OUTPUT = ['output', 'outputDetails'];
const FIELDS: Record<string, string[]> = {
  ActivityFailed: ERROR,
  ActivityScheduleFailed: ERROR,
  ActivityScheduled: ['resource', 'input', 'inputDetails', 'timeoutInSeconds', 'heartbeatInSeconds'],
  ActivityStarted: ['workerName'],
  ActivitySucceeded: OUTPUT,
  ActivityTimedOut: ERROR,
  TaskFailed: ['resourceType', 'resource', ...ERROR],
  TaskScheduled: ['resourceType', 'resource', 'region', 'parameters', 'timeoutInSeconds', 'heartbeatInSeconds'],
  TaskStartFailed: ['resourceType', 'resource', ...ERROR],
  TaskStarted: ['resourceType', 'resource'],
  TaskSubmitFailed: ['resourceType', 'resource', ...ERROR],
  TaskSubmitted: ['resourceType', 'resource', ...OUTPUT],
  TaskSucceeded: ['resourceType', 'resource', ...OUTPUT],
  TaskTimedOut: ['resourceType', 'resource', ...ERROR],
  ExecutionFailed: ERROR,
  ExecutionStarted: ['input', 'inputDetails', 'roleArn'],
  ExecutionSucceeded: OUTPUT,
  ExecutionAborted: ERROR,
  ExecutionTimedOut: ERROR,
  MapStateStarted: ['length'],
  MapIterationStarted: ['name', 'index'],
  MapIterationSucceeded: ['name', 'index'],
  MapIterationFailed: ['name', 'index'],
  MapIterationAborted: ['name', 'index'],
  LambdaFunctionFailed: ERROR,
  LambdaFunctionScheduleFailed: ERROR,
  LambdaFunctionScheduled: ['resource', 'input', 'inputDetails', 'timeoutInSeconds'],
  LambdaFunctionStartFailed: ERROR,
  LambdaFunctionSucceeded: OUTPUT,
  LambdaFunctionTimedOut: ERROR,
  MapRunStarted: ['mapRunArn'],
  MapRunFailed: ERROR,
  EvaluationFailed: ['state', 'error', 'cause', 'location'],
};
const ENTERED = ['name', 'input', 'inputDetails'];
const EXITED = ['name', 'output', 'outputDetails', 'assignedVariables', 'assignedVariablesDetails'];
/** Values that the API sends as JSON text. */
const PAYLOADS = new Set(['input', 'output', 'parameters']);

export interface AwsHistoryEvent {
  timestamp: number;
  type: string;
  id: number;
  previousEventId: number;
  [details: string]: unknown;
}

/** The details member of an event type, or undefined for a type without one (ParallelStateStarted, ...). */
export function detailsMember(type: string): { member: string; fields: string[] } | undefined {
  if (type.endsWith('StateEntered')) return { member: 'stateEnteredEventDetails', fields: ENTERED };
  if (type.endsWith('StateExited')) return { member: 'stateExitedEventDetails', fields: EXITED };
  const fields = FIELDS[type];
  return fields && { member: type[0].toLowerCase() + type.slice(1) + 'EventDetails', fields };
}

export function awsEvent(e: HistoryEvent, includeData: boolean): AwsHistoryEvent {
  const out: AwsHistoryEvent = { timestamp: Date.parse(e.timestamp) / 1000, type: e.type, id: e.id, previousEventId: e.previousEventId };
  const m = detailsMember(e.type);
  if (!m) return out;
  const src = e.details ?? {};
  const d: Record<string, unknown> = {};
  for (const f of m.fields) {
    if (!(f in src)) continue;
    const v = src[f];
    if (PAYLOADS.has(f)) {
      if (!includeData) continue;
      const text = JSON.stringify(v ?? null);
      d[f] = text;
      if (f !== 'parameters') d[`${f}Details`] = { truncated: false };
    } else if (f === 'assignedVariables') {
      if (!includeData) continue;
      const vars: Record<string, string> = {};
      for (const [k, val] of Object.entries(v as Record<string, unknown>)) vars[k] = JSON.stringify(val ?? null);
      d.assignedVariables = vars;
      d.assignedVariablesDetails = { truncated: false };
    } else if (v !== undefined) d[f] = v;
  }
  out[m.member] = d;
  return out;
}
