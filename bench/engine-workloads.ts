/**
 * The dry-run benchmark's workloads, and for each tool how to build a machine and run a workload
 * on it. Shared by engine.ts (timing, in process) and engine-child.ts (peak memory, one process
 * per tool and workload), so both measure exactly the same work.
 */
import { prepare, run, type PreparedMachine, type TaskInvoker, type TaskOutcome } from '../server/src/core/engine';
import { loadPeer, type PeerStateMachine } from './engine-peer';

export const ENGINE_TOOLS = ['ours', 'aws-local-stepfunctions'] as const;
export type EngineToolId = (typeof ENGINE_TOOLS)[number];

export const WORKLOAD_IDS = ['loop', 'small', 'map-1000', 'map-10000'] as const;
export type WorkloadId = (typeof WORKLOAD_IDS)[number];

export interface Workload {
  id: WorkloadId;
  label: string;
  /** The definition as text: ours prepares it, theirs gets `JSON.parse` of it, so both start from text. */
  text: string;
  /** One input per execution of a batch (a batch is what one timed call runs). */
  inputs: readonly unknown[];
  /** What a correct engine returns for each input. */
  expected: readonly unknown[];
  /** States entered by one execution (nested ones included), as each tool's events must show. */
  statesPerExecution: number;
  /**
   * Our history limit for this workload. Undefined: AWS's 25,000 events. A workload that needs more
   * would fail in AWS too (an inline Map's iterations count in the parent's history).
   */
  maxEvents?: number;
}

export const LOOP_ITERATIONS = 10_000;
export const SMALL_EXECUTIONS = 10_000;
const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:work';

/** What the mocked Task answers, in both tools: the same constant, so both do the same work. */
export const TASK_RESULT = Object.freeze({ status: 'done', code: 200 });
const TASK_OUTCOME: TaskOutcome = Object.freeze({ ok: true, output: TASK_RESULT });

function text(definition: unknown): string {
  return JSON.stringify(definition, null, 2);
}

function loop(): Workload {
  const definition = {
    Comment: `Count to ${LOOP_ITERATIONS}: Pass (States.MathAdd) and Choice, ${LOOP_ITERATIONS} times each`,
    StartAt: 'Increment',
    States: {
      Increment: { Type: 'Pass', Parameters: { 'i.$': 'States.MathAdd($.i, 1)' }, Next: 'Check' },
      Check: { Type: 'Choice', Choices: [{ Variable: '$.i', NumericLessThan: LOOP_ITERATIONS, Next: 'Increment' }], Default: 'Done' },
      Done: { Type: 'Succeed' },
    },
  };
  return {
    id: 'loop',
    label: `${LOOP_ITERATIONS.toLocaleString('en-US')}-iteration Pass/Choice loop`,
    text: text(definition),
    inputs: [{ i: 0 }],
    expected: [{ i: LOOP_ITERATIONS }],
    statesPerExecution: 2 * LOOP_ITERATIONS + 1,
    // Two events per state entered: about 40,000, over AWS's 25,000 (AWS would fail this execution).
    maxEvents: Infinity,
  };
}

function small(): Workload {
  const definition = {
    Comment: 'Choice -> mocked Task -> Pass',
    StartAt: 'Route',
    States: {
      Route: { Type: 'Choice', Choices: [{ Variable: '$.kind', StringEquals: 'order', Next: 'Work' }], Default: 'Done' },
      Work: { Type: 'Task', Resource: FUNCTION_ARN, ResultPath: '$.result', Next: 'Done' },
      Done: { Type: 'Pass', Parameters: { 'id.$': '$.id', 'status.$': '$.result.status' }, End: true },
    },
  };
  const inputs = Array.from({ length: SMALL_EXECUTIONS }, (_, i) => ({ kind: 'order', id: i }));
  return {
    id: 'small',
    label: `${SMALL_EXECUTIONS.toLocaleString('en-US')} small executions (Choice -> mocked Task -> Pass)`,
    text: text(definition),
    inputs,
    expected: inputs.map((x) => ({ id: x.id, status: TASK_RESULT.status })),
    statesPerExecution: 3,
  };
}

