/**
 * prepare(): a definition, parsed and validated once by the core's `analyze`, compiled into the
 * form every run reads (machine.ts). A definition with error diagnostics is not compiled: the
 * prepared machine carries the diagnostics and `run` reports them as a failed execution.
 */
import { ARRAY, OBJECT, type Tree } from '../fastParse';
import { jsonataExpression } from '../jsonata/strings';
import { parsePath } from '../jsonpath/path';
import type { AslDiagnostic } from '../types';
import { analyze, type Analysis } from '../validate';
import { errorMatcher } from './errors';
import { compileJsonataTemplate, type JsonataTemplate } from './jsonataEval';
import type {
  CCatcher,
  CChoiceRule,
  CMap,
  CRetrier,
  CScope,
  CState,
  CTask,
  Executor,
  PreparedMachine,
  ResultPath,
  Source,
  StateType,
} from './machine';
import { compilePathText } from './paths';
import { compileRule } from './states/choiceRules';
import { choiceJsonata, choiceJsonPath } from './states/choice';
import { map } from './states/map';
import { parallel } from './states/parallel';
import { passJsonata, passJsonPath } from './states/pass';
import { task } from './states/task';
import { failJsonata, failJsonPath, succeedJsonata, succeedJsonPath } from './states/terminal';
import { waitJsonata, waitJsonPath } from './states/wait';
import { compileTemplate, dynamicValue, type Template } from './template';
import { deepFreeze, isObject, put } from './values';

type Def = Record<string, unknown>;

const EXECUTORS: Record<StateType, [Executor, Executor]> = {
  Pass: [passJsonPath, passJsonata],
  Task: [task, task],
  Choice: [choiceJsonPath, choiceJsonata],
  Wait: [waitJsonPath, waitJsonata],
  Succeed: [succeedJsonPath, succeedJsonata],
  Fail: [failJsonPath, failJsonata],
  Parallel: [parallel, parallel],
  Map: [map, map],
};

/** Compiles a definition (text, or the core's analysis of it) for running, once. */
export function prepare(source: string | Analysis): PreparedMachine {
  const analysis = typeof source === 'string' ? analyze(source) : source;
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || !analysis.doc.tree) return notRunnable(errors.length ? errors : [internal('The definition is empty.')]);
  const def = analysis.doc.tree ? valueAt(analysis.doc.tree, 0) : undefined;
  if (!isObject(def)) return notRunnable([internal('The definition is not a JSON object.')]);
  try {
    const c = new Compiler(def.QueryLanguage === 'JSONata');
    const root = c.scope(def, false);
    const timeoutSeconds = typeof def.TimeoutSeconds === 'number' ? def.TimeoutSeconds : undefined;
    return { ok: true, diagnostics: [], root, timeoutSeconds, stateCount: c.states.length, states: c.states };
  } catch (e) {
    return notRunnable([internal(`The definition could not be prepared for running: ${(e as Error).message}`)]);
  }
}

function notRunnable(diagnostics: AslDiagnostic[]): PreparedMachine {
  return { ok: false, diagnostics, stateCount: 0, states: [] };
}

function internal(message: string): AslDiagnostic {
  const zero = { line: 0, character: 0 };
  return { range: { start: zero, end: zero }, offset: 0, length: 0, severity: 'error', code: 'internal-error', message };
}

class Compiler {
  readonly states: CState[] = [];

  constructor(private readonly jsonataDefault: boolean) {}

  scope(def: Def, distributed: boolean): CScope {
    const statesDef = isObject(def.States) ? def.States : {};
    const states = new Map<string, CState>();
    const names = Object.keys(statesDef);
    // Shells first, so that every Next can point at its state.
    for (const name of names) {
      const sd = statesDef[name];
      const type = (isObject(sd) ? sd.Type : undefined) as StateType;
      const jsonata = isObject(sd) && sd.QueryLanguage !== undefined ? sd.QueryLanguage === 'JSONata' : this.jsonataDefault;
      const st: CState = {
        id: this.states.length,
        name,
        type,
        jsonata,
        exec: EXECUTORS[type][jsonata ? 1 : 0],
        usesContext: false,
        resultPath: { kind: 'replace' },
        retriers: [],
        catchers: [],
      };
      this.states.push(st);
      states.set(name, st);
    }
    const target = (name: unknown): CState => {
      const st = typeof name === 'string' ? states.get(name) : undefined;
      if (!st) throw new Error(`no state is named ${JSON.stringify(name)}`);
      return st;
    };
    for (const name of names) this.state(states.get(name)!, statesDef[name] as Def, target);
    return { start: target(def.StartAt), states, distributed };
  }

