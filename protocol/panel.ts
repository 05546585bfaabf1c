/**
 * Every message of the graph panel, declared once: between the extension and the panel's webview
 * (postMessage), and between the extension and the language server (two custom LSP requests).
 * Imported by the extension (client/src/panel), the webview bundle (media/src) and the server
 * (server/src/lsp/graph.ts), so it stays pure: no vscode, no DOM, no Node.
 *
 * Whatever arrives is checked by the `read*` functions before use: a malformed message is
 * dropped (and logged by the receiver), never half-used.
 */
import type { ExecutionResult } from '../server/src/core/engine/types';
import type { PositionedGraph } from '../server/src/core/graph/types';
import { graphPatchProblem, type GraphPatch } from '../server/src/core/graph/patch';
import type { Verdict } from '../server/src/core/testing/verdict';
import { FORM_FIELDS, PALETTE_TYPES, type GraphEdit } from '../server/src/core/graph/editTypes';
import type { ExplainedVisit } from '../server/src/core/explain/explain';
import { readTestsToExtension, readTestsToWebview, type TestsToExtension, type TestsToWebview } from './panelTests';
import { readDebugProgress, type DebugProgress } from './debug';

export type { GraphEdit } from '../server/src/core/graph/editTypes';
export { FORM_FIELDS, PALETTE_TYPES } from '../server/src/core/graph/editTypes';

/** The webview panel type: also the serializer's key in package.json's activation events. */
export const PANEL_VIEW_TYPE = 'aslWorkbench.graph';

/**
 * The command that opens the graph panel: (uri?, machine?, { run? }?). The server's CodeLens
 * above a template's state machine names it with the machine's logical ID; `{ run: true }` (its
 * "Dry run") also starts a dry run once the graph is drawn.
 */
export const OPEN_GRAPH_COMMAND = 'aslWorkbench.openGraph';

// ---------------------------------------------------------------------------------------------
// Extension -> language server

/** Request: the positioned graph of an open document, from the server's one parse of it. */
export const GRAPH_REQUEST = 'aslWorkbench/graph';
export interface GraphParams {
  uri: string;
  /** A template's state machine (logical ID or Serverless key); absent: the document's only one. */
  machine?: string;
  /** The document version the extension has; the server waits (briefly) until it has it too. */
  version: number;
  /** Ids of the Parallel and Map states the panel shows collapsed. */
  collapsed?: string[];
  /** The `id` of the graph the panel shows (an earlier answer's): the server may answer with a patch from it. */
  base?: string;
}
/** The answer: the whole graph, or (GraphPatchResult) a patch from the graph the request named as its base. */
export type GraphResult =
  | {
      ok: true;
      version: number;
      graph: PositionedGraph;
      /** layout time on the server */
      millis: number;
      /** Equal keys, same picture: the extension need not send the page a graph it already shows. */
      key?: string;
      /** This graph's name for a later request's `base` (unique to the server process). */
      id?: string;
      /**
       * The URI of the document the model's offsets are in, when it is not the requested one: a
       * template machine whose definition is a linked file (SAM `DefinitionUri`, Serverless
       * `${file(...)}`). The panel reveals states, follows the cursor and sets breakpoints there.
       * Absent: the requested document's (an ASL file, a template's inline definition).
       */
      source?: string;
    }
  | { ok: false; version: number; /** why there is no graph: shown in the panel's banner */ reason: string };
/** Only when the request named a `base` the server still has: the graph as a patch from it (server/src/core/graph/patch.ts). */
export interface GraphPatchResult {
  ok: true;
  version: number;
  /** The base's id, as the request named it. */
  base: string;
  patch: GraphPatch;
  millis: number;
  key?: string;
  id: string;
  /** As in GraphResult. */
  source?: string;
}

