/**
 * Snippet bodies (LSP/TextMate snippet syntax: `$1`, `${1:default}`, `${1|a,b|}`) for new states
 * and for the value of a field. Tabs indent; the editor turns them into its own indentation and
 * lines them up under the line being edited.
 */
import type { QueryLanguage } from '../model';
import type { Schema } from '../schema/fields';

/** Escapes text to appear literally in a snippet. */
export function snippetText(text: string): string {
  return text.replace(/[\\$}]/g, (c) => `\\${c}`);
}

/**
 * A transition target in a snippet: a choice of the scope's existing states (`${n|A,B|}`), or an
 * empty placeholder when there are none, never a made-up name that is an error until deleted.
 */
export function targetPlaceholder(n: number, targets: readonly string[]): string {
  if (targets.length === 0) return `\${${n}}`;
  // Inside the JSON string: JSON escapes first, then the snippet choice's own (\ , | and $ }).
  const choices = targets.map((t) =>
    JSON.stringify(t)
      .slice(1, -1)
      .replace(/[\\,|$}]/g, (c) => `\\${c}`),
  );
  return `\${${n}|${choices.join(',')}|}`;
}

const LAMBDA_RETRY =
  '"Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException", "Lambda.TooManyRequestsException"';

export function retrier(indent: string): string {
  return [
    `${indent}{`,
    `${indent}\t"ErrorEquals": [${LAMBDA_RETRY}],`,
    `${indent}\t"IntervalSeconds": 1,`,
    `${indent}\t"MaxAttempts": 3,`,
    `${indent}\t"BackoffRate": 2,`,
    `${indent}\t"JitterStrategy": "FULL"`,
    `${indent}}`,
  ].join('\n');
}

export function catcher(indent: string, ql: QueryLanguage, next: string): string {
  const output = ql === 'JSONata' ? `${indent}\t"Output": "{% \\$states.errorOutput %}",` : `${indent}\t"ResultPath": "\\$.error",`;
  return [`${indent}{`, `${indent}\t"ErrorEquals": ["States.ALL"],`, output, `${indent}\t"Next": "${next}"`, `${indent}}`].join('\n');
}

export function choiceRule(indent: string, ql: QueryLanguage, n: number, targets: readonly string[]): string {
  const test =
    ql === 'JSONata'
      ? [`${indent}\t"Condition": "{% \\$states.input.\${${n}:status} = '\${${n + 1}:done}' %}",`]
      : [`${indent}\t"Variable": "\\$.\${${n}:status}",`, `${indent}\t"StringEquals": "\${${n + 1}:done}",`];
  return [`${indent}{`, ...test, `${indent}\t"Next": "${targetPlaceholder(n + 2, targets)}"`, `${indent}}`].join('\n');
}

function scopeBody(indent: string, name: string, extra: string[] = []): string {
  return [
    `${indent}{`,
    ...extra.map((l) => `${indent}\t${l}`),
    `${indent}\t"StartAt": "${name}",`,
    `${indent}\t"States": {`,
    `${indent}\t\t"${name}": {`,
    `${indent}\t\t\t"Type": "Pass",`,
    `${indent}\t\t\t"End": true`,
    `${indent}\t\t}`,
    `${indent}\t}`,
    `${indent}}`,
  ].join('\n');
}

