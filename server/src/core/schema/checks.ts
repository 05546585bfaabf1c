/**
 * Rules across fields that a JSON Schema would only express through oneOf (whose errors never
 * name the key): exactly-one and at-most-one groups, Choice rule operators, Distributed Map
 * fields, HeartbeatSeconds below TimeoutSeconds.
 */
import { isPlaceholderNode, propertyValue, type JsonNode } from '../parse';
import type { QueryLanguage, StateInfo } from '../model';
import type { RuleContext } from '../rules/rule';
import { BOOLEAN_OPERATORS, COMPARISON_OPERATORS, isOtherLanguageField, type StateType } from './fields';
import { anchorOf } from './translate';

interface Check {
  ctx: RuleContext;
  state: StateInfo;
  type: StateType;
  ql: QueryLanguage;
  /** "Task state "Fetch"", for messages. */
  label: string;
}

export function checkState(ctx: RuleContext, state: StateInfo, type: StateType, ql: QueryLanguage): void {
  const c: Check = { ctx, state, type, ql, label: `${type} state "${state.name}"` };
  const node = state.node;
  const kind = `state:${type}`;
  if (type !== 'Choice' && type !== 'Succeed' && type !== 'Fail') {
    exactlyOne(c, node, kind, ['Next', 'End'], `${c.label} needs "Next" (the state to run next) or "End": true (to finish here).`);
  }
  switch (type) {
    case 'Task':
      atMostOne(c, node, kind, ['TimeoutSeconds', 'TimeoutSecondsPath']);
      atMostOne(c, node, kind, ['HeartbeatSeconds', 'HeartbeatSecondsPath']);
      heartbeatBelowTimeout(c, node);
      credentials(c, propertyValue(node, 'Credentials'));
      break;
    case 'Wait': {
      const forms = ql === 'JSONata' ? ['Seconds', 'Timestamp'] : ['Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath'];
      exactlyOne(c, node, kind, [...forms, ...(ql === 'JSONata' ? ['SecondsPath', 'TimestampPath'] : [])], `${c.label} needs one of ${list(forms, 'or')} to know how long to wait.`);
      break;
    }
    case 'Fail':
      atMostOne(c, node, kind, ['Error', 'ErrorPath']);
      atMostOne(c, node, kind, ['Cause', 'CausePath']);
      break;
    case 'Choice':
      if (ql === 'JSONPath') {
        const choices = propertyValue(node, 'Choices');
        if (choices?.type === 'array') for (const rule of choices.children ?? []) choiceRule(c, rule);
      }
      break;
    case 'Map':
      checkMap(c, node, kind);
      break;
    default:
      break;
  }
}

