/**
 * The graph panel's two requests (declared in protocol/panel.ts): the positioned graph
 * of an open document, from the same cached parse the diagnostics use, and a dry run of it. The
 * run happens in a worker process of the server (dryRun/), never in the webview, within the
 * aslWorkbench.dryRun limits, so that the server answers other requests meanwhile and a runaway
 * run is stopped; local handler code runs only when the extension says the workspace is trusted.
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { ErrorCodes, ResponseError, type Connection, type TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { definitionInfo, loadMockFile, machineNameOf, DEFAULT_HANDLER_TIMEOUT_MS } from '../core/engine/mocks';
import { DryRunner } from '../dryRun/isolated';
import { timeLimitMs } from '../dryRun/limits';
import { graphReusing, type CachedGraph } from '../core/graph/reuse';
import type { PositionedGraph } from '../core/graph';
import { diffGraph } from '../core/graph/patch';
import { explainRun } from '../core/explain';
import { blockingErrors } from '../core/mockfile';
import { didYouMean } from '../core/suggest';
import { hasExpectations, judge } from '../core/testing/verdict';
import {
  GRAPH_EDIT_REQUEST,
  GRAPH_REQUEST,
  RUN_REQUEST,
  readGraphEdit,
  type GraphEditParams,
  type GraphEditResponse,
  type GraphParams,
  type GraphPatchResult,
  type GraphResult,
  type RunParams,
  type RunResult,
} from '../../../protocol/panel';
import { editFromGraph } from '../core/graph/edit';
import { toTextEdit } from './convert';
import { syntaxOfDocument, type AnalysisCache } from './analyses';
import { panelParamsProblem } from './params';
import { validationOptions, type Settings } from './settings';
import { isHostDocument, machineOf, type TemplateCache } from './templates';
import { linkedUri } from './linkedFindings';
import type { Analysis } from '../core';
import type { EmbeddedAnalysis } from '../core/templates';

/** How long a request for a newer version than the server has waits for that version to arrive. */
const VERSION_WAIT_MS = 2000;
/** Graph ids name this server process, so that a restarted server never patches a graph it did not send. */
const PROCESS_TAG = randomUUID().slice(0, 8);

/** A graph as answered, by the id a later request names as its base. */
interface SentGraph {
  id: string;
  graph: PositionedGraph;
}

