/**
 * Checks of request parameters as they arrive from the client: the types say what an editor
 * sends, not what a misbehaving or hostile one can. Each check returns why the parameters are
 * refused, or undefined; handlers answer InvalidParams with that text instead of throwing
 * (TextDocument.offsetAt does arithmetic on whatever it is given: a string character concatenates).
 */
import { MAX_STATE_NAME_LENGTH } from '../core/language';

/** LSP's `uinteger` bound, which line and character numbers are. */
export const MAX_UINTEGER = 2 ** 31 - 1;
/** Most positions one selectionRange request may ask for (an editor sends one per cursor). */
export const MAX_POSITIONS = 1000;
/** Longest string accepted where the server expects a short one (a new state name): checked before any work on it. */
export const MAX_NAME_CHARS = 1000;

export type Problem = string | undefined;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function uinteger(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_UINTEGER;
}

/** `params.textDocument.uri` is a string. */
export function textDocumentProblem(params: unknown): Problem {
  if (!isObject(params)) return 'The parameters must be an object.';
  const td = params.textDocument;
  if (!isObject(td) || typeof td.uri !== 'string') return 'textDocument.uri must be a string.';
  return undefined;
}

export function positionProblem(p: unknown, name = 'position'): Problem {
  if (!isObject(p) || !uinteger(p.line) || !uinteger(p.character)) {
    return `${name} must be { line, character } with whole numbers from 0 to ${MAX_UINTEGER}.`;
  }
  return undefined;
}

/** Two valid positions, start not after end. */
export function rangeProblem(r: unknown, name = 'range'): Problem {
  if (!isObject(r)) return `${name} must be { start, end }.`;
  const bad = positionProblem(r.start, `${name}.start`) ?? positionProblem(r.end, `${name}.end`);
  if (bad) return bad;
  const s = r.start as { line: number; character: number };
  const e = r.end as { line: number; character: number };
  if (s.line > e.line || (s.line === e.line && s.character > e.character)) return `${name}.start must not come after ${name}.end.`;
  return undefined;
}

/** Formatting options: tabSize a whole number (its range is the core's to judge), insertSpaces a boolean. */
export function formattingOptionsProblem(o: unknown): Problem {
  if (!isObject(o)) return 'options must be an object.';
  if (typeof o.tabSize !== 'number' || !Number.isInteger(o.tabSize)) return 'options.tabSize must be a whole number.';
  if (typeof o.insertSpaces !== 'boolean') return 'options.insertSpaces must be true or false.';
  if (o.insertFinalNewline !== undefined && typeof o.insertFinalNewline !== 'boolean')
    return 'options.insertFinalNewline must be true or false.';
  return undefined;
}

export function positionsProblem(list: unknown): Problem {
  if (!Array.isArray(list)) return 'positions must be an array.';
  if (list.length > MAX_POSITIONS) return `At most ${MAX_POSITIONS} positions per request.`;
  for (let i = 0; i < list.length; i++) {
    const bad = positionProblem(list[i], `positions[${i}]`);
    if (bad) return bad;
  }
  return undefined;
}

export function newNameProblem(name: unknown): Problem {
  if (typeof name !== 'string') return 'The new name must be a string.';
  if (name.length > MAX_NAME_CHARS)
    return `The new name is ${name.length} characters long; state names can be at most ${MAX_STATE_NAME_LENGTH}.`;
  return undefined;
}

/** The panel's requests (protocol/panel.ts): `uri` a string, and for the graph a whole-number `version`. */
export function panelParamsProblem(params: unknown, versioned: boolean): Problem {
  if (!isObject(params) || typeof params.uri !== 'string') return 'uri must be a string.';
  if (versioned && (typeof params.version !== 'number' || !Number.isSafeInteger(params.version))) return 'version must be a whole number.';
  const c = params.collapsed;
  if (
    c !== undefined &&
    !(Array.isArray(c) && c.length <= MAX_POSITIONS && c.every((id) => typeof id === 'string' && id.length <= MAX_NAME_CHARS * 10))
  )
    return 'collapsed must be an array of node ids.';
  if (params.machine !== undefined && typeof params.machine !== 'string') return 'machine must be a string.';
  if (params.base !== undefined && !(typeof params.base === 'string' && params.base.length <= MAX_NAME_CHARS))
    return 'base must be a graph id (a string).';
  return undefined;
}
