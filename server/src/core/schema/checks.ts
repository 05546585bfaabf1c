/**
 * Rules across fields that a JSON Schema would only express through oneOf (whose errors never
 * name the key): exactly-one and at-most-one groups, Choice rule operators, Distributed Map
 * fields, HeartbeatSeconds below TimeoutSeconds.
 */
import { isPlaceholderNode } from '../parse';
import { ARRAY, OBJECT, type Tree } from '../fastParse';
import type { QueryLanguage, StateInfo } from '../model';
import type { RuleContext } from '../rules/rule';
import { BOOLEAN_OPERATORS, COMPARISON_OPERATORS, isOtherLanguageField, type StateType } from './fields';
import { anchorOf } from './translate';

interface Check {
  ctx: RuleContext;
  tree: Tree;
  state: StateInfo;
  type: StateType;
  ql: QueryLanguage;
}

// Built once: this runs for every state of machines with tens of thousands of them.
const NEXT_END = ['Next', 'End'];
const TIMEOUT = ['TimeoutSeconds', 'TimeoutSecondsPath'];
const HEARTBEAT = ['HeartbeatSeconds', 'HeartbeatSecondsPath'];
const WAIT_FORMS = ['Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath'];
const JSONATA_WAIT_FORMS = ['Seconds', 'Timestamp'];
const ERROR = ['Error', 'ErrorPath'];
const CAUSE = ['Cause', 'CausePath'];
const PROCESSOR = ['ItemProcessor', 'Iterator'];
const SELECTOR = ['Parameters', 'ItemSelector'];
const ITEMS = ['Items', 'ItemsPath'];
const CONCURRENCY = ['MaxConcurrency', 'MaxConcurrencyPath'];
const FAILURE_PERCENTAGE = ['ToleratedFailurePercentage', 'ToleratedFailurePercentagePath'];
const FAILURE_COUNT = ['ToleratedFailureCount', 'ToleratedFailureCountPath'];
const MAX_ITEMS = ['MaxItems', 'MaxItemsPath'];
const ITEMS_PER_BATCH = ['MaxItemsPerBatch', 'MaxItemsPerBatchPath'];
const BYTES_PER_BATCH = ['MaxInputBytesPerBatch', 'MaxInputBytesPerBatchPath'];
const ROLE = ['RoleArn', 'RoleArn.$'];
const AND_OR = ['And', 'Or'];
const KIND: Record<StateType, string> = {
  Task: 'state:Task',
  Pass: 'state:Pass',
  Choice: 'state:Choice',
  Wait: 'state:Wait',
  Succeed: 'state:Succeed',
  Fail: 'state:Fail',
  Parallel: 'state:Parallel',
  Map: 'state:Map',
};

/** "Task state "Fetch"", for messages. */
function label(c: Check): string {
  return `${c.type} state "${c.state.name}"`;
}

export function checkState(ctx: RuleContext, state: StateInfo, type: StateType, ql: QueryLanguage): void {
  const tree = state.tree;
  const c: Check = { ctx, tree, state, type, ql };
  const node = state.index;
  const kind = KIND[type];
  if (type !== 'Choice' && type !== 'Succeed' && type !== 'Fail') {
    exactlyOne(c, node, kind, NEXT_END, () => `${label(c)} needs "Next" (the state to run next) or "End": true (to finish here).`);
  }
  switch (type) {
    case 'Task':
      atMostOne(c, node, kind, TIMEOUT);
      atMostOne(c, node, kind, HEARTBEAT);
      heartbeatBelowTimeout(c, node);
      credentials(c, tree.get(node, 'Credentials'));
      break;
    case 'Wait': {
      // In JSONata the *Path forms are reported as JSONPath fields; they still count as an attempt.
      const forms = ql === 'JSONata' ? JSONATA_WAIT_FORMS : WAIT_FORMS;
      exactlyOne(c, node, kind, WAIT_FORMS, () => `${label(c)} needs one of ${list(forms, 'or')} to know how long to wait.`);
      realTimestamp(c, tree.get(node, 'Timestamp'));
      break;
    }
    case 'Fail':
      atMostOne(c, node, kind, ERROR);
      atMostOne(c, node, kind, CAUSE);
      break;
    case 'Choice':
      if (ql === 'JSONPath') {
        const choices = tree.get(node, 'Choices');
        if (choices >= 0 && tree.kind[choices] === ARRAY) {
          for (let r = choices + 1, e = tree.end[choices]; r < e; r = tree.end[r]) choiceRule(c, tree, r);
        }
      }
      break;
    case 'Map':
      checkMap(c, node, kind);
      break;
    default:
      break;
  }
}

