import { isMap, parseDocument } from 'yaml';
import { OBJECT, PROPERTY, replaceRun, type Tree } from '../fastParse';
import type { ParsedDocument, SyntaxIssue } from '../parse';
import { LineIndex } from '../text';
import { describeYamlErrors } from './document';
import { isSelfContained, markSelfContained, setYamlStrings, treeFromYaml, YAML_OPTIONS } from './tree';

/**
 * The YAML counterpart of the JSON splice (incremental.ts): after an edit, only the innermost
 * block-mapping entry around it is parsed again, alone, and its nodes replace the old ones in the
 * previous tree. A block entry is a run of whole lines: its key's line at column k and every
 * following line indented deeper (or blank). Such lines mean the same alone as inside the
 * document, so their tree is the document's, shifted. A version with syntax errors is no base:
 * the next ones splice from the last version without (the edit then spans every change since).
 * Every doubt falls back to the full parse: anchors, aliases or merge keys (a part that shows
 * elsewhere), flow collections around the key, an edit touching the key's indentation, a new line
 * at column k or less, errors an entry alone may report otherwise than the whole text (an open
 * quote or bracket runs past its lines), a part whose end moved otherwise than by the edit's
 * length. A differential test (test/unit/yamlSplice.test.ts) compares it with the full parse.
 */

/** An edit: [start, oldEnd) of the previous text became [start, oldEnd + delta) of the new one. */
export interface TextEdit {
  start: number;
  oldEnd: number;
  delta: number;
}

/** The whole text's nesting limit (tree.ts) must hold without counting: parts this deep are parsed whole. */
const MAX_SPLICE_DEPTH = 500;

const NL = 10;
const CR = 13;
const SPACE = 32;
/** A key starting with one of these is no plain block key (a tag, anchor, alias, explicit key, item, flow). */
const NOT_A_PLAIN_KEY = new Set([...'!&*?-[{|>%@`'].map((c) => c.charCodeAt(0)));
const OPENERS = new Set(['{'.charCodeAt(0), '['.charCodeAt(0)]);
/**
 * The errors an entry parsed alone reports as the whole text does (found by the differential
 * test's random edits): a compact mapping on a key's line (BLOCK_AS_IMPLICIT_KEY) is read
 * differently alone, so it is not among them.
 */