function checkMap(c: Check, node: JsonNode, kind: string): void {
  const processor = keyNodes(node, ['ItemProcessor', 'Iterator']);
  if (processor.length === 0) {
    c.ctx.report({
      code: 'missing-field',
      node: c.state.keyNode,
      message: `${c.label} is missing the required field "ItemProcessor" (the states to run for each item).`,
      data: { field: 'ItemProcessor' },
    });
  } else if (processor.length > 1) {
    c.ctx.report({
      code: 'exclusive-fields',
      node: processor[1],
      message: `"Iterator" is the former name of "ItemProcessor": a Map state has one of them; keep "ItemProcessor".`,
    });
  }
  atMostOne(c, node, kind, ['Parameters', 'ItemSelector'], ': "Parameters" is the former name of "ItemSelector"');
  atMostOne(c, node, kind, ['Items', 'ItemsPath']);
  atMostOne(c, node, kind, ['MaxConcurrency', 'MaxConcurrencyPath']);
  atMostOne(c, node, kind, ['ToleratedFailurePercentage', 'ToleratedFailurePercentagePath']);
  atMostOne(c, node, kind, ['ToleratedFailureCount', 'ToleratedFailureCountPath']);

  const itemProcessor = propertyValue(node, 'ItemProcessor');
  const config = propertyValue(itemProcessor, 'ProcessorConfig');
  const mode = propertyValue(config, 'Mode');
  if (isPlaceholderNode(c.ctx.doc, mode)) return;
  if (mode?.value === 'DISTRIBUTED') {
    if (!propertyValue(config, 'ExecutionType') && config) {
      c.ctx.report({
        code: 'missing-field',
        ...anchorOf(config),
        message: '"ProcessorConfig" of a Distributed Map is missing the required field "ExecutionType" ("STANDARD" or "EXPRESS").',
        data: { field: 'ExecutionType' },
      });
    }
  } else {
    for (const key of keyNodes(node, DISTRIBUTED_ONLY)) {
      if (isOtherLanguageField(kind, c.ql, String(key.value))) continue;
      c.ctx.report({
        code: 'unknown-field',
        node: key,
        message: `"${key.value}" is only allowed in a Distributed Map: set "ProcessorConfig": { "Mode": "DISTRIBUTED", "ExecutionType": "STANDARD" } in "ItemProcessor", or remove "${key.value}".`,
      });
    }
  }

  const reader = propertyValue(node, 'ItemReader');
  const readerConfig = propertyValue(reader, 'ReaderConfig');
  if (readerConfig?.type === 'object') {
    atMostOne(c, readerConfig, 'ReaderConfig', ['MaxItems', 'MaxItemsPath']);
    if (propertyValue(readerConfig, 'CSVHeaderLocation')?.value === 'GIVEN' && !propertyValue(readerConfig, 'CSVHeaders')) {
      c.ctx.report({
        code: 'missing-field',
        ...anchorOf(readerConfig),
        message: '"ReaderConfig" has "CSVHeaderLocation": "GIVEN" but no "CSVHeaders": list the column names.',
        data: { field: 'CSVHeaders' },
      });
    }
  }
  const batcher = propertyValue(node, 'ItemBatcher');
  if (batcher?.type === 'object') {
    atMostOne(c, batcher, 'ItemBatcher', ['MaxItemsPerBatch', 'MaxItemsPerBatchPath']);
    atMostOne(c, batcher, 'ItemBatcher', ['MaxInputBytesPerBatch', 'MaxInputBytesPerBatchPath']);
  }
  const writer = propertyValue(node, 'ResultWriter');
  if (writer?.type === 'object') resultWriter(c, writer);
}

const DISTRIBUTED_ONLY = [
  'ItemReader',
  'ItemBatcher',
  'ResultWriter',
  'ToleratedFailurePercentage',
  'ToleratedFailurePercentagePath',
  'ToleratedFailureCount',
  'ToleratedFailureCountPath',
  'Label',
];

function resultWriter(c: Check, writer: JsonNode): void {
  const payload = c.ql === 'JSONata' ? 'Arguments' : 'Parameters';
  const hasResource = !!propertyValue(writer, 'Resource');
  if (!hasResource && !propertyValue(writer, 'WriterConfig')) {
    c.ctx.report({
      code: 'missing-field',
      ...anchorOf(writer),
      message: `"ResultWriter" needs "Resource" and "${payload}" (to export the results to Amazon S3), "WriterConfig" (to format them), or all three.`,
      data: { field: 'WriterConfig' },
    });
  } else if (hasResource && !propertyValue(writer, payload) && !propertyValue(writer, c.ql === 'JSONata' ? 'Parameters' : 'Arguments')) {
    c.ctx.report({
      code: 'missing-field',
      ...anchorOf(writer),
      message: `"ResultWriter" has a "Resource" but no "${payload}": give the Amazon S3 "Bucket" and "Prefix" to write to.`,
      data: { field: payload },
    });
  }
}

function credentials(c: Check, node: JsonNode | undefined): void {
  if (node?.type !== 'object' || c.ql !== 'JSONPath') return;
  const keys = keyNodes(node, ['RoleArn', 'RoleArn.$']);
  if (keys.length === 0) {
    c.ctx.report({
      code: 'exclusive-fields',
      ...anchorOf(node),
      message: '"Credentials" needs "RoleArn" (a role ARN) or "RoleArn.$" (a path to one).',
    });
  } else if (keys.length > 1) {
    c.ctx.report({ code: 'exclusive-fields', node: keys[1], message: '"RoleArn" and "RoleArn.$" cannot both be set: keep one.' });
  }
}

function heartbeatBelowTimeout(c: Check, node: JsonNode): void {
  const heartbeat = propertyValue(node, 'HeartbeatSeconds');
  const timeout = propertyValue(node, 'TimeoutSeconds');
  if (heartbeat?.type !== 'number' || timeout?.type !== 'number') return;
  if (heartbeat.value >= timeout.value) {
    c.ctx.report({
      code: 'invalid-value',
      node: heartbeat,
      message: `"HeartbeatSeconds" (${heartbeat.value}) must be smaller than "TimeoutSeconds" (${timeout.value}).`,
    });
  }
}

