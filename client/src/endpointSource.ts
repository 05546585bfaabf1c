/**
 * Which workspace file an endpoint's state machine was created from, so that a click on a state
 * in the graph goes to its source: the file whose definition is the same JSON value (an
 * application's tests usually send a file's text as it is), else the `.asl.json`/`.asl.yaml`
 * file named like the machine. No vscode here.
 */

export interface Candidate {
  /** The file's URI (as a string) and its text. */
  uri: string;
  text: string;
}

const ASL_SUFFIX = /\.asl\.(json|ya?ml)$/i;

export function sourceOf(definition: string, machineName: string, files: Candidate[]): string | undefined {
  const wanted = parse(definition);
  if (wanted !== undefined) {
    for (const f of files) {
      if (!/\.json$/i.test(f.uri)) continue;
      const value = parse(f.text);
      if (value !== undefined && sameValue(value, wanted)) return f.uri;
    }
  }
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
  return ka.length === Object.keys(ob).length && ka.every((k) => Object.prototype.hasOwnProperty.call(ob, k) && sameValue((a as Record<string, unknown>)[k], ob[k]));
}
