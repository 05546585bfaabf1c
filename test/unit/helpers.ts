import { validate } from '../../server/src/core';
import type { AslDiagnostic, ValidationOptions } from '../../server/src/core';

/** A minimal valid machine around the given states (an object literal), as text. */
export function machine(states: Record<string, unknown>, extra: Record<string, unknown> = {}, startAt?: string): string {
  return JSON.stringify({ StartAt: startAt ?? Object.keys(states)[0], States: states, ...extra }, null, 2);
}

export function diagnose(text: string, options?: ValidationOptions): AslDiagnostic[] {
  return validate(text, options);
}

export function codes(text: string, options?: ValidationOptions): string[] {
  return diagnose(text, options).map((d) => d.code);
}

/** The diagnostics of one code, with the text each one covers. */
export function findings(text: string, code: string, options?: ValidationOptions): { text: string; message: string; line: number }[] {
  return diagnose(text, options)
    .filter((d) => d.code === code)
    .map((d) => ({ text: text.slice(d.offset, d.offset + d.length), message: d.message, line: d.range.start.line }));
}
