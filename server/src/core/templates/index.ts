/**
 * State machines inside infrastructure templates: CloudFormation / SAM (JSON and YAML), CDK's
 * synthesized templates and Serverless Framework files. Pure: the adapters read files.
 *
 *   openTemplate(text, fileName) -> { kind, host, machines } | undefined (not a template with machines)
 *   analyzeMachine(host, machine, options) -> findings at the host's lines, the definition's analysis
 */
import { documentOf, MAX_DEPTH, parseDocument, type ParsedDocument } from '../parse';
import { spliceTree } from '../fastParse';
import { textEdit } from '../yaml/splice';
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
export {
  placeholderAt,
  linkedValue,
  describeLinkedPlaceholder,
  type PlaceholderHit,
  type LinkedValue,
  type LinkingMachine,
} from './linked';
export { reusedAnalysis, type PreviousTemplate } from './reuse';
export { symbolOfName, symbolOfNode, type SymbolicValue, type SymbolKind } from './symbols';
export type { EmbeddedMachine, HostDocument, DefinitionForm, Substitution } from './types';

export interface OpenTemplate {
  kind: TemplateKind;
  host: HostDocument;
  machines: EmbeddedMachine[];
}

/**
 * The template in `text` and its state machines; undefined when it holds none (or is no template).
 * `previous`: the previous version's host (the editor's last one), from whose parse only the edited
 * part is parsed again; the result is the same as without it. `parseJson` (optional) gives
 * `parseDocument(text, { placeholders: false })` or an equal parse the caller already has (an
 * editor parses each version once), or undefined; it is called only for a JSON template.
 */
export function openTemplate(
  text: string,
  fileName?: string,
  previous?: HostDocument,
  parseJson?: () => ParsedDocument | undefined,
): OpenTemplate | undefined {
  const kind = sniffTemplate(text, fileName);
  if (!kind) return undefined;
  const host = looksLikeJson(text) ? jsonHost(text, previous, parseJson?.()) : yamlHost(text, previous);
  if (!host) return undefined;
  const machines = findMachines(host, kind);
  return machines.length > 0 ? { kind, host, machines } : undefined;
}

export function jsonHost(text: string, previous?: HostDocument, parsed?: ParsedDocument): HostDocument | undefined {
  // Exact JSON: a template has no bare ${...} (those belong inside its strings).
  const tree = parsed === undefined && previous?.syntax === 'json' && previous.parsed ? splicedJson(previous.parsed, text) : undefined;
  const doc = parsed ?? (tree ? documentOf(text, tree, false) : parseDocument(text, { placeholders: false }));
  if (!doc.tree) return undefined;
  return {
    parsed: doc,
    parse: tree ? 'spliced' : 'full',
    text,
    tree: doc.tree,
    lines: doc.lines,
    syntax: 'json',
    syntaxErrors: doc.syntaxErrors,
    stringOffsets: (node) => jsonStringOffsets(text, doc.tree!.offset[node], doc.tree!.length[node]),
  };
}

/** As core/incremental.ts splices an ASL file: the innermost container around the edit parsed again; undefined: parse it whole. */
function splicedJson(prev: ParsedDocument, text: string): ReturnType<typeof spliceTree> {
  if (!prev.tree || prev.syntaxErrors.length > 0 || prev.placeholderOffsets.size > 0 || prev.placeholders) return undefined;
  const { start, oldEnd, delta } = textEdit(prev.text, text);
  return spliceTree(prev.tree, text, start, oldEnd, delta, MAX_DEPTH);
}
