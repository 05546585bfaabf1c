import { printParseErrorCode, type ParseError } from 'jsonc-parser';
import { LineIndex } from './text';
import { duplicatesOf, parseTreeFast, parseTreeTolerant, PROPERTY, STRING, type DuplicateKey, type Tree } from './fastParse';
import { CharCode } from './chars';

export type { Tree } from './fastParse';

export interface SyntaxIssue {
  offset: number;
  length: number;
  message: string;
}

/** One parse of one text; every feature reads this (parse once, share everywhere). */
export interface ParsedDocument {
  /** The text as the user wrote it. */
  readonly text: string;
  /**
   * The tree (read through the named API of tree.ts; its root is node 0), or undefined when not
   * even a first value could be read.
   */
  readonly tree: Tree | undefined;
  readonly syntaxErrors: SyntaxIssue[];
  /**
   * Offsets of string nodes that stand for a `${...}` definition substitution written without
   * quotes (the text was read with those replaced, same length, by a string literal).
   */
  readonly placeholderOffsets: ReadonlySet<number>;
  readonly placeholders: boolean;
  readonly lines: LineIndex;
  /**
   * Every repeated object key, when the parser collected them on the way (the strict fast
   * parser, without placeholders); undefined means "not collected", and readers walk the tree.
   */
  readonly duplicateKeys?: readonly DuplicateKey[];
  /** The text's syntax: JSON unless a front-end says otherwise (edits must be written in it). */
  readonly syntax?: 'json' | 'yaml';
}

const PLACEHOLDER = /\$\{[^}]*\}/;

/** True when a string value is, or contains, a `${...}` definition substitution. */
export function hasPlaceholder(doc: ParsedDocument, value: unknown): boolean {
  return doc.placeholders && typeof value === 'string' && value.includes('${') && PLACEHOLDER.test(value);
}

/** True when the node is a placeholder standing where any value may stand (number, object, ...). */
export function isPlaceholderNode(doc: ParsedDocument, node: number): boolean {
  const tree = doc.tree;
  if (node < 0 || !tree || !doc.placeholders) return false;
  if (doc.placeholderOffsets.has(tree.offset[node])) return true;
  return hasPlaceholder(doc, tree.string(node));
}

export function parseDocument(text: string, options: { placeholders?: boolean } = {}): ParsedDocument {
  const placeholders = options.placeholders !== false;
  const placeholderOffsets = new Set<number>();
  let source = text;
  if (placeholders && text.includes('${')) source = quoteBarePlaceholders(text, placeholderOffsets);

  const duplicateKeys: DuplicateKey[] = [];
  const fast = parseTreeFast(source, MAX_DEPTH, duplicateKeys);
  let tooDeep = -1;
  if (fast && 'tooDeepAt' in fast) tooDeep = fast.tooDeepAt;
  else if (fast) return finish(text, fast, [], placeholderOffsets, placeholders, placeholderOffsets.size === 0 ? duplicateKeys : undefined);
  else if (text.length > MAX_DEPTH * 2) tooDeep = findExcessiveNesting(source);
  if (tooDeep >= 0) {
    // jsonc-parser recurses per level; refuse before the stack does, with a located message.
    const syntaxErrors = [
      {
        offset: tooDeep,
        length: 1,
        message: `The JSON is nested more than ${MAX_DEPTH} levels deep here; no state machine needs that. The file is not checked further.`,
      },
    ];
    return { text, tree: undefined, syntaxErrors, placeholderOffsets, placeholders, lines: new LineIndex(text) };
  }
  const errors: ParseError[] = [];
  const tree = parseTreeTolerant(source, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const syntaxErrors = describeErrors(source, errors);
  return finish(text, tree, syntaxErrors, placeholderOffsets, placeholders);
}

/** The document of `text` for a tree made without parsing it whole (after an edit). */
export function documentOf(text: string, tree: Tree, placeholders: boolean): ParsedDocument {
  return finish(text, tree, [], new Set(), placeholders, tree.repeated && duplicatesOf(tree));
}

function finish(
  text: string,
  tree: Tree | undefined,
  syntaxErrors: SyntaxIssue[],
  placeholderOffsets: Set<number>,
  placeholders: boolean,
  duplicateKeys?: DuplicateKey[],
): ParsedDocument {
  if (tree && placeholderOffsets.size > 0) restorePlaceholderValues(tree, text, placeholderOffsets);
  return { text, tree, syntaxErrors, placeholderOffsets, placeholders, lines: new LineIndex(text, tree?.lineStarts), duplicateKeys };
}

/**
 * jsonc-parser's errors, made plain: a trailing comma is one error on the comma (it reports the
 * token after it, sometimes twice), and one offset gets one message.
 */
function describeErrors(source: string, errors: ParseError[]): SyntaxIssue[] {
  const out: SyntaxIssue[] = [];
  const seen = new Set<number>();
  for (const e of errors) {
    let { offset, length } = e;
    let message = syntaxMessage(printParseErrorCode(e.error));
    const c = source.charCodeAt(offset);
    if (c === CharCode.CloseCurlyBrace || c === CharCode.CloseSquareBracket) {
      let p = offset - 1;
      while (p >= 0 && /\s/.test(source[p])) p--;
      if (source[p] === ',') {
        offset = p;
        length = 1;
        message = `Trailing comma: JSON allows no comma before "${source[e.offset]}"; remove it.`;
      }
    }
    if (seen.has(offset)) continue;
    seen.add(offset);
    out.push({ offset, length, message });
  }
  return out;
}

/** Deepest nesting the parser is trusted with (each level costs stack frames in jsonc-parser). */
export const MAX_DEPTH = 1000;

/**
 * Offset of the bracket that opens level MAX_DEPTH + 1, or -1. Strings are skipped as
 * jsonc-parser's scanner reads them: a string ends at its closing quote or, unterminated, at a
 * line break (so brackets after an unterminated string still count, as they do for the parser).
 */
function findExcessiveNesting(text: string): number {
  let depth = 0;
  for (let i = 0, n = text.length; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === CharCode.DoubleQuote) {
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === CharCode.Backslash) i++;
        else if (d === CharCode.DoubleQuote) break;
        else if (d === CharCode.LineFeed || d === CharCode.CarriageReturn) {
          i--;
          break;
        }
      }
    } else if (c === CharCode.OpenCurlyBrace || c === CharCode.OpenSquareBracket) {
      if (++depth > MAX_DEPTH) return i;
    } else if (c === CharCode.CloseCurlyBrace || c === CharCode.CloseSquareBracket) {
      if (depth > 0) depth--;
    }
  }
  return -1;
}