/** Request: one dry run of an open document. */
export const RUN_REQUEST = 'aslWorkbench/run';
export interface RunParams {
  uri: string;
  /** A template's state machine (logical ID or Serverless key); absent: the document's only one. */
  machine?: string;
  /** The execution input; absent: the test case's `$test.Input`, else `{}` (as the CLI does). */
  input?: { value: unknown };
  /** A mock file: its path (local handlers resolve against its folder) and text. */
  mocks?: { path: string; text: string };
  testCase?: string;
  /** False in an untrusted workspace: local handler code must not run. */
  allowHandlers: boolean;
}
export type RunResult =
  | {
      ok: true;
      result: ExecutionResult;
      millis: number;
      /** each state visit in words (core/explain) */ explained?: ExplainedVisit[];
      /** a test case with `$test` expectations: passed or failed, as `asl-workbench test` says */ verdict?: Verdict;
    }
  | { ok: false; reason: string; /** the run was refused because the workspace is not trusted */ untrusted?: boolean };

/** Request: the text edits that make a change drawn on the graph (the extension applies them as one WorkspaceEdit, so undo undoes it). */
export const GRAPH_EDIT_REQUEST = 'aslWorkbench/graphEdit';
export interface GraphEditParams {
  uri: string;
  /** The version the panel's graph was drawn from; the server answers from that version or a newer one. */
  version: number;
  edit: GraphEdit;
}
export interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}
export type GraphEditResponse =
  | { ok: true; version: number; edits: { range: LspRange; newText: string }[]; note?: string; select?: string }
  | { ok: false; reason: string };

// ---------------------------------------------------------------------------------------------
// Extension -> webview

export interface MockFileInfo {
  /** The file's URI, which the webview hands back when it asks for a run. */
  uri: string;
  /** Workspace-relative path, for the picker. */
  label: string;
  /** Test cases for this state machine in the file, with their `$test.Input` as JSON text. */
  testCases: { name: string; input?: string }[];
}

/**
 * A large message (a whole graph: about 2 MB of JSON at 2,000 states) as gzip'd UTF-8 JSON bytes,
 * to a page that said it can unpack them (`ready.gzip`). Bytes cross to the webview as binary, and
 * in code-server the JSON took 150 ms a megabyte from the extension host to the page. The page
 * unpacks it and reads the message inside with `readToWebview`, keeping the order of messages.
 */
export interface PackedMessage {
  type: 'packed';
  gzip: Uint8Array;
}

export type ToWebview =
  /** First message after `ready`: which file (the page keeps its URI for the serializer), and whether handlers may run. */
  | { type: 'init'; uri: string; fileName: string; trusted: boolean; /** a template's machine the panel shows */ machine?: string }
  | { type: 'graph'; version: number; graph: PositionedGraph; millis: number; /** for a later `graphPatch`'s base */ id?: string }
  /** The graph as a change from the one the page has (`base`: the id of the last graph or patch sent); else the page asks to `resync`. */
  | { type: 'graphPatch'; version: number; base: string; id: string; patch: GraphPatch; millis: number }
  /** The text does not parse (or the server cannot answer): keep the last graph, show why. */
  | { type: 'invalid'; version: number; reason: string }
  /** The state the editor's cursor is in, or null. */
  | { type: 'cursor'; nodeId: string | null }
  | { type: 'mocks'; files: MockFileInfo[] }
  | { type: 'runResult'; result: ExecutionResult; millis: number; explained?: ExplainedVisit[]; verdict?: Verdict }
  | { type: 'runError'; message: string; untrusted?: boolean }
  /** Run now, as the Run button does (the form's input and mock file): the "Dry run" CodeLens asked for it. Sent after a graph. */
  | { type: 'startRun' }
  /** What became of an edit asked for from the graph: refused (with why), or made (with a note, and the state to select). */
  | { type: 'editResult'; ok: boolean; message?: string; select?: string }
  /** A debug session of this machine: where it is paused and the path so far; null: the session is over. */
  | { type: 'debug'; progress: DebugProgress | null }
  /** The editor's breakpoints, on the states whose lines hold them. */
  | { type: 'breakpoints'; nodes: GraphBreakpoint[] }
  /** Run all cases, coverage, Test this state, an imported history, a child run (protocol/panelTests.ts). */
  | TestsToWebview;

/** A breakpoint as the graph shows it on a state. */
export interface GraphBreakpoint {
  nodeId: string;
  enabled: boolean;
  /** A condition, hit count or log message, for the tooltip. */
  detail?: string;
}