/** A JSONPath Choice rule: exactly one comparison operator (or And/Or/Not), Variable when comparing. */
function choiceRule(c: Check, rule: JsonNode): void {
  if (rule.type !== 'object') return;
  const operators: JsonNode[] = [];
  let variable: JsonNode | undefined;
  let condition = false;
  for (const prop of rule.children ?? []) {
    const key = prop.children?.[0];
    const name = key?.value;
    if (!key || typeof name !== 'string') continue;
    if (name === 'Variable') variable ??= key;
    else if (name === 'Condition') condition = true;
    else if (COMPARISON_OPERATORS.has(name) || isBooleanOperator(name)) operators.push(key);
  }
  if (operators.length === 0) {
    // A JSONata "Condition" here is reported as a field of the other query language.
    if (!condition) {
      c.ctx.report({
        code: 'missing-field',
        ...anchorOf(rule),
        message: 'This Choice rule tests nothing: add "Variable" with one comparison operator such as "StringEquals", or combine rules with "And", "Or" or "Not".',
      });
    }
  } else {
    const first = String(operators[0].value);
    for (const extra of operators.slice(1)) {
      c.ctx.report({
        code: 'exclusive-fields',
        node: extra,
        message: `"${extra.value}" cannot be combined with "${first}": a Choice rule has exactly one comparison operator (or "And", "Or", "Not"). To test several things, combine rules with "And" or "Or".`,
      });
    }
    if (isBooleanOperator(first)) {
      if (variable) {
        c.ctx.report({
          code: 'exclusive-fields',
          node: variable,
          message: `"Variable" has no effect next to "${first}": put it in each nested rule.`,
        });
      }
    } else if (!variable) {
      c.ctx.report({
        code: 'missing-field',
        ...anchorOf(rule),
        message: `This Choice rule with "${first}" is missing the required field "Variable" (the path of the value to test).`,
        data: { field: 'Variable' },
      });
    }
  }
  for (const key of ['And', 'Or']) {
    const nested = propertyValue(rule, key);
    if (nested?.type === 'array') for (const child of nested.children ?? []) choiceRule(c, child);
  }
  const not = propertyValue(rule, 'Not');
  if (not) choiceRule(c, not);
}

function isBooleanOperator(name: string): boolean {
  return (BOOLEAN_OPERATORS as readonly string[]).includes(name);
}

/** One of `keys` must be present; more than one is a conflict (fields of the other language excepted). */
function exactlyOne(c: Check, obj: JsonNode, kind: string, keys: string[], none: string): void {
  const present = keyNodes(obj, keys);
  if (present.length === 0) {
    c.ctx.report({ code: 'exclusive-fields', ...anchorOf(obj), message: none });
    return;
  }
  conflicts(c, present.filter((k) => !isOtherLanguageField(kind, c.ql, String(k.value))), '');
}

function atMostOne(c: Check, obj: JsonNode, kind: string, keys: string[], why = ''): void {
  conflicts(c, keyNodes(obj, keys).filter((k) => !isOtherLanguageField(kind, c.ql, String(k.value))), why);
}

function conflicts(c: Check, present: JsonNode[], why: string): void {
  if (present.length < 2) return;
  const first = String(present[0].value);
  for (const extra of present.slice(1)) {
    const name = String(extra.value);
    const message =
      (first === 'Next' && name === 'End') || (first === 'End' && name === 'Next')
        ? '"Next" and "End" cannot both be set: a state either continues to "Next" or finishes with "End": true.'
        : `"${name}" and "${first}" cannot both be set${why}; keep one.`;
    c.ctx.report({ code: 'exclusive-fields', node: extra, message });
  }
}

/** The key nodes of the given fields present in the object, in text order, first occurrence each. */
function keyNodes(obj: JsonNode | undefined, keys: readonly string[]): JsonNode[] {
  const out: JsonNode[] = [];
  if (obj?.type !== 'object') return out;
  const seen = new Set<string>();
  for (const prop of obj.children ?? []) {
    const key = prop.children?.[0];
    const name = key?.value;
    if (!key || typeof name !== 'string' || seen.has(name) || !keys.includes(name)) continue;
    seen.add(name);
    out.push(key);
  }
  return out;
}

function list(keys: string[], conjunction: string): string {
  const quoted = keys.map((k) => `"${k}"`);
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} ${conjunction} ${quoted[quoted.length - 1]}`;
}
