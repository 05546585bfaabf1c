/**
 * Where a JSONPath state holds paths and intrinsic functions. Sources: states-language.net
 * spec (JSONPath input/output processing, Choice, Wait, Task, Map, Fail states) and the AWS
 * developer guide (Map ItemReader, ItemBatcher, ResultWriter; Task Credentials).
 *
 * - Path: InputPath, OutputPath, Choice rule Variable and the comparators ending in "Path".
 * - Reference Path: ItemsPath, SecondsPath, TimestampPath, TimeoutSecondsPath,
 *   HeartbeatSecondsPath, MaxConcurrencyPath, ToleratedFailure{Count,Percentage}Path,
 *   ItemReader.ReaderConfig.MaxItemsPath, ItemBatcher.MaxItemsPerBatchPath and
 *   MaxInputBytesPerBatchPath.
 * - ResultPath (state and Catcher): a Reference Path; "The value of "ResultPath" MUST NOT begin
 *   with "$$"" and "In a JSONPath state, the "ResultPath" field MUST NOT reference a variable".
 * - ErrorPath, CausePath (Fail): a Reference Path or an intrinsic function.
 * - Payload templates: Parameters, ResultSelector, ItemSelector, Assign (state, Choice rule,
 *   Catcher), Credentials, ItemReader.Parameters, ResultWriter.Parameters,
 *   ItemBatcher.BatchInput: every key ending in ".$", however deeply nested, holds a path or an
 *   intrinsic function call.
 * InputPath, OutputPath and ResultPath may be null; other value types are the schema's concern.
 */
import { ARRAY, OBJECT, type Tree } from '../fastParse';
import type { StateInfo } from '../model';

export type SiteRole = 'path' | 'reference' | 'resultPath' | 'errorPath' | 'payload';

/** One field holding a path or an intrinsic, by node index. */
export class ExpressionSite {
  constructor(
    readonly role: SiteRole,
    readonly tree: Tree,
    /** The value's index: for 'payload', the value of a key ending in ".$". */
    readonly at: number,
    /** The index of the key naming the field. */
    readonly keyAt: number,
    /** The field name alone: "InputPath", "Variable", "total.$". */
    readonly field: string,
    /** Where the field sits: "" at the state's top level, "Choices[0].", "Catch[1]." ... */
    readonly prefix: string,
    /** For 'payload': the template holding the key, e.g. "Parameters", "Catch[0].Assign". */
    readonly template?: string,
  ) {}
}

/** For messages: `"InputPath"`, `"Choices[0].Variable"`, `"total.$" in Parameters`. Built on demand. */
export function siteLabel(site: ExpressionSite): string {
  return site.template !== undefined ? `"${site.field}" in ${site.template}` : `"${site.prefix}${site.field}"`;
}

type FieldKind = SiteRole | 'template';

const STATE_FIELDS: ReadonlyMap<string, FieldKind> = new Map<string, FieldKind>([
  ['InputPath', 'path'],
  ['OutputPath', 'path'],
  ['ResultPath', 'resultPath'],
  ['ItemsPath', 'reference'],
  ['MaxConcurrencyPath', 'reference'],
  ['ToleratedFailureCountPath', 'reference'],
  ['ToleratedFailurePercentagePath', 'reference'],
  ['TimeoutSecondsPath', 'reference'],
  ['HeartbeatSecondsPath', 'reference'],
  ['SecondsPath', 'reference'],
  ['TimestampPath', 'reference'],
  ['ErrorPath', 'errorPath'],
  ['CausePath', 'errorPath'],
  ['Parameters', 'template'],
  ['ResultSelector', 'template'],
  ['ItemSelector', 'template'],
  ['Assign', 'template'],
  ['Credentials', 'template'],
]);

const ITEM_READER_FIELDS: ReadonlyMap<string, FieldKind> = new Map<string, FieldKind>([['Parameters', 'template']]);
const READER_CONFIG_FIELDS: ReadonlyMap<string, FieldKind> = new Map<string, FieldKind>([['MaxItemsPath', 'reference']]);
const RESULT_WRITER_FIELDS: ReadonlyMap<string, FieldKind> = new Map<string, FieldKind>([['Parameters', 'template']]);
const ITEM_BATCHER_FIELDS: ReadonlyMap<string, FieldKind> = new Map<string, FieldKind>([
  ['BatchInput', 'template'],
  ['MaxItemsPerBatchPath', 'reference'],
  ['MaxInputBytesPerBatchPath', 'reference'],
]);
const CATCHER_FIELDS: ReadonlyMap<string, FieldKind> = new Map<string, FieldKind>([
  ['ResultPath', 'resultPath'],
  ['Assign', 'template'],
]);

