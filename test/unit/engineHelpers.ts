/** Helpers for the engine tests: machines built in memory, a simple scripted TaskInvoker. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { prepare, run } from '../../server/src/core/engine';
import type { ExecutionResult, RunOptions, TaskInvocation, TaskInvoker, TaskOutcome } from '../../server/src/core/engine';

/** A machine around the given states (StartAt: the first one), as text. */
export function machine(states: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ StartAt: Object.keys(states)[0], ...extra, States: states }, null, 2);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test's handler reads whatever payload its machine sends
export type Handler = (payload: any, inv: TaskInvocation) => TaskOutcome | unknown | Promise<TaskOutcome | unknown>;

/**
 * An invoker that routes by state name, then by resource. A handler returns a TaskOutcome (an
 * object with a boolean `ok`) or a plain value (a success). Every call is recorded.
 */
export function scripted(handlers: Record<string, Handler> = {}): TaskInvoker & { calls: TaskInvocation[] } {
  const calls: TaskInvocation[] = [];
  return {
    calls,
    async invoke(inv) {
      calls.push(inv);
      const h = handlers[inv.stateName] ?? handlers[inv.resource];
      if (!h) return { ok: true, output: inv.payload };
      const v = await h(inv.payload, inv);
      if (typeof v === 'object' && v !== null && typeof (v as { ok?: unknown }).ok === 'boolean') return v as TaskOutcome;
      return { ok: true, output: v };
    },
  };
}

export async function runText(
  text: string,
  input: unknown = {},
  invoker: TaskInvoker = scripted(),
  options: Partial<RunOptions> = {},
): Promise<ExecutionResult> {
  const m = prepare(text);
  if (!m.ok) throw new Error(`the test machine is invalid: ${m.diagnostics.map((d) => d.message).join('; ')}`);
  return run(m, { input, invoker, ...options });
}

export function eventTypes(r: ExecutionResult): string[] {
  return r.events.map((e) => e.type);
}

/** Seconds between two events' timestamps. */
export function secondsBetween(a: { timestamp: string }, b: { timestamp: string }): number {
  return (Date.parse(b.timestamp) - Date.parse(a.timestamp)) / 1000;
}

/** An example's definition, found from wherever this file was compiled or bundled to. */
export function exampleText(name: string): string {
  for (const start of [__dirname, process.cwd()]) {
    let dir = resolve(start);
    for (;;) {
      const file = join(dir, 'examples', name, `${name}.asl.json`);
      if (existsSync(file)) return readFileSync(file, 'utf8');
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  throw new Error(`examples/${name} not found above ${__dirname}`);
}
