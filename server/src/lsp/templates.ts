/**
 * Templates in the editor: a yaml/json document (not an ASL one) that sniffs as a CloudFormation,
 * SAM, CDK or Serverless template gets the diagnostics of its state machines, only inside their
 * definitions, and a CodeLens above each machine; any other yaml/json document gets nothing.
 * One analysis per document version, shared by diagnostics, lenses, the graph and dry runs.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ErrorCodes, ResponseError, type CodeLens, type Connection, type TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AslDiagnostic, ValidationOptions } from '../core';
import type { ParsedDocument } from '../core/parse';
import {
  analyzeMachine,
  describeSymbol,
  openTemplate,
  reusedAnalysis,
  symbolAt,
  symbolScopeOf,
  type EmbeddedAnalysis,
  type HostRange,
  type OpenTemplate,
} from '../core/templates';
import { OPEN_GRAPH_COMMAND } from '../../../protocol/panel';
import { DEBUG_MACHINE_COMMAND } from '../../../protocol/debug';
import { textDocumentProblem } from './params';
import { linkedUri } from './linkedFindings';
import type { AnalysisCache } from './analyses';
import { mayBeMockFile } from './mockWorkspace';

/** The language ids of host documents (the YAML and JSON extensions' own). */
const HOST_LANGUAGES = new Set(['yaml', 'json', 'jsonc']);
/** ASL files keep their own path even when a user maps them to json or yaml. */
const ASL_NAME = /\.asl(\.json|\.ya?ml)?$/i;
/** Largest linked definition file read for a DefinitionUri / ${file(...)}. */
const MAX_LINKED_BYTES = 10 * 1024 * 1024;
/** VS Code's command that shows the Problems panel. */
const SHOW_PROBLEMS_COMMAND = 'workbench.actions.view.problems';

export function isHostDocument(doc: TextDocument): boolean {
  return HOST_LANGUAGES.has(doc.languageId) && !ASL_NAME.test(doc.uri);
}

export interface TemplateAnalysis {
  template: OpenTemplate;
  machines: EmbeddedAnalysis[];
}

export class TemplateCache {
  private readonly entries = new Map<string, { version: number; text: string; value: TemplateAnalysis | undefined }>();
  /**
   * Machine analyses made and carried over from the previous version, the versions whose host was
   * spliced from the previous one, and the JSON templates parsed whole here rather than shared
   * (for the logs and tests).
   */
  readonly counts = { analysed: 0, reused: 0, spliced: 0, jsonParses: 0 };

  /**
   * `openText`: the text of a document the editor has open (a linked file being edited is read
   * from there, not from disk). `sharedJson`: the version's exact-JSON parse if the server already
   * has one (AnalysisCache.exactJson), so a JSON template is not parsed a second time.
   */
  constructor(
    private options: ValidationOptions,
    private readonly openText: (uri: string) => string | undefined = () => undefined,
    private readonly sharedJson: (doc: TextDocument) => ParsedDocument | undefined = () => undefined,
  ) {}

  setOptions(options: ValidationOptions): void {
    this.options = options;
    this.entries.clear();
  }

  /** The template's machines, analysed; undefined for a document that holds none. */
  get(doc: TextDocument): TemplateAnalysis | undefined {
    const text = doc.getText();
    const hit = this.entries.get(doc.uri);
    if (hit && hit.version === doc.version && hit.text === text) return hit.value;
    // A JSON template reads the parse the mock-file check made of this version when it is exact
    // JSON; otherwise only the edited part is parsed again, spliced into the previous version's
    // tree (whole when unsure); a machine the edit cannot have changed keeps its analysis
    // (core/templates/reuse.ts).
    let shared = false;
    const template = openTemplate(text, pathOf(doc.uri), hit?.value?.template.host, () => {
      const parsed = this.sharedJson(doc);
      shared = parsed !== undefined;
      return parsed;
    });
    if (template?.host.syntax === 'json' && !shared && template.host.parse !== 'spliced') this.counts.jsonParses++;
    const readFile = (path: string) => {
      const uri = linkedUri(doc.uri, path);
      return (uri !== undefined ? this.openText(uri) : undefined) ?? readLinked(doc.uri, path);
    };
    const previous = hit?.value && { text: hit.text, host: hit.value.template.host, machines: hit.value.machines };
    // The template's own YAML/JSON syntax is the YAML and JSON extensions' to report, not ours.
    const analyse = (t: OpenTemplate, m: OpenTemplate['machines'][number]) => {
      const reused = reusedAnalysis(previous, text, t.host, m);
      if (reused) this.counts.reused++;
      else this.counts.analysed++;
      return reused ?? analyzeMachine(t.host, m, { ...this.options, readFile, hostSyntaxErrors: false });
    };
    if (template?.host.parse === 'spliced') this.counts.spliced++;
    const value = template && { template, machines: template.machines.map((m) => analyse(template, m)) };
    this.entries.set(doc.uri, { version: doc.version, text, value });
    return value;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }
}

/**
 * The parse a JSON template shares: the one the mock-file check reads (MockWorkspace.isMock, the
 * AnalysisCache's), when it is exact JSON. A document the check does not parse gets none here.
 */
export function sharedJsonOf(cache: AnalysisCache): (doc: TextDocument) => ParsedDocument | undefined {
  return (doc) => (mayBeMockFile(doc) ? cache.exactJson(doc) : undefined);
}