function syntaxMessage(code: string): string {
  switch (code) {
    case 'InvalidSymbol':
      return 'Invalid symbol: JSON expects a value, a key, or punctuation here.';
    case 'InvalidNumberFormat':
      return 'Invalid number format.';
    case 'PropertyNameExpected':
      return 'A property name (a double-quoted string) is expected.';
    case 'ValueExpected':
      return 'A value is expected.';
    case 'ColonExpected':
      return 'A colon ":" is expected after the property name.';
    case 'CommaExpected':
      return 'A comma "," is expected between entries.';
    case 'CloseBraceExpected':
      return 'A closing brace "}" is expected.';
    case 'CloseBracketExpected':
      return 'A closing bracket "]" is expected.';
    case 'EndOfFileExpected':
      return 'Only one top-level value is allowed; remove the text after it.';
    case 'InvalidCommentToken':
      return 'Comments are not allowed in Amazon States Language (it is strict JSON).';
    case 'UnexpectedEndOfComment':
      return 'Unterminated comment.';
    case 'UnexpectedEndOfString':
      return 'Unterminated string: add the closing double quote.';
    case 'UnexpectedEndOfNumber':
      return 'Unterminated number.';
    case 'InvalidUnicode':
      return 'Invalid unicode escape sequence.';
    case 'InvalidEscapeCharacter':
      return 'Invalid escape character in string.';
    case 'InvalidCharacter':
      return 'Invalid character in string (control characters must be escaped).';
    default:
      return `JSON syntax error: ${code}.`;
  }
}

/**
 * Replace each `${...}` written outside a string by a string literal of the same length, so
 * offsets stay true and the rest of the file parses. `${Abc}` becomes `"{Abc"`.
 */
function quoteBarePlaceholders(text: string, found: Set<number>): string {
  let out: string[] | undefined;
  let last = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === CharCode.DoubleQuote) {
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === CharCode.Backslash) i += 2;
        else if (d === CharCode.DoubleQuote || d === CharCode.LineFeed || d === CharCode.CarriageReturn) {
          i++;
          break;
        } else i++;
      }
      continue;
    }
    if (c === CharCode.Dollar && text.charCodeAt(i + 1) === CharCode.OpenCurlyBrace) {
      const close = text.indexOf('}', i + 2);
      const nl = text.indexOf('\n', i);
      if (close > 0 && (nl < 0 || close < nl) && !text.slice(i + 2, close).includes('"')) {
        out ??= [];
        out.push(text.slice(last, i), '"', text.slice(i + 1, close), '"');
        found.add(i);
        last = close + 1;
        i = close + 1;
        continue;
      }
    }
    i++;
  }
  if (!out) return text;
  out.push(text.slice(last));
  return out.join('');
}

/** `${...}` written bare was read as a string: give such keys and values their written text. */
function restorePlaceholderValues(tree: Tree, text: string, offsets: Set<number>): void {
  const { kind, offset, length, values } = tree;
  for (let i = 0; i < tree.size; i++) {
    if (kind[i] !== STRING || !offsets.has(offset[i])) continue;
    values[i] = text.slice(offset[i], offset[i] + length[i]);
    // A key starts where its property does: the property holds the key's text too.
    if (kind[i - 1] === PROPERTY && offset[i - 1] === offset[i]) values[i - 1] = values[i];
  }
}
