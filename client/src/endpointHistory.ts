/**
 * For an endpoint without our WatchExecution (Step Functions Local, LocalStack, ...): the
 * execution's history from GetExecutionHistory (all pages, through nextToken) turned into the
 * engine's event shape the panel reads. The state an event belongs to is found as the console
 * finds it, through previousEventId back to the state's *StateEntered event; Parallel branches and
 * Map iterations are not told apart (AWS's events do not say which branch an event is in).
 */
import type { HistoryEvent } from '../../server/src/core/engine/types';
import type { EndpointClient } from './endpointClient';

/** What the API sends as JSON text and the engine keeps as values. */
const PAYLOADS = new Set(['input', 'output', 'parameters']);
/** Events of the execution itself: they belong to no state. */
const EXECUTION_EVENT = /^Execution/;
/** API reference, GetExecutionHistory: maxResults up to 1000. */
const PAGE = 1000;

interface AwsEvent {
  id: number;
  previousEventId?: number;
  timestamp: number | string;
  type: string;
  [member: string]: unknown;
}

export async function historyOf(client: EndpointClient, executionArn: string, signal?: AbortSignal): Promise<HistoryEvent[]> {
  const raw: AwsEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page: { events: AwsEvent[]; nextToken?: string } = await client.call(
      'GetExecutionHistory',
      { executionArn, maxResults: PAGE, includeExecutionData: true, ...(nextToken ? { nextToken } : {}) },
      { signal },
    );
    raw.push(...page.events);
    nextToken = page.nextToken;
  } while (nextToken);
  return engineEvents(raw);
}

/** AWS's events as the engine writes them: details in one object, payloads as values, each with its state's name. */
export function engineEvents(raw: AwsEvent[]): HistoryEvent[] {
  const byId = new Map<number, HistoryEvent>();
  const out: HistoryEvent[] = [];
  for (const e of raw) {
    const ev: HistoryEvent = { id: e.id, previousEventId: e.previousEventId ?? 0, timestamp: isoOf(e.timestamp), type: e.type };
    const member = Object.keys(e).find((k) => k.endsWith('EventDetails'));
    if (member) {
      const details: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(e[member] as Record<string, unknown>)) {
        if (PAYLOADS.has(k) && typeof v === 'string') details[k] = parseOr(v);
        else if (!k.endsWith('Details')) details[k] = v;
      }
      ev.details = details;
    }
    if (/State(Entered|Exited)$/.test(e.type) && typeof ev.details?.name === 'string') ev.stateName = ev.details.name;
    else if (!EXECUTION_EVENT.test(e.type)) {
      const prev = byId.get(ev.previousEventId);
      if (prev?.stateName !== undefined && !prev.type.endsWith('StateExited')) ev.stateName = prev.stateName;
    }
    byId.set(ev.id, ev);
    out.push(ev);
  }
  return out;
}

function isoOf(t: number | string): string {
  const d = typeof t === 'number' ? new Date(t * 1000) : new Date(t);
  return Number.isNaN(d.getTime()) ? new Date(0).toISOString() : d.toISOString();
}

function parseOr(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
