/**
 * The handler worker: a child process (bundled on its own as dist/handler-worker.js) that loads
 * the user's Lambda handler modules and runs them, one invocation at a time, as Lambda's Node.js
 * runtime would. It may be killed at any moment (time limit) and is then started again.
 *
 * Node adapter (server/src/node): the file system and processes stay out of the core, which takes
 * this runner as its `HandlerRunner` (core/engine/mocks/invoker.ts).
 */
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';
import type { LambdaError } from '../../core/engine/mocks/lambda';
import { watchLifeline } from './lifeline';
import { MAX_RESPONSE_BYTES, isInvokeMessage, type InvokeMessage, type ResultMessage } from './protocol';

type Module = Record<string, unknown>;
const modules = new Map<string, Promise<Module>>();
/** The invocation in progress, so that a crash outside it (a timer, a rejection) is reported on it. */
let current: InvokeMessage | undefined;

/** console.* output of the invocation in progress; sent with its result, so logs keep their call. */
let logs: string[] = [];
/** Bytes console.* may still add to `logs` in this invocation: past the cap, lines are dropped here. */
let logRoom = Infinity;

function send(message: ResultMessage): void {
  if (current?.id === message.id) current = undefined;
  if (logs.length) message.logs = logs.join('');
  logs = [];
  process.send?.(message);
}

function keepLog(line: string): void {
  if (logRoom <= 0) return;
  const bytes = Buffer.byteLength(line);
  // One byte over the cap tells the runner that output was dropped; it writes the note.
  logs.push(
    bytes <= logRoom
      ? line
      : Buffer.from(line)
          .subarray(0, logRoom + 1)
          .toString(),
  );
  logRoom -= bytes;
}

/** The process's own write, kept before a handler can replace it. */
const stdio = [process.stdout, process.stderr].map((s) => ({ write: s.write.bind(s) }));

/**
 * Waits until what the handler wrote to stdout and stderr has left this process (writes to a pipe
 * are queued), so that its output is not lost when the worker is killed after the call; bounded,
 * in case the runner stopped reading.
 */
function flushStdio(): Promise<void> {
  const flushed = stdio.map(({ write }) => new Promise<void>((resolve) => write('', () => resolve())));
  return Promise.race([
    Promise.all(flushed).then(() => undefined),
    new Promise<void>((resolve) => setTimeout(resolve, FLUSH_WAIT_MS).unref()),
  ]);
}
const FLUSH_WAIT_MS = 2000;

/** The runner went away (or the lifeline closed): end the group, handlers' children included. */
function endGroup(): never {
  try {
    if (process.platform !== 'win32') process.kill(-process.pid, 'SIGKILL');
  } catch {
    // Not a group leader (started by hand): this process alone.
  }
  process.exit(0);
}

/** Lambda's Node.js runtime prefixes each console line with its level; so do we. */
function captureConsole(): void {
  const levels = { log: 'INFO', info: 'INFO', warn: 'WARN', error: 'ERROR', debug: 'DEBUG', trace: 'TRACE' } as const;
  for (const [method, level] of Object.entries(levels)) {
    const original = (console as unknown as Record<string, (...a: unknown[]) => void>)[method].bind(console);
    (console as unknown as Record<string, (...a: unknown[]) => void>)[method] = (...args: unknown[]) => {
      if (!current) return original(...args);
      let text = format(...args);
      if (method === 'trace')
        text +=
          '\n' +
          cleanTrace(new Error().stack ?? '')
            .slice(2)
            .join('\n');
      keepLog(`${level}\t${text}\n`);
    };
  }
}

class RuntimeError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/** Lambda's Node.js runtime turns whatever was thrown into this (its `toRapidResponse`). */
export function toLambdaError(error: unknown): LambdaError {
  try {
    if (error instanceof Error || isErrorLike(error)) {
      const e = error as Error;
      return { errorType: e.name, errorMessage: e.message, trace: typeof e.stack === 'string' ? cleanTrace(e.stack) : [] };
    }
    return { errorType: typeof error, errorMessage: (error as { toString(): string }).toString(), trace: [] };
  } catch {
    return {
      errorType: 'handled',
      errorMessage:
        'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
    };
  }
}

