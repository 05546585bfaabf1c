/**
 * The graph panel's two requests (declared in protocol/panel.ts): the positioned graph
 * of an open document, from the same cached parse the diagnostics use, and a dry run of it. The
 * run happens in a worker process of the server (dryRun/), never in the webview, within the
 * aslWorkbench.dryRun limits, so that the server answers other requests meanwhile and a runaway
 * run is stopped; local handler code runs only when the extension says the workspace is trusted.
 */
import { fileURLToPath } from 'node:url';
import { ErrorCodes, ResponseError, type Connection, type TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { definitionInfo, loadMockFile, machineNameOf, DEFAULT_HANDLER_TIMEOUT_MS } from '../core/engine/mocks';
import { DryRunner } from '../dryRun/isolated';
import { timeLimitMs } from '../dryRun/limits';
import { graphOf, type PositionedGraph } from '../core/graph';
import { explainRun } from '../core/explain';
import { blockingErrors } from '../core/mockfile';
import { didYouMean } from '../core/suggest';
import { GRAPH_REQUEST, RUN_REQUEST, type GraphParams, type GraphResult, type RunParams, type RunResult } from '../../../protocol/panel';
import { syntaxOfDocument, type AnalysisCache } from './analyses';
import { panelParamsProblem } from './params';
import { validationOptions, type Settings } from './settings';
import { isHostDocument, machineOf, type TemplateCache } from './templates';
import type { Analysis } from '../core';
import type { EmbeddedAnalysis } from '../core/templates';

/** How long a request for a newer version than the server has waits for that version to arrive. */
const VERSION_WAIT_MS = 2000;

export function registerGraphRequests(connection: Connection, documents: TextDocuments<TextDocument>, cache: AnalysisCache, settings: () => Settings, templates?: TemplateCache): void {
  const dryRunner = new DryRunner({ onOutput: (text) => connection.console.log(`Dry-run worker: ${text}`) });
  // One layout per document version: the panel asks again when it is shown or revived.
  const graphs = new Map<string, { version: number; graph: PositionedGraph; millis: number }>();
  /** A template document's machine (named, or its only one), or why there is none. */
  const embedded = (doc: TextDocument, id: string | undefined): EmbeddedAnalysis | string => {
    const t = templates?.get(doc);
    const a = machineOf(t, id);
    if (a?.analysis) return a;
    if (a) return a.problem ?? 'The definition cannot be read.';
    const ids = t?.machines.map((m) => m.machine.id) ?? [];
    if (ids.length === 0) return 'The document holds no state machine.';
    return id === undefined ? `The document holds ${ids.length} state machines (${ids.join(', ')}): open the graph from the CodeLens above one.` : `The document has no state machine "${id}".${didYouMean(id, ids)}`;
  };
  documents.onDidClose((e) => graphs.delete(e.document.uri));

  connection.onRequest(GRAPH_REQUEST, async (params: GraphParams): Promise<GraphResult | ResponseError<void>> => {
    const bad = panelParamsProblem(params, true);
    if (bad) return new ResponseError(ErrorCodes.InvalidParams, `Graph: ${bad}`);
    const doc = await documentAt(documents, params.uri, params.version);
    if (!doc) return { ok: false, version: params.version, reason: 'The document is not open in the language server.' };
    const key = params.machine === undefined ? doc.uri : `${doc.uri}#${params.machine}`;
    const hit = graphs.get(key);
    if (hit && hit.version === doc.version) return { ok: true, version: doc.version, graph: hit.graph, millis: hit.millis };
    let analysis: Analysis;
    let chosen: EmbeddedAnalysis | undefined;
    if (isHostDocument(doc)) {
      const e = embedded(doc, params.machine);
      if (typeof e === 'string') return { ok: false, version: doc.version, reason: e };
      chosen = e;
      analysis = e.analysis!;
    } else analysis = cache.get(doc);
    const first = analysis.doc.syntaxErrors[0];
    if (first || !analysis.machine.root) {
      const where = first ? `Line ${analysis.doc.lines.rangeOf(first.offset, first.length).start.line + 1}: ${first.message}` : 'The document is not a JSON object.';
      return { ok: false, version: doc.version, reason: where };
    }
    const started = Date.now();
    let graph: PositionedGraph;
    try {
      graph = graphOf(analysis);
      if (chosen) graph = atHost(graph, chosen);
    } catch (err) {
      connection.console.error(`Graph of ${doc.uri} failed: ${(err as Error)?.stack ?? String(err)}`);
      return { ok: false, version: doc.version, reason: `The graph could not be drawn: ${(err as Error)?.message ?? String(err)}` };
    }
    const millis = Date.now() - started;
    for (const note of graph.layout.notes ?? []) connection.console.log(`Graph of ${doc.uri}: ${note}`);
    graphs.set(key, { version: doc.version, graph, millis });
    if (millis > 500) connection.console.log(`Graph of ${doc.uri}: ${analysis.machine.states.length} states laid out in ${millis} ms.`);
    return { ok: true, version: doc.version, graph, millis };
  });

  connection.onRequest(RUN_REQUEST, async (params: RunParams): Promise<RunResult | ResponseError<void>> => {
    const bad = panelParamsProblem(params, false);
    if (bad) return new ResponseError(ErrorCodes.InvalidParams, `Run: ${bad}`);
    const doc = documents.get(params.uri);
    if (!doc) return { ok: false, reason: 'The document is not open in the language server.' };
    let analysis: Analysis;
    let chosen: EmbeddedAnalysis | undefined;
    if (isHostDocument(doc)) {
      const e = embedded(doc, params.machine);
      if (typeof e === 'string') return { ok: false, reason: e };
      chosen = e;
      analysis = e.analysis!;
    } else analysis = cache.get(doc);
    const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) {
      const d = errors[0];
      return { ok: false, reason: `The definition has ${errors.length} error${errors.length === 1 ? '' : 's'}; fix ${errors.length === 1 ? 'it' : 'them'} before running (line ${d.range.start.line + 1}: ${d.message})` };
    }
    // A template's machine is named by its logical ID in mock files.
    const machineName = chosen ? chosen.machine.id : machineNameOf(pathOf(doc.uri));
    const info = definitionInfo(analysis.machine, machineName);
    let config = { stateMachines: new Map(), responses: new Map(), handlers: new Map() } as ReturnType<typeof loadMockFile>['config'];
    let testCase;
    if (params.mocks) {
      const loaded = loadMockFile(params.mocks.text, info);
      // Only mistakes in what this run reads stop it (the chosen test case, the responses it names, the structure).
      const bad = blockingErrors(params.mocks.text, loaded.diagnostics, machineName, params.testCase);
      if (bad.length > 0) return { ok: false, reason: `${params.mocks.path} has ${bad.length} error${bad.length === 1 ? '' : 's'} (line ${bad[0].range.start.line + 1}: ${bad[0].message})` };
      config = loaded.config;
      if (params.testCase !== undefined) {
        const cases = config.stateMachines.get(machineName)?.testCases;
        testCase = cases?.get(params.testCase);
        if (!testCase) {
          const names = [...(cases?.keys() ?? [])];
          return { ok: false, reason: `${params.mocks.path} has no test case "${params.testCase}" for "${machineName}".${didYouMean(params.testCase, names)}` };
        }
      }
      if (config.handlers.size > 0 && !params.allowHandlers) {
        return {
          ok: false,
          untrusted: true,
          reason: `${params.mocks.path} runs local handler code (LocalHandlers), and this workspace is not trusted, so nothing was run. Trust the workspace to run it.`,
        };
      }
    } else if (params.testCase !== undefined) {
      return { ok: false, reason: 'A test case needs a mock file.' };
    }
    const { dryRun } = settings();
    const limits = { timeLimitMs: timeLimitMs(dryRun.timeLimitSeconds, DEFAULT_HANDLER_TIMEOUT_MS), memoryLimitMb: dryRun.memoryLimitMb };
    const started = Date.now();
    const answer = await dryRunner.run(
      {
        definition: chosen ? chosen.definitionText : doc.getText(),
        syntax: chosen ? 'json' : syntaxOfDocument(doc),
        validation: { ...validationOptions(settings()), ...(chosen?.machine.machineType ? { machineType: chosen.machine.machineType } : {}) },
        machineName,
        mocks: params.mocks && { path: params.mocks.path, text: params.mocks.text },
        testCase: testCase?.name,
        input: params.input ? params.input.value : testCase?.test.input ? testCase.test.input.value : {},
        handlerTimeoutMs: DEFAULT_HANDLER_TIMEOUT_MS,
        allowHandlers: params.allowHandlers,
        wallTimeMs: limits.timeLimitMs,
        unmockedAdvice: 'editor',
      },
      limits,
    );
    if (!answer.ok) {
      connection.console.error(`Dry run of ${doc.uri} failed: ${answer.reason}`);
      return { ok: false, reason: answer.reason };
    }
    return { ok: true, result: answer.result, millis: Date.now() - started, explained: explainRun(answer.result, analysis.machine) };
  });
}