  private state(st: CState, d: Def, target: (name: unknown) => CState): void {
    if (d.End !== true && d.Next !== undefined) st.next = target(d.Next);
    const t = st.type;
    const jsonata = st.jsonata;
    if (jsonata) {
      st.usesContext = JSON.stringify(d).includes('context');
      if (d.Output !== undefined) st.output = compileJsonataTemplate(d.Output, 'Output');
      if (d.Assign !== undefined) st.jsonataAssign = compileJsonataTemplate(d.Assign, 'Assign');
      if (d.Arguments !== undefined && (t === 'Task' || t === 'Parallel')) st.arguments = compileJsonataTemplate(d.Arguments, 'Arguments');
    } else {
      st.inputPath = optionalPath(d, 'InputPath');
      st.outputPath = optionalPath(d, 'OutputPath');
      if (d.Assign !== undefined) st.assign = compileTemplate(d.Assign);
      if (t === 'Pass' || t === 'Task' || t === 'Parallel' || t === 'Map') {
        st.resultPath = resultPath(d.ResultPath);
        if (d.Parameters !== undefined && t !== 'Map') st.parameters = compileTemplate(d.Parameters);
      }
      if (d.ResultSelector !== undefined && (t === 'Task' || t === 'Parallel' || t === 'Map'))
        st.resultSelector = compileTemplate(d.ResultSelector);
      if (t === 'Pass' && 'Result' in d) st.result = { value: deepFreeze(d.Result) };
    }
    if (t === 'Task' || t === 'Parallel' || t === 'Map') {
      st.retriers = Array.isArray(d.Retry) ? d.Retry.filter(isObject).map(retrier) : [];
      // A catcher's fields are named by its place in Catch ('Catch[1]/Output/v'), as AWS names them.
      st.catchers = Array.isArray(d.Catch) ? d.Catch.flatMap((c, i) => (isObject(c) ? [catcher(c, i, jsonata, target)] : [])) : [];
    }
    switch (t) {
      case 'Task':
        st.task = taskOf(d);
        break;
      case 'Choice':
        st.choices = (Array.isArray(d.Choices) ? d.Choices : []).flatMap((r, i) =>
          isObject(r) ? [choiceRule(r, i, jsonata, target)] : [],
        );
        if (d.Default !== undefined) st.defaultNext = target(d.Default);
        break;
      case 'Wait':
        st.wait = {
          seconds: numberSource(d, 'Seconds', 'SecondsPath'),
          timestamp: stringSource(d, 'Timestamp', 'TimestampPath'),
        };
        break;
      case 'Fail':
        st.fail = { error: stringSource(d, 'Error', 'ErrorPath'), cause: stringSource(d, 'Cause', 'CausePath') };
        break;
      case 'Parallel':
        st.branches = (Array.isArray(d.Branches) ? d.Branches : []).filter(isObject).map((b) => this.scope(b, false));
        break;
      case 'Map':
        st.map = this.mapOf(d, jsonata);
        break;
    }
  }