function checkMap(c: Check, node: number, kind: string): void {
  const processor = keyNodes(c.tree, node, PROCESSOR);
  if (processor.length === 0) {
    c.ctx.report({
      code: 'missing-field',
      node: c.state.keyNode,
      message: `${label(c)} is missing the required field "ItemProcessor" (the states to run for each item).`,
      data: { field: 'ItemProcessor' },
    });
  } else if (processor.length > 1) {
    c.ctx.report({
      code: 'exclusive-fields',
      node: processor[1],
      message: `"Iterator" is the former name of "ItemProcessor": a Map state has one of them; keep "ItemProcessor".`,
    });
  }
  atMostOne(c, node, kind, SELECTOR, ': "Parameters" is the former name of "ItemSelector"');
  atMostOne(c, node, kind, ITEMS);
  atMostOne(c, node, kind, CONCURRENCY);
  atMostOne(c, node, kind, FAILURE_PERCENTAGE);
  atMostOne(c, node, kind, FAILURE_COUNT);

  const tree = c.tree;
  const itemProcessor = tree.get(node, 'ItemProcessor');
  const config = tree.get(itemProcessor, 'ProcessorConfig');
  const mode = tree.get(config, 'Mode');
  if (isPlaceholderNode(c.ctx.doc, mode)) return;
  if (tree.string(mode) === 'DISTRIBUTED') {
    if (tree.get(config, 'ExecutionType') < 0 && config >= 0) {
      c.ctx.report({
        code: 'missing-field',
        ...anchorOf(c.tree, config),
        message: '"ProcessorConfig" of a Distributed Map is missing the required field "ExecutionType" ("STANDARD" or "EXPRESS").',
        data: { field: 'ExecutionType' },
      });
    }
  } else {
    for (const key of keyNodes(tree, node, DISTRIBUTED_ONLY)) {
      const name = String(tree.values[key]);
      if (isOtherLanguageField(kind, c.ql, name)) continue;
      c.ctx.report({
        code: 'unknown-field',
        node: key,
        message: `"${name}" is only allowed in a Distributed Map: set "ProcessorConfig": { "Mode": "DISTRIBUTED", "ExecutionType": "STANDARD" } in "ItemProcessor", or remove "${name}".`,
      });
    }
  }

  const reader = tree.get(node, 'ItemReader');
  const readerConfig = tree.get(reader, 'ReaderConfig');
  if (tree.kindOf(readerConfig) === 'object') {
    atMostOne(c, readerConfig, 'ReaderConfig', MAX_ITEMS);
    if (tree.string(tree.get(readerConfig, 'CSVHeaderLocation')) === 'GIVEN' && tree.get(readerConfig, 'CSVHeaders') < 0) {
      c.ctx.report({
        code: 'missing-field',
        ...anchorOf(c.tree, readerConfig),
        message: '"ReaderConfig" has "CSVHeaderLocation": "GIVEN" but no "CSVHeaders": list the column names.',
        data: { field: 'CSVHeaders' },
      });
    }
  }
  const batcher = tree.get(node, 'ItemBatcher');
  if (tree.kindOf(batcher) === 'object') {
    atMostOne(c, batcher, 'ItemBatcher', ITEMS_PER_BATCH);
    atMostOne(c, batcher, 'ItemBatcher', BYTES_PER_BATCH);
  }
  const writer = tree.get(node, 'ResultWriter');
  if (tree.kindOf(writer) === 'object') resultWriter(c, writer);
}

// ToleratedFailureCount/Percentage(Path) are not here: AWS accepts them on an inline Map too (issue #11, recorded).
const DISTRIBUTED_ONLY = ['ItemReader', 'ItemBatcher', 'ResultWriter', 'Label'];

function resultWriter(c: Check, writer: number): void {
  const tree = c.tree;
  const payload = c.ql === 'JSONata' ? 'Arguments' : 'Parameters';
  const hasResource = tree.get(writer, 'Resource') >= 0;
  if (!hasResource && tree.get(writer, 'WriterConfig') < 0) {
    c.ctx.report({
      code: 'missing-field',
      ...anchorOf(c.tree, writer),
      message: `"ResultWriter" needs "Resource" and "${payload}" (to export the results to Amazon S3), "WriterConfig" (to format them), or all three.`,
      data: { field: 'WriterConfig' },
    });
  } else if (hasResource && tree.get(writer, payload) < 0 && tree.get(writer, c.ql === 'JSONata' ? 'Parameters' : 'Arguments') < 0) {
    c.ctx.report({
      code: 'missing-field',
      ...anchorOf(c.tree, writer),
      message: `"ResultWriter" has a "Resource" but no "${payload}": give the Amazon S3 "Bucket" and "Prefix" to write to.`,
      data: { field: payload },
    });
  }
}