export function registerGraphRequests(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  cache: AnalysisCache,
  settings: () => Settings,
  templates?: TemplateCache,
): void {
  const dryRunner = new DryRunner({ onOutput: (text) => connection.console.log(`Dry-run worker: ${text}`) });
  // One layout per document version (and machine of a template): the panel asks again when it is
  // shown or revived. The previous version's layout is reused when the edit changed nothing the
  // layout reads.
  // The analysis too: a template machine's linked file may change while the template's version stays.
  const graphs = new Map<
    string,
    { version: number; analysis: Analysis; collapsed: string; cached: CachedGraph; millis: number; sent: SentGraph }
  >();
  // Per document (and machine): the last graph answered, and the one the panel last said it shows
  // (it keeps an older one while typing changes nothing drawn), so a patch can start from either.
  const sent = new Map<string, { latest?: SentGraph; shown?: SentGraph }>();
  let sequence = 0;
  /** The answer for `graph`: a patch when the request's base is a graph the server still has. */
  const answer = (
    key: string,
    base: string | undefined,
    version: number,
    graph: SentGraph,
    millis: number,
    drawKey: string | undefined,
    source: string | undefined,
  ): GraphResult | GraphPatchResult => {
    const kept = sent.get(key) ?? {};
    const from = base === undefined ? undefined : [kept.latest, kept.shown].find((g) => g?.id === base);
    // A request without a base (a child run's graph, a test) says nothing about what the panel shows.
    sent.set(key, { latest: graph, shown: base === undefined ? kept.shown : from });
    const where = source !== undefined ? { source } : {};
    if (from)
      return { ok: true, version, base: from.id, patch: diffGraph(from.graph, graph.graph), millis, key: drawKey, id: graph.id, ...where };
    return { ok: true, version, graph: graph.graph, millis, key: drawKey, id: graph.id, ...where };
  };
  /** A template document's machine (named, or its only one), or why there is none. */
  const embedded = (doc: TextDocument, id: string | undefined): EmbeddedAnalysis | string => {
    const t = templates?.get(doc);
    const a = machineOf(t, id);
    if (a?.analysis) return a;
    if (a) return a.problem ?? 'The definition cannot be read.';
    const ids = t?.machines.map((m) => m.machine.id) ?? [];
    if (ids.length === 0) return 'The document holds no state machine.';
    return id === undefined
      ? `The document holds ${ids.length} state machines (${ids.join(', ')}): open the graph from the CodeLens above one.`
      : `The document has no state machine "${id}".${didYouMean(id, ids)}`;
  };
  documents.onDidClose((e) => {
    for (const k of [...graphs.keys()]) if (k === e.document.uri || k.startsWith(`${e.document.uri}#`)) graphs.delete(k);
    for (const k of [...sent.keys()]) if (k === e.document.uri || k.startsWith(`${e.document.uri}#`)) sent.delete(k);
  });

  connection.onRequest(GRAPH_REQUEST, async (params: GraphParams): Promise<GraphResult | GraphPatchResult | ResponseError<void>> => {
    const bad = panelParamsProblem(params, true);
    if (bad) return new ResponseError(ErrorCodes.InvalidParams, `Graph: ${bad}`);
    const doc = await documentAt(documents, params.uri, params.version);
    if (!doc) return { ok: false, version: params.version, reason: 'The document is not open in the language server.' };
    const key = params.machine === undefined ? doc.uri : `${doc.uri}#${params.machine}`;
    const hit = graphs.get(key);
    const collapsedIds = [...new Set(params.collapsed ?? [])].sort();
    const collapsed = collapsedIds.join('\n');
    let analysis: Analysis;
    let chosen: EmbeddedAnalysis | undefined;
    if (isHostDocument(doc)) {
      const e = embedded(doc, params.machine);
      if (typeof e === 'string') return { ok: false, version: doc.version, reason: e };
      chosen = e;
      analysis = e.analysis!;
    } else analysis = cache.get(doc);
    const at = (g: PositionedGraph): PositionedGraph => (chosen ? atHost(g, chosen) : g);
    const source = chosen ? linkedSource(doc.uri, chosen) : undefined;
    const base = typeof params.base === 'string' ? params.base : undefined;
    if (hit && hit.version === doc.version && hit.analysis === analysis && hit.collapsed === collapsed)
      return answer(key, base, doc.version, hit.sent, hit.millis, hit.cached.drawKey, source);
    const first = analysis.doc.syntaxErrors[0];
    if (first || !analysis.machine.root) {
      const where = first
        ? `Line ${analysis.doc.lines.rangeOf(first.offset, first.length).start.line + 1}: ${first.message}`
        : 'The document is not a JSON object.';
      return { ok: false, version: doc.version, reason: where };
    }
    const started = Date.now();
    let cached: CachedGraph;
    try {
      cached = graphReusing(analysis, hit?.cached, new Set(collapsedIds));
    } catch (err) {
      connection.console.error(`Graph of ${doc.uri} failed: ${(err as Error)?.stack ?? String(err)}`);
      return { ok: false, version: doc.version, reason: `The graph could not be drawn: ${(err as Error)?.message ?? String(err)}` };
    }
    const millis = Date.now() - started;
    const graph = at(cached.graph);
    if (!cached.reused) for (const note of graph.layout.notes ?? []) connection.console.log(`Graph of ${doc.uri}: ${note}`);
    const entry = { id: `${PROCESS_TAG}.${++sequence}`, graph };
    graphs.set(key, { version: doc.version, analysis, collapsed, cached, millis, sent: entry });
    if (millis > 500) connection.console.log(`Graph of ${doc.uri}: ${analysis.machine.states.length} states laid out in ${millis} ms.`);
    return answer(key, base, doc.version, entry, millis, cached.drawKey, source);
  });

  // An edit drawn on the graph, as text edits over the server's parse of the document.
  connection.onRequest(GRAPH_EDIT_REQUEST, async (params: GraphEditParams): Promise<GraphEditResponse | ResponseError<void>> => {
    const bad = panelParamsProblem(params, true);
    if (bad) return new ResponseError(ErrorCodes.InvalidParams, `Graph edit: ${bad}`);
    const edit = readGraphEdit((params as { edit?: unknown }).edit);
    if (typeof edit === 'string') return new ResponseError(ErrorCodes.InvalidParams, `Graph edit: ${edit}`);
    const doc = await documentAt(documents, params.uri, params.version);
    if (!doc) return { ok: false, reason: 'The document is not open in the language server.' };
    // A template's machine is read from inside its host's text: its edits would need mapping back.
    if (isHostDocument(doc))
      return { ok: false, reason: "Editing from the graph works on state machine documents; edit a template's machine in the editor." };
    const analysis = cache.get(doc);
    const result = editFromGraph(analysis, edit);
    if ('error' in result) return { ok: false, reason: result.error };
    return {
      ok: true,
      version: doc.version,
      edits: result.edits.map((e) => toTextEdit(analysis.doc.lines, e)),
      note: result.note,
      select: result.select,
    };
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
      return {
        ok: false,
        reason: `The definition has ${errors.length} error${errors.length === 1 ? '' : 's'}; fix ${errors.length === 1 ? 'it' : 'them'} before running (line ${d.range.start.line + 1}: ${d.message})`,
      };
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
      if (bad.length > 0)
        return {
          ok: false,
          reason: `${params.mocks.path} has ${bad.length} error${bad.length === 1 ? '' : 's'} (line ${bad[0].range.start.line + 1}: ${bad[0].message})`,
        };
      config = loaded.config;
      if (params.testCase !== undefined) {
        const cases = config.stateMachines.get(machineName)?.testCases;
        testCase = cases?.get(params.testCase);
        if (!testCase) {
          const names = [...(cases?.keys() ?? [])];
          return {
            ok: false,
            reason: `${params.mocks.path} has no test case "${params.testCase}" for "${machineName}".${didYouMean(params.testCase, names)}`,
          };
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
        validation: {
          ...validationOptions(settings()),
          ...(chosen?.machine.machineType ? { machineType: chosen.machine.machineType } : {}),
        },
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
    // A test case run with its own input (the panel prefills it) is judged as `asl-workbench test`
    // judges it; with another input, its expectations do not apply.
    const ownInput = !params.input || isDeepStrictEqual(params.input.value, testCase?.test.input ? testCase.test.input.value : {});
    const verdict = testCase && ownInput && hasExpectations(testCase.test) ? judge(testCase.test, answer.result) : undefined;
    return {
      ok: true,
      result: answer.result,
      millis: Date.now() - started,
      explained: explainRun(answer.result, analysis.machine),
      ...(verdict ? { verdict } : {}),
    };
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

/** The URI of the linked file a template machine's definition is (its graph's offsets are that file's); undefined for an inline one. */
function linkedSource(templateUri: string, e: EmbeddedAnalysis): string | undefined {
  return e.machine.form === 'file' && e.machine.file !== undefined ? linkedUri(templateUri, e.machine.file) : undefined;
}

/** A template machine's graph with its offsets in the template, or in its linked file (the panel reveals states there). */
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
