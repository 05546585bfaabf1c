/**
 * Map, inline and distributed.
 * - Items: ItemsPath over the input after InputPath (JSONPath), Items (JSONata), or the ItemReader
 *   (through the TaskInvoker). They must form an array.
 * - Each iteration's input: ItemSelector (or the legacy Parameters) evaluated with `$` = the
 *   state's effective input and $$.Map.Item = { Index, Value } (JSONata: $states.context.Map.Item),
 *   else the item. ItemBatcher groups the selected items into { Items, BatchInput }.
 * - Concurrency on the virtual clock: MaxConcurrency (0 = no limit), at most 40 iterations at once
 *   inline (AWS's inline limit), 10,000 distributed.
 * - Inline: the first iteration to fail (in virtual time) fails the state with its error; inner
 *   states read the outer variables. Distributed: child executions have their own history limit
 *   and no outer variables; failures within ToleratedFailureCount / ToleratedFailurePercentage
 *   are tolerated (their place in the result holds { Error, Cause }), beyond them the state fails
 *   with States.ExceedToleratedFailureThreshold.
 * - ResultWriter: the results go to the invoker under the writer's Resource, and the state's
 *   result becomes { MapRunArn, ResultWriterDetails }.
 */
import { E, StatesError, withHint } from '../errors';
import { evalJsonata, evaluationFailed, unexpectedType } from '../jsonataEval';
import type { CMap, CState } from '../machine';
import { pathNotFound } from '../pathErrors';
import { NOTHING } from '../paths';
import { uuidFrom } from '../random';
import { childOutcome, fanOut } from '../fanout';
import { ACCOUNT, NO_VARS, REGION, type Group, type MapItem } from '../run';
import { runScope, type Strand } from '../strand';
import { evalTemplate } from '../template';
import { isObject, jsonSize, kindOf, preview } from '../values';
import { enter, located, readNumber, Scope, withRetryAndCatch } from './common';
import { readItems, type ReadItems } from './itemReader';
import { finishWithResult, prepareInput } from './result';

const INLINE_LIMIT = 40;
const DISTRIBUTED_LIMIT = 10_000;

export function map(s: Strand, st: CState, input: unknown): Promise<void> {
  enter(s, st, input);
  return withRetryAndCatch(s, st, input, () => attempt(s, st, input));
}

async function attempt(s: Strand, st: CState, input: unknown): Promise<void> {
  const m = st.map!;
  const { eff, scope, flow } = await prepareInput(s, st, input, false);
  const { items, source } = await readAll(s, st, m, eff, scope);
  const max = (await readNumber(s, m.maxConcurrency, eff, scope, 'nonNegative')) ?? 0;
  const cap = m.distributed ? DISTRIBUTED_LIMIT : INLINE_LIMIT;
  const limit = max === 0 ? cap : Math.min(max, cap);
  const tolCount = m.distributed ? await readNumber(s, m.toleratedCount, eff, scope, 'nonNegative') : undefined;
  const tolPercent = m.distributed ? await readNumber(s, m.toleratedPercent, eff, scope, 'percent') : undefined;
  const batches = m.batcher ? await batch(s, st, m, items, eff, input) : undefined;
  const n = batches ? batches.length : items.length;

  s.emit('MapStateStarted', st.name, { length: n });
  let mapRunArn: string | undefined;
  if (m.distributed) {
    mapRunArn = `arn:aws:states:${REGION}:${ACCOUNT}:mapRun:${s.run.stateMachineName}/${m.label ?? st.name}:${uuidFrom(s.rng)}`;
    s.emit('MapRunStarted', st.name, { mapRunArn });
  }
  const vars = m.distributed ? NO_VARS : s.vars;
  const tolerate = m.distributed
    ? (failed: number, _i: number, e: unknown) => {
        const limited = tolCount !== undefined || tolPercent !== undefined;
        const exceeded =
          !limited || (tolCount !== undefined && failed > tolCount) || (tolPercent !== undefined && (failed * 100) / n > tolPercent);
        if (exceeded) return undefined;
        return e instanceof StatesError ? { Error: e.error, Cause: e.cause } : { Error: E.Runtime, Cause: String(e) };
      }
    : undefined;
  const r = await fanOut(
    s,
    n,
    limit,
    (i, t, group) => iteration(s, st, m, i, t, group, vars, batches ? batches[i] : undefined, items[i], eff, input, source),
    tolerate,
  );
  s.time = r.time;
  if (r.failure) {
    const e = r.failure.error;
    if (!(e instanceof StatesError)) throw e;
    let err = e;
    if (m.distributed) {
      // AWS's cause, word for word; the item that tipped it over is in the MapRunFailed details.
      err = new StatesError(E.ExceedToleratedFailureThreshold, 'The specified tolerated failure threshold was exceeded', true);
      s.emit('MapRunFailed', st.name, {
        mapRunArn,
        error: err.error,
        cause: err.cause,
        failedItem: { index: r.failure.index, error: e.error, cause: e.cause },
      });
    }
    s.emit('MapStateFailed', st.name, withHint({ error: err.error, cause: err.cause }, err.hint));
    throw err;
  }
  if (m.distributed) s.emit('MapRunSucceeded', st.name, { mapRunArn, failed: r.failed });
  s.emit('MapStateSucceeded', st.name);
  let result: unknown = r.outputs;
  if (m.writer?.resource) result = await writeResults(s, st, m, r.outputs, eff, scope, mapRunArn!);
  await finishWithResult(s, st, input, result, flow);
}