/** The Choice rule comparators whose value is a Path (spec, "Data-test expression"). */
export const CHOICE_PATH_COMPARATORS: ReadonlySet<string> = new Set(
  ['String', 'Numeric', 'Timestamp']
    .flatMap((t) => ['Equals', 'LessThan', 'GreaterThan', 'LessThanEquals', 'GreaterThanEquals'].map((op) => `${t}${op}Path`))
    .concat(['BooleanEqualsPath']),
);

type Visit = (site: ExpressionSite) => void;

/** Calls `visit` for every path or intrinsic site of one state, in text order. */
export function forEachSite(state: StateInfo, visit: Visit): void {
  const tree = state.tree;
  const { kind } = tree;
  // The state's own path fields, then the objects that hold more of them.
  nested(tree, state.index, STATE_FIELDS, '', visit, (key, value) => {
    if (key === 'ItemReader')
      nested(tree, value, ITEM_READER_FIELDS, 'ItemReader.', visit, (k, v) => {
        if (k === 'ReaderConfig') nested(tree, v, READER_CONFIG_FIELDS, 'ItemReader.ReaderConfig.', visit);
      });
    else if (key === 'ResultWriter') nested(tree, value, RESULT_WRITER_FIELDS, 'ResultWriter.', visit);
    else if (key === 'ItemBatcher') nested(tree, value, ITEM_BATCHER_FIELDS, 'ItemBatcher.', visit);
    else if (key === 'Catch' && kind[value] === ARRAY) {
      let i = 0;
      for (let c = value + 1, e = tree.end[value]; c < e; c = tree.end[c], i++) nested(tree, c, CATCHER_FIELDS, `Catch[${i}].`, visit);
    } else if (key === 'Choices' && kind[value] === ARRAY) {
      let i = 0;
      for (let c = value + 1, e = tree.end[value]; c < e; c = tree.end[c], i++) choiceRule(tree, c, `Choices[${i}].`, visit);
    }
  });
}

function nested(
  tree: Tree,
  obj: number,
  fields: ReadonlyMap<string, FieldKind>,
  prefix: string,
  visit: Visit,
  other?: (key: string, value: number) => void,
): void {
  const { kind, values, end } = tree;
  if (kind[obj] !== OBJECT) return;
  for (let p = obj + 1, e = end[obj]; p < e; p = end[p]) {
    const value = p + 2;
    if (value >= end[p]) continue;
    const key = values[p] as string;
    const k = fields.get(key);
    if (k) field(tree, k, p + 1, value, key, prefix, visit);
    else other?.(key, value);
  }
}

function choiceRule(tree: Tree, rule: number, prefix: string, visit: Visit): void {
  const { kind, values, end } = tree;
  if (kind[rule] !== OBJECT) return;
  for (let p = rule + 1, e = end[rule]; p < e; p = end[p]) {
    const value = p + 2;
    if (value >= end[p]) continue;
    const key = values[p] as string;
    if (key === 'Variable' || CHOICE_PATH_COMPARATORS.has(key)) field(tree, 'path', p + 1, value, key, prefix, visit);
    else if (key === 'Assign') field(tree, 'template', p + 1, value, key, prefix, visit);
    else if ((key === 'And' || key === 'Or') && kind[value] === ARRAY) {
      let i = 0;
      for (let c = value + 1, ce = end[value]; c < ce; c = end[c], i++) choiceRule(tree, c, `${prefix}${key}[${i}].`, visit);
    } else if (key === 'Not') choiceRule(tree, value, `${prefix}Not.`, visit);
  }
}

function field(tree: Tree, k: FieldKind, keyAt: number, value: number, key: string, prefix: string, visit: Visit): void {
  if (k === 'template') template(tree, value, `${prefix}${key}`, visit);
  else visit(new ExpressionSite(k, tree, value, keyAt, key, prefix));
}

/** Every key ending in ".$" inside a payload template, at any depth. */
function template(tree: Tree, at: number, where: string, visit: Visit): void {
  const { kind, values, end } = tree;
  const k = kind[at];
  if (k === ARRAY) {
    for (let c = at + 1, e = end[at]; c < e; c = end[c]) template(tree, c, where, visit);
    return;
  }
  if (k !== OBJECT) return;
  for (let p = at + 1, e = end[at]; p < e; p = end[p]) {
    const value = p + 2;
    if (value >= end[p]) continue;
    const key = values[p] as string;
    if (key.endsWith('.$')) visit(new ExpressionSite('payload', tree, value, p + 1, key, '', where));
    else template(tree, value, where, visit);
  }
}
