/**
 * Completion inside strings that Step Functions evaluates: `{% ... %}` JSONata expressions in
 * JSONata states (functions, `$states` fields, the Context object, the variables in scope) and,
 * in JSONPath states, paths and payload values ending in `.$` (the intrinsic functions, `$$.`
 * Context fields, variables). Works on the raw text before the cursor, so half-typed
 * expressions are fine.
 */
import type { Machine, StateInfo } from '../model';
import { INTRINSIC_SIGNATURES, signatureLabel } from '../intrinsics/signatures';
import { visibleVariables } from '../variables';
import { enclosingState, placeOf, type Cursor } from './cursor';
import { contextChildren, STATES_VARIABLE_DOCS } from './data/context';
import { JSONATA_FUNCTION_DOCS } from './data/jsonataFunctions';
import type { CompletionItem, TextEdit } from './types';

/** Payload templates: their keys are data, so only keys ending in ".$" hold paths. */
const TEMPLATES = new Set(['Parameters', 'ResultSelector', 'ItemSelector', 'Arguments', 'Assign', 'BatchInput', 'Result', 'Credentials']);
const PATH_FIELDS = new Set(['InputPath', 'OutputPath', 'ResultPath', 'Variable']);

/** Items for an evaluated string, [] inside one with nothing to offer, undefined when the string is not evaluated. */
export function expressionCompletions(machine: Machine, cursor: Cursor): CompletionItem[] | undefined {
  const node = cursor.string;
  if (node < 0) return undefined;
  const state = enclosingState(machine, node);
  if (!state) return undefined;
  const prefix = cursor.prefix;
  if (state.queryLanguage === 'JSONata') {
    if (!prefix.startsWith('{%')) return undefined;
    if (prefix.indexOf('%}', 2) >= 0) return [];
    return jsonataItems(machine, state, cursor, trailingToken(prefix.slice(2)));
  }
  const key = cursor.key ?? '';
  const intrinsics = key.endsWith('.$') || key === 'ErrorPath' || key === 'CausePath';
  if (!intrinsics) {
    if (!(PATH_FIELDS.has(key) || key.endsWith('Path'))) return undefined;
    const place = placeOf(machine, cursor.object);
    if (place.kind === 'state' && place.path.some((p) => typeof p === 'string' && TEMPLATES.has(p))) return undefined;
  }
  return pathItems(machine, state, cursor, trailingToken(prefix), intrinsics, key !== 'ResultPath');
}

/** The name-like text just before the cursor: `$states.inp`, `States.Fo`, `$$.Execution.`. */
function trailingToken(prefix: string): string {
  let i = prefix.length;
  while (i > 0 && /[A-Za-z0-9_.$]/.test(prefix[i - 1])) i--;
  return prefix.slice(i);
}

/** Replaces the last `length` characters before the cursor and the rest of the word after it. */
function editAt(machine: Machine, cursor: Cursor, length: number, newText: string): TextEdit {
  const text = machine.doc.text;
  const tree = machine.doc.tree;
  const limit = tree && cursor.string >= 0 ? tree.offset[cursor.string] + tree.length[cursor.string] : text.length;
  let end = cursor.offset;
  while (end < limit && /[A-Za-z0-9_]/.test(text[end])) end++;
  return { offset: cursor.offset - length, length: end - cursor.offset + length, newText };
}

// ---- JSONata ---------------------------------------------------------------------------------

/** A workflow variable `$name` replacing the typed token; `rank` orders it among the other items. */
function variableItem(machine: Machine, state: StateInfo, cursor: Cursor, token: string, name: string, rank: string): CompletionItem {
  return {
    label: `$${name}`,
    kind: 'variable',
    detail: 'workflow variable',
    documentation: `Assigned by an earlier state (\`Assign\`) on some path to "${state.name}".`,
    edit: editAt(machine, cursor, token.length, `$${name}`),
    sortText: `${rank}${name}`,
  };
}

