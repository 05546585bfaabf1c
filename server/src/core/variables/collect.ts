/** Where a state reads and assigns workflow variables, with exact text ranges. */
import { evaluatedStrings, expressionOf } from '../jsonata/fields';
import { stringOffsetsAt } from '../strings';
import type { Machine, StateInfo } from '../model';
import type { ParsedDocument } from '../parse';
import { ARRAY, OBJECT, STRING, type Tree } from '../fastParse';
import { variablesInPath } from './jsonpath';
import { CharCode } from '../chars';

export interface VariableRead {
  name: string;
  state: StateInfo;
  /** Range of `$name` in the text. */
  offset: number;
  length: number;
  /** A JSONata `$name` that also names a function (`$count`): unassigned, it is the function. */
  alsoFunction?: boolean;
}

/** Where an Assign sits: the state's own, a Choice rule's, or a Catch's. */
export type AssignPlace = 'state' | 'choice' | 'catch';

export interface AssignSite {
  /** The variable name (a JSONPath key's `.$` suffix removed). */
  name: string;
  state: StateInfo;
  place: AssignPlace;
  /** The key node (its index in the document's tree) in the Assign object. */
  keyNode: number;
  /** The Choice rule or Catch object's node index, for place "choice" and "catch". */
  owner?: number;
}

/** Every variable read in the `{% %}` expressions of the machine's JSONata states. */
export function jsonataReads(machine: Machine, out: VariableRead[]): void {
  const doc = machine.doc;
  for (const s of evaluatedStrings(machine)) {
    const vars = expressionOf(s, doc.placeholders)?.variables;
    if (!vars || vars.length === 0) continue;
    const { state, node } = s;
    const at = stringOffsetsAt(doc.text, state.tree, node);
    for (const v of vars) {
      const offset = at(2 + v.start);
      const read: VariableRead = { name: v.name, state, offset, length: at(2 + v.end) - offset };
      if (v.alsoFunction) read.alsoFunction = true;
      out.push(read);
    }
  }
}

/** Every variable read in the fields of a JSONPath state (nested branches and processors excluded). */
export function jsonPathReads(doc: ParsedDocument, state: StateInfo, out: VariableRead[]): void {
  const { tree, index } = state;
  if (tree.kind[index] === OBJECT && state.queryLanguage === 'JSONPath') jsonPathConfig(doc, tree, state, index, false, out);
}

/**
 * Whether the text can hold a JSONPath-mode variable read at all: a `$` followed by a name start
 * right after a quote (a path) or after `(`, `,` or a space (an intrinsic argument). `:$LATEST`
 * in an ARN is not one. Lets a machine without variables skip the walk.
 */
export function mayReadVariables(text: string): boolean {
  for (let i = text.indexOf('$'); i >= 0; i = text.indexOf('$', i + 1)) {
    const prev = text.charCodeAt(i - 1);
    if (
      prev !== CharCode.DoubleQuote &&
      prev !== CharCode.OpenParen &&
      prev !== CharCode.Comma &&
      prev !== CharCode.Space &&
      prev !== CharCode.Tab
    )
      continue;
    const next = text.charCodeAt(i + 1);
    if (
      (next >= CharCode.A && next <= CharCode.Z) ||
      (next >= CharCode.a && next <= CharCode.z) ||
      next === CharCode.Underline ||
      next >= CharCode.FirstNonAscii
    )
      return true;
  }
  return false;
}

/**
 * Payload templates: only the values of keys ending in `.$` are evaluated (AWS: "Fields that end
 * with .$ indicate the value is a JSONPath expression").
 */
const TEMPLATES = new Set(['Parameters', 'ResultSelector', 'ItemSelector', 'Assign', 'Credentials', 'BatchInput']);
/** Objects holding further path fields (`MaxItemsPath`) and templates (`Parameters`). */
const CONFIGS = new Set(['ItemReader', 'ReaderConfig', 'ItemBatcher', 'ResultWriter', 'WriterConfig']);

