/** The graph panel's view of a debug session (protocol/debug.ts), built from the controller's state. */
import { Event } from '@vscode/debugadapter';
import { DEBUG_PROGRESS_EVENT, progressEvents, type DebugProgress } from '../../../protocol/debug';
import type { DebugFrame } from '../core/engine/debug';
import type { ExecutionResult, HistoryEvent } from '../core/engine/types';
import type { Program } from './launch';

/** The custom event: paused at a frame, running on (in a state's handler, when `at` is given), or ended with a result. */
export function progressEvent(
  program: Program,
  at: { paused: DebugFrame } | { running: readonly HistoryEvent[]; at?: DebugFrame } | { ended: ExecutionResult },
): Event {
  const body: DebugProgress = { file: program.file, phase: 'paused', events: [] };
  if (program.machine !== undefined) body.machine = program.machine;
  if (program.template !== undefined) body.template = program.template;
  if ('paused' in at) {
    const f = at.paused;
    body.current = { stateName: f.stateName, scope: [...f.scope], ...(f.error ? { error: f.error.Error } : {}) };
    body.events = progressEvents(f.events);
  } else if ('running' in at) {
    body.phase = 'running';
    body.events = progressEvents(at.running);
    // A Task whose handler runs: where the execution waits.
    if (at.at) body.current = { stateName: at.at.stateName, scope: [...at.at.scope] };
  } else {
    body.phase = 'ended';
    body.status = at.ended.status;
    body.events = progressEvents(at.ended.events);
  }
  return new Event(DEBUG_PROGRESS_EVENT, body);
}