/** RFC 3339 in the shape the schema already checked; only the numbers are left to check. */
const TIMESTAMP_PARTS = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const FEBRUARY = 2;

/**
 * A literal Wait Timestamp must be a date and time that exists: AWS rejects "2016-13-05T21:29:29Z"
 * and "2016-12-05T25:29:29Z" at creation (issue #11, recorded). A second of 60 (a leap second)
 * is left alone: the recordings do not say.
 */
function realTimestamp(c: Check, node: number): void {
  const value = c.tree.string(node);
  if (value === undefined) return;
  const m = TIMESTAMP_PARTS.exec(value);
  if (!m) return; // not the shape: the schema reported it, or it is an expression
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === FEBRUARY && !leap ? 28 : DAYS_IN_MONTH[month - 1];
  const wrong =
    month < 1 || month > 12
      ? `month ${m[2]} does not exist`
      : day < 1 || day > days
        ? `${m[1]}-${m[2]} has no day ${m[3]}`
        : hour > 23
          ? `hour ${m[4]} does not exist (0 to 23)`
          : minute > 59
            ? `minute ${m[5]} does not exist (0 to 59)`
            : second > 60
              ? `second ${m[6]} does not exist`
              : m[7] !== undefined && (Number(m[7]) > 23 || Number(m[8]) > 59)
                ? `the offset ${m[7]}:${m[8]} does not exist`
                : undefined;
  if (wrong) {
    c.ctx.report({
      code: 'invalid-value',
      node,
      message: `"Timestamp" must be a real date and time, but ${wrong}: Step Functions rejects the definition.`,
    });
  }
}

function credentials(c: Check, node: number): void {
  if (c.tree.kindOf(node) !== 'object' || c.ql !== 'JSONPath') return;
  const keys = keyNodes(c.tree, node, ROLE);
  if (keys.length === 0) {
    c.ctx.report({
      code: 'exclusive-fields',
      ...anchorOf(c.tree, node),
      message: '"Credentials" needs "RoleArn" (a role ARN) or "RoleArn.$" (a path to one).',
    });
  } else if (keys.length > 1) {
    c.ctx.report({ code: 'exclusive-fields', node: keys[1], message: '"RoleArn" and "RoleArn.$" cannot both be set: keep one.' });
  }
}

function heartbeatBelowTimeout(c: Check, node: number): void {
  const heartbeat = c.tree.get(node, 'HeartbeatSeconds');
  const heartbeatValue = c.tree.number(heartbeat);
  const timeoutValue = c.tree.number(c.tree.get(node, 'TimeoutSeconds'));
  if (heartbeatValue === undefined || timeoutValue === undefined) return;
  // A value that is not a positive integer already has its own finding.
  if (!isPositiveInteger(heartbeatValue) || !isPositiveInteger(timeoutValue)) return;
  if (heartbeatValue >= timeoutValue) {
    c.ctx.report({
      code: 'invalid-value',
      node: heartbeat,
      message: `"HeartbeatSeconds" (${heartbeatValue}) must be smaller than "TimeoutSeconds" (${timeoutValue}).`,
    });
  }
}

function isPositiveInteger(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1;
}

