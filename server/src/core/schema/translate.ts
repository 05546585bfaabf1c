/**
 * Turns ajv errors into findings at the exact key or value, with messages that name the field
 * and say how to fix it. The JSON pointer of each error is walked on the jsonc tree.
 */
import type { ErrorObject } from 'ajv';
import { isPlaceholderNode, type ParsedDocument } from '../parse';
import { ARRAY, OBJECT, type Tree } from '../fastParse';
import type { QueryLanguage } from '../model';
import type { Finding } from '../rules/rule';
import { closest } from '../suggest';
import { fieldsOf, isOtherLanguageField, type Schema } from './fields';
import { languageHint } from './language';

export interface Subject {
  doc: ParsedDocument;
  /** The document's tree. */
  tree: Tree;
  /** The node that was validated (its index): errors' instance paths start here. */
  base: number;
  /** The query language of the state (or of the machine, for scopes). */
  ql: QueryLanguage;
  /** For a state: its name and type, to name it in messages. */
  state?: { name: string; type: string };
  report(f: Finding): void;
}

/** Keywords about a value (not about the keys of an object). */
const VALUE_KEYWORDS = new Set([
  'type',
  'enum',
  'const',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minItems',
  'pattern',
  'minLength',
  'maxLength',
]);

export function reportErrors(s: Subject, errors: readonly ErrorObject[]): void {
  for (const e of errors) {
    const node = resolve(s.tree, s.base, e.instancePath);
    if (node < 0) continue;
    const schema = (e.parentSchema ?? {}) as Schema;
    if (e.keyword === 'additionalProperties') unknownField(s, node, String(e.params.additionalProperty), schema);
    else if (e.keyword === 'required') missingField(s, node, String(e.params.missingProperty), schema);
    else if (VALUE_KEYWORDS.has(e.keyword)) invalidValue(s, node, e, schema);
  }
}

/** True for a string that is a whole JSONata expression, "{% ... %}". */
export function isJsonataExpression(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const v = value.trim();
  return v.startsWith('{%') && v.endsWith('%}') && v.length >= 4;
}

function looksLikeJsonata(value: unknown): boolean {
  return typeof value === 'string' && (value.includes('{%') || value.trimEnd().endsWith('%}'));
}

function unknownField(s: Subject, obj: number, key: string, schema: Schema): void {
  const keyNode = s.tree.keyNode(s.tree.property(obj, key));
  if (keyNode < 0) return;
  const kind = String(schema['x-kind'] ?? '');
  const languageKind = kind === 'nestedRule' ? 'choiceRule' : kind;
  if (languageKind && isOtherLanguageField(languageKind, s.ql, key)) {
    const other = s.ql === 'JSONata' ? 'JSONPath' : 'JSONata';
    const hint = languageHint(key, languageKind, s.ql);
    const toggle = s.ql === 'JSONPath' ? ', or set "QueryLanguage": "JSONata" on the state' : '';
    s.report({
      code: 'invalid-jsonata',
      node: keyNode,
      message: `"${key}" is a ${other} field; in a ${s.ql} state ${hint.text}${toggle}.`,
      // The state's language, for AWS's wording of the same finding (report/aws.ts).
      data: hint.replacement ? { replacement: hint.replacement, queryLanguage: s.ql } : { queryLanguage: s.ql },
    });
    return;
  }
  const special = specialUnknown(key, kind);
  if (special) {
    s.report({ code: 'unknown-field', node: keyNode, message: special });
    return;
  }
  const allowed = fieldsOf(schema);
  const suggestion = closest(key, allowed);
  const title = String(schema.title ?? 'this object');
  const hint = suggestion
    ? ` Did you mean "${suggestion}"?`
    : allowed.length <= 8
      ? ` Allowed fields: ${allowed.map((f) => `"${f}"`).join(', ')}.`
      : '';
  s.report({
    code: 'unknown-field',
    node: keyNode,
    message: `"${key}" is not a field of ${title}.${hint}`,
    data: suggestion ? { suggestion } : undefined,
  });
}

function specialUnknown(key: string, kind: string): string | undefined {
  if (kind === 'state:Choice' && key === 'Next') {
    return 'A Choice state has no "Next": each Choice rule has its own "Next", and "Default" names the state to go to when no rule matches.';
  }
  if (kind === 'state:Choice' && key === 'End') {
    return 'A Choice state cannot end the execution: point a Choice rule or "Default" at a Succeed state instead.';
  }
  if ((kind === 'state:Succeed' || kind === 'state:Fail') && (key === 'Next' || key === 'End')) {
    return `"${key}" is not allowed in a ${kind.slice(6)} state: it always ends the execution (or its branch).`;
  }
  if (kind === 'nestedRule' && (key === 'Next' || key === 'Assign')) {
    return `"${key}" belongs on the top-level Choice rule, not inside "And", "Or" or "Not".`;
  }
  return undefined;
}

