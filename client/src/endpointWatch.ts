/**
 * Following executions of a running endpoint, for the graph panel: an execution's events arrive
 * as they are written (WatchExecution's long poll), and each time the panel gets the execution as
 * an ExecutionResult, the same message a dry run produces, with status RUNNING until it ends. A
 * machine can be followed too: each execution started on it from then on (by the user's own
 * tests, say) is followed in turn. No vscode here: tested in node against a real `serve`.
 */
import type { ExecutionResult, HistoryEvent } from '../../server/src/core/engine/types';
import { LIVE_STATUS } from '../../protocol/panel';
import { EndpointError, type EndpointClient, type WatchAnswer } from './endpointClient';
import { historyOf } from './endpointHistory';

/** How long one long poll waits for the next event (the endpoint allows up to 20 s). */
export const WATCH_WAIT_SECONDS = 15;
/** How often a followed machine's list of executions is read for new ones. */
export const MACHINE_POLL_MS = 500;
/** How often the history is read again from an endpoint without WatchExecution. */
export const HISTORY_POLL_MS = 500;

export interface LiveExecution {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  definition: string;
  running: boolean;
  /** What the panel draws: a dry run's result, status RUNNING while it runs. */
  result: ExecutionResult;
}

/** The execution as a dry run's result: its events so far, the top-level path, its outcome once it has one. */
export function liveResult(answer: Omit<WatchAnswer, 'events' | 'lastEventId'>, events: HistoryEvent[]): ExecutionResult {
  const path = events
    .filter((e) => e.type.endsWith('StateEntered') && !e.scope?.length && e.stateName !== undefined)
    .map((e) => e.stateName!);
  const first = events[0];
  const last = events[events.length - 1];
  const result: ExecutionResult = {
    // The panel's protocol accepts RUNNING beside the engine's four ends (protocol/panel.ts).
    status: answer.status as ExecutionResult['status'],
    path,
    events,
    simulatedSeconds: first && last ? Math.max(0, Date.parse(last.timestamp) - Date.parse(first.timestamp)) / 1000 : 0,
  };
  if (answer.status === 'SUCCEEDED' && answer.output !== undefined) {
    try {
      result.output = JSON.parse(answer.output);
    } catch {
      result.output = answer.output;
    }
  }
  if (answer.error !== undefined) result.error = answer.error;
  if (answer.cause !== undefined) result.cause = answer.cause;
  return result;
}

/**
 * Follows one execution until it ends (or `signal` aborts): `onUpdate` gets it at once, then at
 * each batch of new events and at its end. Resolves with its last state; rejects when the
 * endpoint stops answering (EndpointError) and, once aborted, with the abort.
 */
export async function followExecution(
  client: EndpointClient,
  executionArn: string,
  onUpdate: (e: LiveExecution) => void,
  signal?: AbortSignal,
  waitSeconds = WATCH_WAIT_SECONDS,
): Promise<LiveExecution> {
  const events: HistoryEvent[] = [];
  let last: LiveExecution | undefined;
  for (;;) {
    signal?.throwIfAborted();
    // The first call does not wait: the panel shows what there is at once.
    let answer: WatchAnswer;
    try {
      answer = await client.watchExecution(executionArn, events.length, last ? waitSeconds : 0, signal);
    } catch (e) {
      // Another kind of endpoint (Step Functions Local, LocalStack): its history, read again and again.
      if (!last && e instanceof EndpointError && /^UnknownOperation/.test(e.type))
        return followHistory(client, executionArn, onUpdate, signal);
      throw e;
    }
    signal?.throwIfAborted();
    // An event the endpoint has not got (it restarted and lost a running execution) starts over.
    if (answer.lastEventId < events.length) events.length = 0;
    events.push(...answer.events);
    const running = answer.status === LIVE_STATUS;
    if (!last || answer.events.length > 0 || last.running !== running) {
      last = {
        executionArn: answer.executionArn,
        stateMachineArn: answer.stateMachineArn,
        name: answer.name,
        definition: answer.definition,
        running,
        result: liveResult(answer, [...events]),
      };
      onUpdate(last);
    }
    if (!running) return last;
  }
}

/** followExecution over DescribeExecution and GetExecutionHistory alone, every HISTORY_POLL_MS. */
export async function followHistory(
  client: EndpointClient,
  executionArn: string,
  onUpdate: (e: LiveExecution) => void,
  signal?: AbortSignal,
  pollMs = HISTORY_POLL_MS,
): Promise<LiveExecution> {
  const machine: { stateMachineArn: string; definition: string } = await client.call(
    'DescribeStateMachineForExecution',
    { executionArn },
    { signal },
  );
  let last: LiveExecution | undefined;
  for (;;) {
    signal?.throwIfAborted();
    const d: Omit<WatchAnswer, 'events' | 'lastEventId' | 'definition'> = await client.call(
      'DescribeExecution',
      { executionArn },
      { signal },
    );
    // Read after the status, so an ended execution's history is complete.
    const events = await historyOf(client, executionArn, signal);
    const running = d.status === LIVE_STATUS;
    if (!last || events.length !== last.result.events.length || last.running !== running) {
      last = {
        executionArn,
        stateMachineArn: machine.stateMachineArn,
        name: d.name,
        definition: machine.definition,
        running,
        result: liveResult({ ...d, definition: machine.definition }, events),
      };
      onUpdate(last);
    }
    if (!running) return last;
    if (signal) await sleep(pollMs, signal);
    else await new Promise((r) => setTimeout(r, pollMs));
  }
}

/**
 * Follows a machine: every execution started on it after this call is handed to `onExecution`
 * (oldest first), until `signal` aborts. Executions that exist already are not.
 */
export async function followMachine(
  client: EndpointClient,
  stateMachineArn: string,
  onExecution: (executionArn: string) => void,
  signal: AbortSignal,
  pollMs = MACHINE_POLL_MS,
): Promise<void> {
  const seen = new Set((await client.listExecutions(stateMachineArn, LIST_PAGE)).map((e) => e.executionArn));
  while (!signal.aborted) {
    await sleep(pollMs, signal);
    if (signal.aborted) return;
    const fresh = (await client.listExecutions(stateMachineArn, LIST_PAGE)).filter((e) => !seen.has(e.executionArn));
    for (const e of fresh.reverse()) {
      seen.add(e.executionArn);
      onExecution(e.executionArn);
    }
  }
}

/** Executions read per poll of a followed machine: more than a test suite starts in half a second. */
const LIST_PAGE = 100;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