const ENTRY_ERRORS = new Set([
  'MISSING_CHAR',
  'MULTILINE_IMPLICIT_KEY',
  'BAD_INDENT',
  'BAD_SCALAR_START',
  'UNEXPECTED_TOKEN',
  'TAB_AS_INDENT',
]);
/** A quote or a bracket where a token starts (a line's start, after a space, an indicator or a comma). */
const RUNS_PAST_LINES = /(^|[\s,[{:-])["'[{]/m;

/**
 * A version with syntax errors -> the last version without any (and self-contained) before it:
 * the versions typing passes through are spliced from there, and so is the next good one.
 */
const CLEAN_BASE = new WeakMap<ParsedDocument, ParsedDocument>();

function cleanBaseOf(doc: ParsedDocument): ParsedDocument | undefined {
  if (doc.syntax === 'yaml' && doc.tree && doc.syntaxErrors.length === 0 && isSelfContained(doc.tree)) return doc;
  return CLEAN_BASE.get(doc);
}

/** The new version's parse from the previous one (or the last good one before it), or undefined: parse it whole. */
export function spliceYamlDocument(prev: ParsedDocument, text: string): ParsedDocument | undefined {
  const base = cleanBaseOf(prev);
  if (!base) return undefined;
  const edit = textEdit(base.text, text);
  for (const p of enclosingProperties(base.tree!, edit).reverse()) {
    const spliced = spliceProperty(base.text, base.tree!, p, text, edit);
    if (spliced) {
      const doc: ParsedDocument = {
        text,
        tree: spliced.tree,
        syntaxErrors: spliced.errors,
        placeholderOffsets: new Set(),
        placeholders: base.placeholders,
        lines: new LineIndex(text),
        syntax: 'yaml',
      };
      if (spliced.errors.length > 0) CLEAN_BASE.set(doc, base);
      return doc;
    }
  }
  return undefined;
}

/** A version parsed whole after `prev`: when it has syntax errors, the next version may still splice from prev's good base. */
export function keepCleanBase(prev: ParsedDocument, doc: ParsedDocument): void {
  const base = doc.syntaxErrors.length > 0 ? cleanBaseOf(prev) : undefined;
  if (base) CLEAN_BASE.set(doc, base);
}

const CHUNK = 4096;

/** The edit that made `text` of `old`: [start, oldEnd) in the old text became [start, oldEnd + delta) in the new one. */
export function textEdit(old: string, text: string): TextEdit {
  const max = Math.min(old.length, text.length);
  // Equal chunks are compared natively (a slice is a view, comparing it a memcmp), then the
  // differing chunk character by character: 15 MB compared one character at a time took 27 ms.
  let start = 0;
  while (start + CHUNK <= max && old.slice(start, start + CHUNK) === text.slice(start, start + CHUNK)) start += CHUNK;
  while (start < max && old.charCodeAt(start) === text.charCodeAt(start)) start++;
  let suffix = 0;
  while (
    suffix + CHUNK <= max - start &&
    old.slice(old.length - suffix - CHUNK, old.length - suffix) === text.slice(text.length - suffix - CHUNK, text.length - suffix)
  )
    suffix += CHUNK;
  while (suffix < max - start && old.charCodeAt(old.length - 1 - suffix) === text.charCodeAt(text.length - 1 - suffix)) suffix++;
  return { start, oldEnd: old.length - suffix, delta: text.length - old.length };
}

/** The properties whose text holds the whole edit, outermost first. */
function enclosingProperties(tree: Tree, { start, oldEnd }: TextEdit): number[] {
  const { kind, offset, length, end } = tree;
  const out: number[] = [];
  let at = 0;
  while (at >= 0 && at < tree.size && kind[at] <= PROPERTY) {
    let next = -1;
    for (let c = at + 1, e = end[at]; c < e; c = end[c]) {
      if (offset[c] + length[c] < start) continue;
      if (offset[c] > start) break;
      if (oldEnd <= offset[c] + length[c]) next = c;
      break;
    }
    if (next >= 0 && kind[next] === PROPERTY) out.push(next);
    at = next;
  }
  return out;
}

/** Property p's entry parsed again in the new text, spliced into the tree; undefined when that is not sure to be right. */
function spliceProperty(
  old: string,
  tree: Tree,
  p: number,
  text: string,
  { start, oldEnd, delta }: TextEdit,
): { tree: Tree; errors: SyntaxIssue[] } | undefined {
  const target = tree.parent[p];
  if (target < 0 || tree.kind[target] !== OBJECT) return undefined;
  const keyStart = tree.offset[p];
  // The key's first character and the indentation before it stay as they were.
  if (start <= keyStart || NOT_A_PLAIN_KEY.has(old.charCodeAt(keyStart))) return undefined;
  const lineStart = old.lastIndexOf('\n', keyStart - 1) + 1;
  for (let i = lineStart; i < keyStart; i++) if (old.charCodeAt(i) !== SPACE) return undefined;
  const column = keyStart - lineStart;
  // Block style all the way up: a flow collection's entries are not lines.
  let depth = 0;
  for (let a = target; a >= 0; a = tree.parent[a]) {
    if (tree.kind[a] >= PROPERTY) continue;
    if (OPENERS.has(old.charCodeAt(tree.offset[a]))) return undefined;
    depth++;
  }
  const stop = tree.offset[p] + tree.length[p];
  const segmentEnd = entryEnd(old, keyStart, column);
  if (stop > segmentEnd || oldEnd > segmentEnd || (oldEnd === segmentEnd && segmentEnd < old.length)) return undefined;
  const segment = text.slice(lineStart, segmentEnd + delta);
  if (!deeperAfterFirstLine(segment, column)) return undefined;
  const doc = parseDocument(segment, YAML_OPTIONS);
  const contents = doc.contents;
  if (!isMap(contents) || contents.flow || contents.tag || contents.items.length !== 1) return undefined;
  // A quoted scalar or a flow collection left open runs on past lines of any indentation (in the
  // whole text, past this entry): an entry with errors is its own only without them.
  if (doc.errors.length > 0 && (RUNS_PAST_LINES.test(segment) || doc.errors.some((e) => !ENTRY_ERRORS.has(e.code)))) return undefined;
  const issues: SyntaxIssue[] = [];
  const fresh = treeFromYaml(segment, contents, doc, issues);
  if (!fresh || issues.length > 0 || !isSelfContained(fresh) || fresh.kind[0] !== OBJECT || fresh.size < 2) return undefined;
  // Still `key:` on the key's line: a key without its colon would run on into the next line's key.
  const firstLineEnd = segment.indexOf('\n');
  if (fresh.offset[1] !== column || fresh.colon[1] < 0 || (firstLineEnd >= 0 && fresh.colon[1] > firstLineEnd)) return undefined;
  // Whatever ends with this entry (its mapping, and theirs) moves with the edit, no more.
  if (fresh.offset[0] + fresh.length[0] + lineStart !== stop + delta) return undefined;
  if (depth + nesting(fresh) > MAX_SPLICE_DEPTH) return undefined;
  const spliced = replaceRun(tree, target, p, tree.end[p], fresh, lineStart, stop, delta, true);
  spliced.reparsed = segment.length;
  setYamlStrings(spliced);
  markSelfContained(spliced);
  return { tree: spliced, errors: describeYamlErrors(text, doc.errors, lineStart) };
}

/** Where the block entry whose key is at `keyStart` (column `column`) ends: the next line with content at that column or left of it. */
function entryEnd(text: string, keyStart: number, column: number): number {
  let line = text.indexOf('\n', keyStart);
  while (line >= 0) {
    const at = line + 1;
    let i = at;
    while (text.charCodeAt(i) === SPACE) i++;
    const c = text.charCodeAt(i);
    if (i < text.length && c !== NL && c !== CR && i - at <= column) return at;
    line = text.indexOf('\n', i);
  }
  return text.length;
}

/** Whether every line after the first is blank or starts deeper than `column`. */
function deeperAfterFirstLine(segment: string, column: number): boolean {
  let line = segment.indexOf('\n');
  while (line >= 0) {
    let i = line + 1;
    while (segment.charCodeAt(i) === SPACE) i++;
    const c = segment.charCodeAt(i);
    if (i < segment.length && c !== NL && c !== CR && i - line - 1 <= column) return false;
    line = segment.indexOf('\n', i);
  }
  return true;
}

/** The most containers on one path from the root down. */
function nesting(tree: Tree): number {
  const depth = new Int32Array(tree.size);
  let max = 0;
  for (let i = 0; i < tree.size; i++) {
    const up = tree.parent[i];
    depth[i] = (up >= 0 ? depth[up] : 0) + (tree.kind[i] < PROPERTY ? 1 : 0);
    if (depth[i] > max) max = depth[i];
  }
  return max;
}