const NO_SOURCE = () => undefined;

async function readAll(s: Strand, st: CState, m: CMap, eff: unknown, scope: Scope | undefined): Promise<ReadItems> {
  if (m.reader) return readItems(s, st, m.reader, eff, scope);
  if (st.jsonata) {
    const v = m.items ? await evalJsonata(m.items, scope!) : eff;
    if (!Array.isArray(v) && m.items) throw evaluationFailed(scope!, 'Items', unexpectedType(m.items, 'Items', 'array', v));
    if (!Array.isArray(v))
      throw new StatesError(
        E.QueryEvaluationError,
        `The Items of a Map state must be an array, but they are ${kindOf(v)} ${preview(v, 80)}.`,
      );
    return { items: v, source: NO_SOURCE };
  }
  let v = eff;
  if (m.itemsPath) {
    v = m.itemsPath.select(eff, s);
    if (v === NOTHING) {
      const { cause, hint } = pathNotFound(m.itemsPath, eff, 'ItemsPath');
      throw new StatesError(E.Runtime, cause, false, hint);
    }
  }
  // AWS's cause (issue 11, a recorded execution): "Map state input must be an array but was: 1".
  if (!Array.isArray(v)) {
    const hint = `The ItemsPath '${m.itemsPath?.text ?? '$'}' must select an array, but it selects ${kindOf(v)} ${preview(v, 80)}.`;
    throw new StatesError(E.Runtime, `Map state input must be an array but was: ${preview(v, Infinity)}`, false, hint);
  }
  return { items: v, source: NO_SOURCE };
}

/** A strand for iteration (or batch) `i`, whose context has Map.Item. */
function childFor(s: Strand, st: CState, m: CMap, i: number, t: number, group: Group, vars: typeof NO_VARS, item: MapItem): Strand {
  const c = s.child(t, vars, [st.name, `iteration ${i}`], st.name, group, item, m.distributed ? { events: 0 } : s.budget);
  c.state = st;
  c.enteredEventId = s.enteredEventId;
  c.enteredTime = s.enteredTime;
  return c;
}

async function selectItem(c: Strand, st: CState, m: CMap, value: unknown, eff: unknown, input: unknown): Promise<unknown> {
  if (m.itemSelector) return evalTemplate(m.itemSelector, eff, c);
  if (m.jsonataItemSelector) return evalJsonata(m.jsonataItemSelector, new Scope(c, st, input));
  return value;
}

