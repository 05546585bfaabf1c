import { parseDocument, type YAMLError } from 'yaml';
import type { ParsedDocument, SyntaxIssue } from '../parse';
import { LineIndex } from '../text';
import { treeFromYaml, YAML_OPTIONS } from './tree';

/**
 * One parse of a YAML machine (`.asl.yaml`), in the shape every feature reads: the same Tree as
 * for JSON, syntax errors located and said plainly. Repeated keys are not errors here: the
 * duplicate rule reports them, with the same words as in JSON.
 */
export function parseYamlDocument(text: string, options: { placeholders?: boolean } = {}): ParsedDocument {
  const doc = parseDocument(text, YAML_OPTIONS);
  const syntaxErrors = describeYamlErrors(text, doc.errors);
  const tree = treeFromYaml(text, doc.contents, doc, syntaxErrors);
  if (!tree && text.trim() !== '' && syntaxErrors.length === 0) {
    syntaxErrors.push({
      offset: 0,
      length: 0,
      message: 'The YAML document holds no value: a state machine is a mapping with "StartAt" and "States".',
    });
  }
  return {
    text,
    tree,
    syntaxErrors,
    placeholderOffsets: new Set(),
    placeholders: options.placeholders !== false,
    lines: new LineIndex(text),
    syntax: 'yaml',
  };
}

/** Plainer words for the yaml library's errors that need them (by its error code). */
const MESSAGES: Readonly<Record<string, string>> = {
  TAB_AS_INDENT: 'Tabs are not allowed as indentation in YAML: indent with spaces.',
  MULTIPLE_DOCS: 'A second YAML document starts here ("---"): a state machine file holds one document.',
  BLOCK_AS_IMPLICIT_KEY:
    'A mapping cannot start on the line of its key: put it on the next line, indented, or quote the value if it holds ": ".',
  MULTILINE_IMPLICIT_KEY: 'A key must fit on one line: check the indentation of the lines above, or quote a value that holds ": ".',
  BAD_INDENT: 'Wrong indentation: entries of one mapping or sequence must start in the same column.',
  KEY_OVER_1024_CHARS: 'A key longer than 1024 characters is not allowed in YAML.',
};

/** The library's errors of a text (or of a part of it starting at `shift`), said plainly, one per offset. */
export function describeYamlErrors(text: string, errors: readonly YAMLError[], shift = 0): SyntaxIssue[] {
  const out: SyntaxIssue[] = [];
  const seen = new Set<number>();
  for (const e of errors) {
    const issue = describeYamlError(text, e, shift);
    if (seen.has(issue.offset)) continue;
    seen.add(issue.offset);
    out.push(issue);
  }
  return out;
}

function describeYamlError(text: string, e: YAMLError, shift: number): SyntaxIssue {
  const start = e.pos[0] + shift;
  const stop = e.pos[1] + shift;
  // An error at the end of the text (an unclosed quote) is shown on its last character.
  const offset = Math.max(0, Math.min(start, text.length - 1));
  const length = Math.max(0, Math.min(stop, text.length) - offset);
  let message = MESSAGES[e.code] ?? firstLine(e.message);
  // BAD_INDENT's own words say more for a flow collection left open.
  if (e.code === 'BAD_INDENT' && /Flow (sequence|mapping)/.test(e.message)) message = firstLine(e.message);
  if (!/[.!?]$/.test(message)) message += '.';
  return { offset, length, message: `YAML syntax error: ${message}` };
}

function firstLine(s: string): string {
  const nl = s.indexOf('\n');
  return (nl < 0 ? s : s.slice(0, nl)).trim();
}