// ---------------------------------------------------------------------------------------------
// Webview -> extension

export type ToExtension =
  /** The page is listening: send `init` and the graph. `gzip`: it can unpack a `PackedMessage`. */
  | { type: 'ready'; gzip?: boolean }
  /** A `graphPatch` did not fit the page's graph: send the whole graph. */
  | { type: 'resync' }
  /** Show this node's state in the editor and select its name; `focus`: move the keyboard focus to the editor too. */
  | { type: 'reveal'; nodeId: string; focus?: boolean }
  /** Change the document as drawn on the graph. */
  | { type: 'edit'; edit: GraphEdit }
  /** Draw a Parallel or Map state closed (its branches hidden) or open again. */
  | { type: 'collapse'; nodeId: string; collapsed: boolean }
  /** Dry-run the document. `input` is the text of the input editor (JSON). */
  | { type: 'run'; input: string; mockFile?: string; testCase?: string }
  /** Find the mock files again. */
  | { type: 'refreshMocks' }
  /** A problem inside the webview, for the output channel. */
  | { type: 'log'; message: string }
  /** Add a breakpoint on this state (on its name's line), or remove the ones it has. */
  | { type: 'toggleBreakpoint'; nodeId: string }
  /** Run all cases, Test this state, import a history, open a child run, the mock-file commands (protocol/panelTests.ts). */
  | TestsToExtension;

/** What the webview keeps in its state (getState/setState); the serializer reads `uri` to revive the panel. */
export interface PanelState {
  uri?: string;
  /** The template machine the panel shows, when it shows one. */
  machine?: string;
  input: string;
  mockFile?: string;
  testCase?: string;
  view?: { x: number; y: number; k: number };
  /** Sizes of the sidebar and the events table, and whether they are collapsed. */
  panes?: { side: number; sideHidden: boolean; history: number; historyCollapsed: boolean };
}

// ---------------------------------------------------------------------------------------------
// Checks

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const optStr = (v: unknown): boolean => v === undefined || isStr(v);
const MAX_TEXT = 50_000_000;

/** The message as a ToExtension, or a reason it is not one. */
export function readToExtension(m: unknown): ToExtension | string {
  if (!isObj(m) || !isStr(m.type)) return 'not an object with a "type"';
  const tests = readTestsToExtension(m);
  if (tests !== undefined) return tests;
  switch (m.type) {
    case 'ready':
      if (m.gzip !== undefined && typeof m.gzip !== 'boolean') return '"gzip" must be a boolean';
      return m.gzip === true ? { type: 'ready', gzip: true } : { type: 'ready' };
    case 'resync':
    case 'refreshMocks':
      return { type: m.type };
    case 'reveal':
      if (!isStr(m.nodeId) || (m.focus !== undefined && typeof m.focus !== 'boolean'))
        return 'reveal needs a string "nodeId" (and "focus" a boolean)';
      return m.focus === undefined ? { type: 'reveal', nodeId: m.nodeId } : { type: 'reveal', nodeId: m.nodeId, focus: m.focus };
    case 'collapse':
      return editStr(m.nodeId) && typeof m.collapsed === 'boolean'
        ? { type: 'collapse', nodeId: m.nodeId, collapsed: m.collapsed }
        : 'collapse needs a string "nodeId" and a boolean "collapsed"';
    case 'edit': {
      const edit = readGraphEdit(m.edit);
      return typeof edit === 'string' ? `edit: ${edit}` : { type: 'edit', edit };
    }
    case 'run':
      if (!isStr(m.input) || m.input.length > MAX_TEXT) return 'run needs a string "input"';
      if (!optStr(m.mockFile) || !optStr(m.testCase)) return 'run: "mockFile" and "testCase" must be strings';
      return { type: 'run', input: m.input, mockFile: m.mockFile as string | undefined, testCase: m.testCase as string | undefined };
    case 'log':
      return isStr(m.message) ? { type: 'log', message: m.message.slice(0, 2000) } : 'log needs a string "message"';
    case 'toggleBreakpoint':
      return editStr(m.nodeId) ? { type: 'toggleBreakpoint', nodeId: m.nodeId } : 'toggleBreakpoint needs a string "nodeId"';
    default:
      return `unknown type "${String(m.type).slice(0, 40)}"`;
  }
}

