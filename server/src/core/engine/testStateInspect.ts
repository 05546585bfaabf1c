/**
 * TestState's inspectionData, read from the history of the one-state run (testState.ts): which
 * fields AWS fills for each state type and query language follows AWS-recorded responses
 * (LocalStack's snapshot tests of TestState, test/teststate-corpus/README.md); fields AWS fills
 * without the state having them (afterInputPath without InputPath, ...) hold the value passed on.
 */
import type { ExecutionResult, HistoryEvent } from './types';
import { isObject } from './values';
import type { InspectionData } from './testStateTypes';
export type { Level } from './testStateTypes';

const NEXT_PREFIX = '__aslwb_next_';

/** One run of the state under test, and what its history says. */
export class StateRun {
  constructor(
    readonly result: ExecutionResult,
    readonly name: string,
    /** Real names of the stand-in targets, by index. */
    readonly targets: string[],
  ) {}

  private find(pred: (e: HistoryEvent) => boolean): HistoryEvent | undefined {
    for (const e of this.result.events) if (e.scope === undefined && e.stateName === this.name && pred(e)) return e;
    return undefined;
  }

  entered(): HistoryEvent | undefined {
    return this.find((e) => e.type.endsWith('StateEntered'));
  }

  exited(): HistoryEvent | undefined {
    return this.find((e) => e.type.endsWith('StateExited'));
  }

  exitOutput(): { output: unknown } {
    return { output: this.exited()?.details?.output ?? null };
  }

  /** The payload sent to the resource (after Parameters / Arguments). */
  sent(): { found: boolean; value?: unknown } {
    const e = this.find((ev) => ev.type === 'TaskScheduled' || ev.type === 'LambdaFunctionScheduled' || ev.type === 'ActivityScheduled');
    if (!e) return { found: false };
    return { found: true, value: e.type === 'TaskScheduled' ? e.details?.parameters : e.details?.input };
  }

  taskResult(): { found: boolean; value?: unknown } {
    const e = this.find((ev) => ev.type === 'TaskSucceeded' || ev.type === 'LambdaFunctionSucceeded' || ev.type === 'ActivitySucceeded');
    return e ? { found: true, value: e.details?.output } : { found: false };
  }

  nextState(): string | undefined {
    const next = this.result.path[1];
    if (next === undefined || !next.startsWith(NEXT_PREFIX)) return undefined;
    return this.targets[Number(next.slice(NEXT_PREFIX.length))];
  }
}

const enc = (v: unknown): string => JSON.stringify(v === undefined ? null : v);

export function inspect(
  r: StateRun,
  state: Record<string, unknown>,
  jsonata: boolean,
  mocked: boolean,
  variables: Record<string, unknown> | undefined,
  errorDetails?: InspectionData['errorDetails'],
  items?: { value: unknown },
): InspectionData {
  const d: InspectionData = {};
  const entered = r.entered();
  const exited = r.exited();
  const flow = (exited?.details?.dataFlow ?? {}) as Record<string, unknown>;
  const type = state.Type as string;
  const input = entered?.details?.input;
  if (entered) d.input = enc(input);
  // Flow states record no afterInputPath: without an OutputPath, their output is that value.
  const flowOutput = state.InputPath !== undefined && state.OutputPath === undefined && exited ? exited.details?.output : input;
  const afterInputPath = 'afterInputPath' in flow ? flow.afterInputPath : flowOutput;
  const standIn = mocked && (type === 'Map' || type === 'Parallel');
  if (!jsonata) {
    if (type === 'Pass') {
      if (state.Result !== undefined) {
        d.result = enc(state.Result);
      } else {
        d.afterInputPath = enc(afterInputPath);
        d.afterParameters = enc('afterParameters' in flow ? flow.afterParameters : afterInputPath);
      }
      if (exited) {
        const result = state.Result !== undefined ? state.Result : 'afterParameters' in flow ? flow.afterParameters : afterInputPath;
        d.afterResultSelector = enc(result);
        d.afterResultPath = enc('afterResultPath' in flow ? flow.afterResultPath : result);
      }
    } else if (type === 'Task' || standIn) {
      if (entered) d.afterInputPath = enc(afterInputPath);
      const sent = r.sent();
      if (type === 'Task' && sent.found) d.afterParameters = enc(sent.value);
      if (items !== undefined) d.afterItemsPath = enc(items.value);
      const result = r.taskResult();
      if (result.found && exited) {
        // A mocked Map's or Parallel's result is not shown, only what the filters made of it (AWS-recorded Map).
        if (!standIn) d.result = enc(result.value);
        const selected = 'afterResultSelector' in flow ? flow.afterResultSelector : result.value;
        d.afterResultSelector = enc(selected);
        d.afterResultPath = enc('afterResultPath' in flow ? flow.afterResultPath : selected);
      }
    } else if (entered) {
      d.afterInputPath = enc(afterInputPath);
    }
  } else if (type === 'Task') {
    const sent = r.sent();
    if (sent.found) d.afterArguments = enc(sent.value);
    const result = r.taskResult();
    if (result.found && exited) d.result = enc(result.value);
  }
  if (type === 'Map') {
    // AWS reports the Map's concurrency always (0: unlimited), the tolerated failures when set.
    d.maxConcurrency = typeof state.MaxConcurrency === 'number' ? state.MaxConcurrency : 0;
    if (typeof state.ToleratedFailureCount === 'number') d.toleratedFailureCount = state.ToleratedFailureCount;
    if (typeof state.ToleratedFailurePercentage === 'number') d.toleratedFailurePercentage = state.ToleratedFailurePercentage;
  }
  const vars = Object.assign({}, variables ?? {});
  const assigned = exited?.details?.assignedVariables;
  if (isObject(assigned)) Object.assign(vars, assigned);
  if (Object.keys(vars).length > 0) d.variables = JSON.stringify(vars);
  if (errorDetails !== undefined) d.errorDetails = errorDetails;
  return d;
}
