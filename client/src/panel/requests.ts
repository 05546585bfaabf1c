/**
 * How the panel reaches the language server: its two custom requests go through the running
 * LanguageClient, so the server's parse of the document (the one its diagnostics come from) is
 * the one drawn and run.
 */
import type { GraphParams, GraphResult, RunParams, RunResult } from './protocol';
import { GRAPH_REQUEST, RUN_REQUEST } from './protocol';

export interface ServerRequests {
  graph(params: GraphParams): Promise<GraphResult>;
  run(params: RunParams): Promise<RunResult>;
}

interface Requester {
  sendRequest<R>(method: string, params: unknown): Promise<R>;
}

/**
 * The requests through a ServerController. It should expose `sendRequest(method, params)`
 * (rejecting when no server runs); until it does, its private `client` is used, checked at
 * run time so that a rename there fails with a message, not a crash.
 */
export function serverRequests(controller: object): ServerRequests {
  const requester = (): Requester => {
    const c = controller as Partial<Requester> & { client?: Partial<Requester> };
    if (typeof c.sendRequest === 'function') return c as Requester;
    const client = c.client;
    if (client && typeof client.sendRequest === 'function') return client as Requester;
    throw new Error('The ASL language server is not running.');
  };
  return {
    graph: (params) => requester().sendRequest<GraphResult>(GRAPH_REQUEST, params),
    run: (params) => requester().sendRequest<RunResult>(RUN_REQUEST, params),
  };
}
