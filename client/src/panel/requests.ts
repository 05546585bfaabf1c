/**
 * How the panel reaches the language server: its two custom requests go through the running
 * LanguageClient, so the server's parse of the document (the one its diagnostics come from) is
 * the one drawn and run.
 */
import type { GraphEditParams, GraphEditResponse, GraphParams, GraphResult, RunParams, RunResult } from '../../../protocol/panel';
import { GRAPH_EDIT_REQUEST, GRAPH_REQUEST, RUN_REQUEST } from '../../../protocol/panel';

export interface ServerRequests {
  graph(params: GraphParams): Promise<GraphResult>;
  run(params: RunParams): Promise<RunResult>;
  graphEdit(params: GraphEditParams): Promise<GraphEditResponse>;
}

interface Requester {
  sendRequest<R>(method: string, params: unknown): Promise<R>;
}

/** The requests through the ServerController, which rejects them while no server runs. */
export function serverRequests(controller: Requester): ServerRequests {
  return {
    graph: (params) => controller.sendRequest<GraphResult>(GRAPH_REQUEST, params),
    run: (params) => controller.sendRequest<RunResult>(RUN_REQUEST, params),
    graphEdit: (params) => controller.sendRequest<GraphEditResponse>(GRAPH_EDIT_REQUEST, params),
  };
}
