/**
 * Which workspace file an endpoint's state machine was created from, so that a click on a state
 * in the graph goes to its source: the file whose definition is the same JSON value (an
 * application's tests usually send a file's text as it is), else a machine of a SAM /
 * CloudFormation / Serverless template whose definition it is once deployed (the language
 * server answers that, with the core's template reader), else the `.asl.json`/`.asl.yaml` file
 * named like the machine. No vscode here.
 */

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
  /** A template machine's linked definition file (its URI): where its states' lines are. */
  file?: string;
}

/**
 * A machine file with the same definition, else a template machine (`templateSource`: the
 * language server's answer, protocol/endpoint.ts), else the machine file named like it.
 */
export async function locateSource(
  definition: string,
  machineName: string,
  files: Candidate[],
  templateSource: (definition: string, machineName: string) => Promise<Source | undefined>,
): Promise<Source | undefined> {
  const file = sameDefinitionFile(definition, files);
  if (file !== undefined) return { uri: file };
  const machine = await templateSource(definition, machineName);
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
  return (
    ka.length === Object.keys(ob).length &&
    ka.every((k) => Object.prototype.hasOwnProperty.call(ob, k) && sameValue((a as Record<string, unknown>)[k], ob[k]))
  );
}
