/**
 * Runs local Lambda handlers in a child process, so that a handler that hangs, exits, throws
 * from a timer or eats all memory cannot take the caller (CLI, language server) down with it.
 * One worker serves a whole run (or several), one invocation at a time; modules load once per
 * worker. A time limit kills the worker; the next call starts a new one. dispose() ends it all.
 *
 * The worker leads its own process group, and the group is what is killed (time limit, memory
 * limit, dispose, this process's exit; the worker kills it too when this process disappears), so
 * that nothing a handler started outlives its run. Memory is the group's resident memory (RSS).
 *
 * NOT pure: this folder is the one part of the core allowed file system and process access.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import type { HandlerCall, HandlerResult, HandlerRunner } from '../../core/engine/mocks/invoker';
import type { LambdaError } from '../../core/engine/mocks/lambda';
import { HAS_GROUPS, endGroup, forgetGroup, groupRssBytes, trackGroup } from './group';
import { DEFAULT_MAX_OUTPUT_BYTES, LIFELINE_FD, isResultMessage, type InvokeMessage, type ResultMessage } from './protocol';

export interface ProcessRunnerOptions {
  /** Handler paths in the mock file are relative to this folder (the mock file's). */
  baseDir: string;
  /** The bundled worker script; default `handler-worker.js` next to the running bundle. */
  workerPath?: string;
  /**
   * Lambda's memory size, in MB (default 1024): the limit on the resident memory of the worker and
   * every process its handlers start (sampled from /proc on Linux), the worker's heap limit, and
   * what the handler sees as memoryLimitInMB.
   */
  memoryMb?: number;
  /** Output kept per call (stdout, stderr and console.* together); the rest is dropped, with a note. Default 4 MB. */
  maxOutputBytes?: number;
  /** What handlers print, with the state that called them. Default: dropped. */
  onLog?: (stateName: string, stream: 'stdout' | 'stderr', text: string) => void;
  /**
   * Run the worker under the Node inspector, paused before its first line (`--inspect-brk` on a
   * free port of 127.0.0.1) until a debugger attaches and resumes it; `onListening` says where,
   * once per worker started. The debugger (a child session of VS Code's JavaScript debugger)
   * then sets its breakpoints before any handler module loads.
   */
  inspect?: { onListening(target: InspectorTarget): void };
}

/** Where a worker's inspector listens. */
export interface InspectorTarget {
  host: string;
  port: number;
  /** The WebSocket URL of the inspector (ws://host:port/id). */
  url: string;
  pid: number;
}

/** What Node writes to stderr about its inspector: not the handlers' output. */
const INSPECTOR_LINE =
  /^(Debugger listening on ws:\/\/\S+|For help, see: https:\/\/nodejs\.org\/\S*inspector\S*|Debugger attached\.|Waiting for the debugger to disconnect\.\.\.)\r?\n?/gm;
const LISTENING = /Debugger listening on (ws:\/\/([^\s/:]+|\[[^\]]+\]):(\d+)\/\S+)/;

interface Pending {
  id: number;
  worker: ChildProcess;
  call: HandlerCall;
  resolve: (r: HandlerResult) => void;
  timer: NodeJS.Timeout;
  /** Samples the group's memory while the call runs. */
  sampler?: NodeJS.Timeout;
}

/** How often the group's memory is sampled during a call: a fast allocation overshoots the limit by what it gets in this time. */
const RSS_SAMPLE_MS = 100;
const MB = 1024 * 1024;

export class ProcessHandlerRunner implements HandlerRunner {
  private worker: ChildProcess | undefined;
  private pending: Pending | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  private stderrTail = '';
  private closed = false;
  /** Output of the current call (or the last one, for output that comes after its result). */
  private output = { state: '', left: 0, truncated: false };
  /** Workers started so far (a new one after each timeout or crash). */
  starts = 0;
  private readonly workerPath: string;
  private readonly memoryMb: number;
  private readonly maxOutputBytes: number;