/** Value snippets of fields whose skeleton is worth more than an empty value. */
export function fieldValueSnippet(field: string, schema: Schema | undefined, ql: QueryLanguage, targets: readonly string[] = []): string {
  switch (field) {
    case 'Type':
      return '"${1|Task,Pass,Choice,Wait,Succeed,Fail,Parallel,Map|}"';
    case 'End':
      return 'true';
    case 'Next':
    case 'Default':
    case 'StartAt':
    case 'Resource':
      return '"$1"';
    case 'QueryLanguage':
      return '"${1|JSONata,JSONPath|}"';
    case 'Version':
      return '"1.0"';
    case 'Retry':
      return `[\n${retrier('\t')}\n]`;
    case 'Catch':
      return `[\n${catcher('\t', ql, targetPlaceholder(1, targets))}\n]`;
    case 'Choices':
      return `[\n${choiceRule('\t', ql, 1, targets)}\n]`;
    case 'Branches':
      return `[\n${scopeBody('\t', '${1:BranchA}')},\n${scopeBody('\t', '${2:BranchB}')}\n]`;
    case 'ItemProcessor':
    case 'Iterator':
      return scopeBody('', '${2:ProcessItem}', ['"ProcessorConfig": {', '\t"Mode": "${1|INLINE,DISTRIBUTED|}"', '},']);
    case 'ProcessorConfig':
      return '{\n\t"Mode": "${1|INLINE,DISTRIBUTED|}"\n}';
    case 'ErrorEquals':
      return '["${1:States.ALL}"]';
    case 'Credentials':
      return '{\n\t"RoleArn": "$1"\n}';
    case 'Assign':
      return ql === 'JSONata' ? '{\n\t"${1:name}": "{% $2 %}"\n}' : '{\n\t"${1:name}.\\$": "\\$.$2"\n}';
    case 'Output':
    case 'Items':
    case 'Condition':
      return '"{% $1 %}"';
    case 'Arguments':
    case 'Parameters':
    case 'ResultSelector':
    case 'ItemSelector':
      return '{\n\t$1\n}';
    case 'Timestamp':
      return '"${1:2025-01-01T00:00:00Z}"';
    case 'ItemReader':
      return (
        '{\n\t"Resource": "arn:aws:states:::s3:${1|getObject,listObjectsV2|}",\n\t"ReaderConfig": {\n\t\t"InputType": "${2|JSON,JSONL,CSV,PARQUET,MANIFEST|}"\n\t},\n\t"' +
        (ql === 'JSONata' ? 'Arguments' : 'Parameters') +
        '": {\n\t\t"Bucket": "$3",\n\t\t"Key": "$4"\n\t}\n}'
      );
    case 'ResultWriter':
      return (
        '{\n\t"Resource": "arn:aws:states:::s3:putObject",\n\t"' +
        (ql === 'JSONata' ? 'Arguments' : 'Parameters') +
        '": {\n\t\t"Bucket": "$1",\n\t\t"Prefix": "$2"\n\t}\n}'
      );
    case 'ItemBatcher':
      return '{\n\t"MaxItemsPerBatch": ${1:100}\n}';
    case 'WriterConfig':
      return '{\n\t"OutputType": "${1|JSON,JSONL|}",\n\t"Transformation": "${2|NONE,COMPACT,FLATTEN|}"\n}';
    default:
      return genericValue(field, schema);
  }
}

const NUMBER_DEFAULTS: Record<string, number> = {
  IntervalSeconds: 1,
  MaxAttempts: 3,
  BackoffRate: 2,
  MaxDelaySeconds: 60,
  TimeoutSeconds: 300,
  HeartbeatSeconds: 60,
  Seconds: 10,
  MaxConcurrency: 10,
  ToleratedFailurePercentage: 5,
  ToleratedFailureCount: 10,
  MaxItems: 100,
  MaxItemsPerBatch: 100,
  MaxInputBytesPerBatch: 262144,
};

function genericValue(field: string, schema: Schema | undefined): string {
  const type = schema?.type;
  if (Array.isArray(schema?.enum)) return `"\${1|${(schema.enum as string[]).join(',')}|}"`;
  if (field.endsWith('Path') || field === 'Variable' || String(schema?.description ?? '').startsWith('a path')) return '"\\$$1"';
  if (type === 'integer' || type === 'number')
    return `\${1:${NUMBER_DEFAULTS[field] ?? (typeof schema?.minimum === 'number' ? schema.minimum : 0)}}`;
  if (type === 'boolean') return '${1|true,false|}';
  if (type === 'object' || (schema && Object.keys(schema).length === 0)) return '{\n\t$1\n}';
  if (type === 'array') return '[\n\t$1\n]';
  return '"$1"';
}

export interface StateSnippet {
  type: string;
  label: string;
  description: string;
  body: string;
}

/**
 * Snippets for a new state in a States object: `"${1:name}": { ... }`. `name` is the default
 * name (what the user typed so far, or a sample).
 */