/** The document once the server has `version` of it (or the newest it gets within the wait). */
async function documentAt(documents: TextDocuments<TextDocument>, uri: string, version: number): Promise<TextDocument | undefined> {
  const doc = documents.get(uri);
  if (!doc || doc.version >= version) return doc;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      sub.dispose();
      resolve(documents.get(uri));
    }, VERSION_WAIT_MS);
    const sub = documents.onDidChangeContent((e) => {
      if (e.document.uri !== uri || e.document.version < version) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(e.document);
    });
  });
}

function pathOf(uri: string): string {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : decodeURIComponent(uri.replace(/^[a-z-]+:/i, ''));
  } catch {
    return uri;
  }
}

/** A template machine's graph with its offsets in the template (the panel reveals states there). */
function atHost(graph: PositionedGraph, e: EmbeddedAnalysis): PositionedGraph {
  const nodes = graph.model.nodes.map((n) => {
    const out = { ...n };
    if (n.nameOffset !== undefined) {
      const r = e.toHost(n.nameOffset, n.nameLength ?? 0);
      out.nameOffset = r.offset;
      out.nameLength = r.length;
    }
    if (n.start !== undefined && n.end !== undefined) {
      const r = e.toHost(n.start, n.end - n.start);
      out.start = r.offset;
      out.end = r.offset + r.length;
    }
    return out;
  });
  return { ...graph, model: { ...graph.model, nodes } };
}
