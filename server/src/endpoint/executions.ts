/**
 * Running executions: each a live run of the engine (engine/live.ts) on the real clock scaled by
 * --wait-time-scale, its history appended as it is written, its end stored.
 */
import { randomInt } from 'node:crypto';
import { analyze } from '../core';
import { prepare, run, type PreparedMachine } from '../core/engine';
import { definitionInfo, loadMockFile, type DefinitionInfo, type MockConfig, type MockTestCase } from '../core/engine/mocks';
import type { HistoryEvent } from '../core/engine/types';
import { Callbacks } from './callbacks';
import { ApiError } from './errors';
import { executionInvoker, type InvokeSettings } from './invoke';
import { journalCallback, journaled, type PendingCallback } from './journal';
import type { ExecutionRecord, MachineType, StateMachineRecord, Store } from './store';

interface Compiled {
  prepared: PreparedMachine;
  info: DefinitionInfo;
  config: MockConfig;
}

/** Compiled machines kept (by ARN and revision), so each execution does not parse again. */
const COMPILED_KEPT = 200;
/** With --data-dir, a running execution's history is written at most this often (its journal at once). */
const HISTORY_WRITE_MS = 1000;
/** How a running execution that cannot be resumed after a restart ends (States.Runtime: "an exception that it couldn't process"). */
export const NOT_RESUMED_ERROR = 'States.Runtime';