/** The message as a ToWebview, or a reason it is not one. */
export function readToWebview(m: unknown): ToWebview | string {
  if (!isObj(m) || !isStr(m.type)) return 'not an object with a "type"';
  const tests = readTestsToWebview(m, { result: resultProblem, graph: graphProblem });
  if (tests !== undefined) return tests;
  switch (m.type) {
    case 'init':
      if (!optStr(m.machine)) return 'init: "machine" must be a string';
      return isStr(m.uri) && isStr(m.fileName) && typeof m.trusted === 'boolean'
        ? {
            type: 'init',
            uri: m.uri,
            fileName: m.fileName,
            trusted: m.trusted,
            ...(m.machine !== undefined ? { machine: m.machine as string } : {}),
          }
        : 'init needs "uri", "fileName" and "trusted"';
    case 'graph': {
      if (!isNum(m.version) || !isNum(m.millis)) return 'graph needs numbers "version" and "millis"';
      if (!optStr(m.id)) return 'graph: "id" must be a string';
      const why = graphProblem(m.graph);
      return (
        why ?? {
          type: 'graph',
          version: m.version,
          graph: m.graph as PositionedGraph,
          millis: m.millis,
          ...(m.id !== undefined ? { id: m.id as string } : {}),
        }
      );
    }
    case 'graphPatch': {
      if (!isNum(m.version) || !isNum(m.millis) || !isStr(m.base) || !isStr(m.id))
        return 'graphPatch needs numbers "version" and "millis", strings "base" and "id"';
      const why = graphPatchProblem(m.patch);
      return why ?? { type: 'graphPatch', version: m.version, base: m.base, id: m.id, patch: m.patch as GraphPatch, millis: m.millis };
    }
    case 'invalid':
      return isNum(m.version) && isStr(m.reason)
        ? { type: 'invalid', version: m.version, reason: m.reason }
        : 'invalid needs "version" and "reason"';
    case 'cursor':
      return m.nodeId === null || isStr(m.nodeId)
        ? { type: 'cursor', nodeId: m.nodeId as string | null }
        : 'cursor needs "nodeId" (string or null)';
    case 'mocks':
      if (
        !Array.isArray(m.files) ||
        !m.files.every(
          (f) =>
            isObj(f) &&
            isStr(f.uri) &&
            isStr(f.label) &&
            Array.isArray(f.testCases) &&
            f.testCases.every((t) => isObj(t) && isStr(t.name) && optStr(t.input)),
        )
      ) {
        return 'mocks needs "files": [{uri, label, testCases: [{name, input?}]}]';
      }
      return { type: 'mocks', files: m.files as MockFileInfo[] };
    case 'runResult': {
      if (!isNum(m.millis)) return 'runResult needs "millis"';
      const why = resultProblem(m.result) ?? explainedProblem(m.explained) ?? verdictProblem(m.verdict);
      if (why) return why;
      return {
        type: 'runResult',
        result: m.result as ExecutionResult,
        millis: m.millis,
        ...(m.explained !== undefined ? { explained: m.explained as ExplainedVisit[] } : {}),
        ...(m.verdict !== undefined ? { verdict: m.verdict as Verdict } : {}),
      };
    }
    case 'runError':
      return isStr(m.message) && (m.untrusted === undefined || typeof m.untrusted === 'boolean')
        ? { type: 'runError', message: m.message, untrusted: m.untrusted as boolean | undefined }
        : 'runError needs "message"';
    case 'startRun':
      return { type: 'startRun' };
    case 'editResult':
      return typeof m.ok === 'boolean' && optStr(m.message) && optStr(m.select)
        ? { type: 'editResult', ok: m.ok, message: m.message as string | undefined, select: m.select as string | undefined }
        : 'editResult needs "ok" (and strings "message", "select")';
    case 'debug': {
      if (m.progress === null) return { type: 'debug', progress: null };
      const progress = readDebugProgress(m.progress);
      return typeof progress === 'string' ? `debug: ${progress}` : { type: 'debug', progress };
    }
    case 'breakpoints':
      if (
        !Array.isArray(m.nodes) ||
        !m.nodes.every((b) => isObj(b) && isStr(b.nodeId) && typeof b.enabled === 'boolean' && optStr(b.detail))
      )
        return 'breakpoints needs "nodes": [{nodeId, enabled, detail?}]';
      return { type: 'breakpoints', nodes: m.nodes as GraphBreakpoint[] };
    default:
      return `unknown type "${String(m.type).slice(0, 40)}"`;
  }
}

