/**
 * Benchmark of the local endpoint (`asl-workbench serve`), driven as applications drive it: the
 * AWS SDK over HTTP on 127.0.0.1. Prints executions started per second, StartSyncExecution
 * latency for a small machine, 1,000 concurrent executions held on Waits and task-token callbacks
 * then completed, and the server's peak memory; beside them aws-local-stepfunctions (a library:
 * no HTTP, so driven in process) on the same small machine. Step Functions Local itself needs
 * Java or Docker, which this machine does not have; AWS publishes no throughput figures for it.
 * Our engine in process is printed too, to show what HTTP and the SDK cost.
 *
 *   npm run build && npx tsc -p . && node out/bench/endpoint.js [--concurrent 1000]
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StartSyncExecutionCommand,
} from '@aws-sdk/client-sfn';
import { prepare, run } from '../server/src/core/engine';
import { loadPeer } from './engine-peer';

const ROOT = join(__dirname, '..', '..');
const ROLE = 'arn:aws:iam::123456789012:role/bench';
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SYNC_CALLS = arg('--sync-calls', 500);
const STARTS = arg('--starts', 2000);
const CONCURRENCY = arg('--client-concurrency', 32);
const HELD = arg('--concurrent', 1000);
/** Real seconds per second of Wait for the held executions: Waits of 20 s and 10 s take 2 s and 1 s. */
const SCALE = 0.1;

/** A small machine: what a unit of business logic in a Step Functions test looks like. */
const SMALL = {
  StartAt: 'Prepare',
  States: {
    Prepare: { Type: 'Pass', Parameters: { 'id.$': '$.id', kind: 'order' }, Next: 'Route' },
    Route: { Type: 'Choice', Choices: [{ Variable: '$.kind', StringEquals: 'order', Next: 'Done' }], Default: 'Done' },
    Done: { Type: 'Pass', Result: { ok: true }, ResultPath: '$.result', End: true },
  },
};
/** Held: a Wait, a task that waits for its callback, another Wait. */
const HELD_MACHINE = {
  StartAt: 'Before',
  States: {
    Before: { Type: 'Wait', Seconds: 20, Next: 'Approve' },
    Approve: {
      Type: 'Task',
      Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
      Parameters: { QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/q', MessageBody: { 'token.$': '$$.Task.Token' } },
      Next: 'After',
    },
    After: { Type: 'Wait', Seconds: 10, End: true },
  },
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length * 0.95)];
}
async function pool<T>(items: T[], width: number, work: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}
function peakKb(pid: number): number {
  return Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
}

