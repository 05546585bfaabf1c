/**
 * What the debug adapter tells the extension about its execution, so the graph panel can follow
 * a debug session: a DAP custom event (adapter -> VS Code -> the extension's
 * onDidReceiveDebugSessionCustomEvent), sent at every stop, resume and at the end. Declared once
 * here, with its checker: the extension reads it through `readDebugProgress` before use.
 */
import type { HistoryEvent } from '../server/src/core/engine/types';

/**
 * The command that debugs a machine without a launch.json: (uri, machine?), the document (a URI or
 * its string, as a template's CodeLens passes it) and a template's machine (logical ID).
 */
export const DEBUG_MACHINE_COMMAND = 'aslWorkbench.debug';

/** The custom event's name. */
export const DEBUG_PROGRESS_EVENT = 'aslWorkbench.progress';

/** The history events the panel needs to draw the path so far (details cut to what it reads). */
export type ProgressEvent = Pick<HistoryEvent, 'id' | 'type' | 'stateName' | 'scope'> & {
  details?: { matchedRule?: unknown; error?: string; cause?: string };
};

export interface DebugProgress {
  /** The file the breakpoints are in: the state machine file, or the template holding it. */
  file: string;
  /** A template's state machine (logical ID), when the program is a template. */
  machine?: string;
  /**
   * The template, when `file` is not it but the definition file the template links to
   * (`DefinitionUri`, Serverless `${file(...)}`): the template's machine panel follows too.
   */
  template?: string;
  /** paused: at `current`; running: resumed; ended: the execution is over (`status` says how). */
  phase: 'paused' | 'running' | 'ended';
  /**
   * Paused: the state about to run (or the one an error is in). Running: the Task whose local
   * handler runs (or waits in the JavaScript debugger), when it is that.
   */
  current?: { stateName: string; scope: string[]; error?: string };
  /** The execution's history so far. */
  events: ProgressEvent[];
  /** At the end: SUCCEEDED, FAILED, TIMED_OUT, ABORTED. */
  status?: string;
}

/**
 * The graph panels (file, and machine of a template) that show the debugged machine: the file's
 * own (a template's machine panel; a machine file's panel), and for a linked definition file both
 * the template's machine panel and the linked file's own panel.
 */
export function progressPanels(p: Pick<DebugProgress, 'file' | 'machine' | 'template'>): { file: string; machine?: string }[] {
  if (p.template !== undefined && p.machine !== undefined) return [{ file: p.template, machine: p.machine }, { file: p.file }];
  return [p.machine === undefined ? { file: p.file } : { file: p.file, machine: p.machine }];
}

/** History events sent at most: the path of a longer run is drawn from its last ones. */
export const MAX_PROGRESS_EVENTS = 20_000;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every(isStr);

/** The event body as DebugProgress, or why it is not one. */
export function readDebugProgress(b: unknown): DebugProgress | string {
  if (!isObj(b) || !isStr(b.file)) return 'needs a string "file"';
  if (b.phase !== 'paused' && b.phase !== 'running' && b.phase !== 'ended') return '"phase" must be paused, running or ended';
  if (b.machine !== undefined && !isStr(b.machine)) return '"machine" must be a string';
  if (b.template !== undefined && !(isStr(b.template) && isStr(b.machine))) return '"template" must be a string, with "machine"';
  if (b.status !== undefined && !isStr(b.status)) return '"status" must be a string';
  const c = b.current;
  if (c !== undefined && !(isObj(c) && isStr(c.stateName) && strings(c.scope) && (c.error === undefined || isStr(c.error))))
    return '"current" needs "stateName" and "scope"';
  if (!Array.isArray(b.events)) return '"events" must be an array';
  for (const e of b.events) {
    if (
      !isObj(e) ||
      typeof e.id !== 'number' ||
      !isStr(e.type) ||
      (e.stateName !== undefined && !isStr(e.stateName)) ||
      (e.scope !== undefined && !strings(e.scope))
    )
      return 'a history event is malformed';
    if (e.details !== undefined && !isObj(e.details)) return 'a history event\'s "details" must be an object';
  }
  return b as unknown as DebugProgress;
}

/** The parts of history events the panel reads, at most MAX_PROGRESS_EVENTS of the last. */
export function progressEvents(events: readonly HistoryEvent[]): ProgressEvent[] {
  const from = Math.max(0, events.length - MAX_PROGRESS_EVENTS);
  const out: ProgressEvent[] = [];
  for (let i = from; i < events.length; i++) {
    const e = events[i];
    const p: ProgressEvent = { id: e.id, type: e.type };
    if (e.stateName !== undefined) p.stateName = e.stateName;
    if (e.scope !== undefined) p.scope = e.scope;
    const d = e.details;
    if (d && ('matchedRule' in d || 'error' in d)) {
      p.details = {};
      if ('matchedRule' in d) p.details.matchedRule = d.matchedRule;
      if (typeof d.error === 'string') p.details.error = d.error;
      if (typeof d.cause === 'string') p.details.cause = d.cause;
    }
    out.push(p);
  }
  return out;
}

/**
 * "debugHandlers": the adapter asks the extension (a custom event) to start VS Code's JavaScript
 * debugger attached to a handler worker, as a child session. (DAP's startDebugging request cannot:
 * VS Code starts a session of the requesting adapter's own type.) The extension answers with the
 * custom request below, so the adapter can end a worker nobody will resume.
 */
export const ATTACH_HANDLERS_EVENT = 'aslWorkbench.attachHandlers';
export interface AttachHandlers {
  /** The worker's process id (the answer names it). */
  pid: number;
  /** The launch.json-style configuration of the child session (type pwa-node, request attach). */
  configuration: { type: string; request: 'attach'; name: string } & Record<string, unknown>;
}

/** Request (extension -> adapter): whether the child session started. */
export const HANDLERS_ATTACHED_REQUEST = 'aslWorkbench.handlersAttached';
export interface HandlersAttached {
  pid: number;
  ok: boolean;
  /** Why not, when it did not. */
  message?: string;
}

/** The event body as AttachHandlers, or why it is not one. */
export function readAttachHandlers(b: unknown): AttachHandlers | string {
  if (!isObj(b) || typeof b.pid !== 'number') return 'needs a number "pid"';
  const c = b.configuration;
  if (!isObj(c) || !isStr(c.type) || c.request !== 'attach' || !isStr(c.name))
    return '"configuration" needs "type", "name" and request "attach"';
  return b as unknown as AttachHandlers;
}

/** The request's arguments as HandlersAttached, or why they are not. */
export function readHandlersAttached(a: unknown): HandlersAttached | string {
  if (!isObj(a) || typeof a.pid !== 'number' || typeof a.ok !== 'boolean' || (a.message !== undefined && !isStr(a.message)))
    return 'needs "pid" (number), "ok" (boolean) and "message" (string, optional)';
  return a as unknown as HandlersAttached;
}
