/**
 * The graph panel's testing requests (protocol/panelTests.ts): "Test this state" (the
 * TestState-compatible runner, engine/testState.ts, over the open document), an imported AWS
 * execution history read against the open definition and replayed by a dry run of its input in the
 * dry-run worker (core/history), and the test case that replays a history as mock-file edits.
 * ("Run all cases" is the Testing view's request, lsp/testing.ts: one verdict for both.)
 */
import { ErrorCodes, ResponseError, type Connection, type TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_HANDLER_TIMEOUT_MS, machineNameOf } from '../core/engine/mocks';
import { valueAt } from '../core/engine/prepare';
import { testState, TestStateRequestError, type TestStateRequest } from '../core/engine/testState';
import { explainRun } from '../core/explain';
import {
  firstDivergence,
  historyInput,
  historyToResult,
  HistoryFormatError,
  readHistory,
  replayMockFile,
  REPLAY_CASE,
  testCaseFromRun,
  type AwsHistory,
} from '../core/history';
import { addRecordedCase } from '../core/mockfile';
import { LineIndex } from '../core/text';
import { DryRunner } from '../dryRun/isolated';
import { timeLimitMs } from '../dryRun/limits';
import type { RangeEdit } from '../../../protocol/mockFiles';
import type { AddTestCaseResult } from '../../../protocol/mockFiles';
import {
  HISTORY_TEST_CASE_REQUEST,
  IMPORT_HISTORY_REQUEST,
  TEST_STATE_REQUEST,
  readStateMock,
  type HistoryTestCaseParams,
  type ImportHistoryParams,
  type ImportHistoryResult,
  type TestStateParams,
  type TestStateResult,
} from '../../../protocol/panelTests';
import { syntaxOfDocument, type AnalysisCache } from './analyses';
import { pathOf } from './mockWorkspace';
import { validationOptions, type Settings } from './settings';
import { isHostDocument, machineOf, type TemplateCache } from './templates';
import type { Analysis } from '../core';

/** A history file as large as AWS's (25,000 events of up to 256 KB each would be more; this is what the panel reads). */
const MAX_HISTORY_CHARS = 50_000_000;
const MAX_NAME = 10_000;

