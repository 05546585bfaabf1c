/**
 * The "ASL: Convert to YAML/JSON" command's one request, declared once for the extension and the
 * language server: the open document's definition in the other syntax, from the server's parse.
 */
export const CONVERT_REQUEST = 'aslWorkbench/convert';
export interface ConvertParams {
  uri: string;
  to: 'yaml' | 'json';
}
export type ConvertAnswer = { ok: true; text: string; notes: string[] } | { ok: false; reason: string };

/** The params, or undefined when they are malformed. */
export function readConvertParams(raw: unknown): ConvertParams | undefined {
  const p = raw as Partial<ConvertParams> | null;
  if (!p || typeof p.uri !== 'string' || (p.to !== 'yaml' && p.to !== 'json')) return undefined;
  return { uri: p.uri, to: p.to };
}
