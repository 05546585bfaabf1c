/**
 * The endpoint as a user runs it: `node dist/cli.js serve --port 0` in a child process (`npm run
 * build` first), its bound port read from what it prints, driven by the real AWS SDK client.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before } from 'node:test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SFNClient,
  type DescribeExecutionCommandOutput,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';

export const ROOT = join(__dirname, '..', '..', '..');
export const CLI = join(ROOT, 'dist', 'cli.js');
export const ROLE = 'arn:aws:iam::123456789012:role/service-role/TestRole';

export interface Served {
  port: number;
  url: string;
  client: SFNClient;
  proc: ChildProcess;
  stderr: () => string;
  stop(): Promise<void>;
  /** kill -9: no chance to clean up. */
  kill9(): Promise<void>;
  /** Creates a standard machine of `definition` (an object, sent as JSON); its ARN. */
  create(name: string, definition: unknown): Promise<string>;
  /** The execution once it has ended (polled until it is no longer RUNNING). */
  finished(executionArn: string, timeoutMs?: number): Promise<DescribeExecutionCommandOutput>;
  /** The execution's history, all of it (up to a thousand events). */
  history(executionArn: string): Promise<HistoryEvent[]>;
  /** The task token the execution's pending callback task sent (its TaskScheduled's MessageBody.token), once it is scheduled. */
  tokenOf(executionArn: string): Promise<string>;
}

/** Events a history request asks for: more than any test execution writes. */
const HISTORY_PAGE = 1000;
/** How long an execution may take to end before a test gives up on it (the machine may be loaded). */
const FINISH_TIMEOUT_MS = 20_000;

export async function serve(args: string[] = [], env: Record<string, string> = {}): Promise<Served> {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run "npm run build" first');
  const proc = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on http:\/\/[^:]+:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    proc.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${err}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const sfn = client(url);
  const history = async (executionArn: string) =>
    (await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: HISTORY_PAGE }))).events!;
  return {
    port,
    url,
    client: sfn,
    proc,
    stderr: () => err,
    async stop() {
      proc.kill('SIGTERM');
      await exited;
    },
    async kill9() {
      proc.kill('SIGKILL');
      await exited;
    },
    async create(name, definition) {
      const r = await sfn.send(new CreateStateMachineCommand({ name, definition: JSON.stringify(definition), roleArn: ROLE }));
      return r.stateMachineArn!;
    },
    finished: (executionArn, timeoutMs = FINISH_TIMEOUT_MS) =>
      until(async () => {
        const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
        return d.status === 'RUNNING' ? undefined : d;
      }, timeoutMs),
    history,
    tokenOf: (executionArn) =>
      until(async () => {
        const e = (await history(executionArn)).find((x) => x.type === 'TaskScheduled');
        return e && (JSON.parse(e.taskScheduledEventDetails!.parameters!) as { MessageBody: { token: string } }).MessageBody.token;
      }),
  };
}

/** An endpoint for a test file: started before its tests (handed to `use`), stopped after them. */
export function serveAround(args: string[], use: (s: Served) => void): void {
  let s: Served | undefined;
  before(async () => {
    s = await serve(args);
    use(s);
  });
  after(async () => {
    await s?.stop();
  });
}

/**
 * The SDK pointed at the endpoint: dummy credentials, no retries (an error must show at once), and
 * no host prefix (StartSyncExecution's "sync-" prefix would turn 127.0.0.1 into a name that does
 * not resolve).
 */
export function client(url: string): SFNClient {
  return new SFNClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    maxAttempts: 1,
    disableHostPrefix: true,
  });
}

/** The AWS JSON 1.0 request as any client sends it, for what an SDK would refuse to send. */
export async function raw(
  url: string,
  action: string | undefined,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  const h: Record<string, string> = { 'content-type': 'application/x-amz-json-1.0', ...headers };
  if (action !== undefined) h['x-amz-target'] = `AWSStepFunctions.${action}`;
  const res = await fetch(url, { method: 'POST', headers: h, body });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** Waits for a condition the server reaches by itself (an execution ending), polling it. */
export async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The error an SDK call rejects with: its name (the __type) and HTTP status. */
export async function failure(p: Promise<unknown>): Promise<{ name: string; message: string; status: number | undefined }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, message: err.message, status: err.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail');
}
