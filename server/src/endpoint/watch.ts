/**
 * Our one extension to the API, for the editor's graph panel (client/src/endpointWatch.ts):
 * `X-Amz-Target: AslWorkbench.WatchExecution`, outside AWS's `AWSStepFunctions.` names so no AWS
 * client can call it by mistake. It answers an execution's events in the engine's own shape (each
 * with its state name, branch/iteration scope and our extras: data flow, matched Choice rule,
 * hints), which is what a dry run hands the panel, so a live execution is drawn by the same code.
 *
 * Request: `{ executionArn, afterEventId?: n, waitSeconds?: s }`. The answer holds the events after
 * event n; while the execution runs and has none after n, it waits (a long poll) up to s seconds
 * for one, so a watcher sees each event as it is written without polling in a loop.
 */
import { readExecutionArn } from './arns';
import { noExecution } from './errors';
import type { Action } from './actions';
import type { Executions } from './executions';
import type { Store } from './store';
import { MAX_ARN, optionalInt, requireString } from './validate';

export const EXTENSION_PREFIX = 'AslWorkbench.';
/** The longest long poll: under the SDKs' and proxies' usual idle limits. */
export const MAX_WAIT_SECONDS = 20;
/** An event id (history ids count from 1, one per event). */
const MAX_EVENT_ID = 2 ** 31 - 1;

export function extensionActions(store: Store, executions: Executions): Record<string, Action> {
  return {
    async WatchExecution(body) {
      const arnText = requireString(body, 'executionArn', MAX_ARN);
      const after = optionalInt(body, 'afterEventId', 0, MAX_EVENT_ID) ?? 0;
      const wait = optionalInt(body, 'waitSeconds', 0, MAX_WAIT_SECONDS) ?? 0;
      const arn = readExecutionArn(arnText);
      let e = store.executions.get(arn);
      if (!e) throw noExecution(arnText);
      if (e.status === 'RUNNING' && e.events.length <= after && wait > 0) {
        await executions.nextChange(arn, wait * 1000);
        e = store.executions.get(arn) ?? e;
      }
      const out: Record<string, unknown> = {
        executionArn: e.arn,
        stateMachineArn: e.stateMachineArn,
        name: e.name,
        status: e.status,
        startDate: e.startDate / 1000,
        definition: e.definition,
        // Ids count from 1 in order, so the events after n are the array from index n.
        events: e.events.slice(after),
        lastEventId: e.events.length,
      };
      if (e.stopDate !== undefined) out.stopDate = e.stopDate / 1000;
      if (e.output !== undefined) out.output = e.output;
      if (e.error !== undefined) out.error = e.error;
      if (e.cause !== undefined) out.cause = e.cause;
      return out;
    },
  };
}
