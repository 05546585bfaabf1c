/**
 * Completion: what can be typed at the cursor, from the parse and model the diagnostics use (no
 * re-parse, no validation). Keys get the fields of the object's kind with value skeletons; values
 * get state names, state types, ARNs, error names and enumerations; strings holding JSONata or
 * paths get functions, variables and Context fields (expressionCompletion.ts).
 */
import type { Machine, QueryLanguage, Scope, StateInfo } from '../model';
import { STRING, type Tree } from '../fastParse';
import { INTEGRATIONS, type Pattern } from '../arn/integrations';
import { STATE_TYPES, type Schema } from '../schema/fields';
import { cursorAt, isTerminated, placeOf, type Cursor, type Place } from './cursor';
import { isLambdaFunctionArn } from './lambdaArns';
import { incomingTransitions } from './stateRefs';
import { ERROR_NAMES } from './data/errors';
import { fieldDoc, STATE_TYPE_DOCS } from './data/fieldDocs';
import { expressionCompletions } from './expressionCompletion';
import { objectSchemaAt, placeRoot, propertiesOf, schemaAtPath, scopeLanguage } from './schemaPath';
import { catcher, choiceRule, fieldValueSnippet, machineSnippet, retrier, snippetText, stateSnippets, targetPlaceholder } from './snippets';
import type { CompletionItem, CompletionOptions, TextEdit } from './types';

export function complete(machine: Machine, offset: number, options: CompletionOptions = {}): CompletionItem[] {
  const doc = machine.doc;
  if (!doc.tree) {
    if (doc.text.trim() !== '') return [];
    return (['JSONPath', 'JSONata'] as const).map((ql, i) => ({
      label: `State machine (${ql})`,
      kind: 'snippet' as const,
      detail: 'A new state machine',
      edit: { offset: 0, length: doc.text.length, newText: machineSnippet(ql) },
      snippet: true,
      filterText: '{',
      sortText: String(i),
    }));
  }
  const cursor = cursorAt(doc, offset);
  if (cursor.position === 'none') return [];
  if (cursor.position === 'value' && cursor.string >= 0 && doc.tree) {
    const str = doc.tree.range(cursor.string);
    if (cursor.replace.offset === str.offset && cursor.replace.length === str.length && isTerminated(doc.text, str))
      insideQuotes.add(cursor);
  }
  if (cursor.position === 'value' && cursor.string >= 0) {
    const inner = expressionCompletions(machine, cursor);
    if (inner) return inner;
  }
  const place = placeOf(machine, cursor.object);
  return cursor.position === 'key' ? keyCompletions(machine, cursor, place) : valueCompletions(machine, cursor, place, options);
}

// ---- keys ----------------------------------------------------------------------------------

/** Fields of which at most one may be set: once one is there, the others are not offered. */
const EXCLUSIVE: readonly (readonly string[])[] = [
  ['Next', 'End'],
  ['TimeoutSeconds', 'TimeoutSecondsPath'],
  ['HeartbeatSeconds', 'HeartbeatSecondsPath'],
  ['Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath'],
  ['Error', 'ErrorPath'],
  ['Cause', 'CausePath'],
  ['ItemProcessor', 'Iterator'],
  ['ItemsPath', 'Items'],
  ['MaxConcurrency', 'MaxConcurrencyPath'],
  ['ToleratedFailurePercentage', 'ToleratedFailurePercentagePath'],
  ['ToleratedFailureCount', 'ToleratedFailureCountPath'],
];

/** Former names still accepted but not to be suggested. */
const DEPRECATED: Readonly<Record<string, string>> = { Iterator: 'ItemProcessor' };

const FIRST = ['Type', 'Resource', 'StartAt', 'States', 'Choices', 'Branches', 'ItemProcessor', 'ErrorEquals', 'Condition', 'Variable'];
const RETRIGGER = new Set(['Next', 'Default', 'StartAt', 'Resource']);

