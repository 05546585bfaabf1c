/**
 * One or two sentences per field of the Amazon States Language, for hover and completion.
 * Written from the ASL specification (states-language.net) and the Step Functions developer guide.
 * A field that means something different in another kind of object has an entry keyed
 * "<kind>:<field>" (kinds as in schema/fields.ts: machine, catcher, retrier, choiceRule,
 * ItemReader, ResultWriter...), looked up before the plain one.
 */

const DOCS: Record<string, string> = {
  // ---- the machine and its scopes -----------------------------------------------------------
  Comment: 'A human-readable description. Ignored by Step Functions.',
  StartAt: 'The name of the state to run first. It must be one of the states of this `States` object.',
  States:
    'The states of this workflow (or branch, or processor), keyed by name. Names are unique across the whole state machine and at most 80 characters long.',
  Version: 'The version of the Amazon States Language; `"1.0"` is the only one.',
  'machine:TimeoutSeconds': 'The longest an execution may run, in seconds. When it is exceeded the execution fails with `States.Timeout`.',
  QueryLanguage:
    'How the state reads and shapes data: `"JSONPath"` (the default: paths, `Parameters`, `ResultSelector`...) or `"JSONata"` (`{% ... %}` expressions, `Arguments`, `Output`). A JSONata machine cannot hold JSONPath states.',
  ProcessorConfig:
    'How the Map state runs its processor: `Mode` (`INLINE` or `DISTRIBUTED`) and, for a Distributed Map, `ExecutionType` (`STANDARD` or `EXPRESS`).',
  Mode: '`INLINE` runs the iterations inside this execution (at most 40 at a time); `DISTRIBUTED` starts a child workflow execution per item or batch (up to 10,000 in parallel).',
  ExecutionType: 'The type of the child workflow executions of a Distributed Map: `STANDARD` or `EXPRESS`.',

  // ---- every state -------------------------------------------------------------------------
  Type: 'The kind of state: `Task`, `Pass`, `Choice`, `Wait`, `Succeed`, `Fail`, `Parallel` or `Map`.',
  Next: 'The name of the state to run after this one, in the same `States` object. A state has either `Next` or `"End": true`.',
  End: '`true` makes this state the last one of the execution (or of its branch or iteration). A state has either `End` or `Next`.',
  InputPath: 'JSONPath: selects the part of the state input the state works on (default `"$"`, the whole input; `null` passes `{}`).',
  OutputPath: 'JSONPath: selects the part of the state output passed on to the next state (default `"$"`; `null` passes `{}`).',
  ResultPath:
    'JSONPath: where the result goes in the state input to form the output. `"$"` (the default) replaces the input with the result, `"$.result"` adds it, `null` discards the result and passes the input on.',
  Parameters:
    'JSONPath: the payload template sent to the task (or used as the state input). A key ending in `.$` takes its value from a path or an intrinsic function, e.g. `"id.$": "$.order.id"`.',
  ResultSelector:
    'JSONPath: a payload template that reshapes the raw result before `ResultPath` applies. Paths (keys ending in `.$`) select from the result.',
  Arguments: 'JSONata: the arguments sent to the task (or to the child executions of a Map): an object or a `{% ... %}` expression.',
  Output:
    'JSONata: the state output: any JSON value, or a `{% ... %}` expression (the result is `$states.result`, the input `$states.input`). Defaults to the result.',
  Assign:
    'Stores workflow variables, `{ "name": value }`, readable as `$name` in later states of this scope (and nested ones). Values may be `{% %}` expressions (JSONata) or paths with `.$` keys (JSONPath).',
  Retry:
    'Retriers, tried in order, for errors the state raises: each names `ErrorEquals` and how often and how long to wait before trying again.',
  Catch: 'Catchers, tried in order after retries are exhausted: each names `ErrorEquals` and the state to go to (`Next`).',

  // ---- Task --------------------------------------------------------------------------------
  Resource:
    'What the task runs: a service integration (`arn:aws:states:::SERVICE:ACTION`, e.g. `arn:aws:states:::lambda:invoke`), an AWS SDK call (`arn:aws:states:::aws-sdk:SERVICE:ACTION`), a Lambda function ARN or an activity ARN.',
  TimeoutSeconds:
    'The longest the task may run, in seconds (default 60 for activities and `.sync` jobs; 99999999 at most). When exceeded, the state fails with `States.Timeout`.',
  TimeoutSecondsPath: 'JSONPath: a reference path to the timeout, in seconds, in the state input.',
  HeartbeatSeconds:
    'The longest time between two heartbeats of an activity or callback task, in seconds; smaller than `TimeoutSeconds`. When exceeded, the state fails with `States.HeartbeatTimeout`.',
  HeartbeatSecondsPath: 'JSONPath: a reference path to the heartbeat interval, in seconds, in the state input.',
  Credentials: 'The IAM role the task assumes to call the service (cross-account access): `RoleArn` (or `RoleArn.$` in JSONPath).',
  RoleArn: 'The ARN of the IAM role to assume for this task.',

  // ---- Pass, Wait, Fail --------------------------------------------------------------------
  Result: 'JSONPath Pass state: a fixed value used as the result (placed by `ResultPath`).',
  Seconds: 'How long to wait, in seconds (a non-negative integer, or a `{% %}` expression in JSONata).',
  SecondsPath: 'JSONPath: a reference path to the number of seconds to wait, in the state input.',
  Timestamp: 'Wait until this time: an RFC 3339 timestamp such as `"2024-01-31T12:00:00Z"` (or a `{% %}` expression in JSONata).',
  TimestampPath: 'JSONPath: a reference path to the timestamp to wait until, in the state input.',
  Error: 'Fail state: the error name reported by the failed execution (and matched by catchers of an enclosing state).',
  ErrorPath: 'JSONPath Fail state: a reference path or intrinsic function giving the error name.',
  Cause: 'Fail state: a human-readable description of why the execution failed.',
  CausePath: 'JSONPath Fail state: a reference path or intrinsic function giving the cause.',

  // ---- Choice ------------------------------------------------------------------------------
  Choices: 'The rules of the Choice state, tested in order: the first that matches decides the next state (its `Next`).',
  Default: 'The state to go to when no Choice rule matches. Without it, the execution fails with `States.NoChoiceMatched`.',
  Variable: 'JSONPath Choice rule: the path of the value to test (`"$.status"`, or `"$$.Execution.Name"`, or a `$variable`).',
  Condition: 'JSONata Choice rule: a `{% ... %}` expression (or `true`/`false`); the rule matches when it is true.',
  And: 'JSONPath Choice rule: matches when every nested rule matches.',
  Or: 'JSONPath Choice rule: matches when any nested rule matches.',
  Not: 'JSONPath Choice rule: matches when the nested rule does not.',
  'choiceRule:Next': 'The state to go to when this rule matches.',
  'choiceRule:Output': 'JSONata: the Choice state output when this rule matches.',
  'choiceRule:Assign': 'Variables to assign when this rule matches.',

  // ---- Parallel and Map --------------------------------------------------------------------
  Branches:
    'The branches of the Parallel state, run at the same time on the same input; each has `StartAt` and `States`. The result is the array of their outputs, in order.',
  ItemProcessor: 'The workflow run for each item of the Map state: `StartAt`, `States` and, optionally, `ProcessorConfig`.',
  Iterator: 'The former name of `ItemProcessor` (deprecated): the workflow run for each item.',
  ItemSelector:
    'A template building the input of each iteration from the item (`$$.Map.Item.Value` in JSONPath, `$states.context.Map.Item.Value` in JSONata). Replaces `Parameters` in Map states.',
  ItemsPath: 'JSONPath: a reference path to the array to iterate over in the state input (default `"$"`).',
  Items: 'JSONata: the array to iterate over, or a `{% ... %}` expression producing it (default: the state input).',
  ItemReader:
    'Distributed Map: reads the items from Amazon S3 (a CSV, JSON, JSONL or Parquet file, an S3 inventory manifest, or a listing of objects) instead of the state input.',
  ItemBatcher: 'Distributed Map: groups items into batches, each batch processed by one child execution.',
  ResultWriter: 'Distributed Map: writes the results of the child executions to Amazon S3 and/or formats them (`WriterConfig`).',
  MaxConcurrency: 'The largest number of iterations running at once; `0` (the default) means as many as possible.',
  MaxConcurrencyPath: 'JSONPath: a reference path to the maximum concurrency in the state input.',
  ToleratedFailurePercentage:
    'Distributed Map: the share of failed items (0 to 100) tolerated before the Map state fails with `States.ExceedToleratedFailureThreshold`.',
  ToleratedFailurePercentagePath: 'JSONPath: a reference path to the tolerated failure percentage.',
  ToleratedFailureCount:
    'Distributed Map: the number of failed items tolerated before the Map state fails with `States.ExceedToleratedFailureThreshold`.',
  ToleratedFailureCountPath: 'JSONPath: a reference path to the tolerated failure count.',
  Label: 'Distributed Map: a label (up to 40 characters) included in the names of the Map Run and its child executions.',
  ReaderConfig: 'How to read the items: `InputType`, CSV options, `MaxItems`.',
  InputType: 'The format of the item source: `CSV`, `JSON`, `JSONL`, `PARQUET` or `MANIFEST`.',
  CSVHeaderLocation: '`FIRST_ROW` reads the column names from the file; `GIVEN` takes them from `CSVHeaders`.',
  CSVHeaders: 'The column names of a CSV file read with `"CSVHeaderLocation": "GIVEN"`.',
  CSVDelimiter: 'The field separator of the CSV file: `COMMA` (default), `PIPE`, `SEMICOLON`, `SPACE` or `TAB`.',
  ManifestType: 'The kind of manifest read, e.g. `S3_INVENTORY`.',
  MaxItems: 'Read at most this many items.',
  MaxItemsPath: 'JSONPath: a reference path to the maximum number of items to read.',
  MaxItemsPerBatch: 'The largest number of items in one batch.',
  MaxItemsPerBatchPath: 'JSONPath: a reference path to the largest number of items in one batch.',
  MaxInputBytesPerBatch: 'The largest size of one batch, in bytes (at most 256 KiB).',
  MaxInputBytesPerBatchPath: 'JSONPath: a reference path to the largest batch size in bytes.',
  BatchInput: 'A fixed JSON object added to the input of every batch.',
  WriterConfig: 'How to format the exported results: `OutputType` and `Transformation`.',
  OutputType: 'The format of the exported results: `JSON` or `JSONL`.',
  Transformation: '`NONE` keeps the execution details, `COMPACT` keeps only the outputs, `FLATTEN` flattens arrays of outputs into one.',
  'ItemReader:Resource':
    'The S3 API that reads the items: `arn:aws:states:::s3:getObject` (a file) or `arn:aws:states:::s3:listObjectsV2` (the objects under a prefix).',
  'ResultWriter:Resource': 'The S3 API that writes the results: `arn:aws:states:::s3:putObject`.',
  'ItemReader:Parameters': 'The S3 location to read: `Bucket` and `Key` (or `Prefix`).',
  'ResultWriter:Parameters': 'The S3 location to write to: `Bucket` and `Prefix`.',
  'ItemReader:Arguments': 'The S3 location to read: `Bucket` and `Key` (or `Prefix`).',
  'ResultWriter:Arguments': 'The S3 location to write to: `Bucket` and `Prefix`.',

  // ---- retriers and catchers ---------------------------------------------------------------
  ErrorEquals:
    'The error names this entry handles, e.g. `["States.Timeout"]`, or `["States.ALL"]` for any error (alone, and in the last entry).',
  IntervalSeconds: 'Seconds before the first retry (default 1).',
  MaxAttempts: 'The most retries (default 3); `0` never retries these errors.',
  BackoffRate: 'The factor the wait grows by after each retry (default 2.0; at least 1.0).',
  MaxDelaySeconds: 'The longest wait between two retries, in seconds, however large the backoff grows.',
  JitterStrategy:
    '`FULL` randomizes each wait between 0 and the computed delay (spreads out retries of many executions); `NONE` (default) does not.',
  'catcher:Next': 'The state to go to when this catcher handles the error.',
  'catcher:ResultPath': 'JSONPath: where the error output (`Error` and `Cause`) goes in the state input (default `"$"`, replacing it).',
  'catcher:Output': 'JSONata: the output passed to `Next`; the error is `$states.errorOutput`.',
  'catcher:Assign': 'Variables to assign when this catcher handles the error (`$states.errorOutput` holds the error).',
};

