/**
 * What the endpoint keeps: state machines and executions, in memory, and with a data directory
 * on disk as one JSON file per state machine and per execution (running ones too: journal.ts). Each file is written
 * whole to a temporary name, flushed (fsync) and renamed over the old one, so that a kill -9 at
 * any moment leaves either the old file or the new one, never half of one.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { HistoryEvent } from '../core/engine/types';
import type { Tag } from './validate';
import type { JournalEntry } from './journal';

export type MachineType = 'STANDARD' | 'EXPRESS';
export type RunStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface StateMachineRecord {
  arn: string;
  name: string;
  definition: string;
  roleArn: string;
  type: MachineType;
  /** Epoch milliseconds. */
  creationDate: number;
  updateDate?: number;
  revisionId: string;
  description?: string;
  loggingConfiguration?: unknown;
  tracingConfiguration?: unknown;
  tags: Tag[];
}

export interface ExecutionRecord {
  arn: string;
  stateMachineArn: string;
  name: string;
  status: RunStatus;
  startDate: number;
  stopDate?: number;
  /** The input as the client sent it (JSON text). */
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  traceHeader?: string;
  /** The machine as it was when the execution started (DescribeStateMachineForExecution). */
  definition: string;
  roleArn: string;
  machineName: string;
  events: HistoryEvent[];
  /** What a restart needs to resume a running execution (journal.ts): its seed, test case and Task answers. */
  seed?: number;
  testCase?: string;
  journal?: JournalEntry[];
}

const MACHINES = 'state-machines';
const EXECUTIONS = 'executions';
const TMP_PREFIX = '.tmp-';

export class Store {
  readonly machines = new Map<string, StateMachineRecord>();
  /** In start order: ListExecutions lists the newest first. */
  readonly executions = new Map<string, ExecutionRecord>();
  private tmpCount = 0;

  constructor(private readonly dir?: string) {
    if (!dir) return;
    for (const sub of [MACHINES, EXECUTIONS]) mkdirSync(join(dir, sub), { recursive: true });
    for (const m of this.readAll<StateMachineRecord>(MACHINES)) this.machines.set(m.arn, m);
    const execs = this.readAll<ExecutionRecord>(EXECUTIONS).sort((a, b) => a.startDate - b.startDate);
    for (const e of execs) this.executions.set(e.arn, e);
  }

  saveMachine(m: StateMachineRecord): void {
    this.machines.set(m.arn, m);
    if (this.dir) this.write(MACHINES, m.arn, m);
  }

  deleteMachine(arn: string): void {
    this.machines.delete(arn);
    if (!this.dir) return;
    try {
      unlinkSync(join(this.dir, MACHINES, fileName(arn)));
    } catch {
      // Already gone.
    }
  }

  /** An execution is written when it starts, as it runs (its journal and history), and when it ends. */
  saveExecution(e: ExecutionRecord): void {
    this.executions.set(e.arn, e);
    if (this.dir) this.write(EXECUTIONS, e.arn, e);
  }

  get persistent(): boolean {
    return this.dir !== undefined;
  }

  private write(sub: string, arn: string, value: unknown): void {
    const dir = join(this.dir!, sub);
    const tmp = join(dir, `${TMP_PREFIX}${process.pid}-${++this.tmpCount}`);
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, JSON.stringify(value));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, join(dir, fileName(arn)));
    // The rename itself is durable once the directory is flushed.
    const dfd = openSync(dir, 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  }

  /** Every complete file; temporary files a killed process left behind are removed. */
  private readAll<T>(sub: string): T[] {
    const dir = join(this.dir!, sub);
    const out: T[] = [];
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (name.startsWith(TMP_PREFIX)) {
        try {
          unlinkSync(path);
        } catch {
          // Another process's, or gone.
        }
        continue;
      }
      try {
        out.push(JSON.parse(readFileSync(path, 'utf8')) as T);
      } catch {
        // Not ours or unreadable: skipped, never fatal.
      }
    }
    return out;
  }
}

/** A file name for an ARN: readable, and unique (a hash, since names may differ only in case). */
function fileName(arn: string): string {
  const tail = arn
    .slice(arn.lastIndexOf(':', arn.length) + 1)
    .replace(/[^A-Za-z0-9_-]/g, '_')
    .slice(0, 60);
  return `${tail}-${createHash('sha256').update(arn).digest('hex').slice(0, 16)}.json`;
}
