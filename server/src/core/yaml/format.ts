import { parseDocument } from 'yaml';
import { YAML_OPTIONS } from './tree';

/** A whole-document edit, or why there is none. */
export type YamlFormatResult = { edits: { offset: number; length: number; newText: string }[] } | { error: string };

/**
 * Formatting of a YAML machine by the yaml library's own printer, which keeps comments, anchors,
 * tags and each scalar's quoting: block style at the editor's indent. Declined (with the reason)
 * for a range, for tabs, and for a text with syntax errors, rather than risk the user's text.
 */
export function formatYaml(text: string, options: { tabSize: number; insertSpaces: boolean }, range?: unknown): YamlFormatResult {
  if (range) return { error: 'Formatting a selection is not available for YAML: format the whole document.' };
  if (!options.insertSpaces) return { error: 'YAML cannot be indented with tabs: switch the editor to spaces to format.' };
  const doc = parseDocument(text, YAML_OPTIONS);
  if (doc.errors.length > 0) return { error: 'The YAML has syntax errors: fix them before formatting.' };
  const out = doc.toString({ indent: options.tabSize, lineWidth: 0 });
  return { edits: out === text ? [] : [{ offset: 0, length: text.length, newText: out }] };
}