/** Longest id or name an edit may carry (ids are names on a path, names at most 80 characters). */
const MAX_EDIT_STRING = 10_000;
const editStr = (v: unknown): v is string => isStr(v) && v.length <= MAX_EDIT_STRING;

/** The value as a GraphEdit, or why it is not one. */
export function readGraphEdit(e: unknown): GraphEdit | string {
  if (!isObj(e) || !isStr(e.op)) return 'needs an object with an "op"';
  switch (e.op) {
    case 'rename':
      return editStr(e.node) && editStr(e.name) ? { op: 'rename', node: e.node, name: e.name } : 'rename needs strings "node" and "name"';
    case 'delete':
      return editStr(e.node) ? { op: 'delete', node: e.node } : 'delete needs a string "node"';
    case 'add':
      if (!(PALETTE_TYPES as readonly unknown[]).includes(e.type)) return `add: "type" must be one of ${PALETTE_TYPES.join(', ')}`;
      if (
        (e.after === undefined) === (e.edge === undefined) ||
        !(e.after === undefined || editStr(e.after)) ||
        !(e.edge === undefined || editStr(e.edge))
      )
        return 'add needs one of "after" (a node) or "edge"';
      return {
        op: 'add',
        type: e.type as (typeof PALETTE_TYPES)[number],
        ...(e.after !== undefined ? { after: e.after as string } : { edge: e.edge as string }),
      };
    case 'connect':
      if (!editStr(e.from) || !editStr(e.to) || !(e.edge === undefined || editStr(e.edge)))
        return 'connect needs strings "from" and "to" (and "edge")';
      return e.edge === undefined
        ? { op: 'connect', from: e.from, to: e.to }
        : { op: 'connect', from: e.from, to: e.to, edge: e.edge as string };
    case 'setField':
      if (!editStr(e.node) || !(FORM_FIELDS as readonly unknown[]).includes(e.key))
        return `setField needs "node" and a "key" among ${FORM_FIELDS.join(', ')}`;
      if (!(e.value === undefined || (isStr(e.value) && e.value.length <= MAX_EDIT_STRING) || isNum(e.value)))
        return 'setField: "value" must be a string or a number';
      return { op: 'setField', node: e.node, key: e.key as (typeof FORM_FIELDS)[number], value: e.value as string | number | undefined };
    default:
      return `unknown op "${String(e.op).slice(0, 40)}"`;
  }
}

const NODE_KINDS = new Set(['state', 'start', 'end', 'missing']);
const isBox = (b: unknown): boolean => isObj(b) && isNum(b.x) && isNum(b.y) && isNum(b.width) && isNum(b.height);