async function main(): Promise<void> {
  const proc = spawn(process.execPath, [join(ROOT, 'dist/cli.js'), 'serve', '--port', '0', '--wait-time-scale', String(SCALE)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /:(\d+)\s*$/m.exec(out);
      if (m) resolve(Number(m[1]));
    });
  });
  const client = new SFNClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    disableHostPrefix: true,
    maxAttempts: 1,
  });
  const create = async (name: string, def: unknown, type: 'STANDARD' | 'EXPRESS' = 'STANDARD') =>
    (await client.send(new CreateStateMachineCommand({ name, definition: JSON.stringify(def), roleArn: ROLE, type }))).stateMachineArn!;
  console.log(`asl-workbench serve on 127.0.0.1:${port}, node ${process.version}, client: @aws-sdk/client-sfn over HTTP`);

  // 1. StartSyncExecution latency (EXPRESS, one call at a time).
  const express = await create('small-express', SMALL, 'EXPRESS');
  const lat: number[] = [];
  for (let i = 0; i < SYNC_CALLS; i++) {
    const t = performance.now();
    const r = await client.send(new StartSyncExecutionCommand({ stateMachineArn: express, input: `{"id":${i}}` }));
    lat.push(performance.now() - t);
    if (r.status !== 'SUCCEEDED') throw new Error(`sync execution ${r.status}`);
  }
  console.log(
    `StartSyncExecution, small machine, ${SYNC_CALLS} calls one at a time: median ${median(lat).toFixed(2)} ms, p95 ${p95(lat).toFixed(2)} ms`,
  );

  // 2. Executions started per second (StartExecution, CONCURRENCY clients at once), all completed.
  const standard = await create('small', SMALL);
  const arns: string[] = [];
  const t0 = performance.now();
  await pool(
    Array.from({ length: STARTS }, (_, i) => i),
    CONCURRENCY,
    async (i) => {
      arns.push((await client.send(new StartExecutionCommand({ stateMachineArn: standard, input: `{"id":${i}}` }))).executionArn!);
    },
  );
  const startSeconds = (performance.now() - t0) / 1000;
  let done = 0;
  await pool(arns, CONCURRENCY, async (executionArn) => {
    for (;;) {
      const d = await client.send(new DescribeExecutionCommand({ executionArn }));
      if (d.status === 'SUCCEEDED') break;
      if (d.status !== 'RUNNING') throw new Error(`execution ${d.status}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    done++;
  });
  console.log(
    `StartExecution, small machine, ${STARTS} executions from ${CONCURRENCY} concurrent clients: ${(STARTS / startSeconds).toFixed(0)} executions started/s; ${done} of ${STARTS} SUCCEEDED`,
  );

  // 3. HELD executions at once, each on a Wait, then a callback, then a Wait.
  const held = await create('held', HELD_MACHINE);
  const t1 = performance.now();
  const heldArns: string[] = [];
  await pool(
    Array.from({ length: HELD }, (_, i) => i),
    CONCURRENCY,
    async (i) => {
      heldArns.push((await client.send(new StartExecutionCommand({ stateMachineArn: held, name: `held-${i}` }))).executionArn!);
    },
  );
  const startedMs = performance.now() - t1;
  // Every token, read from each execution's history once its task is scheduled.
  const tokens: string[] = [];
  await pool(heldArns, CONCURRENCY, async (executionArn) => {
    for (;;) {
      const h = await client.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 3 }));
      const e = h.events!.find((x) => x.type === 'TaskScheduled');
      if (e) {
        tokens.push((JSON.parse(e.taskScheduledEventDetails!.parameters!) as { MessageBody: { token: string } }).MessageBody.token);
        return;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  });
  const allHeldMs = performance.now() - t1;
  await pool(tokens, CONCURRENCY, async (taskToken) => {
    await client.send(new SendTaskSuccessCommand({ taskToken, output: '{"approved":true}' }));
  });
  let succeeded = 0;
  await pool(heldArns, CONCURRENCY, async (executionArn) => {
    for (;;) {
      const d = await client.send(new DescribeExecutionCommand({ executionArn }));
      if (d.status !== 'RUNNING') {
        if (d.status === 'SUCCEEDED') succeeded++;
        return;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  });
  const heldTotal = performance.now() - t1;
  console.log(
    `${HELD} concurrent executions (Wait 20 s -> waitForTaskToken -> Wait 10 s, at --wait-time-scale ${SCALE}): started in ${(startedMs / 1000).toFixed(2)} s, ` +
      `all ${tokens.length} callbacks pending after ${(allHeldMs / 1000).toFixed(2)} s, all answered and ${succeeded} of ${HELD} SUCCEEDED after ${(heldTotal / 1000).toFixed(2)} s (${HELD - succeeded} lost)`,
  );
  console.log(`server peak memory (VmHWM): ${(peakKb(proc.pid!) / 1024).toFixed(0)} MB`);
  proc.kill('SIGTERM');

  // 4. The peer on the same small machine, in process (it has no server).
  const StateMachine = loadPeer();
  const peer = new StateMachine(SMALL as never);
  const peerLat: number[] = [];
  for (let i = 0; i < SYNC_CALLS; i++) {
    const t = performance.now();
    await peer.run({ id: i }).result;
    peerLat.push(performance.now() - t);
  }
  const t2 = performance.now();
  await Promise.all(Array.from({ length: STARTS }, (_, i) => peer.run({ id: i }).result));
  const peerRate = STARTS / ((performance.now() - t2) / 1000);
  console.log(
    `aws-local-stepfunctions 3.0.0 (in process, no HTTP), same machine: median run ${median(peerLat).toFixed(3)} ms, ${peerRate.toFixed(0)} executions/s (${STARTS} at once)`,
  );
  // 5. Our engine in process too: what the endpoint adds is HTTP, the SDK and the bookkeeping.
  const ours = prepare(JSON.stringify(SMALL));
  const noTasks = { invoke: async () => ({ ok: false as const, error: 'States.TaskFailed' }) };
  const oursLat: number[] = [];
  for (let i = 0; i < SYNC_CALLS; i++) {
    const t = performance.now();
    await run(ours, { input: { id: i }, invoker: noTasks });
    oursLat.push(performance.now() - t);
  }
  const t3 = performance.now();
  await Promise.all(Array.from({ length: STARTS }, (_, i) => run(ours, { input: { id: i }, invoker: noTasks })));
  console.log(
    `our engine (in process, no HTTP), same machine: median run ${median(oursLat).toFixed(3)} ms, ${(STARTS / ((performance.now() - t3) / 1000)).toFixed(0)} executions/s (${STARTS} at once)`,
  );
  console.log('Step Functions Local (Java/Docker): not runnable here; AWS publishes no throughput or latency figures for it.');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
