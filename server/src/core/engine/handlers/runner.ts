/**
 * Runs local Lambda handlers in a child process, so that a handler that hangs, exits, throws
 * from a timer or eats all memory cannot take the caller (CLI, language server) down with it.
 * One worker serves a whole run (or several), one invocation at a time; modules load once per
 * worker. A time limit kills the worker; the next call starts a new one. dispose() ends it all.
 *
 * NOT pure: this folder is the one part of the core allowed file system and process access.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { HandlerCall, HandlerResult, HandlerRunner } from '../mocks/invoker';
import type { LambdaError } from '../mocks/lambda';
import { isResultMessage, type InvokeMessage, type ResultMessage } from './protocol';

export interface ProcessRunnerOptions {
  /** Handler paths in the mock file are relative to this folder (the mock file's). */
  baseDir: string;
  /** The bundled worker script; default `handler-worker.js` next to the running bundle. */
  workerPath?: string;
  /** Heap limit of the worker, in MB (Lambda's memory size as the handler sees it, too). Default 1024. */
  memoryMb?: number;
  /** What handlers print, with the state that called them. Default: dropped. */
  onLog?: (stateName: string, stream: 'stdout' | 'stderr', text: string) => void;
}

interface Pending {
  id: number;
  worker: ChildProcess;
  call: HandlerCall;
  resolve: (r: HandlerResult) => void;
  timer: NodeJS.Timeout;
}

export class ProcessHandlerRunner implements HandlerRunner {
  private worker: ChildProcess | undefined;
  private pending: Pending | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  private stderrTail = '';
  private closed = false;
  /** Workers started so far (a new one after each timeout or crash). */
  starts = 0;
  private readonly workerPath: string;
  private readonly memoryMb: number;

  constructor(private readonly options: ProcessRunnerOptions) {
    this.workerPath = options.workerPath ?? join(__dirname, 'handler-worker.js');
    this.memoryMb = options.memoryMb ?? 1024;
  }