function keyCompletions(machine: Machine, cursor: Cursor, place: Place): CompletionItem[] {
  if (place.kind === 'states') return cursor.hasColon ? [] : newStateItems(machine, cursor, place.scope);
  if (place.kind === 'state' && place.path.length === 0 && !placeRoot(machine, place)) return untypedStateItems(cursor, place.state);
  const at = objectSchemaAt(machine, place);
  if (!at) return [];
  const props = propertiesOf(at.schema);
  const present = presentKeys(machine.doc.tree!, cursor);
  const required = new Set(Array.isArray(at.schema.required) ? (at.schema.required as string[]) : []);
  const items: CompletionItem[] = [];
  let i = 0;
  for (const [field, schema] of Object.entries(props)) {
    i++;
    if (present.has(field) || DEPRECATED[field]) continue;
    if (EXCLUSIVE.some((group) => group.includes(field) && group.some((f) => f !== field && present.has(f)))) continue;
    if (place.kind === 'state' && place.state.type === 'Map' && field === 'Parameters') continue; // former name of ItemSelector
    const rank = field === 'Type' ? 0 : required.has(field) || FIRST.includes(field) ? 1 : field === 'Next' || field === 'End' ? 2 : 3;
    items.push(
      fieldItem(
        cursor,
        field,
        schema,
        at.ql,
        fieldDoc(field, at.docKind),
        `${rank}${pad(i)}`,
        place.kind === 'state' ? targetsIn(place.state.scope, place.state) : [],
      ),
    );
  }
  return items;
}

function fieldItem(
  cursor: Cursor,
  field: string,
  schema: Schema | undefined,
  ql: QueryLanguage,
  doc: string | undefined,
  sortText: string,
  targets: readonly string[] = [],
): CompletionItem {
  const name = JSON.stringify(field);
  const item: CompletionItem = {
    label: field,
    kind: 'field',
    detail: typeof schema?.description === 'string' ? schema.description : undefined,
    documentation: doc,
    edit: cursor.hasColon
      ? replaceToken(cursor, name)
      : replaceToken(cursor, `${snippetText(name)}: ${fieldValueSnippet(field, schema, ql, targets)}${cursor.commaAfter ? ',' : ''}`),
    snippet: !cursor.hasColon,
    filterText: filterFor(cursor, name, field),
    sortText,
  };
  if (!cursor.hasColon && RETRIGGER.has(field)) item.retrigger = true;
  if (cursor.missingCommaAt >= 0) item.additionalEdits = [{ offset: cursor.missingCommaAt, length: 0, newText: ',' }];
  if (field === 'Type') item.preselect = true;
  return item;
}

function untypedStateItems(cursor: Cursor, state: StateInfo): CompletionItem[] {
  const present = presentKeys(state.tree, cursor);
  const items: CompletionItem[] = [];
  const typeSchema: Schema = { type: 'string', description: 'the state type' };
  if (!present.has('Type')) items.push(fieldItem(cursor, 'Type', typeSchema, state.queryLanguage, fieldDoc('Type'), '0'));
  if (!present.has('Comment'))
    items.push(fieldItem(cursor, 'Comment', { type: 'string', description: 'a string' }, state.queryLanguage, fieldDoc('Comment'), '1'));
  if (!present.has('QueryLanguage'))
    items.push(fieldItem(cursor, 'QueryLanguage', { enum: ['JSONPath', 'JSONata'] }, state.queryLanguage, fieldDoc('QueryLanguage'), '2'));
  return items;
}

