/**
 * What every state does around its own work: entering and exiting (history events, counters),
 * the JSONPath data flow (InputPath, ResultPath, OutputPath), Assign, the payload quota, JSONata
 * scopes, and Retry/Catch.
 */
import { debugErrorRaised } from '../debug';
import { E, errorMatches, inState, StatesError } from '../errors';
import type { JsonataScope, JsonataTemplate } from '../jsonataEval';
import { evalJsonata } from '../jsonataEval';
import type { CCatcher, CState, ResultPath, Source } from '../machine';
import { pathNotFound } from '../pathErrors';
import { NOTHING, type CompiledPath } from '../paths';
import type { Vars } from '../run';
import type { Strand } from '../strand';
import { evalTemplate, type Template } from '../template';
import { isObject, jsonSize, PAYLOAD_LIMIT, preview, put } from '../values';

const ENTERED: Record<string, string> = {};
const EXITED: Record<string, string> = {};
for (const t of ['Pass', 'Task', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map']) {
  ENTERED[t] = `${t}StateEntered`;
  EXITED[t] = `${t}StateExited`;
}

export function enter(s: Strand, st: CState, input: unknown): void {
  if (s.root) s.run.path.push(st.name);
  s.state = st;
  s.enteredTime = s.time;
  s.retryCount = 0;
  s.taskToken = undefined;
  s.resetContext();
  s.enteredEventId = s.emit(ENTERED[st.type], st.name, { name: st.name, input });
}

/** The Exited event, the new variables, and where the strand goes next. */
export function exit(
  s: Strand,
  st: CState,
  output: unknown,
  next: CState | undefined,
  assigned?: Record<string, unknown>,
  dataFlow?: Record<string, unknown>,
  matchedRule?: number | 'Default',
  matchedCatcher?: number,
): void {
  const details: Record<string, unknown> = { name: st.name, output };
  // Which Choice rule picked the next state (its index in Choices), or Default: the graph lights that edge.
  if (matchedRule !== undefined) details.matchedRule = matchedRule;
  // Which catcher took the error (its index in Catch): coverage counts that edge.
  if (matchedCatcher !== undefined) details.matchedCatcher = matchedCatcher;
  if (assigned !== undefined) {
    s.vars = assignVars(s.vars, assigned);
    details.assignedVariables = assigned;
  }
  if (dataFlow !== undefined) details.dataFlow = dataFlow;
  s.emit(EXITED[st.type], st.name, details);
  s.output = output;
  s.next = next;
}

export function assignVars(vars: Vars, assigned: Record<string, unknown>): Vars {
  const out = Object.assign(Object.create(null) as Record<string, unknown>, vars);
  for (const k of Object.keys(assigned)) put(out, k, assigned[k]);
  return Object.freeze(out);
}

/** A data-flow failure, with where it happened (as AWS words causes). */
export function located(s: Strand, st: CState, e: unknown): unknown {
  if (e instanceof StatesError && !e.located) return new StatesError(e.error, inState(st.name, s.enteredEventId, e.cause), true, e.hint);
  return e;
}

export function applyInputPath(s: Strand, st: CState, input: unknown): unknown {
  const p = st.inputPath;
  if (p === undefined) return input;
  if (p === null) return {};
  return selectOrFail(s, p, input, 'InputPath');
}

export function applyOutputPath(s: Strand, st: CState, value: unknown): unknown {
  const p = st.outputPath;
  if (p === undefined) return value;
  if (p === null) return {};
  return selectOrFail(s, p, value, 'OutputPath');
}

function selectOrFail(s: Strand, p: CompiledPath, value: unknown, field: string): unknown {
  const v = p.select(value, s);
  if (v === NOTHING) {
    const { cause, hint } = pathNotFound(p, value, field);
    throw new StatesError(E.Runtime, cause, false, hint);
  }
  return v;
}

/** ResultPath: the result replaces the input, is dropped, or is set at a reference path. */
export function applyResultPath(rp: ResultPath, input: unknown, result: unknown): unknown {
  if (rp.kind === 'replace') return result;
  if (rp.kind === 'discard') return input;
  try {
    return setIn(input, rp.steps, 0, result, rp.text);
  } catch (e) {
    if (!(e instanceof StatesError) || e.error !== E.ResultPathMatchFailure) throw e;
    // AWS's wording, as an execution's cause is quoted in aws/aws-cdk issue 29473: the whole
    // input as JSON, unquoted path; where it failed is our hint.
    throw new StatesError(e.error, `Unable to apply ReferencePath ${rp.text} to input ${preview(input, Infinity)}`, false, e.cause);
  }
}

function setIn(node: unknown, steps: (string | number)[], i: number, value: unknown, text: string): unknown {
  if (i === steps.length) return value;
  const k = steps[i];
  if (typeof k === 'string') {
    if (node === undefined) node = {};
    if (!isObject(node)) throw cannotApply(text, node);
    const copy: Record<string, unknown> = Object.assign({}, node);
    put(copy, k, setIn(node[k], steps, i + 1, value, text));
    return copy;
  }
  if (!Array.isArray(node) || k < 0 || k > node.length) throw cannotApply(text, node);
  const copy = node.slice();
  copy[k] = setIn(node[k], steps, i + 1, value, text);
  return copy;
}

function cannotApply(text: string, node: unknown): StatesError {
  return new StatesError(E.ResultPathMatchFailure, `Unable to apply ResultPath '${text}' to input '${preview(node)}'.`);
}

/** The 256 KiB quota on a state's effective input, a task's result and a state's output. */
export function checkSize(s: Strand, st: CState, value: unknown, what: 'input' | 'output' | 'result'): void {
  // A state often passes on what it got (a Choice, a Pass): the value was measured already.
  if (typeof value !== 'object' || value === null) {
    if (typeof value !== 'string' || value.length < 40_000) return;
  } else if (value === s.run.sized) return;
  const size = jsonSize(value);
  if (size > PAYLOAD_LIMIT) {
    const which =
      what === 'result' ? 'returned a result' : what === 'input' ? 'has an input (after Parameters or Arguments)' : 'has an output';
    const hint = `The state/task '${st.name}' ${which} with a size of ${size} bytes (UTF-8), exceeding the maximum of ${PAYLOAD_LIMIT} bytes (256 KiB).`;
    // AWS's cause for a result or output (LocalStack's text, from its AWS-validated
    // DataLimitExceeded tests); for an input after Parameters it is not established: ours.
    const cause =
      what === 'input'
        ? hint
        : `The state/task '${st.name}' returned a result with a size exceeding the maximum number of bytes service limit.`;
    throw new StatesError(E.DataLimitExceeded, cause, true, hint);
  }
  s.run.sized = value;
}

/** JSONPath Assign: a payload template evaluated with `$` = what the state type gives it. */
export function evalAssign(s: Strand, t: Template | undefined, value: unknown): Record<string, unknown> | undefined {
  if (t === undefined) return undefined;
  return evalTemplate(t, value, s) as Record<string, unknown>;
}

/** The scope of the JSONata expressions of one phase of a state. */
export class Scope implements JsonataScope {
  private b: Record<string, unknown> | undefined;
  constructor(
    private readonly s: Strand,
    private readonly st: CState,
    readonly input: unknown,
    private readonly result?: unknown,
    private readonly errorOutput?: unknown,
  ) {}

  bindings(): Record<string, unknown> {
    if (this.b) return this.b;
    const states: { input: unknown; result?: unknown; errorOutput?: unknown } = { input: this.input };
    if (this.result !== undefined) states.result = this.result;
    if (this.errorOutput !== undefined) states.errorOutput = this.errorOutput;
    return (this.b = this.s.jsonataBindings(this.st, states));
  }

  /** AWS records a failed JSONata evaluation as an EvaluationFailed event, where it happens. */
  failed(e: StatesError, location: string): void {
    const name = this.st.name;
    this.s.emit('EvaluationFailed', name, { error: e.error, cause: inState(name, this.s.enteredEventId, e.cause), location, state: name });
  }
}

export async function evalJsonataAssign(t: JsonataTemplate | undefined, scope: Scope): Promise<Record<string, unknown> | undefined> {
  if (t === undefined) return undefined;
  const v = await evalJsonata(t, scope);
  return v as Record<string, unknown>;
}

/**
 * Reads a number field (TimeoutSeconds, MaxConcurrency, ...) from its source: synchronously
 * unless it is a JSONata expression.
 */
export function readNumber(
  s: Strand,
  src: Source<number> | undefined,
  input: unknown,
  scope: Scope | undefined,
  rule: NumberRule,
): number | undefined | Promise<number | undefined> {
  if (src === undefined) return undefined;
  switch (src.kind) {
    case 'const':
      return src.value;
    case 'path': {
      const v = src.path.select(input, s);
      if (v === NOTHING)
        throw new StatesError(
          E.Runtime,
          `The JSONPath '${src.path.text}' specified for the field '${src.field}' could not be found in the input '${preview(input)}'`,
        );
      return checkPathNumber(v, src.field, src.path.text, rule) ?? checkNumber(v, src.field, rule, E.Runtime);
    }
    case 'intrinsic':
      return checkNumber(evalTemplate(src.template, input, s), src.field, rule, E.Runtime);
    case 'jsonata':
      return Promise.resolve(evalJsonata(src.template, scope!)).then((v) => checkNumber(v, src.field, rule, E.QueryEvaluationError));
  }
}

export type NumberRule = 'positive' | 'nonNegative' | 'percent';

/**
 * The Map fields read through a path, in AWS's words: the MaxConcurrencyPath text is a recorded
 * AWS execution (issue 11); the others, and the negative and out-of-range texts, are LocalStack's,
 * whose AWS-validated snapshot tests record them. A string holding an integer is read as that
 * integer, as LocalStack does. Undefined for the other fields (TimeoutSecondsPath, ...), whose
 * AWS wording is not established.
 */
const PATH_NUMBER: Record<string, { name: string; kind: 'integer' | 'float'; bad: (v: number) => string | undefined }> = {
  MaxConcurrencyPath: {
    name: 'MaxConcurrency',
    kind: 'integer',
    bad: (v) => (v < 0 ? `Expected non-negative integer for MaxConcurrency, got '${v}' instead.` : undefined),
  },
  ToleratedFailureCountPath: {
    name: 'ToleratedFailureCount',
    kind: 'integer',
    bad: (v) => (v < 0 ? 'ToleratedFailureCount cannot be negative.' : undefined),
  },
  ToleratedFailurePercentagePath: {
    name: 'ToleratedFailurePercentage',
    kind: 'float',
    bad: (v) => (v < 0 || v > 100 ? 'ToleratedFailurePercentage must be between 0 and 100.' : undefined),
  },
};

function checkPathNumber(raw: unknown, field: string, path: string, rule: NumberRule): number | undefined {
  const f = PATH_NUMBER[field];
  if (!f) return undefined;
  const v = typeof raw === 'string' && /^-?\d+$/.test(raw) ? Number(raw) : raw;
  const want = f.kind === 'integer' ? 'integer' : 'float';
  if (typeof v !== 'number' || !Number.isFinite(v) || (f.kind === 'integer' && !Number.isInteger(v))) {
    const shown = typeof raw === 'string' ? raw : preview(raw, Infinity);
    throw new StatesError(
      E.Runtime,
      `The ${field} field refers to value "${shown}" which is not a valid ${want}: ${path}`,
      false,
      hintFor(field, rule, raw),
    );
  }
  const bad = f.bad(v);
  if (bad !== undefined) throw new StatesError(E.Runtime, bad, false, hintFor(field, rule, raw));
  return v;
}

function hintFor(field: string, rule: NumberRule, v: unknown): string {
  const want = rule === 'percent' ? 'a number from 0 to 100' : rule === 'positive' ? 'a positive integer' : 'a non-negative integer';
  return `The value of the field '${field}' must be ${want}, but it is ${preview(v, 80)}.`;
}

function checkNumber(v: unknown, field: string, rule: NumberRule, error: string): number {
  const ok =
    typeof v === 'number' &&
    Number.isFinite(v) &&
    (rule === 'percent' ? v >= 0 && v <= 100 : Number.isInteger(v) && (rule === 'positive' ? v > 0 : v >= 0));
  if (!ok) {
    const want = rule === 'percent' ? 'a number from 0 to 100' : rule === 'positive' ? 'a positive integer' : 'a non-negative integer';
    throw new StatesError(error, `The value of the field '${field}' must be ${want}, but it is ${preview(v, 80)}.`);
  }
  return v as number;
}

/**
 * Runs `attempt` (one try of a Task, Parallel or Map) with the state's retriers and catchers.
 * Returns when the state succeeded or a catcher took the error; rethrows an error nothing takes.
 */
export async function withRetryAndCatch(s: Strand, st: CState, input: unknown, attempt: () => Promise<void>): Promise<void> {
  let counts: number[] | undefined;
  for (;;) {
    try {
      await attempt();
      return;
    } catch (raw) {
      const e = located(s, st, raw);
      if (!(e instanceof StatesError)) throw e;
      if (s.run.options.debug) await debugErrorRaised(s, st, input, e, counts);
      const retriers = st.retriers;
      let retried = false;
      for (let i = 0; i < retriers.length; i++) {
        const r = retriers[i];
        if (!errorMatches(r.matcher, e.error, e)) continue;
        counts ??= new Array<number>(retriers.length).fill(0);
        if (counts[i] < r.maxAttempts) {
          let delay = r.intervalSeconds * Math.pow(r.backoffRate, counts[i]);
          if (r.maxDelaySeconds !== undefined && delay > r.maxDelaySeconds) delay = r.maxDelaySeconds;
          if (r.jitter) delay *= s.rng();
          counts[i]++;
          const p = s.advanceTo(s.time + delay * 1000);
          if (p) await p;
          s.retryCount++;
          s.resetContext();
          retried = true;
        }
        // Only the first retrier whose ErrorEquals matches applies (ASL spec, "Retrying after error").
        break;
      }
      if (retried) continue;
      for (const c of st.catchers) {
        if (errorMatches(c.matcher, e.error, e)) return applyCatch(s, st, input, c, e);
      }
      throw e;
    }
  }
}

async function applyCatch(s: Strand, st: CState, input: unknown, c: CCatcher, e: StatesError): Promise<void> {
  const errorOutput = { Error: e.error, Cause: e.cause };
  let output: unknown;
  let assigned: Record<string, unknown> | undefined;
  try {
    if (st.jsonata) {
      const scope = new Scope(s, st, input, undefined, errorOutput);
      assigned = await evalJsonataAssign(c.jsonataAssign, scope);
      output = c.output ? await evalJsonata(c.output, scope) : errorOutput;
    } else {
      assigned = evalAssign(s, c.assign, errorOutput);
      output = applyResultPath(c.resultPath, input, errorOutput);
    }
    checkSize(s, st, output, 'output');
  } catch (raw) {
    throw located(s, st, raw);
  }
  exit(s, st, output, c.next, assigned, undefined, undefined, st.catchers.indexOf(c));
}