export class Executions {
  readonly callbacks = new Callbacks();
  private readonly running = new Map<string, { abort: AbortController; deadline?: ReturnType<typeof setTimeout> }>();
  private readonly compiled = new Map<string, Compiled>();
  /** Who waits for an execution's next event or its end (WatchExecution's long polls). */
  private readonly watchers = new Map<string, Set<() => void>>();
  /** Callback tokens of running executions, for journaling their answers (journal.ts). */
  private readonly pendingTokens = new Map<string, PendingCallback>();
  private readonly historyWrites = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly store: Store,
    private readonly settings: InvokeSettings,
    /** The mock file's text, read again for each machine (its state names are checked against the machine's). */
    private readonly mockText: string | undefined,
  ) {}

  get runningCount(): number {
    return this.running.size;
  }

  /** Settles at the execution's next event or end, or after `ms`, whichever comes first. */
  nextChange(arn: string, ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      let set = this.watchers.get(arn);
      if (!set) this.watchers.set(arn, (set = new Set()));
      const done = (): void => {
        clearTimeout(timer);
        set!.delete(done);
        if (set!.size === 0 && this.watchers.get(arn) === set) this.watchers.delete(arn);
        resolve();
      };
      const timer = setTimeout(done, ms);
      set.add(done);
    });
  }

  private changed(arn: string): void {
    const set = this.watchers.get(arn);
    if (set) for (const done of [...set]) done();
  }

  /** The test case a `stateMachineArn#TestCase` names, as Step Functions Local reads it. */
  testCase(machine: StateMachineRecord, name: string): MockTestCase {
    const tc = this.compile(machine).config.stateMachines.get(machine.name)?.testCases.get(name);
    if (!tc)
      throw new ApiError('ValidationException', `The mock configuration has no test case "${name}" for state machine "${machine.name}".`);
    return tc;
  }

  /**
   * Starts the execution; the promise settles when it ends (or never, once stopped). `resume`: the
   * record was running when the endpoint last stopped; it runs again from its journal (journal.ts).
   */
  start(
    machine: StateMachineRecord,
    record: ExecutionRecord,
    input: unknown,
    testCase: MockTestCase | undefined,
    resume = false,
  ): Promise<ExecutionRecord> {
    const c = this.compile(machine);
    const abort = new AbortController();
    if (!resume) {
      // Task tokens and $uuid must differ between executions, and be the same again when it resumes.
      record.seed = randomInt(2 ** 31);
      record.journal = [];
    }
    const journal = (record.journal ??= []);
    this.store.saveExecution(record);
    const limit = c.prepared.timeoutSeconds;
    let deadlineTimer: ReturnType<typeof setTimeout> | undefined;
    // At scale 0 the machine's clock runs only with Waits and task durations: no real-time deadline.
    // A resumed execution keeps the deadline of its first start.
    const deadlineMs = limit !== undefined ? Math.max(0, limit * 1000 * this.settings.timeScale - (Date.now() - record.startDate)) : 0;
    const deadline =
      limit !== undefined && this.settings.timeScale > 0
        ? new Promise<void>((resolve) => (deadlineTimer = setTimeout(resolve, deadlineMs)))
        : undefined;
    this.running.set(record.arn, { abort, deadline: deadlineTimer });
    const live = executionInvoker(
      { ...this.settings, config: c.config },
      testCase,
      c.info,
      this.callbacks,
      record.arn,
      abort.signal,
      deadline,
    );
    const { concurrent } = live;
    const invoker = this.store.persistent
      ? journaled(live.invoker, journal, () => this.store.saveExecution(record), this.pendingTokens, concurrent)
      : live.invoker;
    // Resumed: the events written before the restart stay; the run writes them again up to there.
    const replayedUpTo = resume ? record.events.length : 0;
    const done = run(c.prepared, {
      input,
      invoker,
      executionName: record.name,
      stateMachineName: machine.name,
      startTime: new Date(record.startDate),
      wallTimeMs: Infinity,
      seed: record.seed,
      live: {
        timeScale: this.settings.timeScale,
        signal: abort.signal,
        concurrent,
        startedAt: record.startDate,
        onEvent: (e: HistoryEvent) => {
          if (abort.signal.aborted || e.id <= replayedUpTo) return;
          // The execution runs with the role the machine was created with.
          record.events.push(e.type === 'ExecutionStarted' ? { ...e, details: { ...e.details, roleArn: record.roleArn } } : e);
          this.changed(record.arn);
          this.writeSoon(record);
        },
      },
    });
    return done.then((result) => {
      if (deadlineTimer) clearTimeout(deadlineTimer);
      this.running.delete(record.arn);
      this.cancelWrite(record.arn);
      record.status = result.status;
      record.stopDate = Math.max(Date.now(), record.startDate);
      if (result.status === 'SUCCEEDED') record.output = JSON.stringify(result.output ?? null);
      if (result.error !== undefined) record.error = result.error;
      if (result.cause !== undefined) record.cause = result.cause;
      this.store.saveExecution(record);
      this.changed(record.arn);
      return record;
    });
  }

  /** StopExecution: the run ends where it stands, with ExecutionAborted. */
  stop(record: ExecutionRecord, error: string | undefined, cause: string | undefined): void {
    const live = this.running.get(record.arn);
    if (!live) return;
    live.abort.abort();
    if (live.deadline) clearTimeout(live.deadline);
    this.running.delete(record.arn);
    this.cancelWrite(record.arn);
    this.callbacks.dropExecution(record.arn);
    const last = record.events[record.events.length - 1];
    const details: Record<string, unknown> = {};
    if (error !== undefined) details.error = error;
    if (cause !== undefined) details.cause = cause;
    const now = Date.now();
    record.events.push({
      id: record.events.length + 1,
      previousEventId: last ? last.id : 0,
      timestamp: new Date(now).toISOString(),
      type: 'ExecutionAborted',
      details,
    });
    record.status = 'ABORTED';
    record.stopDate = now;
    if (error !== undefined) record.error = error;
    if (cause !== undefined) record.cause = cause;
    this.store.saveExecution(record);
    this.changed(record.arn);
  }

  /** SendTaskSuccess / SendTaskFailure answered a token: journaled before the client is answered. */
  journalCallback(token: string, outcome: { ok: true; output: unknown } | { ok: false; error: string; cause: string }): void {
    journalCallback(this.pendingTokens, token, outcome);
  }

  /**
   * After a restart with --data-dir: each execution that was running goes on (journal.ts). AWS
   * runs Standard workflows exactly once and Express ones at most once, so an Express execution is
   * not run again, nor one whose journal is missing or whose definition no longer compiles: those
   * end FAILED with States.Runtime and a cause that says why.
   */
  resumeAll(): void {
    for (const record of [...this.store.executions.values()]) {
      if (record.status !== 'RUNNING') continue;
      const m = this.store.machines.get(record.stateMachineArn);
      const type = m?.type ?? 'STANDARD';
      try {
        if (type === 'EXPRESS') throw new Error('Express executions run at most once');
        if (record.seed === undefined || record.journal === undefined) throw new Error('its record has no journal');
        const machine: StateMachineRecord = {
          arn: record.stateMachineArn,
          name: record.machineName,
          definition: record.definition,
          roleArn: record.roleArn,
          type,
          creationDate: record.startDate,
          // The definition it started with, compiled apart from the machine's current one.
          revisionId: m && m.definition === record.definition ? m.revisionId : `execution:${record.arn}`,
          tags: [],
        };
        const testCase = record.testCase !== undefined ? this.testCase(machine, record.testCase) : undefined;
        void this.start(machine, record, JSON.parse(record.input), testCase, true);
      } catch (e) {
        this.notResumed(record, (e as Error).message);
      }
    }
  }

  private notResumed(record: ExecutionRecord, why: string): void {
    const last = record.events[record.events.length - 1];
    const cause = `The execution was running when the endpoint stopped and cannot be resumed: ${why}.`;
    const now = Math.max(Date.now(), record.startDate);
    record.events.push({
      id: record.events.length + 1,
      previousEventId: last ? last.id : 0,
      timestamp: new Date(now).toISOString(),
      type: 'ExecutionFailed',
      details: { error: NOT_RESUMED_ERROR, cause },
    });
    record.status = 'FAILED';
    record.stopDate = now;
    record.error = NOT_RESUMED_ERROR;
    record.cause = cause;
    this.store.saveExecution(record);
  }

  /** The history of a running execution, written a moment after its latest events (with --data-dir). */
  private writeSoon(record: ExecutionRecord): void {
    if (!this.store.persistent || this.historyWrites.has(record.arn)) return;
    this.historyWrites.set(
      record.arn,
      setTimeout(() => {
        this.historyWrites.delete(record.arn);
        if (record.status === 'RUNNING') this.store.saveExecution(record);
      }, HISTORY_WRITE_MS),
    );
  }

  private cancelWrite(arn: string): void {
    const t = this.historyWrites.get(arn);
    if (t) clearTimeout(t);
    this.historyWrites.delete(arn);
  }

  private compile(machine: StateMachineRecord): Compiled {
    const key = `${machine.arn}#${machine.revisionId}`;
    let c = this.compiled.get(key);
    if (!c) {
      const analysis = analyze(machine.definition, { machineType: machine.type, placeholders: false });
      const info = definitionInfo(analysis.machine, machine.name);
      const config = this.mockText !== undefined ? loadMockFile(this.mockText, info).config : this.settings.config;
      c = { prepared: prepare(analysis), info, config };
      if (this.compiled.size >= COMPILED_KEPT) this.compiled.clear();
      this.compiled.set(key, c);
    }
    return c;
  }
}

export function machineTypeOf(value: string | undefined): MachineType {
  return value === 'EXPRESS' ? 'EXPRESS' : 'STANDARD';
}