  private mapOf(d: Def, jsonata: boolean): CMap {
    const processorDef = (isObject(d.ItemProcessor) ? d.ItemProcessor : isObject(d.Iterator) ? d.Iterator : {}) as Def;
    const config = isObject(processorDef.ProcessorConfig) ? processorDef.ProcessorConfig : {};
    const distributed = config.Mode === 'DISTRIBUTED';
    const m: CMap = { processor: this.scope(processorDef, distributed), distributed };
    if (typeof d.Label === 'string') m.label = d.Label;
    const selector = d.ItemSelector ?? d.Parameters;
    if (jsonata) {
      if (d.Items !== undefined) m.items = compileJsonataTemplate(d.Items, 'Items');
      if (d.ItemSelector !== undefined) m.jsonataItemSelector = compileJsonataTemplate(d.ItemSelector, 'ItemSelector');
    } else {
      if (typeof d.ItemsPath === 'string') m.itemsPath = compilePathText(d.ItemsPath);
      if (selector !== undefined) m.itemSelector = compileTemplate(selector);
    }
    m.maxConcurrency = numberSource(d, 'MaxConcurrency', 'MaxConcurrencyPath');
    m.toleratedCount = numberSource(d, 'ToleratedFailureCount', 'ToleratedFailureCountPath');
    m.toleratedPercent = numberSource(d, 'ToleratedFailurePercentage', 'ToleratedFailurePercentagePath');
    if (isObject(d.ItemReader)) {
      const r = d.ItemReader;
      const readerConfig = isObject(r.ReaderConfig) ? r.ReaderConfig : {};
      m.reader = {
        resource: typeof r.Resource === 'string' ? r.Resource : '',
        config: readerConfig,
        maxItems: numberSource(readerConfig, 'MaxItems', 'MaxItemsPath'),
      };
      if (jsonata && r.Arguments !== undefined) m.reader.arguments = compileJsonataTemplate(r.Arguments, 'ItemReader/Arguments');
      if (!jsonata && r.Parameters !== undefined) m.reader.parameters = compileTemplate(r.Parameters);
    }
    if (isObject(d.ItemBatcher)) {
      const b = d.ItemBatcher;
      m.batcher = {
        maxItems: numberSource(b, 'MaxItemsPerBatch', 'MaxItemsPerBatchPath'),
        maxBytes: numberSource(b, 'MaxInputBytesPerBatch', 'MaxInputBytesPerBatchPath'),
      };
      if (b.BatchInput !== undefined) {
        if (jsonata) m.batcher.jsonataBatchInput = compileJsonataTemplate(b.BatchInput, 'ItemBatcher/BatchInput');
        else m.batcher.batchInput = compileTemplate(b.BatchInput);
      }
    }
    if (isObject(d.ResultWriter)) {
      const w = d.ResultWriter;
      m.writer = {};
      if (typeof w.Resource === 'string') m.writer.resource = w.Resource;
      if (jsonata && w.Arguments !== undefined) m.writer.arguments = compileJsonataTemplate(w.Arguments, 'ResultWriter/Arguments');
      if (!jsonata && w.Parameters !== undefined) m.writer.parameters = compileTemplate(w.Parameters);
    }
    return m;
  }
}

function optionalPath(d: Def, key: string) {
  if (!(key in d)) return undefined;
  const v = d[key];
  if (v === null) return null;
  if (typeof v !== 'string' || v === '$') return undefined;
  return compilePathText(v);
}

function resultPath(v: unknown): ResultPath {
  if (v === null) return { kind: 'discard' };
  if (typeof v !== 'string' || v === '$') return { kind: 'replace' };
  const parsed = parsePath(v, { kind: 'reference', variables: false, context: false });
  if (!parsed.ast) throw new Error(`ResultPath '${v}': ${parsed.error.message}`);
  const steps: (string | number)[] = [];
  for (const seg of parsed.ast.segments) {
    const s = seg.selectors[0];
    if (s.type === 'name') steps.push(s.name);
    else if (s.type === 'index') steps.push(s.index);
  }
  return steps.length === 0 ? { kind: 'replace' } : { kind: 'set', text: v, steps };
}

function retrier(r: Def): CRetrier {
  const out: CRetrier = {
    matcher: errorMatcher(r.ErrorEquals),
    intervalSeconds: typeof r.IntervalSeconds === 'number' ? r.IntervalSeconds : 1,
    maxAttempts: typeof r.MaxAttempts === 'number' ? r.MaxAttempts : 3,
    backoffRate: typeof r.BackoffRate === 'number' ? r.BackoffRate : 2,
    jitter: r.JitterStrategy === 'FULL',
  };
  if (typeof r.MaxDelaySeconds === 'number') out.maxDelaySeconds = r.MaxDelaySeconds;
  return out;
}

function catcher(c: Def, index: number, jsonata: boolean, target: (name: unknown) => CState): CCatcher {
  const out: CCatcher = { matcher: errorMatcher(c.ErrorEquals), next: target(c.Next), resultPath: { kind: 'replace' } };
  if (jsonata) {
    if (c.Output !== undefined) out.output = compileJsonataTemplate(c.Output, `Catch[${index}]/Output`);
    if (c.Assign !== undefined) out.jsonataAssign = compileJsonataTemplate(c.Assign, `Catch[${index}]/Assign`);
  } else {
    out.resultPath = resultPath(c.ResultPath);
    if (c.Assign !== undefined) out.assign = compileTemplate(c.Assign);
  }
  return out;
}

