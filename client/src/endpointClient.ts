/**
 * A small client of a running `asl-workbench serve` (or any Step Functions endpoint) for the
 * editor: AWS JSON 1.0 over HTTP with node's fetch, unsigned (the local endpoint checks no
 * signature). No vscode here, so the watch logic is tested in node against a real server.
 */
import type { HistoryEvent } from '../../server/src/core/engine/types';

const AWS_PREFIX = 'AWSStepFunctions.';
/** The endpoint's own actions (server/src/endpoint/watch.ts). */
const EXTENSION_PREFIX = 'AslWorkbench.';
const CONTENT_TYPE = 'application/x-amz-json-1.0';
/** A call that is not a long poll gives up after this long. */
const CALL_TIMEOUT_MS = 10_000;
/** A long poll may take its wait plus this long before it is given up. */
const POLL_GRACE_MS = 10_000;

export class EndpointError extends Error {
  constructor(
    /** The error's `__type` (StateMachineDoesNotExist, ...), or "Unreachable" when nothing answered. */
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export interface MachineItem {
  stateMachineArn: string;
  name: string;
  type: string;
  creationDate: number;
}

export interface ExecutionItem {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: string;
  startDate: number;
  stopDate?: number;
}

/** WatchExecution's answer: the execution and its events after the id asked for, in the engine's shape. */
export interface WatchAnswer extends ExecutionItem {
  definition: string;
  events: HistoryEvent[];
  lastEventId: number;
  output?: string;
  error?: string;
  cause?: string;
}

export class EndpointClient {
  constructor(readonly url: string) {}

  async call<T>(
    action: string,
    body: Record<string, unknown>,
    opts: { extension?: boolean; signal?: AbortSignal; timeoutMs?: number } = {},
  ): Promise<T> {
    const timeout = AbortSignal.timeout(opts.timeoutMs ?? CALL_TIMEOUT_MS);
    const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': CONTENT_TYPE, 'x-amz-target': (opts.extension ? EXTENSION_PREFIX : AWS_PREFIX) + action },
        body: JSON.stringify(body),
        signal,
      });
    } catch (e) {
      if (opts.signal?.aborted) throw e;
      throw new EndpointError('Unreachable', `No Step Functions endpoint answers at ${this.url} (${(e as Error).message}${causeOf(e)}).`);
    }
    const text = await res.text();
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw new EndpointError('Unreachable', `${this.url} did not answer as a Step Functions endpoint (HTTP ${res.status}).`);
    }
    if (!res.ok) {
      const type = String(json.__type ?? `HTTP ${res.status}`).replace(/^.*#/, '');
      throw new EndpointError(type, String(json.message ?? json.Message ?? type));
    }
    return json as T;
  }

  /** Every state machine (all pages). */
  async listStateMachines(): Promise<MachineItem[]> {
    const out: MachineItem[] = [];
    let nextToken: string | undefined;
    do {
      const page: { stateMachines: MachineItem[]; nextToken?: string } = await this.call(
        'ListStateMachines',
        nextToken ? { nextToken } : {},
      );
      out.push(...page.stateMachines);
      nextToken = page.nextToken;
    } while (nextToken);
    return out;
  }

  /** The newest executions of a machine, newest first (one page). */
  async listExecutions(stateMachineArn: string, maxResults: number): Promise<ExecutionItem[]> {
    const page: { executions: ExecutionItem[] } = await this.call('ListExecutions', { stateMachineArn, maxResults });
    return page.executions;
  }

  watchExecution(executionArn: string, afterEventId: number, waitSeconds: number, signal?: AbortSignal): Promise<WatchAnswer> {
    return this.call(
      'WatchExecution',
      { executionArn, afterEventId, waitSeconds },
      { extension: true, signal, timeoutMs: waitSeconds * 1000 + POLL_GRACE_MS },
    );
  }
}

/** fetch's "fetch failed" says why only in its cause (ECONNREFUSED, ...). */
function causeOf(e: unknown): string {
  const c = (e as { cause?: { code?: string; message?: string } }).cause;
  return c ? `: ${c.code ?? c.message ?? ''}` : '';
}
