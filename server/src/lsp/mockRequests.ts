/**
 * The mock-file commands' requests (protocol/mockFiles.ts): a new mock file for an open
 * definition, a test case from a run, a handler stub. The core writes; this adapter finds the
 * document and turns offsets into LSP ranges.
 */
import { ErrorCodes, ResponseError, type Connection, type TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { definitionInfo, machineNameOf } from '../core/engine/mocks';
import type { TextEdit } from '../core/language';
import { addLocalHandler, addTestCase, handlerStub, mockFileSkeleton } from '../core/mockfile';
import { LineIndex } from '../core/text';
import {
  ADD_TEST_CASE_REQUEST,
  HANDLER_STUB_REQUEST,
  MOCK_SKELETON_REQUEST,
  addTestCaseProblem,
  handlerStubProblem,
  type AddTestCaseParams,
  type AddTestCaseResult,
  type HandlerStubParams,
  type HandlerStubResult,
  type MockSkeletonParams,
  type MockSkeletonResult,
  type RangeEdit,
} from '../../../protocol/mockFiles';
import type { AnalysisCache } from './analyses';
import { pathOf } from './mockWorkspace';

export function registerMockRequests(connection: Connection, documents: TextDocuments<TextDocument>, cache: AnalysisCache): void {
  const machineNameOfUri = (uri: string) => machineNameOf(pathOf(uri) ?? uri);

  connection.onRequest(MOCK_SKELETON_REQUEST, (params: MockSkeletonParams): MockSkeletonResult | ResponseError<void> => {
    if (typeof params?.uri !== 'string') return new ResponseError(ErrorCodes.InvalidParams, 'Mock skeleton: needs "uri"');
    const doc = documents.get(params.uri);
    if (!doc) return { ok: false, reason: 'The state machine is not open in the language server.' };
    const machine = cache.model(doc);
    if (!machine.root) return { ok: false, reason: 'The document is not a state machine (a JSON object with StartAt and States).' };
    const machineName = machineNameOfUri(doc.uri);
    return {
      ok: true,
      machineName,
      text: mockFileSkeleton(machine, machineName),
      lambdaFunctions: [...definitionInfo(machine, machineName).lambdaFunctions],
    };
  });

  connection.onRequest(ADD_TEST_CASE_REQUEST, (params: AddTestCaseParams): AddTestCaseResult | ResponseError<void> => {
    const bad = addTestCaseProblem(params);
    if (bad) return new ResponseError(ErrorCodes.InvalidParams, `Add test case: ${bad}`);
    const added = addTestCase(params.mocksText, machineNameOfUri(params.uri), params.caseName.trim(), params.input, params.result);
    return { ok: true, caseName: added.caseName, edits: ranged(params.mocksText, added.edits) };
  });

  connection.onRequest(HANDLER_STUB_REQUEST, (params: HandlerStubParams): HandlerStubResult | ResponseError<void> => {
    const bad = handlerStubProblem(params);
    if (bad) return new ResponseError(ErrorCodes.InvalidParams, `Handler stub: ${bad}`);
    return {
      ok: true,
      stub: handlerStub(params.functionName),
      edits: ranged(params.mocksText, addLocalHandler(params.mocksText, params.functionName, params.modulePath)),
    };
  });
}

function ranged(text: string, edits: TextEdit[]): RangeEdit[] {
  const lines = new LineIndex(text);
  return edits.map((e) => ({ range: lines.rangeOf(e.offset, e.length), newText: e.newText }));
}
