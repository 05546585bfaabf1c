/**
 * Local Lambda handlers, run in a child process: the Node side of the core's `HandlerRunner`
 * (core/engine/mocks/invoker.ts), kept out of the core so that it stays free of the file system
 * and processes (the worker entry, worker.ts, is bundled on its own).
 */
export { ProcessHandlerRunner, type InspectorTarget, type ProcessRunnerOptions } from './runner';