function iteration(
  s: Strand,
  st: CState,
  m: CMap,
  i: number,
  t: number,
  group: Group,
  vars: typeof NO_VARS,
  batchValue: unknown,
  value: unknown,
  eff: unknown,
  input: unknown,
  source: (i: number) => string | undefined,
) {
  const item: MapItem = { Index: i, Value: batchValue !== undefined ? batchValue : value };
  if (m.distributed && batchValue === undefined) {
    const from = source(i);
    if (from !== undefined) item.Source = from;
  }
  // The ItemSelector is a field of the Map state itself: it reads the Map's variables, even for a
  // Distributed Map, whose child workflow then starts without them.
  const c = childFor(s, st, m, i, t, group, s.vars, item);
  return childOutcome(c, async () => {
    c.emit('MapIterationStarted', st.name, { name: st.name, index: i });
    try {
      let iterationInput: unknown;
      try {
        iterationInput = batchValue !== undefined ? batchValue : await selectItem(c, st, m, value, eff, input);
      } catch (e) {
        throw located(c, st, e);
      }
      // $$.Map.Item belongs to the ItemSelector; the iteration's own states do not see it.
      c.item = undefined;
      c.vars = vars;
      c.resetContext();
      const out = await runScope(c, m.processor, iterationInput);
      c.emit('MapIterationSucceeded', st.name, { name: st.name, index: i });
      return out;
    } catch (e) {
      if (e instanceof StatesError)
        c.emit('MapIterationFailed', st.name, withHint({ name: st.name, index: i, error: e.error, cause: e.cause }, e.hint));
      throw e;
    }
  });
}

/** ItemBatcher: the selected items grouped into { Items, BatchInput } by count and by size. */
async function batch(s: Strand, st: CState, m: CMap, items: unknown[], eff: unknown, input: unknown): Promise<unknown[]> {
  const b = m.batcher!;
  const scope = st.jsonata ? new Scope(s, st, input) : undefined;
  let batchInput: unknown;
  try {
    batchInput = b.jsonataBatchInput
      ? await evalJsonata(b.jsonataBatchInput, scope!)
      : b.batchInput
        ? evalTemplate(b.batchInput, eff, s)
        : undefined;
  } catch (e) {
    throw located(s, st, e);
  }
  const maxItems = (await readNumber(s, b.maxItems, eff, scope, 'positive')) ?? Infinity;
  const maxBytes = (await readNumber(s, b.maxBytes, eff, scope, 'positive')) ?? 256 * 1024;
  const out: unknown[] = [];
  let current: unknown[] = [];
  let bytes = 0;
  const flush = () => {
    if (current.length === 0) return;
    const o: Record<string, unknown> = {};
    if (batchInput !== undefined) o.BatchInput = batchInput;
    o.Items = current;
    out.push(o);
    current = [];
    bytes = 0;
  };
  for (let i = 0; i < items.length; i++) {
    let v: unknown;
    const probe = childFor(s, st, m, i, s.time, { cancelled: false }, s.vars, { Index: i, Value: items[i] });
    try {
      v = await selectItem(probe, st, m, items[i], eff, input);
    } catch (e) {
      throw located(s, st, e);
    }
    const size = jsonSize(v) + 1;
    if (current.length > 0 && (current.length >= maxItems || bytes + size > maxBytes)) flush();
    current.push(v);
    bytes += size;
  }
  flush();
  return out;
}

async function writeResults(
  s: Strand,
  st: CState,
  m: CMap,
  results: unknown[],
  eff: unknown,
  scope: Scope | undefined,
  mapRunArn: string,
): Promise<unknown> {
  const w = m.writer!;
  const params = w.arguments ? await evalJsonata(w.arguments, scope!) : w.parameters ? evalTemplate(w.parameters, eff, s) : {};
  const payload = isObject(params) ? { ...params, Results: results } : { Results: results };
  const outcome = await s.run.invoke({
    stateName: st.name,
    statePath: s.statePath,
    resource: w.resource!,
    payload,
    attempt: 1,
    context: s.context(),
  });
  if (!outcome.ok) {
    throw new StatesError(
      E.ResultWriterFailed,
      `The ResultWriter of the Map state '${st.name}' failed: ${outcome.error}${outcome.cause ? `: ${outcome.cause}` : ''}`,
      true,
    );
  }
  const bucket = isObject(params) ? params.Bucket : undefined;
  const prefix = isObject(params) && typeof params.Prefix === 'string' && params.Prefix ? `${params.Prefix}/` : '';
  const runId = mapRunArn.slice(mapRunArn.lastIndexOf(':') + 1);
  return { MapRunArn: mapRunArn, ResultWriterDetails: { Bucket: bucket, Key: `${prefix}${runId}/manifest.json` } };
}