  /** Calls run one after another: a time limit then measures one handler, and a crash blames one call. */
  run(call: HandlerCall): Promise<HandlerResult> {
    const next = this.queue.then(() => this.runNow(call));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * Stops the worker at once: a call in progress fails (the run it belongs to is over, e.g. past
   * its wall-time budget), and so does every later one.
   */
  async dispose(): Promise<void> {
    this.closed = true;
    const p = this.pending;
    if (p) this.finish(p.id, { ok: false, error: { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${p.call.awsRequestId} Error: the handler runner was stopped.` } });
    this.stop();
    await this.queue;
  }

  private runNow(call: HandlerCall): Promise<HandlerResult> {
    if (this.closed) return Promise.resolve({ ok: false, error: { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${call.awsRequestId} Error: the handler runner was stopped.` } });
    const modulePath = isAbsolute(call.handler.module) ? call.handler.module : resolve(this.options.baseDir, call.handler.module);
    let event: string;
    try {
      event = JSON.stringify(call.event === undefined ? {} : call.event);
    } catch (err) {
      return Promise.resolve({ ok: false, error: { errorType: 'Lambda.InvalidRequestContentException', errorMessage: `Could not serialize the event as JSON: ${(err as Error).message}` } });
    }
    const worker = this.ensureWorker();
    if ('error' in worker) return Promise.resolve({ ok: false, error: worker.error });
    const id = this.nextId++;
    const message: InvokeMessage = {
      type: 'invoke',
      id,
      modulePath,
      written: call.handler.module + (call.handler.exportName === 'handler' ? '' : `#${call.handler.exportName}`),
      exportName: call.handler.exportName,
      event,
      context: {
        functionName: call.functionName,
        invokedFunctionArn: call.invokedFunctionArn,
        functionVersion: call.functionVersion,
        awsRequestId: call.awsRequestId,
        memoryLimitInMB: String(this.memoryMb),
        deadline: Date.now() + call.timeoutMs,
      },
    };
    return new Promise<HandlerResult>((done) => {
      const timer = setTimeout(() => {
        this.finish(id, {
          ok: false,
          timedOut: true,
          error: { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${call.awsRequestId} Error: Task timed out after ${(call.timeoutMs / 1000).toFixed(2)} seconds` },
        });
        this.stop();
      }, Math.min(call.timeoutMs, 2 ** 31 - 1));
      this.pending = { id, worker, call, resolve: done, timer };
      this.stderrTail = '';
      worker.ref();
      worker.channel?.ref();
      worker.send(message, (err) => {
        if (err) this.finish(id, { ok: false, error: { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${call.awsRequestId} Error: could not reach the handler worker: ${err.message}` } });
      });
    });
  }

  private finish(id: number, result: HandlerResult): void {
    const p = this.pending;
    if (!p || id !== p.id) return;
    clearTimeout(p.timer);
    this.pending = undefined;
    // An idle worker must not keep the caller's process alive.
    this.worker?.unref();
    this.worker?.channel?.unref();
    p.resolve(result);
  }

  private ensureWorker(): ChildProcess | { error: LambdaError } {
    if (this.worker) return this.worker;
    if (!existsSync(this.workerPath)) {
      return { error: { errorType: 'Runtime.Unavailable', errorMessage: `ASL Workbench's handler worker is missing at "${this.workerPath}" (build it with "npm run build").` } };
    }
    const child = fork(this.workerPath, [], {
      cwd: this.options.baseDir,
      execArgv: [`--max-old-space-size=${this.memoryMb}`],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    this.starts++;
    this.worker = child;
    child.stdout?.setEncoding('utf8');
    child.stderr?.setEncoding('utf8');
    child.stdout?.on('data', (text: string) => this.log('stdout', text));
    child.stderr?.on('data', (text: string) => {
      this.stderrTail = (this.stderrTail + text).slice(-4000);
      this.log('stderr', text);
    });
    child.on('message', (m: unknown) => {
      if (isResultMessage(m)) this.onResult(child, m);
    });
    child.on('error', () => undefined);
    child.on('exit', () => {
      if (this.worker === child) this.worker = undefined;
    });
    // 'close' comes after the last message and the last stderr: a result sent just before a crash
    // still arrives, and an out-of-memory report can be recognised.
    child.on('close', (code, signal) => this.onClose(child, code, signal));
    return child;
  }

  private onResult(child: ChildProcess, m: ResultMessage): void {
    // The worker is going down: send nothing more to it; the next call starts a new one.
    if (m.fatal && this.worker === child) this.worker = undefined;
    if (m.logs) this.options.onLog?.(this.pending?.id === m.id ? this.pending.call.stateName : '', 'stdout', m.logs);
    if (!m.ok) {
      this.finish(m.id, { ok: false, error: m.error });
      return;
    }
    let payload: unknown;
    try {
      payload = JSON.parse(m.payload);
    } catch {
      payload = null;
    }
    this.finish(m.id, { ok: true, payload });
  }

  private onClose(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    const p = this.pending;
    if (!p || p.worker !== child) return;
    const outOfMemory = /heap out of memory|allocation failed/i.test(this.stderrTail);
    const how = outOfMemory
      ? `out of memory (the handler worker's heap limit is ${this.memoryMb} MB)`
      : signal
        ? `signal: ${signal}`
        : `exit status ${code ?? 'unknown'}`;
    this.finish(p.id, {
      ok: false,
      error: { errorType: outOfMemory ? 'Runtime.OutOfMemory' : 'Runtime.ExitError', errorMessage: `RequestId: ${p.call.awsRequestId} Error: Runtime exited with error: ${how}` },
    });
  }

  private log(stream: 'stdout' | 'stderr', text: string): void {
    this.options.onLog?.(this.pending?.call.stateName ?? '', stream, text);
  }

  private stop(): void {
    const w = this.worker;
    this.worker = undefined;
    if (w && w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
  }
}