function isErrorLike(x: unknown): boolean {
  const e = x as Error | null;
  return typeof e === 'object' && e !== null && typeof e.name === 'string' && typeof e.message === 'string' && typeof e.stack === 'string';
}

/** Stack lines from this worker say nothing to the user. */
function cleanTrace(stack: string): string[] {
  return stack
    .split('\n')
    .filter((line) => !line.includes(__filename) && !line.includes('(node:') && !line.includes('at new Promise (<anonymous>)'));
}

function load(msg: InvokeMessage): Promise<Module> {
  let p = modules.get(msg.modulePath);
  if (!p) {
    p = loadModule(msg);
    modules.set(msg.modulePath, p);
  }
  return p;
}

async function loadModule(msg: InvokeMessage): Promise<Module> {
  const path = msg.modulePath;
  if (!existsSync(path) || statSync(path).isDirectory()) {
    throw new RuntimeError(
      'Runtime.ImportModuleError',
      `Error: Cannot find the handler file "${path}" (LocalHandlers "${msg.context.functionName}": "${msg.written}"; the path is relative to the mock file).`,
    );
  }
  try {
    if (path.endsWith('.cjs')) return createRequire(path)(path) as Module;
    return (await import(pathToFileURL(path).href)) as Module;
  } catch (err) {
    const e = err as Error & { code?: string };
    if (e instanceof SyntaxError) {
      throw new RuntimeError('Runtime.UserCodeSyntaxError', `SyntaxError: ${e.message} (in "${path}"${locationOf(e)})`);
    }
    if (e?.code === 'ERR_MODULE_NOT_FOUND' || e?.code === 'MODULE_NOT_FOUND') {
      throw new RuntimeError('Runtime.ImportModuleError', `Error: ${e.message}`);
    }
    throw err;
  }
}

/** Where a syntax error is: node puts "file:line" first in the stack of a SyntaxError from import(). */
function locationOf(e: Error): string {
  const first = typeof e.stack === 'string' ? e.stack.split('\n')[0] : '';
  const m = /:(\d+)$/.exec(first);
  return m ? `, line ${m[1]}` : '';
}

async function handlerOf(msg: InvokeMessage): Promise<(...args: unknown[]) => unknown> {
  const mod = await load(msg);
  let fn = mod[msg.exportName];
  // A CommonJS .js module loaded by import() may expose its exports only on `default`.
  const dflt = mod.default as Module | undefined;
  if (fn === undefined && dflt && typeof dflt === 'object') fn = dflt[msg.exportName];
  const label = `${msg.written.replace(/#.*$/, '')}#${msg.exportName}`;
  if (fn === undefined) {
    const exported = Object.keys(mod).filter((k) => typeof mod[k] === 'function');
    const hint = exported.length ? ` It exports: ${exported.join(', ')}.` : ' It exports no functions.';
    throw new RuntimeError('Runtime.HandlerNotFound', `${label} is undefined or not exported.${hint}`);
  }
  if (typeof fn !== 'function')
    throw new RuntimeError('Runtime.HandlerNotFound', `${label} is not a function (it is ${fn === null ? 'null' : typeof fn}).`);
  return fn as (...args: unknown[]) => unknown;
}