function map(items: 1000 | 10_000): Workload {
  const definition = {
    Comment: `An inline Map over ${items} numbers, a Pass inside`,
    StartAt: 'Each',
    States: {
      Each: {
        Type: 'Map',
        ItemsPath: '$.items',
        ItemProcessor: {
          ProcessorConfig: { Mode: 'INLINE' },
          StartAt: 'Wrap',
          States: { Wrap: { Type: 'Pass', Parameters: { 'n.$': '$' }, End: true } },
        },
        End: true,
      },
    },
  };
  // From 1, not 0: aws-local-stepfunctions fails `"n.$": "$"` on an item of 0 ("Path expression '$'
  // does not point to a value"; jsonpath-plus returns nothing for a falsy document).
  const numbers = Array.from({ length: items }, (_, i) => i + 1);
  return {
    id: items === 1000 ? 'map-1000' : 'map-10000',
    label: `inline Map over ${items.toLocaleString('en-US')} items`,
    text: text(definition),
    inputs: [{ items: numbers }],
    expected: [numbers.map((n) => ({ n }))],
    statesPerExecution: 1 + items,
    // Four events per iteration: 10,000 items exceed AWS's 25,000 (an inline Map's iterations count
    // in the execution's history, so AWS would fail it too); 1,000 stay within it.
    maxEvents: items > 5000 ? Infinity : undefined,
  };
}

export function workload(id: WorkloadId): Workload {
  switch (id) {
    case 'loop':
      return loop();
    case 'small':
      return small();
    case 'map-1000':
      return map(1000);
    case 'map-10000':
      return map(10_000);
  }
}

/** One tool on one workload: build the machine once, run batches on it. */
export interface Contestant {
  /** Ours: `prepare(text)` (parse, validate, compile). Theirs: `new StateMachine(JSON.parse(text))` (it validates). */
  construct(): void;
  /** Runs every input of the workload, one after the other, on the machine built last; their outputs. */
  batch(): Promise<unknown[]>;
  /** One execution of the first input, with its event count and the states its events show as entered. */
  countStates(): Promise<{ output: unknown; statesEntered: number; events: number }>;
}

export function contestant(tool: EngineToolId, w: Workload): Contestant {
  return tool === 'ours' ? ours(w) : theirs(w);
}

function ours(w: Workload): Contestant {
  // The in-process mock: every Task call answers the same constant, already resolved.
  const invoker: TaskInvoker = { invoke: () => Promise.resolve(TASK_OUTCOME) };
  let machine: PreparedMachine | undefined;
  const runOne = async (input: unknown) => {
    const r = await run(machine!, { input, invoker, maxEvents: w.maxEvents });
    if (r.status !== 'SUCCEEDED') throw new Error(`ours: ${w.id} ended ${r.status}: ${r.error}: ${r.cause}`);
    return r;
  };
  return {
    construct() {
      machine = prepare(w.text);
      if (!machine.ok)
        throw new Error(`ours: the ${w.id} machine did not prepare: ${machine.diagnostics.map((d) => d.message).join('; ')}`);
    },
    async batch() {
      const out: unknown[] = [];
      for (const input of w.inputs) out.push((await runOne(input)).output);
      return out;
    },
    async countStates() {
      const r = await runOne(w.inputs[0]);
      return { output: r.output, statesEntered: r.events.filter((e) => e.type.endsWith('StateEntered')).length, events: r.events.length };
    },
  };
}

function theirs(w: Workload): Contestant {
  const StateMachine = loadPeer();
  // Their in-process mock: a local handler per Task state name, answering the same constant.
  const options = { overrides: { taskResourceLocalHandlers: { Work: () => TASK_RESULT } } };
  let machine: PeerStateMachine | undefined;
  return {
    construct() {
      machine = new StateMachine(JSON.parse(w.text));
    },
    async batch() {
      const out: unknown[] = [];
      for (const input of w.inputs) out.push(await machine!.run(input as never, options).result);
      return out;
    },
    async countStates() {
      const execution = machine!.run(w.inputs[0] as never, options);
      let statesEntered = 0;
      let events = 0;
      const counting = (async () => {
        for await (const event of execution.eventLogs) {
          events++;
          if (event.type === 'StateEntered') statesEntered++;
        }
      })();
      const output = await execution.result;
      await counting;
      return { output, statesEntered, events };
    },
  };
}
