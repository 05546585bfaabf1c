/**
 * Checks every path and intrinsic function of the JSONPath states of a machine, once per
 * machine: the `invalid-jsonpath` and `invalid-intrinsic` rules each take their own code's
 * findings from the shared result.
 */
import { analyzeIntrinsic, looksLikeIntrinsic } from '../intrinsics';
import type { Machine } from '../model';
import { hasPlaceholder, type ParsedDocument } from '../parse';
import { parsePath, referenceIssue } from './path';
import { NULL, STRING, type Tree } from '../fastParse';
import { forEachSite, siteLabel, type ExpressionSite, type SiteRole } from './sites';
import { valueRangeAt } from '../strings';
import { CharCode } from '../chars';

export type ExpressionCode = 'invalid-jsonpath' | 'invalid-intrinsic';

export interface ExpressionFinding {
  code: ExpressionCode;
  offset: number;
  length: number;
  message: string;
  severity?: 'warning';
  data?: Record<string, unknown>;
}

/** How a problem is worded once the field is known. */
type Wording = 'path' | 'intrinsic' | 'intrinsicNotAllowed' | 'notPayload' | 'notErrorPath' | 'resultVariable' | 'resultContext';

/** A problem in one string value, at offsets in the value (not the text). */
interface ValueIssue {
  code: ExpressionCode;
  wording: Wording;
  offset: number;
  length: number;
  detail: string;
  severity?: 'warning';
  suggestion?: string;
}

const byMachine = new WeakMap<Machine, ExpressionFinding[]>();

/** Findings of both codes for the machine, computed on first use. */
export function expressionFindings(machine: Machine): ExpressionFinding[] {
  let found = byMachine.get(machine);
  if (!found) {
    const out: ExpressionFinding[] = [];
    for (const state of machine.states) {
      if (state.queryLanguage !== 'JSONPath') continue;
      forEachSite(state, (site) => checkSite(machine.doc, site, out));
    }
    found = out;
    byMachine.set(machine, found);
  }
  return found;
}

function checkSite(doc: ParsedDocument, site: ExpressionSite, out: ExpressionFinding[]): void {
  const { tree, at } = site;
  const kind = tree.kind[at];
  if (kind === NULL && site.role !== 'payload') return; // null InputPath etc. discards; the schema knows where it may
  if (kind !== STRING) {
    if (site.role === 'payload') {
      const node = tree.range(at);
      out.push({
        code: 'invalid-jsonpath',
        offset: node.offset,
        length: node.length,
        message: `The value of ${siteLabel(site)} must be a string holding a path or an intrinsic function call; to use this value as it is, remove ".$" from the key.`,
      });
    }
    return;
  }
  if (doc.placeholders && doc.placeholderOffsets.has(tree.offset[at])) return;
  const value = tree.values[at] as string;
  // JSONata strings belong to the JSONata rules, which say where they may appear.
  if (value.includes('{%') && /^\s*\{%/.test(value) && /%\}\s*$/.test(value)) return;

  let issues: readonly ValueIssue[];
  if (hasPlaceholder(doc, value)) {
    // Check what a `${...}` substitution leaves certain: replace each by text of the same length
    // (offsets stay true) that parses wherever it stands, and drop any problem that touches one.
    const spans = placeholderSpans(value);
    if (spans[0].start === 0) return;
    let masked = value;
    for (const s of spans) masked = masked.slice(0, s.start) + mask(value, s) + masked.slice(s.end);
    issues = checkValue(site.role, masked).filter(
      (i) => !spans.some((s) => i.offset < s.end && i.offset + Math.max(1, i.length) > s.start),
    );
  } else {
    issues = checkValue(site.role, value);
  }
  for (const issue of issues) out.push(toFinding(doc, site, tree, at, value, issue));
}

function toFinding(doc: ParsedDocument, site: ExpressionSite, tree: Tree, at: number, value: string, issue: ValueIssue): ExpressionFinding {
  const node = tree.range(at);
  let offset: number;
  let length: number;
  if (value.length === 0 || (issue.offset === 0 && issue.length >= value.length)) {
    offset = node.offset;
    length = node.length;
  } else {
    // An empty range shows nothing in an editor: cover the character before it instead.
    const start = issue.length === 0 ? Math.max(0, issue.offset - 1) : issue.offset;
    const end = issue.length === 0 ? start + 1 : issue.offset + issue.length;
    ({ offset, length } = valueRangeAt(doc.text, tree, at, start, end));
  }
  const finding: ExpressionFinding = { code: issue.code, offset, length, message: word(site, issue) };
  if (issue.severity) finding.severity = issue.severity;
  if (issue.suggestion) finding.data = { suggestion: issue.suggestion };
  return finding;
}