function missingField(s: Subject, obj: number, field: string, schema: Schema): void {
  const kind = String(schema['x-kind'] ?? '');
  // The user wrote the other language's form of this field; that error already says what to use.
  if (kind && s.tree.kind[obj] === OBJECT) {
    for (const prop of s.tree.children(obj)) {
      const key = s.tree.keyText(prop);
      if (typeof key === 'string' && isOtherLanguageField(kind, s.ql, key) && languageHint(key, kind, s.ql).replacement === field) return;
    }
  }
  const where = s.state && obj === s.base ? `${s.state.type} state "${s.state.name}"` : String(schema.title ?? 'This object');
  s.report({
    code: 'missing-field',
    ...anchorOf(s.tree, obj),
    message: `${capitalize(where)} is missing the required field "${field}".`,
    data: { field },
  });
}

function invalidValue(s: Subject, node: number, e: ErrorObject, schema: Schema): void {
  if (isPlaceholderNode(s.doc, node)) return;
  const str = s.tree.string(node);
  const jsonata = str !== undefined && isJsonataExpression(str);
  // A string that tries to be an expression but is malformed is the JSONata rule's to report.
  if (schema['x-expr'] === true && str !== undefined && (jsonata || looksLikeJsonata(str))) return;
  const what = describePath(e.instancePath);
  if (what === '"End"' && e.keyword === 'const') {
    s.report({ code: 'invalid-value', node, message: '"End" must be true: to continue to another state, remove "End" and set "Next".' });
    return;
  }
  const values = Array.isArray(schema.enum) ? (schema.enum as unknown[]).map(String) : undefined;
  const expected = values
    ? values.length === 1
      ? `"${values[0]}"`
      : `one of ${values.map((v) => `"${v}"`).join(', ')}`
    : String(schema.description ?? typeWord(schema.type));
  let message = `${what} must be ${expected}, but is ${render(s.tree, node)}.`;
  let suggestion: string | undefined;
  if (values && str !== undefined) {
    suggestion = closest(str, values);
    if (suggestion) message += ` Did you mean "${suggestion}"?`;
  }
  if (jsonata && s.ql === 'JSONPath')
    message += ' "{% ... %}" expressions are evaluated only in JSONata states (set "QueryLanguage": "JSONata").';
  s.report({ code: 'invalid-value', node, message, data: suggestion ? { suggestion } : undefined });
}

/** Where a finding about a missing key goes: the key naming the object, or its opening brace. */
export function anchorOf(tree: Tree, obj: number): { node: number } | { offset: number; length: number } {
  const key = tree.keyNode(tree.parentOf(obj));
  return key >= 0 ? { node: key } : { offset: tree.offset[obj], length: 1 };
}

/** The node at a JSON pointer below `base`, or -1. */
function resolve(tree: Tree, base: number, pointer: string): number {
  if (pointer === '') return base;
  let node = base;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (tree.kind[node] === OBJECT) node = tree.get(node, segment);
    else if (tree.kind[node] === ARRAY) node = tree.children(node)[Number(segment)] ?? -1;
    else return -1;
    if (node < 0) return -1;
  }
  return node;
}

function describePath(pointer: string): string {
  const segments = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  const last = segments[segments.length - 1];
  const parent = segments[segments.length - 2];
  if (last === undefined) return 'The value';
  if (/^\d+$/.test(last) && parent !== undefined) return `Item ${Number(last) + 1} of "${parent}"`;
  return `"${last}"`;
}

export function render(tree: Tree, node: number): string {
  switch (tree.kindOf(node)) {
    case 'object':
      return 'an object';
    case 'array':
      return tree.children(node).length > 0 ? 'an array' : 'an empty array';
    case 'string': {
      const text = JSON.stringify(tree.string(node));
      return text.length > 60 ? `${text.slice(0, 57)}..."` : text;
    }
    default:
      return String(tree.scalar(node));
  }
}

function typeWord(type: unknown): string {
  switch (type) {
    case 'object':
      return 'an object';
    case 'array':
      return 'an array';
    case 'integer':
      return 'an integer';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'true or false';
    default:
      return 'a string';
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
