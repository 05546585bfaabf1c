/**
 * Local Lambda handlers, run in a child process. NOT pure: the one folder of the core that uses
 * the file system and child processes (the worker entry, worker.ts, is bundled on its own).
 */
export { ProcessHandlerRunner, type InspectorTarget, type ProcessRunnerOptions } from './runner';