function newStateItems(machine: Machine, cursor: Cursor, scope: Scope): CompletionItem[] {
  const typed = machine.doc.text.slice(cursor.replace.offset, cursor.offset);
  const name = cursor.prefix.replace(/\\./g, '');
  return stateSnippets(scopeLanguage(machine, scope), (sample) => (name ? snippetText(name) : sample), targetsIn(scope, undefined)).map(
    (s, i) => {
      const item: CompletionItem = {
        label: s.label,
        kind: 'snippet',
        detail: `New ${s.type} state`,
        documentation: s.description,
        edit: replaceToken(cursor, s.body + (cursor.commaAfter ? ',' : '')),
        snippet: true,
        // Whatever name was typed so far matches: it becomes the state's name.
        filterText: `${typed}${s.label}`,
        sortText: String(i),
      };
      if (cursor.missingCommaAt >= 0) item.additionalEdits = [{ offset: cursor.missingCommaAt, length: 0, newText: ',' }];
      return item;
    },
  );
}

/** Keys already in the object, but not the one being typed. */
function presentKeys(tree: Tree, cursor: Cursor): Set<string> {
  const out = new Set<string>();
  for (const prop of tree.children(cursor.object)) {
    const key = tree.keyNode(prop);
    if (key < 0 || key === cursor.string || (tree.offset[key] <= cursor.offset && cursor.offset <= tree.offset[key] + tree.length[key]))
      continue;
    out.add(String(tree.keyText(prop)));
  }
  return out;
}

// ---- values --------------------------------------------------------------------------------

function valueCompletions(machine: Machine, cursor: Cursor, place: Place, options: CompletionOptions): CompletionItem[] {
  const key = cursor.key;
  if (key === undefined) return [];
  if (place.kind === 'scope') {
    if (place.path.length === 0 && key === 'StartAt' && cursor.array < 0) return stateNameItems(cursor, place.scope, undefined);
  } else if (place.kind === 'state') {
    const { state, path } = place;
    const top = path.length === 0;
    if (cursor.array < 0) {
      const inRuleOrCatcher = path.length === 2 && (path[0] === 'Choices' || path[0] === 'Catch');
      if ((key === 'Next' && (top || inRuleOrCatcher)) || (key === 'Default' && top)) return stateNameItems(cursor, state.scope, state);
      if (key === 'Type' && top) return typeItems(cursor);
      if (key === 'Resource' && top) return arnItems(machine, cursor, options);
      if (key === 'Resource' && path.length === 1 && (path[0] === 'ItemReader' || path[0] === 'ResultWriter'))
        return s3Items(cursor, path[0]);
      if (key === 'FunctionName' && path.length === 1 && (path[0] === 'Parameters' || path[0] === 'Arguments'))
        return lambdaArnItems(machine, cursor, options, 0);
    } else if (key === 'ErrorEquals') return errorItems(cursor, state);
    else if (top && (key === 'Choices' || key === 'Catch' || key === 'Retry') && cursor.string < 0) return entrySnippet(cursor, key, state);
  } else return [];
  const r = placeRoot(machine, place);
  if (!r || (place.kind !== 'scope' && place.kind !== 'state')) return [];
  let schema = schemaAtPath(r.root, [...place.path, key]);
  if (cursor.array >= 0) schema = schema?.items as Schema | undefined;
  return schemaValueItems(cursor, schema);
}

function schemaValueItems(cursor: Cursor, schema: Schema | undefined): CompletionItem[] {
  if (!schema) return [];
  if (Array.isArray(schema.enum)) {
    return (schema.enum as unknown[]).map((v, i) => valueItem(cursor, String(v), JSON.stringify(v), 'value', { sortText: pad(i) }));
  }
  if (schema.const === true) return [valueItem(cursor, 'true', 'true', 'value')];
  if (schema.type === 'boolean') return [valueItem(cursor, 'true', 'true', 'value'), valueItem(cursor, 'false', 'false', 'value')];
  return [];
}

function valueItem(
  cursor: Cursor,
  label: string,
  text: string,
  kind: CompletionItem['kind'],
  extra: Partial<CompletionItem> = {},
): CompletionItem {
  const item: CompletionItem = { label, kind, edit: valueEdit(cursor, text), filterText: filterFor(cursor, text, label), ...extra };
  if (cursor.missingCommaAt >= 0) item.additionalEdits = [{ offset: cursor.missingCommaAt, length: 0, newText: ',' }];
  return item;
}