async function invoke(msg: InvokeMessage): Promise<void> {
  current = msg;
  logRoom = msg.maxLogBytes;
  const c = msg.context;
  process.env.AWS_LAMBDA_FUNCTION_NAME = c.functionName;
  process.env.AWS_LAMBDA_FUNCTION_VERSION = c.functionVersion;
  process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE = c.memoryLimitInMB;
  const region = c.invokedFunctionArn.split(':')[3];
  if (region) process.env.AWS_REGION = process.env.AWS_DEFAULT_REGION = region;
  try {
    const fn = await handlerOf(msg);
    const event = JSON.parse(msg.event) as unknown;
    const value = await callHandler(fn, event, c);
    const payload = JSON.stringify(value === undefined ? null : value) as string | undefined;
    await flushStdio();
    if (payload === undefined) {
      send({ type: 'result', id: msg.id, ok: false, error: notJson(value) });
      return;
    }
    if (Buffer.byteLength(payload) > MAX_RESPONSE_BYTES) {
      send({
        type: 'result',
        id: msg.id,
        ok: false,
        error: {
          errorType: 'Function.ResponseSizeTooLarge',
          errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`,
        },
      });
      return;
    }
    send({ type: 'result', id: msg.id, ok: true, payload });
  } catch (err) {
    await flushStdio();
    send({ type: 'result', id: msg.id, ok: false, error: toLambdaError(err) });
  }
}

/**
 * A result that JSON.stringify turns into nothing (a function, a Symbol, an object whose toJSON
 * gives undefined). Lambda's Node.js runtime serializes with JSON.stringify(result ?? null) and
 * hands the text to its native client, which refuses a non-string with TypeError "Wrong
 * arguments"; the runtime then fails the call with that error (aws-lambda-nodejs-runtime-interface-
 * client: src/RAPIDClient.js _trySerializeResponse, src/rapid-client.cc Done, src/Runtime.js).
 * Same error type here, with what went wrong.
 */
function notJson(value: unknown): LambdaError {
  const what =
    typeof value === 'function'
      ? 'a function'
      : typeof value === 'symbol'
        ? 'a Symbol'
        : 'a value whose JSON is undefined (its toJSON returns undefined)';
  return {
    errorType: 'TypeError',
    errorMessage: `Wrong arguments: the handler returned ${what}, which is not JSON (JSON.stringify gives undefined), so Lambda cannot send it as the result. Return a JSON value, e.g. an object.`,
    trace: [],
  };
}

/** Async handlers, callback handlers (three parameters) and the old context.succeed/fail/done. */
function callHandler(fn: (...args: unknown[]) => unknown, event: unknown, c: InvokeMessage['context']): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const done = (err: unknown, value?: unknown) => (err !== undefined && err !== null ? reject(err) : resolve(value));
    const context = {
      functionName: c.functionName,
      functionVersion: c.functionVersion,
      invokedFunctionArn: c.invokedFunctionArn,
      memoryLimitInMB: c.memoryLimitInMB,
      awsRequestId: c.awsRequestId,
      logGroupName: `/aws/lambda/${c.functionName}`,
      logStreamName: `local/[${c.functionVersion}]${c.awsRequestId.replace(/-/g, '')}`,
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => Math.max(0, c.deadline - Date.now()),
      succeed: (value: unknown) => resolve(value),
      fail: (err: unknown) => reject(err ?? new Error('context.fail called')),
      done,
    };
    const result = fn.length >= 3 ? fn(event, context, done) : fn(event, context);
    if (result && typeof (result as Promise<unknown>).then === 'function') (result as Promise<unknown>).then(resolve, reject);
    else if (fn.length < 3) resolve(result);
  });
}

/** A crash outside the handler's promise ends this process, as it ends a Lambda sandbox. */
function crash(error: LambdaError): void {
  if (current) send({ type: 'result', id: current.id, ok: false, error, fatal: true });
  else process.send?.({ type: 'result', id: -1, ok: false, error, fatal: true });
  // Let the message leave before exiting; the runner starts a new worker for the next call.
  setImmediate(() => process.exit(1));
}

captureConsole();
process.on('uncaughtException', (err) => crash(toLambdaError(err)));
process.on('unhandledRejection', (reason) => {
  const e = toLambdaError(reason);
  crash({ errorType: 'Runtime.UnhandledPromiseRejection', errorMessage: `${e.errorType}: ${e.errorMessage}`, trace: e.trace });
});
process.on('message', (m: unknown) => {
  if (isInvokeMessage(m)) void invoke(m);
});
// The parent went away: nothing more will come.
process.on('disconnect', endGroup);
watchLifeline();
