/**
 * State machines inside infrastructure templates: CloudFormation / SAM (JSON and YAML), CDK's
 * synthesized templates and Serverless Framework files. Pure: the adapters read files.
 *
 *   openTemplate(text, fileName) -> { kind, host, machines } | undefined (not a template with machines)
 *   analyzeMachine(host, machine, options) -> findings at the host's lines, the definition's analysis
 */
import { parseDocument, type ParsedDocument } from '../parse';
import { jsonStringOffsets } from './mapped';
import { findMachines } from './find';
import { looksLikeJson, sniffTemplate, type TemplateKind } from './sniff';
import type { EmbeddedMachine, HostDocument } from './types';
import { yamlHost } from './yamlHost';

export { sniffTemplate, looksLikeJson, STATE_MACHINE_TYPES, type TemplateKind } from './sniff';
export { findMachines } from './find';
export { analyzeMachine, type EmbeddedAnalysis, type EmbeddedOptions } from './analyze';
export { MappedText, type HostRange } from './mapped';
export { symbolAt, symbolScopeOf, describeSymbol } from './typed';
export { reusedAnalysis, type PreviousTemplate } from './reuse';
export { symbolOfName, symbolOfNode, type SymbolicValue, type SymbolKind } from './symbols';
export type { EmbeddedMachine, HostDocument, DefinitionForm, Substitution } from './types';

export interface OpenTemplate {
  kind: TemplateKind;
  host: HostDocument;
  machines: EmbeddedMachine[];
}

/** The template in `text` and its state machines; undefined when it holds none (or is no template). */
/**
 * `parseJson` (optional) gives `parseDocument(text, { placeholders: false })` or an equal parse
 * the caller already has (an editor parses each version once); it is called only for a JSON template.
 */
export function openTemplate(text: string, fileName?: string, parseJson?: () => ParsedDocument): OpenTemplate | undefined {
  const kind = sniffTemplate(text, fileName);
  if (!kind) return undefined;
  const host = looksLikeJson(text) ? jsonHost(text, parseJson?.()) : yamlHost(text);
  if (!host) return undefined;
  const machines = findMachines(host, kind);
  return machines.length > 0 ? { kind, host, machines } : undefined;
}

export function jsonHost(text: string, parsed?: ParsedDocument): HostDocument | undefined {
  // Exact JSON: a template has no bare ${...} (those belong inside its strings).
  const doc = parsed ?? parseDocument(text, { placeholders: false });
  if (!doc.tree) return undefined;
  return {
    text,
    tree: doc.tree,
    lines: doc.lines,
    syntax: 'json',
    syntaxErrors: doc.syntaxErrors,
    stringOffsets: (node) => jsonStringOffsets(text, doc.tree!.offset[node], doc.tree!.length[node]),
  };
}