/**
 * Cursors in a string with both its quotes: a value completion replaces what is between them,
 * not the quotes. Why: a snippet's placeholder (`"${4:NextState}"`) covers the text inside the
 * quotes; an edit reaching past it, or leaving the cursor after the closing quote, ends the
 * snippet, so the user could not tab on to the next placeholder after picking a state name.
 */
const insideQuotes = new WeakSet<Cursor>();

function valueEdit(cursor: Cursor, text: string): TextEdit {
  if (insideQuotes.has(cursor) && text.length >= 2 && text.startsWith('"') && text.endsWith('"')) {
    return { offset: cursor.replace.offset + 1, length: cursor.replace.length - 2, newText: text.slice(1, -1) };
  }
  const newText = cursor.afterColon || cursor.commaAfter ? `${cursor.afterColon ? ' ' : ''}${text}${cursor.commaAfter ? ',' : ''}` : text;
  return { offset: cursor.replace.offset, length: cursor.replace.length, newText };
}

/**
 * State names of a scope, the likeliest first: those no transition leads to yet, then the others,
 * then the state itself (a loop onto itself is rare). The transition being edited does not count.
 * This runs per keystroke on scopes of thousands of states, so it allocates little per item.
 */
function stateNameItems(cursor: Cursor, scope: Scope, from: StateInfo | undefined): CompletionItem[] {
  const incoming = incomingTransitions(scope);
  // The value being typed is itself a transition (to whatever it names so far): not a reason to rank.
  const editing = scope.tree.string(cursor.string);
  const list = scope.stateList;
  const items: CompletionItem[] = [];
  const comma = cursor.missingCommaAt >= 0 ? [{ offset: cursor.missingCommaAt, length: 0, newText: ',' }] : undefined;
  const bare = insideQuotes.has(cursor) || !(cursor.string >= 0 || cursor.replace.length === 0);
  let first = true;
  for (let i = 0; i < list.length; i++) {
    const s = list[i];
    if (scope.states.get(s.name) !== s) continue; // a duplicate name: offered once
    const leadingHere = incoming.get(s.name)?.length ?? 0;
    const rank = s === from ? 2 : leadingHere > (s.name === editing ? 1 : 0) ? 1 : 0;
    const text = quote(s.name);
    const item: CompletionItem = {
      label: s.name,
      kind: 'state',
      detail: stateDetail(s.type, rank === 0),
      edit: valueEdit(cursor, text),
      filterText: bare ? s.name : text,
      sortText: sortKey(rank, i),
    };
    if (rank === 0 && first) {
      item.preselect = true;
      first = false;
    }
    if (comma) item.additionalEdits = comma;
    items.push(item);
  }
  return items;
}

