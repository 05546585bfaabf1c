/**
 * How the panel reaches the language server: its two custom requests go through the running
 * LanguageClient, so the server's parse of the document (the one its diagnostics come from) is
 * the one drawn and run.
 */
import type {
  GraphEditParams,
  GraphEditResponse,
  GraphParams,
  GraphPatchResult,
  GraphResult,
  RunParams,
  RunResult,
} from '../../../protocol/panel';
import { GRAPH_EDIT_REQUEST, GRAPH_REQUEST, RUN_REQUEST } from '../../../protocol/panel';
import {
  HISTORY_TEST_CASE_REQUEST,
  IMPORT_HISTORY_REQUEST,
  TEST_STATE_REQUEST,
  type HistoryTestCaseParams,
  type ImportHistoryParams,
  type ImportHistoryResult,
  type TestStateParams,
  type TestStateResult,
} from '../../../protocol/panelTests';
import { TEST_REQUEST, type TestParams, type TestResult } from '../../../protocol/testing';
import type { AddTestCaseResult } from '../../../protocol/mockFiles';

export interface ServerRequests {
  graph(params: GraphParams): Promise<GraphResult | GraphPatchResult>;
  run(params: RunParams): Promise<RunResult>;
  graphEdit(params: GraphEditParams): Promise<GraphEditResponse>;
  /** The Testing view's request: "Run all cases" asks the same, so both give the same verdicts. */
  test(params: TestParams): Promise<TestResult>;
  testState(params: TestStateParams): Promise<TestStateResult>;
  importHistory(params: ImportHistoryParams): Promise<ImportHistoryResult>;
  historyTestCase(params: HistoryTestCaseParams): Promise<AddTestCaseResult>;
}

interface Requester {
  sendRequest<R>(method: string, params: unknown): Promise<R>;
}

/** The requests through the ServerController, which rejects them while no server runs. */
export function serverRequests(controller: Requester): ServerRequests {
  return {
    graph: (params) => controller.sendRequest<GraphResult | GraphPatchResult>(GRAPH_REQUEST, params),
    run: (params) => controller.sendRequest<RunResult>(RUN_REQUEST, params),
    graphEdit: (params) => controller.sendRequest<GraphEditResponse>(GRAPH_EDIT_REQUEST, params),
    test: (params) => controller.sendRequest<TestResult>(TEST_REQUEST, params),
    testState: (params) => controller.sendRequest<TestStateResult>(TEST_STATE_REQUEST, params),
    importHistory: (params) => controller.sendRequest<ImportHistoryResult>(IMPORT_HISTORY_REQUEST, params),
    historyTestCase: (params) => controller.sendRequest<AddTestCaseResult>(HISTORY_TEST_CASE_REQUEST, params),
  };
}
