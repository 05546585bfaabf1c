/**
 * Which template machine a deployed definition came from (the local endpoint's machines, created
 * by an application's tests from its SAM / CloudFormation / Serverless template): the template's
 * definition with its literal substitutions applied is the deployed one, where each `${Name}` still
 * in it (a Ref / GetAtt, a Serverless variable, a pseudo parameter) stands for any text, known
 * only once deployed. Pure: linked definition files are read through `readLinked`.
 */
import { deepEqual as sameValue } from '../engine/values';
import { analyzeMachine, openTemplate } from './index';

export interface TemplateText {
  /** The template's URI (as a string) and its text. */
  uri: string;
  text: string;
}

export interface DeployedSource {
  uri: string;
  /** The machine's logical ID (or Serverless key). */
  machine: string;
  /** Its definition file (DefinitionUri, `${file(...)}`), relative to the template's folder: where its states' lines are. */
  file?: string;
}

/**
 * The template machine whose definition, with its literal substitutions applied (the core's
 * template reader), is the endpoint's: what is still a `${Name}` in it (a Ref / GetAtt, a
 * Serverless variable, a pseudo parameter) stands for any text, known only once deployed. A
 * machine that matches without such a stand-in wins; then one whose logical ID the endpoint's
 * name holds (SAM names a machine `<LogicalId>-<suffix>`).
 */
export function templateSourceOf(
  definition: string,
  machineName: string,
  templates: readonly TemplateText[],
  readLinked: (templateUri: string, path: string) => string | undefined,
): DeployedSource | undefined {
  const wanted = parse(definition);
  if (wanted === undefined) return undefined;
  let best: { source: DeployedSource; rank: number } | undefined;
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
      if (!best || rank > best.rank)
        best = { source: { uri: c.uri, machine: m.id, ...(m.form === 'file' && m.file !== undefined ? { file: m.file } : {}) }, rank };
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
  return (
    keys.length === Object.keys(dd).length &&
    keys.every((k) => Object.prototype.hasOwnProperty.call(dd, k) && deployedAs((template as Record<string, unknown>)[k], dd[k]))
  );
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