/** JSON.stringify for a string, without its cost for the usual names that need no escape. */
function quote(name: string): string {
  return /["\\\u0000-\u001f\u2028\u2029]/.test(name) ? JSON.stringify(name) : `"${name}"`;
}

/** "Task state", "Pass state (nothing leads here yet)": a handful of strings, made once. */
const details: [Map<string, string>, Map<string, string>] = [new Map(), new Map()];

function stateDetail(type: string | undefined, unreached: boolean): string {
  const cache = details[unreached ? 1 : 0];
  const key = type ?? '';
  let d = cache.get(key);
  if (d === undefined) {
    d = `${type ?? 'untyped'} state${unreached ? ' (nothing leads here yet)' : ''}`;
    if (cache.size < 50) cache.set(key, d);
  }
  return d;
}

/** Sort keys by rank and position, kept between calls: the same few thousand strings every keystroke. */
const sortKeys: string[][] = [[], [], []];

function sortKey(rank: number, i: number): string {
  const keys = sortKeys[rank];
  return keys[i] ?? (keys[i] = `${rank}${pad(i)}`);
}

function typeItems(cursor: Cursor): CompletionItem[] {
  return STATE_TYPES.map((t, i) =>
    valueItem(cursor, t, JSON.stringify(t), 'type', { documentation: STATE_TYPE_DOCS[t], sortText: pad(i) }),
  );
}

const PATTERNS: Record<Pattern, string> = {
  '': 'request-response: continues as soon as the service answers',
  '.sync': 'run a job: waits for it to complete',
  '.sync:2': 'run a job: waits for it to complete; the output is parsed JSON',
  '.waitForTaskToken': 'callback: waits until SendTaskSuccess/SendTaskFailure returns $$.Task.Token',
};

/** Every optimized integration with its patterns, the SDK and activity forms, and the known Lambda functions. */
function arnItems(machine: Machine, cursor: Cursor, options: CompletionOptions): CompletionItem[] {
  const items: CompletionItem[] = [];
  let i = 0;
  for (const it of INTEGRATIONS) {
    for (const p of it.patterns) {
      const arn = `arn:aws:states:::${it.service}:${it.action}${p}`;
      items.push(
        valueItem(cursor, arn, JSON.stringify(arn), 'arn', {
          detail: PATTERNS[p],
          documentation: `${it.description}\n\n${p === '' ? 'Request-response' : `\`${p}\``}: ${PATTERNS[p]}.`,
          sortText: `1${pad(i++)}`,
        }),
      );
    }
  }
  const templates: [string, string, string][] = [
    [
      'arn:aws:states:::aws-sdk:SERVICE:ACTION',
      '"arn:aws:states:::aws-sdk:${1:service}:${2:apiAction}"',
      'Call any AWS API through the AWS SDK integration, e.g. `aws-sdk:s3:getObject` (camelCase action names).',
    ],
    [
      'arn:aws:lambda:REGION:ACCOUNT:function:NAME',
      '"arn:aws:lambda:${1:us-east-1}:${2:123456789012}:function:${3:name}"',
      'Invoke a Lambda function directly (its output becomes the result). `arn:aws:states:::lambda:invoke` is the recommended form.',
    ],
    [
      'arn:aws:states:REGION:ACCOUNT:activity:NAME',
      '"arn:aws:states:${1:us-east-1}:${2:123456789012}:activity:${3:name}"',
      'Wait for an activity worker to pick up and complete the task.',
    ],
  ];
  for (const [label, body, documentation] of templates) {
    items.push({
      label,
      kind: 'snippet',
      documentation,
      edit: valueEdit(cursor, body),
      snippet: true,
      filterText: filterFor(cursor, JSON.stringify(label), label),
      sortText: `2${pad(i++)}`,
    });
  }
  items.push(...lambdaArnItems(machine, cursor, options, 0));
  return items;
}

function lambdaArnItems(machine: Machine, cursor: Cursor, options: CompletionOptions, rank: number): CompletionItem[] {
  const arns = new Set(options.lambdaArns ?? []);
  for (const s of machine.states) {
    if (s.type !== 'Task') continue;
    const { tree, index } = s;
    for (const v of [
      tree.get(index, 'Resource'),
      tree.get(tree.get(index, 'Parameters'), 'FunctionName'),
      tree.get(tree.get(index, 'Arguments'), 'FunctionName'),
    ]) {
      const value = tree.string(v);
      if (value !== undefined && v !== cursor.string && isLambdaFunctionArn(value)) arns.add(value);
    }
  }
  return [...arns].sort().map((arn, i) =>
    valueItem(cursor, arn, JSON.stringify(arn), 'arn', {
      detail: 'Lambda function',
      documentation: `The Lambda function \`${arn.split(':')[6]}\` (${arn.split(':')[3]}), already used in the workspace or listed in \`aslWorkbench.extraLambdaArns\`.`,
      sortText: `${rank}${pad(i)}`,
    }),
  );
}

function s3Items(cursor: Cursor, where: 'ItemReader' | 'ResultWriter'): CompletionItem[] {
  const actions = where === 'ItemReader' ? ['getObject', 'listObjectsV2'] : ['putObject'];
  return actions.map((a, i) => {
    const arn = `arn:aws:states:::s3:${a}`;
    return valueItem(cursor, arn, JSON.stringify(arn), 'arn', { documentation: fieldDoc('Resource', where), sortText: pad(i) });
  });
}

function errorItems(cursor: Cursor, state: StateInfo): CompletionItem[] {
  const listed = new Set<string>();
  const tree = state.tree;
  for (const item of tree.children(cursor.array)) if (item !== cursor.string && tree.kind[item] === STRING) listed.add(tree.string(item)!);
  const resource = tree.scalar(tree.get(state.index, 'Resource'));
  const lambda = typeof resource === 'string' && resource.includes(':lambda:');
  const items: CompletionItem[] = [];
  ERROR_NAMES.forEach((e, i) => {
    if (listed.has(e.name) || (e.name === 'States.ALL' && listed.size > 0) || (e.lambda && !lambda)) return;
    items.push(
      valueItem(cursor, e.name, JSON.stringify(e.name), 'error', {
        documentation: e.description,
        sortText: `${e.lambda ? 0 : 1}${pad(i)}`,
      }),
    );
  });
  return items;
}

/** Names a new transition of `from` may go to: the scope's states but `from` itself, in text order. */
function targetsIn(scope: Scope, from: StateInfo | undefined): string[] {
  const out: string[] = [];
  for (const s of scope.stateList) if (s !== from && scope.states.get(s.name) === s) out.push(s.name);
  return out;
}

/** The state types with Retry and Catch. */
const RETRYING = new Set(['Task', 'Parallel', 'Map']);

const ENTRY_LABELS: Record<'Choices' | 'Catch' | 'Retry', [string, string]> = {
  Choices: ['Choice rule', 'A rule: a comparison and the state it leads to.'],
  Catch: ['Catcher', 'A catcher: the errors it takes and the state it goes to.'],
  Retry: ['Retrier', 'A retrier for transient Lambda errors: interval, attempts, backoff and jitter.'],
};

/** One new entry of a state's Choices, Catch or Retry array, at an item position. */
function entrySnippet(cursor: Cursor, key: 'Choices' | 'Catch' | 'Retry', state: StateInfo): CompletionItem[] {
  if (key === 'Choices' ? state.type !== 'Choice' : !RETRYING.has(state.type ?? '')) return [];
  const targets = targetsIn(state.scope, state);
  const ql = state.queryLanguage;
  const body =
    key === 'Choices' ? choiceRule('', ql, 1, targets) : key === 'Catch' ? catcher('', ql, targetPlaceholder(1, targets)) : retrier('');
  const [label, documentation] = ENTRY_LABELS[key];
  const item: CompletionItem = {
    label,
    kind: 'snippet',
    documentation,
    edit: valueEdit(cursor, body),
    snippet: true,
    filterText: `{${label}`,
    sortText: '0',
  };
  if (cursor.missingCommaAt >= 0) item.additionalEdits = [{ offset: cursor.missingCommaAt, length: 0, newText: ',' }];
  return [item];
}

// ---- helpers -------------------------------------------------------------------------------

function replaceToken(cursor: Cursor, newText: string): TextEdit {
  return { offset: cursor.replace.offset, length: cursor.replace.length, newText };
}

/** The editor matches what was typed from the start of the replaced range: with its quote, or without. */
function filterFor(cursor: Cursor, quoted: string, bare: string): string {
  if (insideQuotes.has(cursor)) return bare;
  return cursor.string >= 0 || cursor.replace.length === 0 ? quoted : bare;
}

function pad(i: number): string {
  return String(i).padStart(5, '0');
}