function choiceRule(r: Def, index: number, jsonata: boolean, target: (name: unknown) => CState): CChoiceRule {
  const rule: CChoiceRule = { next: target(r.Next) };
  if (jsonata) {
    rule.condition = compileJsonataTemplate(r.Condition, `Choices[${index}]/Condition`);
    if (r.Output !== undefined) rule.output = compileJsonataTemplate(r.Output, `Choices[${index}]/Output`);
    if (r.Assign !== undefined) rule.jsonataAssign = compileJsonataTemplate(r.Assign, `Choices[${index}]/Assign`);
  } else {
    rule.test = compileRule(r);
    if (r.Assign !== undefined) rule.assign = compileTemplate(r.Assign);
  }
  return rule;
}

const LAMBDA_ARN = /^arn:aws[a-zA-Z-]*:lambda:[^:]*:[^:]*:function:([^:]+)/;

function taskOf(d: Def): CTask {
  const resource = typeof d.Resource === 'string' ? d.Resource : '';
  const lambda = LAMBDA_ARN.exec(resource);
  let resourceType = 'unknown';
  let resourceName = resource;
  if (lambda) {
    resourceType = 'lambda';
    resourceName = lambda[1];
  } else if (resource.includes(':::')) {
    const rest = resource.slice(resource.indexOf(':::') + 3);
    const cut = rest.lastIndexOf(':');
    resourceType = cut > 0 ? rest.slice(0, cut) : rest;
    resourceName = cut > 0 ? rest.slice(cut + 1) : '';
  } else if (/:activity:/.test(resource)) {
    resourceType = 'activity';
    resourceName = resource.slice(resource.lastIndexOf(':') + 1);
  }
  return {
    resource,
    events: lambda ? 'Lambda' : resourceType === 'activity' ? 'Activity' : 'Task',
    resourceType,
    resourceName,
    hasToken: resource.endsWith('.waitForTaskToken') || /\.sync(:\d+)?$/.test(resource),
    timeout: numberSource(d, 'TimeoutSeconds', 'TimeoutSecondsPath'),
    heartbeat: numberSource(d, 'HeartbeatSeconds', 'HeartbeatSecondsPath'),
  };
}

function jsonataField(v: unknown, field: string): JsonataTemplate | undefined {
  return typeof v === 'string' && jsonataExpression(v) !== undefined ? compileJsonataTemplate(v, field) : undefined;
}

function numberSource(d: Def, key: string, pathKey: string): Source<number> | undefined {
  const v = d[key];
  if (typeof v === 'number') return { kind: 'const', value: v };
  const j = jsonataField(v, key);
  if (j) return { kind: 'jsonata', template: j, field: key };
  const p = d[pathKey];
  if (typeof p === 'string') return { kind: 'path', path: compilePathText(p), field: pathKey };
  return undefined;
}

function stringSource(d: Def, key: string, pathKey: string): Source<string> | undefined {
  const v = d[key];
  const j = jsonataField(v, key);
  if (j) return { kind: 'jsonata', template: j, field: key };
  if (typeof v === 'string') return { kind: 'const', value: v };
  const p = d[pathKey];
  if (typeof p === 'string') {
    if (p.startsWith('$')) return { kind: 'path', path: compilePathText(p), field: pathKey };
    const template: Template = { constant: false, evaluate: dynamicValue(p, pathKey) };
    return { kind: 'intrinsic', template, field: pathKey };
  }
  return undefined;
}

/**
 * The JSON value of a node, read from the tree's arrays (as jsonc-parser's getNodeValue would,
 * the last of repeated keys winning, but into plain objects; a runnable definition has none).
 */
export function valueAt(tree: Tree, at: number): unknown {
  const { kind, values, end } = tree;
  if (kind[at] === ARRAY) {
    const list: unknown[] = [];
    for (let c = at + 1, e = end[at]; c < e; c = end[c]) list.push(valueAt(tree, c));
    return list;
  }
  if (kind[at] === OBJECT) {
    const o: Record<string, unknown> = {};
    for (let p = at + 1, e = end[at]; p < e; p = end[p]) if (p + 2 < end[p]) put(o, values[p] as string, valueAt(tree, p + 2));
    return o;
  }
  return values[at];
}