/** A JSONPath Choice rule: exactly one comparison operator (or And/Or/Not), Variable when comparing. */
function choiceRule(c: Check, tree: Tree, at: number): void {
  const { kind, values, end } = tree;
  if (kind[at] !== OBJECT) return;
  const operators: number[] = [];
  let variable = -1;
  let condition = false;
  for (let p = at + 1, e = end[at]; p < e; p = end[p]) {
    const name = values[p] as string;
    if (name === 'Variable') {
      if (variable < 0) variable = p + 1;
    } else if (name === 'Condition') condition = true;
    else if (COMPARISON_OPERATORS.has(name) || isBooleanOperator(name)) operators.push(p + 1);
  }
  if (operators.length === 0) {
    // A JSONata "Condition" here is reported as a field of the other query language.
    if (!condition) {
      c.ctx.report({
        code: 'missing-field',
        ...anchorOf(tree, at),
        message:
          'This Choice rule tests nothing: add "Variable" with one comparison operator such as "StringEquals", or combine rules with "And", "Or" or "Not".',
      });
    }
  } else {
    const first = String(values[operators[0]]);
    for (const extra of operators.slice(1)) {
      c.ctx.report({
        code: 'exclusive-fields',
        node: extra,
        message: `"${String(values[extra])}" cannot be combined with "${first}": a Choice rule has exactly one comparison operator (or "And", "Or", "Not"). To test several things, combine rules with "And" or "Or".`,
      });
    }
    if (isBooleanOperator(first)) {
      if (variable >= 0) {
        c.ctx.report({
          code: 'exclusive-fields',
          node: variable,
          message: `"Variable" has no effect next to "${first}": put it in each nested rule.`,
        });
      }
    } else if (variable < 0) {
      c.ctx.report({
        code: 'missing-field',
        ...anchorOf(tree, at),
        message: `This Choice rule with "${first}" is missing the required field "Variable" (the path of the value to test).`,
        data: { field: 'Variable' },
      });
    }
  }
  for (const key of AND_OR) {
    const nested = tree.get(at, key);
    if (nested >= 0 && kind[nested] === ARRAY) for (let r = nested + 1, e = end[nested]; r < e; r = end[r]) choiceRule(c, tree, r);
  }
  const not = tree.get(at, 'Not');
  if (not >= 0) choiceRule(c, tree, not);
}

function isBooleanOperator(name: string): boolean {
  return (BOOLEAN_OPERATORS as readonly string[]).includes(name);
}

/** One of `keys` must be present; more than one is a conflict (fields of the other language excepted). */
function exactlyOne(c: Check, obj: number, kind: string, keys: readonly string[], none: () => string): void {
  if (countKeys(c.tree, obj, keys) === 1) return; // the usual case, without a list
  const present = keyNodes(c.tree, obj, keys);
  if (present.length === 0) {
    c.ctx.report({ code: 'exclusive-fields', ...anchorOf(c.tree, obj), message: none() });
    return;
  }
  if (present.length > 1)
    conflicts(
      c,
      present.filter((k) => !isOtherLanguageField(kind, c.ql, String(c.tree.values[k]))),
      '',
    );
}

function atMostOne(c: Check, obj: number, kind: string, keys: readonly string[], why = ''): void {
  const count = countKeys(c.tree, obj, keys);
  if (count < 2) return;
  const present = keyNodes(c.tree, obj, keys);
  if (present.length < 2) return;
  conflicts(
    c,
    present.filter((k) => !isOtherLanguageField(kind, c.ql, String(c.tree.values[k]))),
    why,
  );
}

function conflicts(c: Check, present: number[], why: string): void {
  if (present.length < 2) return;
  const first = String(c.tree.values[present[0]]);
  for (const extra of present.slice(1)) {
    const name = String(c.tree.values[extra]);
    const message =
      (first === 'Next' && name === 'End') || (first === 'End' && name === 'Next')
        ? '"Next" and "End" cannot both be set: a state either continues to "Next" or finishes with "End": true.'
        : `"${name}" and "${first}" cannot both be set${why}; keep one.`;
    c.ctx.report({ code: 'exclusive-fields', node: extra, message });
  }
}

/** How many of the given fields the object has (2 for two or more; a key repeated right away counts once). */
function countKeys(tree: Tree, index: number, keys: readonly string[]): number {
  if (index < 0 || tree.kind[index] !== OBJECT) return 0;
  const { values, end } = tree;
  let count = 0;
  let first: unknown;
  for (let p = index + 1, e = end[index]; p < e; p = end[p]) {
    const name = values[p];
    if (!keys.includes(name as string)) continue;
    if (count === 0) first = name;
    else if (name === first) continue;
    if (++count > 1) return 2; // keyNodes sorts out which
  }
  return count;
}

/** The key nodes of the given fields present in the object, in text order, first occurrence each. */
function keyNodes(tree: Tree, index: number, keys: readonly string[]): number[] {
  const out: number[] = [];
  if (index < 0 || tree.kind[index] !== OBJECT) return out;
  const { values, end } = tree;
  for (let p = index + 1, e = end[index]; p < e; p = end[p]) {
    const name = values[p] as string;
    if (!keys.includes(name) || out.some((k) => values[k] === name)) continue;
    out.push(p + 1);
  }
  return out;
}

function list(keys: string[], conjunction: string): string {
  const quoted = keys.map((k) => `"${k}"`);
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} ${conjunction} ${quoted[quoted.length - 1]}`;
}
