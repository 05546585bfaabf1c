/** Mock files and the dry-run TaskInvoker built from them. Pure: no fs, no child processes. */
export * from './types';
export { loadMockFile, parseHandlerRef } from './loadMockFile';
export { definitionInfo, machineNameOf } from './definitionInfo';
export {
  createTaskInvoker,
  DEFAULT_HANDLER_TIMEOUT_MS,
  type HandlerCall,
  type HandlerResult,
  type HandlerRunner,
  type InvokerOptions,
  type MockInvoker,
} from './invoker';
export {
  lambdaTargetOf,
  lambdaOfResource,
  lambdaOfFunctionName,
  invokeResponse,
  taskErrorOf,
  type LambdaError,
  type LambdaTarget,
} from './lambda';
export {
  createNestedInvoker,
  describeExecution,
  localMachineFor,
  patternOf,
  MAX_NESTING,
  type NestedInvoker,
  type NestedOptions,
  type StartPattern,
} from './nested';
