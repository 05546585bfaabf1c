/**
 * Templates for the CLI: a file that sniffs as a CloudFormation / SAM / CDK template or a
 * serverless.yml is opened as a host of state machines, each analysed with its findings at the
 * host's lines (a `DefinitionUri` / `${file()}` definition: at the linked file's lines).
 */
import { dirname, join } from 'node:path';
import { analyzeText, syntaxOfPath, type AslDiagnostic, type Analysis, type ValidationOptions } from '../core';
import { machineNameOf } from '../core/engine/mocks';
import { analyzeMachine, openTemplate, type EmbeddedAnalysis, type OpenTemplate } from '../core/templates';
import { didYouMean } from '../core/suggest';
import { ASL_FILE, readText } from './files';

export interface TemplateFile {
  file: string;
  template: OpenTemplate;
  machines: EmbeddedAnalysis[];
}

/** The file's machines when it is a template (an ASL-named file never is); undefined otherwise. */
export function openTemplateFile(file: string, text: string, options: ValidationOptions): TemplateFile | undefined {
  if (ASL_FILE.test(file)) return undefined;
  const template = openTemplate(text, file);
  if (!template) return undefined;
  const readFile = (path: string): string | undefined => {
    const r = readText(linkedPath(file, path));
    return 'text' in r ? r.text : undefined;
  };
  return { file, template, machines: template.machines.map((m) => analyzeMachine(template.host, m, { ...options, readFile })) };
}

/** Where a definition file named by a template is: relative to the template's folder. */
export function linkedPath(templateFile: string, path: string): string {
  return join(dirname(templateFile), path);
}

/** Every finding of one machine with the file it is in (the template, or its linked definition file). */
export function findingsOf(t: TemplateFile, a: EmbeddedAnalysis): { file: string; diagnostics: AslDiagnostic[] }[] {
  const out = [{ file: t.file, diagnostics: a.diagnostics }];
  if (a.machine.file !== undefined && a.fileDiagnostics.length > 0)
    out.push({ file: linkedPath(t.file, a.machine.file), diagnostics: a.fileDiagnostics });
  return out;
}

/** The machine `id` selects, or the only one; otherwise a message naming the choices. */
export function chooseMachine(t: TemplateFile, id: string | undefined): EmbeddedAnalysis | string {
  const ids = t.machines.map((a) => a.machine.id);
  if (id !== undefined) {
    const found = t.machines.find((a) => a.machine.id === id);
    return found ?? `${t.file} has no state machine "${id}".${didYouMean(id, ids)} It has: ${ids.join(', ')}.`;
  }
  if (t.machines.length === 1) return t.machines[0];
  return `${t.file} holds ${ids.length} state machines: ${ids.join(', ')}. Choose one with --machine ID.`;
}

/** FILE:LINE:COL severity code message, the CLI's one line per finding. */
export function findingLine(file: string, d: AslDiagnostic): string {
  return `${file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.code} ${d.message}`;
}

/** The one definition a run, a test or a graph is about: a plain ASL file, or one machine of a template. */
export interface ChosenDefinition {
  analysis: Analysis;
  /** The definition's JSON text (literal substitutions applied, for a template's machine). */
  text: string;
  /** The machine's name in a mock file: the file name without .asl.json, or the logical ID. */
  name: string;
  /** Every finding, with the file it is in, at that file's lines. */
  findings: { file: string; diagnostic: AslDiagnostic }[];
  /** The template machine, when it is one. */
  embedded?: EmbeddedAnalysis;
}

export function chooseDefinition(
  file: string,
  text: string,
  options: ValidationOptions,
  machineId: string | undefined,
): ChosenDefinition | string {
  const template = openTemplateFile(file, text, options);
  if (!template) {
    if (machineId !== undefined) return `--machine selects a state machine in a template; ${file} is not a template that holds one.`;
    const analysis = analyzeText(text, syntaxOfPath(file), options);
    return { analysis, text, name: machineNameOf(file), findings: analysis.diagnostics.map((diagnostic) => ({ file, diagnostic })) };
  }
  const chosen = chooseMachine(template, machineId);
  if (typeof chosen === 'string') return chosen;
  if (!chosen.analysis) return `${file}: ${chosen.machine.id}: ${chosen.problem ?? 'nothing to read.'}`;
  const findings = findingsOf(template, chosen).flatMap((f) => f.diagnostics.map((diagnostic) => ({ file: f.file, diagnostic })));
  return { analysis: chosen.analysis, text: chosen.definitionText, name: chosen.machine.id, findings, embedded: chosen };
}