export function registerPanelTestRequests(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  cache: AnalysisCache,
  settings: () => Settings,
  templates?: TemplateCache,
): void {
  const runner = new DryRunner({ onOutput: (text) => connection.console.log(`Replay worker: ${text}`) });
  const limitMs = (): number => timeLimitMs(settings().dryRun.timeLimitSeconds, DEFAULT_HANDLER_TIMEOUT_MS);

  /**
   * The open definition as a value, or why it cannot be used. A template's machine (`machine`, its
   * logical ID) is its definition with the template's substitutions applied, as the Dry run lens
   * runs it, and is named by that ID in mock files.
   */
  const definitionOf = (uri: string, machine: unknown): Definition | string => {
    const doc = documents.get(uri);
    if (!doc) return 'The document is not open in the language server.';
    if (machine !== undefined && (typeof machine !== 'string' || machine.length > MAX_NAME))
      return 'The machine must be a logical ID (a string).';
    let analysis: Analysis;
    let value: unknown;
    let text: string;
    let syntax: 'json' | 'yaml';
    let machineName: string;
    if (isHostDocument(doc)) {
      const t = templates?.get(doc);
      const e = machineOf(t, machine);
      if (!e)
        return machine === undefined
          ? "Open the graph of one of the template's machines from the CodeLens above it."
          : `The document has no state machine "${machine}".`;
      if (!e.analysis) return e.problem ?? 'The definition cannot be read.';
      analysis = e.analysis;
      text = e.definitionText;
      syntax = 'json';
      machineName = e.machine.id;
      try {
        value = JSON.parse(text);
      } catch {
        value = undefined;
      }
    } else {
      analysis = cache.get(doc);
      const tree = analysis.doc.tree;
      value = tree ? valueAt(tree, 0) : undefined;
      text = doc.getText();
      syntax = syntaxOfDocument(doc);
      machineName = machineNameOf(pathOf(doc.uri) ?? doc.uri);
    }
    const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0)
      return `The definition has ${errors.length} error${errors.length === 1 ? '' : 's'}; fix ${errors.length === 1 ? 'it' : 'them'} first (line ${errors[0].range.start.line + 1}: ${errors[0].message})`;
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return 'The document is not a state machine (a JSON object with StartAt and States).';
    return { doc, value: value as Record<string, unknown>, text, syntax, analysis, machineName };
  };

  /** A history sent with a request, read against the definition it names: the recorded run and its input. */
  const recordedFor = (params: { uri: string; history: string; machine?: unknown }) => {
    const def = definitionOf(params.uri, params.machine);
    if (typeof def === 'string') return def;
    const read = parseHistory(params.history);
    if (typeof read === 'string') return read;
    return { def, read, recorded: historyToResult(read, def.value), input: historyInput(read) };
  };

  connection.onRequest(TEST_STATE_REQUEST, async (params: TestStateParams): Promise<TestStateResult | ResponseError<void>> => {
    const p = params as unknown as Record<string, unknown>;
    if (typeof p?.uri !== 'string' || typeof p.stateName !== 'string' || p.stateName.length > MAX_NAME || typeof p.input !== 'string')
      return new ResponseError(ErrorCodes.InvalidParams, 'Test state: needs strings "uri", "stateName" and "input"');
    const mock = readStateMock(p.mock);
    if (typeof mock === 'string') return new ResponseError(ErrorCodes.InvalidParams, `Test state: ${mock}`);
    const def = definitionOf(params.uri, (params as { machine?: unknown }).machine);
    if (typeof def === 'string') return { ok: false, reason: def };
    // DEBUG: the data flow step by step, as the panel shows a dry run's.
    const request: TestStateRequest = {
      definition: def.value,
      stateName: params.stateName,
      input: params.input.trim() === '' ? '{}' : params.input,
      inspectionLevel: 'DEBUG',
    };
    if (mock) request.mock = mock;
    try {
      return { ok: true, response: await testState(request, { wallTimeMs: limitMs() }) };
    } catch (e) {
      if (e instanceof TestStateRequestError) return { ok: false, reason: `${e.code}: ${e.message}` };
      connection.console.error(`Test state ${params.stateName} of ${params.uri} failed: ${(e as Error)?.stack ?? String(e)}`);
      return { ok: false, reason: `The state could not be tested: ${(e as Error)?.message ?? String(e)}` };
    }
  });

  connection.onRequest(IMPORT_HISTORY_REQUEST, async (params: ImportHistoryParams): Promise<ImportHistoryResult | ResponseError<void>> => {
    if (typeof params?.uri !== 'string' || typeof params.history !== 'string' || params.history.length > MAX_HISTORY_CHARS)
      return new ResponseError(ErrorCodes.InvalidParams, 'Import history: needs strings "uri" and "history"');
    const h = recordedFor(params);
    if (typeof h === 'string') return { ok: false, reason: h };
    const { def, read, recorded, input } = h;
    const explained = explainRun(recorded, def.analysis.machine);
    const notes = [
      read.nextToken
        ? 'The history has a nextToken: it is one page of several, so the execution is shown as far as this page goes.'
        : undefined,
      recorded.hint,
    ].filter((n): n is string => n !== undefined);
    // The same input, each Task answering as it did: where the two part, the definition now acts otherwise.
    const machineName = def.machineName;
    const answer = await runner.run(
      {
        definition: def.text,
        syntax: def.syntax,
        validation: validationOptions(settings()),
        machineName,
        mocks: { path: pathOf(def.doc.uri) ?? def.doc.uri, text: replayMockFile(recorded, input, machineName) },
        testCase: REPLAY_CASE,
        input,
        handlerTimeoutMs: DEFAULT_HANDLER_TIMEOUT_MS,
        allowHandlers: false,
        wallTimeMs: limitMs(),
        unmockedAdvice: 'editor',
      },
      { timeLimitMs: limitMs(), memoryLimitMb: settings().dryRun.memoryLimitMb },
    );
    const out: ImportHistoryResult = { ok: true, recorded, input, explained };
    if (answer.ok) {
      out.replay = answer.result;
      const divergence = firstDivergence(recorded, answer.result);
      if (divergence) out.divergence = divergence;
    } else notes.push(`The dry run of the same input could not run: ${answer.reason}`);
    if (notes.length > 0) out.note = notes.join(' ');
    return out;
  });

  connection.onRequest(HISTORY_TEST_CASE_REQUEST, (params: HistoryTestCaseParams): AddTestCaseResult | ResponseError<void> => {
    const p = params as unknown as Record<string, unknown>;
    if (
      typeof p?.uri !== 'string' ||
      typeof p.history !== 'string' ||
      p.history.length > MAX_HISTORY_CHARS ||
      typeof p.mocksText !== 'string' ||
      typeof p.caseName !== 'string' ||
      p.caseName.trim() === '' ||
      p.caseName.length > MAX_NAME
    ) {
      return new ResponseError(ErrorCodes.InvalidParams, 'History test case: needs strings "uri", "history", "mocksText" and a "caseName"');
    }
    const h = recordedFor(params);
    if (typeof h === 'string') return { ok: false, reason: h };
    const { def, recorded, input } = h;
    // As `asl-workbench mocks from-history` writes it, added to the file as the panel's other test cases are.
    const added = addRecordedCase(params.mocksText, def.machineName, params.caseName.trim(), (name) =>
      testCaseFromRun(recorded, input, name),
    );
    return { ok: true, caseName: added.caseName, edits: ranged(params.mocksText, added.edits) };
  });
}

interface Definition {
  doc: TextDocument;
  value: Record<string, unknown>;
  /** What the dry run runs, in `syntax`. */
  text: string;
  syntax: 'json' | 'yaml';
  analysis: Analysis;
  /** Its name under a mock file's StateMachines. */
  machineName: string;
}

function parseHistory(text: string): AwsHistory | string {
  try {
    return readHistory(JSON.parse(text));
  } catch (e) {
    if (e instanceof HistoryFormatError) return e.message;
    return `The file is not JSON: ${(e as Error).message}`;
  }
}

function ranged(text: string, edits: { offset: number; length: number; newText: string }[]): RangeEdit[] {
  const lines = new LineIndex(text);
  return edits.map((e) => ({ range: lines.rangeOf(e.offset, e.length), newText: e.newText }));
}
