/**
 * The fields of the Context object: `$$.` in JSONPath, `$states.context.` in JSONata. Source: the
 * Step Functions developer guide, "Accessing execution data from the Context object" (and "Map
 * state context object data" for `Map.Item`).
 */
export interface ContextField {
  /** Dotted path under the context root, e.g. "Execution.Id". */
  path: string;
  description: string;
}

export const CONTEXT_FIELDS: readonly ContextField[] = [
  { path: 'Execution', description: 'The running execution.' },
  { path: 'Execution.Id', description: 'The execution ARN.' },
  { path: 'Execution.Input', description: 'The input the execution started with.' },
  { path: 'Execution.Name', description: 'The name of the execution.' },
  { path: 'Execution.RoleArn', description: 'The ARN of the IAM role the execution runs with.' },
  { path: 'Execution.StartTime', description: 'When the execution started (ISO 8601).' },
  { path: 'Execution.RedriveCount', description: 'How many times the execution has been redriven.' },
  { path: 'Execution.RedriveTime', description: 'When the execution was last redriven (ISO 8601); only after a redrive.' },
  { path: 'State', description: 'The current state.' },
  { path: 'State.EnteredTime', description: 'When the current state was entered (ISO 8601).' },
  { path: 'State.Name', description: 'The name of the current state.' },
  { path: 'State.RetryCount', description: 'How many times the current state has been retried.' },
  { path: 'StateMachine', description: 'The state machine.' },
  { path: 'StateMachine.Id', description: 'The state machine ARN.' },
  { path: 'StateMachine.Name', description: 'The name of the state machine.' },
  { path: 'Task', description: 'The current task.' },
  {
    path: 'Task.Token',
    description:
      'The task token of a `.waitForTaskToken` task: pass it to the worker, which returns it with SendTaskSuccess or SendTaskFailure.',
  },
  { path: 'Map', description: 'Inside a Map state: the current item.' },
  { path: 'Map.Item', description: 'The item being processed.' },
  { path: 'Map.Item.Index', description: 'The (zero-based) index of the item being processed.' },
  { path: 'Map.Item.Value', description: 'The value of the item being processed.' },
];

/** The fields directly under a dotted parent path ("" for the root). */
export function contextChildren(parent: string): ContextField[] {
  const depth = parent === '' ? 0 : parent.split('.').length;
  return CONTEXT_FIELDS.filter((f) => {
    const parts = f.path.split('.');
    return parts.length === depth + 1 && (parent === '' || f.path.startsWith(`${parent}.`));
  });
}

export function contextField(path: string): ContextField | undefined {
  return CONTEXT_FIELDS.find((f) => f.path === path);
}

/** The fields of the reserved JSONata variable `$states`. */
export const STATES_VARIABLE_DOCS: Readonly<Record<string, string>> = {
  input: 'The state input.',
  result: 'The result of the task, Parallel or Map state (in `Output` and `Assign`).',
  errorOutput: 'The error caught by a catcher: `{ "Error": ..., "Cause": ... }` (in the catcher\'s `Output` and `Assign`).',
  context: 'The Context object: `Execution`, `State`, `StateMachine`, `Task`, `Map`.',
};
