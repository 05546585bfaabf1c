import type { ParsedDocument } from '../parse';
import { parseText, type Syntax } from '../syntax';
import { treeToJson, treeToYaml } from './emit';

export type ConvertResult = { ok: true; text: string; notes: string[] } | { ok: false; reason: string };

/**
 * A machine's text in the other syntax: block-style YAML or 2-space JSON, key order and repeated
 * keys kept, CloudFormation short forms written long (`!Ref X` is `{"Ref": "X"}` in JSON).
 * Refused while the text has syntax errors (half a document would be written). JSON has no
 * comments, so a YAML file's comments cannot go there: the notes say how many were left behind.
 */
export function convertDefinition(text: string, from: Syntax, to: Syntax): ConvertResult {
  const doc = parseText(text, from, { placeholders: true });
  return convertParsed(doc, to);
}

/** `convertDefinition` of a document already parsed. */
export function convertParsed(doc: ParsedDocument, to: Syntax): ConvertResult {
  const first = doc.syntaxErrors[0];
  if (first) {
    const at = doc.lines.positionAt(first.offset);
    return {
      ok: false,
      reason: `The file has ${doc.syntaxErrors.length} syntax error${doc.syntaxErrors.length === 1 ? '' : 's'}; fix ${doc.syntaxErrors.length === 1 ? 'it' : 'them'} first (line ${at.line + 1}: ${first.message})`,
    };
  }
  if (!doc.tree) return { ok: false, reason: 'The file holds no definition to convert.' };
  const notes: string[] = [];
  if (to === 'json') {
    const comments = doc.syntax === 'yaml' ? countComments(doc.text) : 0;
    if (comments > 0) notes.push(`${comments} comment${comments === 1 ? '' : 's'} could not be carried over: JSON has no comments.`);
    return { ok: true, text: treeToJson(doc.tree), notes };
  }
  return { ok: true, text: treeToYaml(doc.tree), notes };
}

/** Lines of a YAML text holding a comment (a `#` at a line start or after a blank, outside quotes). */
function countComments(text: string): number {
  let n = 0;
  for (const line of text.split(/\r?\n/)) {
    let quote = '';
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quote) {
        if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '#' && (i === 0 || line[i - 1] === ' ' || line[i - 1] === '\t')) {
        n++;
        break;
      }
    }
  }
  return n;
}