/** The machine a request names, or the only one; undefined when there is no such machine. */
export function machineOf(t: TemplateAnalysis | undefined, id: string | undefined): EmbeddedAnalysis | undefined {
  if (!t) return undefined;
  if (id === undefined) return t.machines.length === 1 ? t.machines[0] : undefined;
  return t.machines.find((a) => a.machine.id === id);
}

/**
 * A template's machine read from the template's text (the Testing request carries text, not an open
 * document), its substitutions applied as the Dry run lens applies them; or why there is none.
 */
export function templateMachineInText(uri: string, text: string, id: string, options: ValidationOptions): EmbeddedAnalysis | string {
  const t = openTemplate(text, pathOf(uri));
  const m = t?.machines.find((x) => x.id === id);
  if (!t || !m) return `The template has no state machine "${id}".`;
  const a = analyzeMachine(t.host, m, { ...options, readFile: (path) => readLinked(uri, path), hostSyntaxErrors: false });
  return a.analysis ? a : (a.problem ?? 'The definition cannot be read.');
}

/** Every finding the template's machines have in the template itself (a linked file's stay there). */
export function templateDiagnostics(t: TemplateAnalysis | undefined): AslDiagnostic[] {
  return t ? t.machines.flatMap((a) => a.diagnostics) : [];
}

/** What the template's machines find in their linked definition files, by the files' URIs (a file with none listed too). */
export function linkedDiagnostics(templateUri: string, t: TemplateAnalysis | undefined): Map<string, AslDiagnostic[]> {
  const out = new Map<string, AslDiagnostic[]>();
  for (const a of t?.machines ?? []) {
    if (a.machine.form !== 'file' || a.machine.file === undefined || !a.analysis) continue;
    const uri = linkedUri(templateUri, a.machine.file);
    if (uri !== undefined) out.set(uri, [...(out.get(uri) ?? []), ...a.fileDiagnostics]);
  }
  return out;
}

/** Hover over a `Ref` / `Fn::GetAtt` (or a `${Name}` standing for one) in or for a machine: what it is. */
export function symbolHoverAt(t: TemplateAnalysis | undefined, offset: number): { contents: string; range: HostRange } | undefined {
  for (const a of t?.machines ?? []) {
    const found = symbolAt(symbolScopeOf(t!.template.host, a.machine), offset);
    if (found) return { contents: describeSymbol(found.symbol), range: found.range };
  }
  return undefined;
}

/** The message that refuses an edit inside a machine that cannot be edited honestly, if the offset is in one. */
export function readOnlyAt(t: TemplateAnalysis | undefined, offset: number): string | undefined {
  const a = t?.machines.find((m) => offset >= m.machine.range.offset && offset <= m.machine.range.offset + m.machine.range.length);
  return a?.machine.readOnly;
}

/** The definition file a DefinitionUri / ${file(...)} at `offset` names (relative to the template), if any. */
export function linkedFileAt(t: TemplateAnalysis | undefined, offset: number): string | undefined {
  const a = t?.machines.find(
    (m) => m.machine.form === 'file' && offset >= m.machine.range.offset && offset <= m.machine.range.offset + m.machine.range.length,
  );
  return a?.machine.file;
}

/** A CodeLens row above each machine: its graph, a dry run, a debug session, its problems. */
export function registerTemplateLenses(connection: Connection, documents: TextDocuments<TextDocument>, cache: TemplateCache): void {
  connection.onCodeLens((params): CodeLens[] | ResponseError<void> => {
    const bad = textDocumentProblem(params);
    if (bad) return new ResponseError(ErrorCodes.InvalidParams, `CodeLens: ${bad}`);
    const doc = documents.get(params.textDocument.uri);
    if (!doc || !isHostDocument(doc)) return [];
    const t = cache.get(doc);
    if (!t) return [];
    const lenses: CodeLens[] = [];
    for (const a of t.machines) {
      const at = t.template.host.lines.rangeOf(a.machine.keyRange.offset, a.machine.keyRange.length);
      const range = { start: at.start, end: at.start };
      const args = [doc.uri, a.machine.id];
      if (a.problem) {
        lenses.push({ range, command: { title: a.problem, command: '' } });
        continue;
      }
      lenses.push({ range, command: { title: 'Graph', command: OPEN_GRAPH_COMMAND, arguments: args } });
      lenses.push({ range, command: { title: 'Dry run', command: OPEN_GRAPH_COMMAND, arguments: [...args, { run: true }] } });
      // The debugger without a launch.json (client/src/debug.ts: the template as "program", the machine as "machine").
      lenses.push({ range, command: { title: 'Debug', command: DEBUG_MACHINE_COMMAND, arguments: args } });
      const problems = [...a.diagnostics, ...a.fileDiagnostics].filter((d) => d.severity === 'error' || d.severity === 'warning').length;
      lenses.push({
        range,
        command: {
          title: problems === 0 ? 'No problems' : `${problems} problem${problems === 1 ? '' : 's'}`,
          command: problems === 0 ? '' : SHOW_PROBLEMS_COMMAND,
        },
      });
      if (a.machine.readOnly) lenses.push({ range, command: { title: 'Read-only (generated): edit the source', command: '' } });
    }
    return lenses;
  });
}

/** A linked definition file beside a `file:` template, read from disk (at most MAX_LINKED_BYTES); undefined when it cannot be. */
export function readLinked(uri: string, path: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    const file = join(dirname(fileURLToPath(uri)), path);
    const st = statSync(file);
    if (!st.isFile() || st.size > MAX_LINKED_BYTES) return undefined;
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function pathOf(uri: string): string {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : decodeURIComponent(uri.replace(/^[a-z-]+:/i, ''));
  } catch {
    return uri;
  }
}