function word(site: ExpressionSite, issue: ValueIssue): string {
  const label = siteLabel(site);
  switch (issue.wording) {
    case 'path':
      return `Invalid path in ${label}: ${sentence(issue.detail)}`;
    case 'intrinsic':
      return `Invalid intrinsic function call in ${label}: ${sentence(issue.detail)}`;
    case 'intrinsicNotAllowed':
      return `Intrinsic functions are not allowed in ${label}: use them in the value of a key ending in ".$" inside Parameters, ResultSelector, ItemSelector or Assign, or in a Fail state's ErrorPath or CausePath.`;
    case 'notPayload':
      return `The value of ${label} must be a path starting with '$' or an intrinsic function call such as States.Format(...); to pass the text as it is, remove ".$" from the key.`;
    case 'notErrorPath':
      return `${label} must be a Reference Path starting with '$' or an intrinsic function call; for a fixed value, use "${site.field.replace(/Path$/, '')}" instead.`;
    case 'resultVariable':
      return `${label} cannot refer to a variable (${issue.detail}): it says where the result goes in the state's input. To keep the result in a variable, use Assign.`;
    case 'resultContext':
      return `${label} cannot start with '$$': it can only place the result into the state's input, not into the context object.`;
  }
}

function sentence(detail: string): string {
  return /[.?!]$/.test(detail) ? detail : `${detail}.`;
}

// ---- per-value checks ----------------------------------------------------------------------
// No cache: measured on 20,000 states, a Map keyed by value cost more than parsing again.

const NONE: readonly ValueIssue[] = [];

/** The commonest paths, `$.a.b[0]`, valid in every role: a regex test instead of a parse. */
const SIMPLE_PATH = /^\$(?:\.[A-Za-z_][\w-]*|\[\d+\])*$/;

function checkValue(role: SiteRole, value: string): readonly ValueIssue[] {
  const isPath = value.charCodeAt(0) === CharCode.Dollar;
  if (isPath && SIMPLE_PATH.test(value)) return NONE;
  if (role === 'payload' || role === 'errorPath') {
    if (isPath) return pathIssues(value, role === 'errorPath' ? 'reference' : 'path');
    if (looksLikeIntrinsic(value)) return intrinsicIssues(value);
    return [
      {
        code: 'invalid-jsonpath',
        wording: role === 'payload' ? 'notPayload' : 'notErrorPath',
        offset: 0,
        length: value.length,
        detail: '',
      },
    ];
  }
  if (!isPath && looksLikeIntrinsic(value)) {
    return [{ code: 'invalid-intrinsic', wording: 'intrinsicNotAllowed', offset: 0, length: value.length, detail: '' }];
  }
  return pathIssues(value, role);
}

function pathIssues(value: string, role: 'path' | 'reference' | 'resultPath'): readonly ValueIssue[] {
  const parsed = parsePath(value);
  if (parsed.error) return [{ code: 'invalid-jsonpath', wording: 'path', ...pick(parsed.error) }];
  const ast = parsed.ast;
  if (role === 'resultPath') {
    const rootEnd = ast.segments.length > 0 ? ast.segments[0].start : ast.end;
    if (ast.root === 'variable') {
      return [{ code: 'invalid-jsonpath', wording: 'resultVariable', offset: 0, length: rootEnd, detail: value.slice(0, rootEnd) }];
    }
    if (ast.root === 'context') return [{ code: 'invalid-jsonpath', wording: 'resultContext', offset: 0, length: 2, detail: '' }];
  }
  if (role !== 'path') {
    const issue = referenceIssue(ast);
    if (issue) return [{ code: 'invalid-jsonpath', wording: 'path', ...pick(issue) }];
  }
  return NONE;
}

function intrinsicIssues(value: string): readonly ValueIssue[] {
  const { issues } = analyzeIntrinsic(value);
  if (issues.length === 0) return NONE;
  return issues.map((i) => {
    const v: ValueIssue = { code: 'invalid-intrinsic', wording: 'intrinsic', offset: i.offset, length: i.length, detail: i.message };
    if (i.severity === 'warning') v.severity = 'warning';
    if (i.suggestion) v.suggestion = i.suggestion;
    return v;
  });
}

function pick(e: { offset: number; length: number; message: string }): { offset: number; length: number; detail: string } {
  return { offset: e.offset, length: e.length, detail: e.message };
}

/**
 * A whole intrinsic argument becomes a variable path (`$xxx`: any value, so no kind is
 * assumed); anything else (part of a name or a string) becomes letters.
 */
function mask(value: string, s: { start: number; end: number }): string {
  const before = /[(,]\s*$/.test(value.slice(0, s.start));
  const after = /^\s*[,)]/.test(value.slice(s.end));
  return before && after ? `$${'x'.repeat(s.end - s.start - 1)}` : 'x'.repeat(s.end - s.start);
}

function placeholderSpans(value: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  const re = /\$\{[^}]*\}/g;
  for (let m = re.exec(value); m; m = re.exec(value)) spans.push({ start: m.index, end: m.index + m[0].length });
  return spans;
}
