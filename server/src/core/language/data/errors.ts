/**
 * Error names for `ErrorEquals`. Source: the Step Functions developer guide, "Handling errors in
 * Step Functions workflows" (the `States.` names) and "Handle Lambda service exceptions" (the
 * `Lambda.` names Step Functions reports for the Lambda integration).
 */
export interface ErrorName {
  name: string;
  description: string;
  /** Offered only for Tasks that call Lambda. */
  lambda?: boolean;
}

export const ERROR_NAMES: readonly ErrorName[] = [
  {
    name: 'States.ALL',
    description:
      'Any error except `States.DataLimitExceeded` and `States.Runtime`. Must be alone in its `ErrorEquals` and in the last retrier or catcher.',
  },
  { name: 'States.Timeout', description: 'The task ran longer than `TimeoutSeconds` (or the execution longer than its timeout).' },
  { name: 'States.TaskFailed', description: 'The task failed during execution (any task error other than a timeout).' },
  {
    name: 'States.Permissions',
    description: 'The task lacked the privileges to run its code (the execution role is missing a permission).',
  },
  { name: 'States.HeartbeatTimeout', description: 'An activity or callback task sent no heartbeat for longer than `HeartbeatSeconds`.' },
  { name: 'States.BranchFailed', description: 'A branch of a Parallel state, or an iteration of a Map state, failed.' },
  { name: 'States.NoChoiceMatched', description: 'No Choice rule matched and the Choice state has no `Default`.' },
  { name: 'States.ParameterPathFailure', description: 'A path in `Parameters` (a key ending in `.$`) did not resolve.' },
  { name: 'States.ResultPathMatchFailure', description: '`ResultPath` could not be applied to the state input.' },
  { name: 'States.IntrinsicFailure', description: 'An intrinsic function call in a payload template failed.' },
  {
    name: 'States.QueryEvaluationError',
    description: 'A JSONata expression failed to evaluate (e.g. a type error or an undefined result where a value is required).',
  },
  {
    name: 'States.ExceedToleratedFailureThreshold',
    description: 'A Map state failed because more items failed than its tolerated failure threshold.',
  },
  { name: 'States.ItemReaderFailed', description: 'A Distributed Map could not read its items from `ItemReader`.' },
  { name: 'States.ResultWriterFailed', description: 'A Distributed Map could not write its results with `ResultWriter`.' },
  { name: 'States.Http.Socket', description: 'An HTTP Task timed out on its socket (after 60 seconds).' },
  {
    name: 'States.DataLimitExceeded',
    description: 'A payload exceeded the size quota (256 KiB). Terminal: `States.ALL` does not catch it; name it explicitly.',
  },
  {
    name: 'States.Runtime',
    description: 'A runtime error such as an invalid path or an unparsable value. Not retriable; `States.ALL` does not catch it.',
  },
  { name: 'Lambda.ServiceException', description: 'A transient Lambda service error (HTTP 500): retry it.', lambda: true },
  { name: 'Lambda.AWSLambdaException', description: 'A transient Lambda error: retry it.', lambda: true },
  { name: 'Lambda.SdkClientException', description: 'A transient client-side error calling Lambda: retry it.', lambda: true },
  {
    name: 'Lambda.TooManyRequestsException',
    description: 'Lambda throttled the call (concurrency limit reached): retry it with backoff.',
    lambda: true,
  },
  {
    name: 'Lambda.ClientExecutionTimeoutException',
    description: 'The call to Lambda timed out on the client side: retry it.',
    lambda: true,
  },
  {
    name: 'Lambda.Unknown',
    description: 'An unhandled function error, including out-of-memory errors and function timeouts.',
    lambda: true,
  },
];

export const ERRORS_BY_NAME: ReadonlyMap<string, ErrorName> = new Map(ERROR_NAMES.map((e) => [e.name, e]));
