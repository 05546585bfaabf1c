/**
 * Which workspace file an endpoint's state machine was created from, so that a click on a state
 * in the graph goes to its source: the file whose definition is the same JSON value (an
 * application's tests usually send a file's text as it is), else a machine of a SAM /
 * CloudFormation / Serverless template whose definition it is once deployed, else the
 * `.asl.json`/`.asl.yaml` file named like the machine. No vscode here.
 */
import { analyzeMachine, openTemplate } from '../../server/src/core/templates';

export interface Candidate {
  /** The file's URI (as a string) and its text. */
  uri: string;
  text: string;
}

const ASL_SUFFIX = /\.asl\.(json|ya?ml)$/i;

export function sourceOf(definition: string, machineName: string, files: Candidate[]): string | undefined {
  return sameDefinitionFile(definition, files) ?? namedFile(machineName, files);
}

/** Where an endpoint machine's definition is written: a file, or a machine of a template (its logical ID). */
export interface Source {
  uri: string;
  machine?: string;
}

/**
 * A machine file with the same definition, else a template machine (templateSourceOf), else the
 * machine file named like it. `readLinked(templateUri, path)`: a linked definition file's text.
 */
export function locateSource(definition: string, machineName: string, files: Candidate[], templates: Candidate[], readLinked: (templateUri: string, path: string) => string | undefined): Source | undefined {
  const file = sameDefinitionFile(definition, files);
  if (file !== undefined) return { uri: file };
  const machine = templateSourceOf(definition, machineName, templates, readLinked);
  if (machine) return machine;
  const named = namedFile(machineName, files);
  return named === undefined ? undefined : { uri: named };
}

function sameDefinitionFile(definition: string, files: Candidate[]): string | undefined {
  const wanted = parse(definition);
  if (wanted === undefined) return undefined;
  for (const f of files) {
    if (!/\.json$/i.test(f.uri)) continue;
    const value = parse(f.text);
    if (value !== undefined && sameValue(value, wanted)) return f.uri;
  }
  return undefined;
}

function namedFile(machineName: string, files: Candidate[]): string | undefined {
  return files.find((f) => baseName(f.uri).replace(ASL_SUFFIX, '') === machineName)?.uri;
}

/** The definition files (paths relative to the template's folder) a template's machines link to. */
export function linkedPathsOf(template: Candidate): string[] {
  const t = openTemplate(template.text, pathOf(template.uri));
  return (t?.machines ?? []).flatMap((m) => (m.form === 'file' && m.file !== undefined ? [m.file] : []));
}

/**
 * The template machine whose definition, with its literal substitutions applied (the core's
 * template reader), is the endpoint's: what is still a `${Name}` in it (a Ref / GetAtt, a
 * Serverless variable, a pseudo parameter) stands for any text, known only once deployed. A
 * machine that matches without such a stand-in wins; then one whose logical ID the endpoint's
 * name holds (SAM names a machine `<LogicalId>-<suffix>`).
 */
export function templateSourceOf(definition: string, machineName: string, templates: Candidate[], readLinked: (templateUri: string, path: string) => string | undefined): Source | undefined {
  const wanted = parse(definition);
  if (wanted === undefined) return undefined;
  let best: { source: Source; rank: number } | undefined;
  for (const c of templates) {
    const t = openTemplate(c.text, pathOf(c.uri));
    for (const m of t?.machines ?? []) {
      const a = analyzeMachine(t!.host, m, { readFile: (path) => readLinked(c.uri, path) });
      if (!a.analysis) continue;
      const value = parse(a.definitionText);
      if (value === undefined) continue;
      const exact = sameValue(value, wanted);
      if (!exact && !deployedAs(value, wanted)) continue;
      const rank = (exact ? RANK_EXACT : 0) + (machineName.toLowerCase().includes(m.id.toLowerCase()) ? RANK_NAMED : 0);
      if (!best || rank > best.rank) best = { source: { uri: c.uri, machine: m.id }, rank };
    }
  }
  return best?.source;
}

const RANK_EXACT = 2;
const RANK_NAMED = 1;
/** A `${...}` left in a template's definition: a value known only at deployment. */
const STAND_IN = /\$\{[^}]*\}/g;
const WHOLE_STAND_IN = /^\$\{[^}]*\}$/;

/** `template`'s value once deployed could be `deployed`: equal, but each `${...}` stands for any text (a whole-string one for any scalar). */
function deployedAs(template: unknown, deployed: unknown): boolean {
  if (typeof template === 'string') {
    if (typeof deployed === 'string') return template === deployed || standInPattern(template).test(deployed);
    return WHOLE_STAND_IN.test(template) && (typeof deployed === 'number' || typeof deployed === 'boolean');
  }
  if (typeof template !== 'object' || typeof deployed !== 'object' || template === null || deployed === null) return template === deployed;
  if (Array.isArray(template) !== Array.isArray(deployed)) return false;
  if (Array.isArray(template)) {
    const d = deployed as unknown[];
    return template.length === d.length && template.every((v, i) => deployedAs(v, d[i]));
  }
  const dd = deployed as Record<string, unknown>;
  const keys = Object.keys(template);
  return keys.length === Object.keys(dd).length && keys.every((k) => Object.prototype.hasOwnProperty.call(dd, k) && deployedAs((template as Record<string, unknown>)[k], dd[k]));
}

function standInPattern(text: string): RegExp {
  const escape = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  let source = '';
  let last = 0;
  for (const m of text.matchAll(STAND_IN)) {
    source += escape(text.slice(last, m.index)) + '[\\s\\S]*';
    last = (m.index ?? 0) + m[0].length;
  }
  return new RegExp(`^${source}${escape(text.slice(last))}$`);
}

/** A file URI's path (the template reader tells a serverless.yml by its name). */
function pathOf(uri: string): string {
  return decodeURIComponent(uri.replace(/[?#].*$/, '').replace(/^[a-z-]+:\/\//i, ''));
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function baseName(uri: string): string {
  return decodeURIComponent(uri.replace(/[?#].*$/, '').replace(/^.*\//, ''));
}

/** Deep equality of JSON values; object keys in any order. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => sameValue(v, bb[i]));
  }
  const ka = Object.keys(a);
  const ob = b as Record<string, unknown>;
  return ka.length === Object.keys(ob).length && ka.every((k) => Object.prototype.hasOwnProperty.call(ob, k) && sameValue((a as Record<string, unknown>)[k], ob[k]));
}