function jsonataItems(machine: Machine, state: StateInfo, cursor: Cursor, token: string): CompletionItem[] {
  if (token !== '' && !token.startsWith('$')) return [];
  const parts = token.split('.');
  if (parts.length === 1) return dollarItems(machine, state, cursor, token);
  const last = parts[parts.length - 1];
  if (parts[0] !== '$states') return [];
  if (parts.length === 2) {
    return Object.entries(STATES_VARIABLE_DOCS).map(([name, documentation], i) => ({
      label: name,
      kind: 'context' as const,
      detail: `$states.${name}`,
      documentation,
      edit: editAt(machine, cursor, last.length, name),
      sortText: String(i),
    }));
  }
  if (parts[1] === 'context') return contextItems(machine, cursor, parts.slice(2, -1).join('.'), last, '$states.context');
  return [];
}

function dollarItems(machine: Machine, state: StateInfo, cursor: Cursor, token: string): CompletionItem[] {
  const items: CompletionItem[] = [
    {
      label: '$states',
      kind: 'variable',
      detail: 'reserved variable',
      documentation: "The state's data: `$states.input`, `$states.result`, `$states.errorOutput`, `$states.context`.",
      edit: editAt(machine, cursor, token.length, '$states'),
      sortText: '0',
    },
  ];
  for (const name of visibleVariables(machine, state)) items.push(variableItem(machine, state, cursor, token, name, '1'));
  for (const f of JSONATA_FUNCTION_DOCS) {
    const noArgs = f.signature.endsWith('()');
    items.push({
      label: `$${f.name}`,
      kind: 'function',
      detail: f.signature,
      documentation: f.stepFunctions ? `${f.description}\n\n(Added by Step Functions.)` : f.description,
      edit: editAt(machine, cursor, token.length, noArgs ? `\\$${f.name}()` : `\\$${f.name}($1)`),
      snippet: true,
      sortText: `2${f.name}`,
    });
  }
  return items;
}

function contextItems(machine: Machine, cursor: Cursor, parent: string, last: string, root: string): CompletionItem[] {
  return contextChildren(parent).map((f, i) => {
    const name = f.path.slice(f.path.lastIndexOf('.') + 1);
    return {
      label: name,
      kind: 'context' as const,
      detail: `${root}.${f.path}`,
      documentation: f.description,
      edit: editAt(machine, cursor, last.length, name),
      sortText: String(i).padStart(2, '0'),
    };
  });
}

// ---- JSONPath --------------------------------------------------------------------------------

function pathItems(
  machine: Machine,
  state: StateInfo,
  cursor: Cursor,
  token: string,
  intrinsics: boolean,
  context: boolean,
): CompletionItem[] {
  if (token.startsWith('$$.')) {
    if (!context) return [];
    const parts = token.slice(3).split('.');
    return contextItems(machine, cursor, parts.slice(0, -1).join('.'), parts[parts.length - 1], '$$');
  }
  const items: CompletionItem[] = [];
  if (token === '' || token === '$' || token === '$$') {
    if (context) {
      for (const f of contextChildren('')) {
        items.push({
          label: `$$.${f.path}`,
          kind: 'context',
          detail: 'Context object',
          documentation: f.description,
          edit: editAt(machine, cursor, token.length, `$$.${f.path}`),
          sortText: `1${f.path}`,
        });
      }
    }
  }
  if ((token === '' || (token.startsWith('$') && !token.startsWith('$$') && !token.includes('.'))) && cursor.key !== 'ResultPath') {
    for (const name of visibleVariables(machine, state)) items.push(variableItem(machine, state, cursor, token, name, '0'));
  }
  if (intrinsics && (token === '' || 'States.'.startsWith(token) || token.startsWith('States.'))) {
    INTRINSIC_SIGNATURES.forEach((sig, i) => {
      const noArgs = sig.params.length === 0 && !sig.rest;
      items.push({
        label: sig.name,
        kind: 'function',
        detail: signatureLabel(sig),
        documentation: sig.description,
        edit: editAt(machine, cursor, token.length, noArgs ? `${sig.name}()` : `${sig.name}($1)`),
        snippet: true,
        sortText: `2${String(i).padStart(2, '0')}`,
      });
    });
  }
  return items;
}
