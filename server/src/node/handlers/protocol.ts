/**
 * The messages between the handler runner (parent) and its worker process, declared once.
 * Payloads travel as JSON text: Lambda serializes events and results as JSON too, so a handler
 * sees exactly what it would see in AWS (no Dates, no undefined, no functions).
 */
import type { LambdaError } from '../../core/engine/mocks/lambda';

/** Parent -> worker: run one handler. */
export interface InvokeMessage {
  type: 'invoke';
  id: number;
  /** Absolute path of the module. */
  modulePath: string;
  /** The reference as the mock file wrote it, for messages. */
  written: string;
  exportName: string;
  /** The event, as JSON text. */
  event: string;
  /** console.* output kept for this call, in bytes; the rest is dropped in the worker already. */
  maxLogBytes: number;
  context: {
    functionName: string;
    invokedFunctionArn: string;
    functionVersion: string;
    awsRequestId: string;
    memoryLimitInMB: string;
    /** Epoch milliseconds at which the call times out, for getRemainingTimeInMillis(). */
    deadline: number;
  };
}

/**
 * Worker -> parent: how one invocation ended. `payload` is JSON text (`null` for undefined);
 * `logs` what the handler wrote with console.*; `fatal` when the worker is exiting (a crash
 * outside the handler's promise), so that no further call is sent to it.
 */
export type ResultMessage = { type: 'result'; id: number; logs?: string; fatal?: boolean } & (
  { ok: true; payload: string } | { ok: false; error: LambdaError }
);

export function isInvokeMessage(m: unknown): m is InvokeMessage {
  const x = m as InvokeMessage | null;
  return (
    typeof x === 'object' &&
    x !== null &&
    x.type === 'invoke' &&
    typeof x.id === 'number' &&
    typeof x.modulePath === 'string' &&
    typeof x.written === 'string' &&
    typeof x.exportName === 'string' &&
    typeof x.event === 'string' &&
    typeof x.maxLogBytes === 'number' &&
    typeof x.context === 'object' &&
    x.context !== null
  );
}

export function isResultMessage(m: unknown): m is ResultMessage {
  const x = m as ResultMessage | null;
  if (typeof x !== 'object' || x === null || x.type !== 'result' || typeof x.id !== 'number') return false;
  return x.ok === true ? typeof x.payload === 'string' : x.ok === false && typeof x.error === 'object' && x.error !== null;
}

/** Lambda's limit on a synchronous response payload (6 MB as Lambda counts it). */
export const MAX_RESPONSE_BYTES = 6_291_556;

/**
 * The worker's end of a pipe that the parent never writes to: it reads end-of-file when the
 * parent is gone, however it went (exit, a signal, SIGKILL), and the worker then kills its group.
 */
export const LIFELINE_FD = 4;

/** Output (stdout, stderr and console.*) kept per handler call by default; the rest is dropped, with a note. */
export const DEFAULT_MAX_OUTPUT_BYTES = 4 * 1024 * 1024;
