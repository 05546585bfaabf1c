/**
 * The prepared (compiled) form of a state machine: what prepare.ts builds once and every run
 * reads. Every path, intrinsic call, payload template and JSONata expression is compiled here,
 * so a run does no parsing.
 */
import type { AslDiagnostic } from '../types';
import type { ErrorMatcher } from './errors';
import type { JsonataTemplate } from './jsonataEval';
import type { CompiledPath } from './paths';
import type { Strand } from './strand';
import type { Template } from './template';

export type StateType = 'Pass' | 'Task' | 'Choice' | 'Wait' | 'Succeed' | 'Fail' | 'Parallel' | 'Map';

/** Runs one state: sets strand.output and strand.next; undefined when it finished synchronously. */
export type Executor = (s: Strand, st: CState, input: unknown) => void | Promise<void>;

export interface CScope {
  start: CState;
  states: Map<string, CState>;
  distributed: boolean;
}

/** Where a ResultPath puts the result: replace the input, keep the input, or set a field. */
export type ResultPath = { kind: 'replace' } | { kind: 'discard' } | { kind: 'set'; text: string; steps: (string | number)[] };

/** A number or string field that may come from a path or a JSONata expression. */
export type Source<T> =
  | { kind: 'const'; value: T }
  | { kind: 'path'; path: CompiledPath; field: string }
  | { kind: 'intrinsic'; template: Template; field: string }
  | { kind: 'jsonata'; template: JsonataTemplate; field: string };

export interface CRetrier {
  matcher: ErrorMatcher;
  intervalSeconds: number;
  maxAttempts: number;
  backoffRate: number;
  maxDelaySeconds?: number;
  jitter: boolean;
}

export interface CCatcher {
  matcher: ErrorMatcher;
  next: CState;
  resultPath: ResultPath;
  output?: JsonataTemplate;
  assign?: Template;
  jsonataAssign?: JsonataTemplate;
}

export interface CChoiceRule {
  /** JSONPath rules. */
  test?: (input: unknown, s: Strand) => boolean;
  /** JSONata rules. */
  condition?: JsonataTemplate;
  next: CState;
  assign?: Template;
  jsonataAssign?: JsonataTemplate;
  output?: JsonataTemplate;
}

export interface CTask {
  resource: string;
  /**
   * Which events the history uses: LambdaFunction* for a plain Lambda function ARN, Activity*
   * for an activity ARN, Task* for everything else (service integrations).
   */
  events: 'Lambda' | 'Activity' | 'Task';
  resourceType: string;
  resourceName: string;
  /**
   * The state has a task token ($$.Task.Token): the callback pattern (.waitForTaskToken) and the
   * job run pattern (.sync), which SendTaskSuccess may also complete (API reference).
   */
  hasToken: boolean;
  timeout?: Source<number>;
  heartbeat?: Source<number>;
}

export interface CMap {
  processor: CScope;
  distributed: boolean;
  itemsPath?: CompiledPath;
  items?: JsonataTemplate;
  itemSelector?: Template;
  jsonataItemSelector?: JsonataTemplate;
  maxConcurrency?: Source<number>;
  toleratedCount?: Source<number>;
  toleratedPercent?: Source<number>;
  reader?: CReader;
  batcher?: CBatcher;
  writer?: CWriter;
  label?: string;
}

export interface CReader {
  resource: string;
  parameters?: Template;
  arguments?: JsonataTemplate;
  config: Record<string, unknown>;
  maxItems?: Source<number>;
}

export interface CBatcher {
  maxItems?: Source<number>;
  maxBytes?: Source<number>;
  batchInput?: Template;
  jsonataBatchInput?: JsonataTemplate;
}

export interface CWriter {
  resource?: string;
  parameters?: Template;
  arguments?: JsonataTemplate;
}

export interface CState {
  /** Dense index over the whole machine (for per-run counters). */
  id: number;
  name: string;
  type: StateType;
  jsonata: boolean;
  exec: Executor;
  next?: CState;
  /**
   * A JSONata state whose expressions may read $states.context (the bindings then carry it).
   * JSONPath states build the context object only when a `$$` path asks for it.
   */
  usesContext: boolean;

  // JSONPath fields: undefined means the default ("$"), null the JSON null.
  inputPath?: CompiledPath | null;
  outputPath?: CompiledPath | null;
  parameters?: Template;
  resultSelector?: Template;
  resultPath: ResultPath;
  assign?: Template;
  /** Pass: Result. */
  result?: { value: unknown };

  // JSONata fields.
  arguments?: JsonataTemplate;
  output?: JsonataTemplate;
  jsonataAssign?: JsonataTemplate;

  retriers: CRetrier[];
  catchers: CCatcher[];

  task?: CTask;
  choices?: CChoiceRule[];
  defaultNext?: CState;
  wait?: { seconds?: Source<number>; timestamp?: Source<string> };
  fail?: { error?: Source<string>; cause?: Source<string> };
  branches?: CScope[];
  map?: CMap;
}

export interface PreparedMachine {
  /** False when the definition has errors: `run` then fails at once with them. */
  readonly ok: boolean;
  /** The definition's error diagnostics (empty when ok). */
  readonly diagnostics: readonly AslDiagnostic[];
  readonly root?: CScope;
  /** Machine-level TimeoutSeconds, if any. */
  readonly timeoutSeconds?: number;
  /** How many states the machine has (all scopes). */
  readonly stateCount: number;
  /** States by id, for messages (the loop a runaway execution is stuck in). */
  readonly states: readonly CState[];
}