function jsonPathConfig(doc: ParsedDocument, tree: Tree, state: StateInfo, obj: number, choiceRule: boolean, out: VariableRead[]): void {
  const { kind, values, end } = tree;
  for (let p = obj + 1, e = end[obj]; p < e; p = end[p]) {
    const value = p + 2;
    if (value >= end[p]) continue;
    const key = values[p] as string;
    const k = kind[value];
    if (TEMPLATES.has(key)) {
      jsonPathTemplate(doc, tree, state, value, out);
    } else if (key === 'ResultPath') {
      // AWS: "Variables cannot be used in ResultPath" (it names where to write, not what to read).
    } else if (k === STRING && (key.endsWith('Path') || (choiceRule && key === 'Variable'))) {
      pathReads(doc, tree, state, value, out);
    } else if (k === OBJECT && CONFIGS.has(key)) {
      jsonPathConfig(doc, tree, state, value, false, out);
    } else if (k === OBJECT && choiceRule && key === 'Not') {
      jsonPathConfig(doc, tree, state, value, true, out);
    } else if (k === ARRAY && (key === 'Choices' || (choiceRule && (key === 'And' || key === 'Or')))) {
      for (let c = value + 1, ce = end[value]; c < ce; c = end[c]) if (kind[c] === OBJECT) jsonPathConfig(doc, tree, state, c, true, out);
    } else if (k === ARRAY && key === 'Catch' && obj === state.index) {
      for (let c = value + 1, ce = end[value]; c < ce; c = end[c]) if (kind[c] === OBJECT) jsonPathConfig(doc, tree, state, c, false, out);
    }
  }
}

function jsonPathTemplate(doc: ParsedDocument, tree: Tree, state: StateInfo, at: number, out: VariableRead[]): void {
  const { kind, values, end } = tree;
  if (kind[at] === ARRAY) {
    for (let c = at + 1, e = end[at]; c < e; c = end[c]) jsonPathTemplate(doc, tree, state, c, out);
  } else if (kind[at] === OBJECT) {
    for (let p = at + 1, e = end[at]; p < e; p = end[p]) {
      const value = p + 2;
      if (value >= end[p]) continue;
      if ((values[p] as string).endsWith('.$') && kind[value] === STRING) pathReads(doc, tree, state, value, out);
      else jsonPathTemplate(doc, tree, state, value, out);
    }
  }
}

function pathReads(doc: ParsedDocument, tree: Tree, state: StateInfo, at: number, out: VariableRead[]): void {
  if (doc.placeholders && doc.placeholderOffsets.has(tree.offset[at])) return;
  const reads = variablesInPath(tree.values[at] as string);
  if (reads.length === 0) return;
  const offsets = stringOffsetsAt(doc.text, tree, at);
  for (const r of reads) {
    const offset = offsets(r.start);
    out.push({ name: r.name, state, offset, length: offsets(r.end) - offset });
  }
}

/** Every Assign key of a state: its own, its Choice rules' and its Catches'. */
export function assignsOf(state: StateInfo, out: AssignSite[]): void {
  const { tree, index: node } = state;
  if (tree.kind[node] !== OBJECT) return;
  const jsonPath = state.queryLanguage === 'JSONPath';
  for (const prop of tree.children(node)) {
    const key = tree.keyText(prop);
    const value = tree.valueNode(prop);
    if (value < 0) continue;
    if (key === 'Assign') {
      keys(tree, value, state, 'state', undefined, jsonPath, out);
    } else if ((key === 'Choices' || key === 'Catch') && tree.kind[value] === ARRAY) {
      for (const item of tree.children(value)) {
        if (tree.kind[item] !== OBJECT) continue;
        for (const p of tree.children(item)) {
          const v = tree.valueNode(p);
          if (tree.keyText(p) === 'Assign' && v >= 0) keys(tree, v, state, key === 'Choices' ? 'choice' : 'catch', item, jsonPath, out);
        }
      }
    }
  }
}

function keys(
  tree: Tree,
  assign: number,
  state: StateInfo,
  place: AssignPlace,
  owner: number | undefined,
  jsonPath: boolean,
  out: AssignSite[],
): void {
  if (tree.kind[assign] !== OBJECT) return;
  for (const prop of tree.children(assign)) {
    const keyNode = tree.keyNode(prop);
    let name = tree.string(keyNode);
    if (name === undefined) continue;
    if (jsonPath && name.endsWith('.$')) name = name.slice(0, -2);
    out.push({ name, state, place, keyNode, owner });
  }
}
