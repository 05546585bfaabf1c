/**
 * A strand: one line of execution (the top-level flow, a Parallel branch, a Map iteration) with
 * its own virtual time, variables and place in the history.
 */
import { debugExec } from './debug';
import { CANCELLED } from './errors';
import { STRAND_BINDING } from './evalLimits';
import type { CScope, CState } from './machine';
import { NOTHING } from './paths';
import type { Random } from './random';
import type { Budget, Group, MapItem, Run, Vars } from './run';
import type { RunOptions } from './types';

const hasOwn = Object.prototype.hasOwnProperty;

export class Strand {
  next: CState | undefined = undefined;
  output: unknown = undefined;
  /** The state being run, when it was entered, and its retry count ($$.State). */
  state: CState | undefined = undefined;
  enteredEventId = 0;
  enteredTime = 0;
  retryCount = 0;
  taskToken: string | undefined = undefined;
  private ctx: Record<string, unknown> | undefined = undefined;

  constructor(
    readonly run: Run,
    public time: number,
    public vars: Vars,
    /** For events: the enclosing Parallel/Map states and branch/iteration labels. */
    readonly scope: string[] | undefined,
    /** For task invocations: the enclosing Parallel/Map state names. */
    readonly statePath: string[],
    readonly groups: readonly Group[],
    /** $$.Map.Item: set only while a Map's ItemSelector is evaluated (the guide: only there). */
    public item: MapItem | undefined,
    /** The execution's event count; a Distributed Map child execution has its own. */
    readonly budget: Budget,
    /** The top-level flow: its states make up the result's path. */
    readonly root: boolean,
    public lastEventId: number,
  ) {}

  get rng(): Random {
    return this.run.rng;
  }

  emit(type: string, stateName?: string, details?: Record<string, unknown>): number {
    return this.run.emit(this, type, stateName, details);
  }

  /** The context object ($$, $states.context), built when a state first reads it. */
  context(): Record<string, unknown> {
    let c = this.ctx;
    if (c) return c;
    c = {
      Execution: this.run.execution,
      State: { EnteredTime: this.run.timestamp(this.enteredTime), Name: this.state?.name, RetryCount: this.retryCount },
      StateMachine: this.run.stateMachine,
    };
    if (this.taskToken !== undefined) c.Task = { Token: this.taskToken };
    if (this.item !== undefined) c.Map = { Item: this.item };
    const single = this.run.options.singleState;
    if (single) c = singleStateContext(c, single);
    return (this.ctx = c);
  }

  /** Forget the context object (the retry count or the task token changed). */
  resetContext(): void {
    this.ctx = undefined;
  }

  variable(name: string): unknown {
    return hasOwn.call(this.vars, name) ? this.vars[name] : NOTHING;
  }

  /** The bindings of a JSONata evaluation: the Step Functions functions, variables, $states. */
  jsonataBindings(
    st: CState,
    states: { input: unknown; result?: unknown; errorOutput?: unknown; context?: unknown },
  ): Record<string, unknown> {
    const b: Record<string, unknown> = Object.assign({}, this.run.fns, this.vars);
    if (st.usesContext) states.context = this.context();
    b.states = states;
    // How the evaluation limits find the run and the state (evalLimits.ts).
    b[STRAND_BINDING] = this;
    return b;
  }

  cancelled(): boolean {
    const g = this.groups;
    for (let i = 0; i < g.length; i++) if (g[i].cancelled) return true;
    return false;
  }

  /**
   * Moves this strand's clock to `t` (ms). Undefined when it can go on at once; otherwise a
   * promise that settles when its turn comes back (rejected when it was cancelled meanwhile, or
   * when the machine's TimeoutSeconds ran out first).
   */
  advanceTo(t: number): Promise<void> | undefined {
    if (t > this.run.deadline) return this.timeOut();
    this.time = t;
    const p = this.run.sched.yieldUntil(t);
    return p === undefined ? undefined : p.then(() => this.resumed());
  }

  private async timeOut(): Promise<void> {
    this.time = Math.max(this.time, this.run.deadline);
    const p = this.run.sched.yieldUntil(this.time);
    if (p) {
      await p;
      this.resumed();
    }
    throw this.run.timedOut();
  }

  private resumed(): void {
    if (this.cancelled()) throw CANCELLED;
  }

  /** A branch's or iteration's strand, starting at time `t`. */
  child(t: number, vars: Vars, label: string[], stateName: string, group: Group, item: MapItem | undefined, budget: Budget): Strand {
    const scope = this.scope ? this.scope.concat(label) : label;
    return new Strand(
      this.run,
      t,
      vars,
      scope,
      this.statePath.concat(stateName),
      this.groups.concat(group),
      item,
      budget,
      false,
      this.lastEventId,
    );
  }
}

/** Runs a scope's states from StartAt to an end; the value is the last state's output. */
export async function runScope(s: Strand, scope: CScope, input: unknown): Promise<unknown> {
  let st: CState = scope.start;
  let value = input;
  const debug = s.run.options.debug;
  for (;;) {
    const p = debug ? debugExec(s, st, value, debug) : st.exec(s, st, value);
    if (p !== undefined) await p;
    value = s.output;
    const next = s.next;
    if (next === undefined) return value;
    st = next;
  }
}

/**
 * A single-state test's context object: the request's context is the whole context object (AWS
 * answers $$ with exactly what was given, {} included: recorded TestState responses), a task token
 * kept where the request gives none; without one, the engine's, with Map.Item when asked.
 */
function singleStateContext(c: Record<string, unknown>, single: NonNullable<RunOptions['singleState']>): Record<string, unknown> {
  if (single.context) {
    const out: Record<string, unknown> = Object.assign({}, single.context);
    if (out.Task === undefined && c.Task !== undefined) out.Task = c.Task;
    return out;
  }
  if (single.mapItem) return Object.assign({}, c, { Map: { Item: single.mapItem } });
  return c;
}