/** Choice rule comparison operators, described from their names. */
function comparisonDoc(op: string): string | undefined {
  const m = /^(String|Numeric|Boolean|Timestamp)(Equals|LessThan|GreaterThan|LessThanEquals|GreaterThanEquals|Matches)(Path)?$/.exec(op);
  if (m) {
    const [, kind, test, path] = m;
    const what = { String: 'string', Numeric: 'number', Boolean: 'boolean', Timestamp: 'timestamp' }[kind];
    const relation = {
      Equals: 'equals',
      LessThan: 'is less than',
      GreaterThan: 'is greater than',
      LessThanEquals: 'is less than or equal to',
      GreaterThanEquals: 'is greater than or equal to',
      Matches: 'matches (with `*` as a wildcard)',
    }[test];
    const other = path ? 'the value at another path' : `this ${what}`;
    return `JSONPath Choice rule: true when the ${what} at \`Variable\` ${relation} ${other}.`;
  }
  const t = /^Is(Null|Present|Numeric|String|Boolean|Timestamp)$/.exec(op);
  if (t) {
    const test = {
      Null: 'is null',
      Present: 'exists',
      Numeric: 'is a number',
      String: 'is a string',
      Boolean: 'is a boolean',
      Timestamp: 'is a timestamp',
    }[t[1]];
    return `JSONPath Choice rule: with \`true\`, matches when the value at \`Variable\` ${test}; with \`false\`, when it does not.`;
  }
  return undefined;
}

/** Documentation of a field in an object of the given kind ('state', 'catcher', 'machine'...). */
export function fieldDoc(field: string, kind?: string): string | undefined {
  if (kind && DOCS[`${kind}:${field}`]) return DOCS[`${kind}:${field}`];
  return Object.prototype.hasOwnProperty.call(DOCS, field) ? DOCS[field] : comparisonDoc(field);
}

/** One line per state type, for the `Type` value completion and hover. */
export const STATE_TYPE_DOCS: Readonly<Record<string, string>> = {
  Task: 'Runs a unit of work: a service integration, an AWS SDK call, a Lambda function or an activity.',
  Pass: 'Passes its input to its output, optionally reshaped or with a fixed result; useful for building data and for stubs.',
  Choice: 'Branches: the first matching rule of `Choices` decides the next state, else `Default`.',
  Wait: 'Waits for a number of seconds or until a timestamp.',
  Succeed: 'Ends the execution (or its branch or iteration) successfully.',
  Fail: 'Ends the execution with an error and a cause.',
  Parallel: 'Runs its branches at the same time on the same input; the output is the array of their outputs.',
  Map: 'Runs a workflow (`ItemProcessor`) for each item of an array, or of an S3 source in a Distributed Map.',
};