  constructor(private readonly options: ProcessRunnerOptions) {
    this.workerPath = options.workerPath ?? join(__dirname, 'handler-worker.js');
    this.memoryMb = options.memoryMb ?? 1024;
    this.maxOutputBytes = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
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
    if (p)
      this.finish(p.id, {
        ok: false,
        error: { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${p.call.awsRequestId} Error: the handler runner was stopped.` },
      });
    this.stop();
    await this.queue;
  }

  private runNow(call: HandlerCall): Promise<HandlerResult> {
    if (this.closed)
      return Promise.resolve({
        ok: false,
        error: { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${call.awsRequestId} Error: the handler runner was stopped.` },
      });
    const modulePath = isAbsolute(call.handler.module) ? call.handler.module : resolve(this.options.baseDir, call.handler.module);
    let event: string;
    try {
      event = JSON.stringify(call.event === undefined ? {} : call.event);
    } catch (err) {
      return Promise.resolve({
        ok: false,
        error: {
          errorType: 'Lambda.InvalidRequestContentException',
          errorMessage: `Could not serialize the event as JSON: ${(err as Error).message}`,
        },
      });
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
      maxLogBytes: this.maxOutputBytes,
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
      const timer = setTimeout(
        () => {
          this.finish(id, {
            ok: false,
            timedOut: true,
            error: {
              errorType: 'Sandbox.Timedout',
              errorMessage: `RequestId: ${call.awsRequestId} Error: Task timed out after ${(call.timeoutMs / 1000).toFixed(2)} seconds`,
            },
          });
          this.stop();
        },
        Math.min(call.timeoutMs, 2 ** 31 - 1),
      );
      this.pending = { id, worker, call, resolve: done, timer, sampler: this.watchMemory(id, worker, call) };
      this.output = { state: call.stateName, left: this.maxOutputBytes, truncated: false };
      this.stderrTail = '';
      worker.ref();
      worker.channel?.ref();
      worker.send(message, (err) => {
        if (err)
          this.finish(id, {
            ok: false,
            error: {
              errorType: 'Runtime.ExitError',
              errorMessage: `RequestId: ${call.awsRequestId} Error: could not reach the handler worker: ${err.message}`,
            },
          });
      });
    });
  }

  private finish(id: number, result: HandlerResult): void {
    const p = this.pending;
    if (!p || id !== p.id) return;
    clearTimeout(p.timer);
    clearInterval(p.sampler);
    this.pending = undefined;
    // An idle worker must not keep the caller's process alive.
    this.worker?.unref();
    this.worker?.channel?.unref();
    p.resolve(result);
  }

  private ensureWorker(): ChildProcess | { error: LambdaError } {
    if (this.worker) return this.worker;
    if (!existsSync(this.workerPath)) {
      return {
        error: {
          errorType: 'Runtime.Unavailable',
          errorMessage: `ASL Workbench's handler worker is missing at "${this.workerPath}" (build it with "npm run build").`,
        },
      };
    }
    const inspect = this.options.inspect;
    const child = fork(this.workerPath, [], {
      cwd: this.options.baseDir,
      execArgv: [`--max-old-space-size=${this.memoryMb}`, ...(inspect ? ['--inspect-brk=127.0.0.1:0'] : [])],
      // The lifeline (LIFELINE_FD) is a pipe nobody writes to: the worker sees it close when this
      // process is gone, even by SIGKILL, and then kills its group.
      stdio: ['ignore', 'pipe', 'pipe', 'ipc', 'pipe'],
      serialization: 'json',
      // Its own process group (and session): killed as one, and out of reach of a terminal's
      // Ctrl-C (the lifeline ends it when this process ends). Not on Windows, where a detached
      // child gets a console window of its own.
      detached: HAS_GROUPS,
    });
    this.starts++;
    this.worker = child;
    const pid = child.pid;
    if (pid !== undefined) trackGroup(pid);
    (child.stdio[LIFELINE_FD] as Readable | null)?.on('error', () => undefined);
    child.stdout?.setEncoding('utf8');
    child.stderr?.setEncoding('utf8');
    child.stdout?.on('data', (text: string) => this.log('stdout', text));
    let listening = false;
    child.stderr?.on('data', (raw: string) => {
      let text = raw;
      if (inspect) {
        const m = listening ? null : LISTENING.exec(text);
        if (m && pid !== undefined) {
          listening = true;
          inspect.onListening({ host: m[2].replace(/^\[|\]$/g, ''), port: Number(m[3]), url: m[1], pid });
        }
        text = text.replace(INSPECTOR_LINE, '');
        if (text === '') return;
      }
      this.stderrTail = (this.stderrTail + text).slice(-4000);
      this.log('stderr', text);
    });
    child.on('message', (m: unknown) => {
      if (isResultMessage(m)) this.onResult(child, m);
    });
    child.on('error', () => undefined);
    child.on('exit', () => {
      if (this.worker === child) this.worker = undefined;
      // Whatever a handler started dies with the worker, as it does with a Lambda sandbox. (Without
      // groups the pid is free again now: nothing more to kill.)
      if (pid !== undefined) (HAS_GROUPS ? endGroup : forgetGroup)(pid);
    });
    // 'close' comes after the last message and the last stderr: a result sent just before a crash
    // still arrives, and an out-of-memory report can be recognised.
    child.on('close', (code, signal) => this.onClose(child, code, signal));
    return child;
  }

  private onResult(child: ChildProcess, m: ResultMessage): void {
    // The worker is going down: send nothing more to it; the next call starts a new one.
    if (m.fatal && this.worker === child) this.worker = undefined;
    if (m.logs) this.log('stdout', m.logs);
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
      error: {
        errorType: outOfMemory ? 'Runtime.OutOfMemory' : 'Runtime.ExitError',
        errorMessage: `RequestId: ${p.call.awsRequestId} Error: Runtime exited with error: ${how}`,
      },
    });
  }

  /** Passes output on within the call's budget; past it, one note and nothing more. */
  private log(stream: 'stdout' | 'stderr', text: string): void {
    const out = this.output;
    if (out.truncated) return;
    const bytes = Buffer.byteLength(text);
    if (bytes <= out.left) {
      out.left -= bytes;
      this.options.onLog?.(out.state, stream, text);
      return;
    }
    if (out.left > 0) this.options.onLog?.(out.state, stream, Buffer.from(text).subarray(0, out.left).toString());
    out.left = 0;
    out.truncated = true;
    const limit = Math.round((this.maxOutputBytes / MB) * 100) / 100;
    this.options.onLog?.(
      out.state,
      'stderr',
      `[output truncated: the handler wrote more than ${limit} MB in this call; the rest is dropped]\n`,
    );
  }

  /** Fails the call as Lambda does when the group's resident memory passes the memory size. */
  private watchMemory(id: number, worker: ChildProcess, call: HandlerCall): NodeJS.Timeout | undefined {
    const pid = worker.pid;
    if (pid === undefined) return undefined;
    const limit = this.memoryMb * MB;
    const timer = setInterval(() => {
      const rss = groupRssBytes(pid);
      if (rss === undefined) {
        clearInterval(timer);
        return;
      }
      if (rss <= limit) return;
      // Lambda's Node.js runtime reports an out-of-memory kill as Runtime.OutOfMemory, "Runtime
      // exited with error: signal: killed" (see DataDog/datadog-lambda-extension#776).
      this.finish(id, {
        ok: false,
        error: {
          errorType: 'Runtime.OutOfMemory',
          errorMessage: `RequestId: ${call.awsRequestId} Error: Runtime exited with error: signal: killed (out of memory: the handler's processes used ${Math.round(rss / MB)} MB, over the memory size of ${this.memoryMb} MB)`,
        },
      });
      if (this.worker === worker) this.stop();
      else endGroup(pid);
    }, RSS_SAMPLE_MS);
    timer.unref();
    return timer;
  }

  /** Ends the current worker (a call in progress fails as a crashed runtime); the next call starts a new one. */
  endWorker(): void {
    this.stop();
  }

  private stop(): void {
    const w = this.worker;
    this.worker = undefined;
    if (w?.pid !== undefined && (HAS_GROUPS || (w.exitCode === null && w.signalCode === null))) endGroup(w.pid);
  }
}