export function stateSnippets(ql: QueryLanguage, name: (sample: string) => string, targets: readonly string[] = []): StateSnippet[] {
  // With no state to go to, a new state ends the execution and the Task has no Catch.
  const next = (n: number) => (targets.length ? `"Next": "${targetPlaceholder(n, targets)}"` : '"End": true');
  const jsonata = ql === 'JSONata';
  const s = (type: string, label: string, description: string, sample: string, lines: string[]): StateSnippet => ({
    type,
    label,
    description,
    body: `"\${1:${name(sample)}}": {\n${lines.map((l) => `\t${l}`).join('\n')}\n}`,
  });
  const task = jsonata
    ? [
        '"Arguments": {',
        '\t"FunctionName": "${2:arn:aws:lambda:us-east-1:123456789012:function:my-function}",',
        '\t"Payload": "{% \\$states.input %}"',
        '},',
        '"Output": "{% \\$states.result.Payload %}",',
      ]
    : [
        '"Parameters": {',
        '\t"FunctionName": "${2:arn:aws:lambda:us-east-1:123456789012:function:my-function}",',
        '\t"Payload.\\$": "\\$"',
        '},',
        '"OutputPath": "\\$.Payload",',
      ];
  return [
    s(
      'Task',
      'Task: invoke a Lambda function',
      'A Task state calling `lambda:invoke`, with a Retry for transient Lambda errors and a Catch.',
      'InvokeFunction',
      [
        '"Type": "Task",',
        '"Resource": "arn:aws:states:::lambda:invoke",',
        ...task,
        '"Retry": [',
        retrier('\t'),
        '],',
        ...(targets.length ? ['"Catch": [', catcher('\t', ql, targetPlaceholder(3, targets)), '],'] : []),
        next(4),
      ].flatMap((l) => l.split('\n')),
    ),
    s('Pass', 'Pass', 'A Pass state: passes its input on (optionally reshaped).', 'PassState', [
      '"Type": "Pass",',
      ...(jsonata ? ['"Output": "{% \\$states.input %}",'] : []),
      next(2),
    ]),
    s('Choice', 'Choice: one rule and a Default', 'A Choice state with one rule and a Default.', 'Decide', [
      '"Type": "Choice",',
      '"Choices": [',
      ...choiceRule('\t', ql, 2, targets).split('\n'),
      '],',
      `"Default": "${targetPlaceholder(5, targets)}"`,
    ]),
    s('Wait', 'Wait', 'A Wait state pausing for some seconds.', 'Wait', ['"Type": "Wait",', '"Seconds": ${2:10},', next(3)]),
    s('Succeed', 'Succeed', 'A Succeed state ending the execution successfully.', 'Done', ['"Type": "Succeed"']),
    s('Fail', 'Fail', 'A Fail state ending the execution with an error.', 'Failed', [
      '"Type": "Fail",',
      '"Error": "${2:ErrorName}",',
      '"Cause": "${3:What went wrong}"',
    ]),
    s('Parallel', 'Parallel: two branches', 'A Parallel state with two branches.', 'RunInParallel', [
      '"Type": "Parallel",',
      '"Branches": [',
      ...`${scopeBody('\t', '${2:BranchA}')},\n${scopeBody('\t', '${3:BranchB}')}`.split('\n'),
      '],',
      next(4),
    ]),
    s('Map', 'Map: an ItemProcessor per item', 'A Map state running an ItemProcessor for each item.', 'ForEachItem', [
      '"Type": "Map",',
      jsonata ? '"Items": "{% \\$states.input.${2:items} %}",' : '"ItemsPath": "\\$.${2:items}",',
      '"ItemProcessor": {',
      '\t"ProcessorConfig": {',
      '\t\t"Mode": "INLINE"',
      '\t},',
      '\t"StartAt": "${3:ProcessItem}",',
      '\t"States": {',
      '\t\t"${3:ProcessItem}": {',
      '\t\t\t"Type": "Pass",',
      '\t\t\t"End": true',
      '\t\t}',
      '\t}',
      '},',
      next(4),
    ]),
  ];
}

/** A whole state machine, for an empty document. */
export function machineSnippet(ql: QueryLanguage): string {
  const ql_ = ql === 'JSONata' ? '\t"QueryLanguage": "JSONata",\n' : '';
  return `{\n\t"Comment": "\${1:What this state machine does}",\n${ql_}\t"StartAt": "\${2:FirstState}",\n\t"States": {\n\t\t"\${2:FirstState}": {\n\t\t\t"Type": "Pass",\n\t\t\t"End": true\n\t\t}\n\t}\n}`;
}