/** Why this is not a PositionedGraph the renderer can draw, or undefined. Linear in its size. */
export function graphProblem(g: unknown): string | undefined {
  if (!isObj(g) || !isObj(g.model) || !isObj(g.layout)) return 'graph needs "model" and "layout"';
  const { model, layout } = g;
  if (!Array.isArray(model.nodes) || !Array.isArray(model.edges) || !Array.isArray(model.scopes))
    return 'graph.model needs arrays "nodes", "edges", "scopes"';
  if (!isObj(layout.nodes) || !isObj(layout.edges) || !isObj(layout.scopes) || !isNum(layout.width) || !isNum(layout.height))
    return 'graph.layout is incomplete';
  for (const n of model.nodes) {
    if (!isObj(n) || !isStr(n.id) || !isStr(n.name) || !isStr(n.scope) || !NODE_KINDS.has(n.kind as string))
      return 'a graph node is malformed';
    if (n.children !== undefined && !(Array.isArray(n.children) && n.children.every(isStr)))
      return `node ${n.id}: "children" must be strings`;
    const box = layout.nodes[n.id];
    if (box !== undefined && !(isBox(box) && Array.isArray((box as Obj).lines) && ((box as Obj).lines as unknown[]).every(isStr)))
      return `node ${n.id}: malformed box`;
  }
  for (const e of model.edges) {
    if (!isObj(e) || !isStr(e.id) || !isStr(e.from) || !isStr(e.to) || !isStr(e.kind) || !optStr(e.label))
      return 'a graph edge is malformed';
    const geo = layout.edges[e.id];
    if (geo === undefined) continue;
    if (!isObj(geo) || !Array.isArray(geo.points) || !geo.points.every((p) => isObj(p) && isNum(p.x) && isNum(p.y)))
      return `edge ${e.id}: malformed points`;
    if (geo.label !== undefined && !(isBox(geo.label) && Array.isArray((geo.label as Obj).lines))) return `edge ${e.id}: malformed label`;
    if (geo.reference !== undefined && !(isBox(geo.reference) && isStr((geo.reference as Obj).text)))
      return `edge ${e.id}: malformed reference`;
  }
  for (const s of model.scopes)
    if (!isObj(s) || !isStr(s.id) || !isStr(s.label) || !Array.isArray(s.nodes) || !Array.isArray(s.edges))
      return 'a graph scope is malformed';
  for (const b of Object.values(layout.scopes)) if (!isBox(b)) return 'a scope frame is malformed';
  if (layout.notes !== undefined && !(Array.isArray(layout.notes) && layout.notes.every(isStr)))
    return 'graph.layout.notes must be strings';
  return undefined;
}

/** Why this is not a test verdict (passed, failures), or undefined; absent is fine. */
export function verdictProblem(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (!isObj(v) || typeof v.passed !== 'boolean' || !Array.isArray(v.failures) || !v.failures.every(isStr) || !optStr(v.divergedAt))
    return 'verdict needs "passed" and "failures" (strings)';
  return undefined;
}

/** Why this is not a list of explained state visits, or undefined (absent is fine). */
export function explainedProblem(x: unknown): string | undefined {
  if (x === undefined) return undefined;
  if (!Array.isArray(x)) return '"explained" must be an array';
  for (const v of x) {
    if (!isObj(v) || !isStr(v.stateName) || !isNum(v.enteredEventId) || !Array.isArray(v.lines) || !v.lines.every(isStr))
      return 'an explained visit is malformed';
  }
  return undefined;
}

/**
 * The status of an execution a local endpoint is still running (client/src/endpointWatch.ts sends
 * it to the panel as a run result while it follows the execution); the engine's runs never have it.
 */
export const LIVE_STATUS = 'RUNNING';
const STATUSES = new Set(['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', LIVE_STATUS]);

/** Why this is not an ExecutionResult the panel can show, or undefined. */
export function resultProblem(r: unknown): string | undefined {
  if (!isObj(r) || !STATUSES.has(r.status as string)) return 'result needs a "status"';
  if (!Array.isArray(r.path) || !r.path.every(isStr)) return 'result.path must be strings';
  if (!Array.isArray(r.events)) return 'result.events must be an array';
  for (const e of r.events) {
    if (!isObj(e) || !isNum(e.id) || !isStr(e.type) || !optStr(e.stateName) || !optStr(e.timestamp)) return 'a history event is malformed';
    if (e.scope !== undefined && !(Array.isArray(e.scope) && e.scope.every(isStr))) return `event ${e.id}: "scope" must be strings`;
    if (e.details !== undefined && !isObj(e.details)) return `event ${e.id}: "details" must be an object`;
  }
  if (!optStr(r.error) || !optStr(r.cause) || !optStr(r.hint)) return 'result.error, result.cause and result.hint must be strings';
  return undefined;
}
