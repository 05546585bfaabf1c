/**
 * JSON values as the engine treats them: immutable and shared. Nothing here copies a value that
 * it does not change; a new object is built only along the path that changes (ResultPath).
 */
import { CharCode } from '../chars';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Step Functions' payload quota: 256 KiB of UTF-8 (service quotas, "Maximum input or output size"). */
export const PAYLOAD_LIMIT = 256 * 1024;

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** "null", "boolean", "number", "string", "array" or "object", as messages name them. */
export function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** Structural equality of JSON values (ArrayContains, ArrayUnique, Choice does not need it). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
    if (!deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

/** Freezes a constant taken from the definition, so that sharing it between runs is safe. */
export function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
  }
  return v;
}

// Sizes of large objects already measured: values are immutable, so a size never changes, and a
// state's output is the next state's input, so a big payload is walked once. Small objects are
// cheaper to walk again than to look up.
const sizes = new WeakMap<object, number>();
const MEMO_FROM = 2048;

/**
 * The length in bytes of the UTF-8 JSON text of a value (what the 256 KiB quota counts), without
 * building the text.
 */
export function jsonSize(v: unknown): number {
  switch (typeof v) {
    case 'string':
      return stringSize(v);
    case 'number':
      return Number.isFinite(v) ? numberSize(v) : 4;
    case 'boolean':
      return v ? 4 : 5;
    case 'object': {
      if (v === null) return 4;
      const known = sizes.get(v);
      if (known !== undefined) return known;
      let n = 2;
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) n += (i > 0 ? 1 : 0) + (v[i] === undefined ? 4 : jsonSize(v[i]));
      } else {
        let first = true;
        for (const k in v) {
          const x = (v as Record<string, unknown>)[k];
          if (x === undefined || typeof x === 'function') continue;
          n += (first ? 0 : 1) + stringSize(k) + 1 + jsonSize(x);
          first = false;
        }
      }
      if (n >= MEMO_FROM) sizes.set(v, n);
      return n;
    }
    default:
      return 0;
  }
}

function numberSize(v: number): number {
  if (Number.isInteger(v) && Math.abs(v) < 1e15) {
    // Count digits without making a string: most numbers in payloads are small integers.
    let n = v < 0 ? 2 : 1;
    for (let a = Math.abs(v); a >= 10; a = Math.floor(a / 10)) n++;
    return n;
  }
  return String(v).length;
}

function stringSize(s: string): number {
  let n = 2;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < CharCode.FirstNonAscii) {
      if (
        c === CharCode.DoubleQuote ||
        c === CharCode.Backslash ||
        c === CharCode.Backspace ||
        c === CharCode.Tab ||
        c === CharCode.LineFeed ||
        c === CharCode.FormFeed ||
        c === CharCode.CarriageReturn
      )
        n += 2;
      else if (c < CharCode.Space) n += 6;
      else n += 1;
    } else if (c < 0x800) n += 2;
    else if (
      c >= CharCode.HighSurrogateFirst &&
      c <= CharCode.HighSurrogateLast &&
      i + 1 < s.length &&
      (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00
    ) {
      n += 4;
      i++;
    } else if (c >= CharCode.HighSurrogateFirst && c <= CharCode.LowSurrogateLast)
      n += 6; // a lone surrogate is written \udXXX
    else n += 3;
  }
  return n;
}

/** A short JSON rendering for messages: long values are cut with an ellipsis. */
export function preview(v: unknown, max = 200): string {
  let s: string;
  try {
    s = v === undefined ? 'undefined' : JSON.stringify(v);
  } catch {
    s = String(v);
  }
  if (s === undefined) s = String(v);
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** Sets a field of a fresh object; "__proto__" becomes a field, as JSON.parse makes it. */
export function put(o: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  else o[key] = value;
}
