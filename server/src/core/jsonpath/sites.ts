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
import { keyOf, keyText, valueOf, type JsonNode } from '../parse';
import type { StateInfo } from '../model';

export type SiteRole = 'path' | 'reference' | 'resultPath' | 'errorPath' | 'payload';

export interface ExpressionSite {
  role: SiteRole;
  /** The value node: for 'payload', the value of a key ending in ".$". */
  node: JsonNode;
  /** The key node naming the field. */
  keyNode: JsonNode;
  /** The field name alone: "InputPath", "Variable", "total.$". */
  field: string;
  /** Where the field sits: "" at the state's top level, "Choices[0].", "Catch[1]." ... */
  prefix: string;
  /** For 'payload': the template holding the key, e.g. "Parameters", "Catch[0].Assign". */
  template?: string;
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

/** Calls `visit` for every path or intrinsic site of one state, in text order. */
export function forEachSite(state: StateInfo, visit: (site: ExpressionSite) => void): void {
  // The state's own path fields, then the objects that hold more of them.
  nested(state.node, STATE_FIELDS, '', visit, (key, value) => {
    if (key === 'ItemReader') nested(value, ITEM_READER_FIELDS, 'ItemReader.', visit, (k, v) => {
      if (k === 'ReaderConfig') nested(v, READER_CONFIG_FIELDS, 'ItemReader.ReaderConfig.', visit);
    });
    else if (key === 'ResultWriter') nested(value, RESULT_WRITER_FIELDS, 'ResultWriter.', visit);
    else if (key === 'ItemBatcher') nested(value, ITEM_BATCHER_FIELDS, 'ItemBatcher.', visit);
    else if (key === 'Catch' && value.type === 'array') {
      value.children?.forEach((c, i) => nested(c, CATCHER_FIELDS, `Catch[${i}].`, visit));
    } else if (key === 'Choices' && value.type === 'array') {
      value.children?.forEach((rule, i) => choiceRule(rule, `Choices[${i}].`, visit));
    }
  });
}

function nested(
  obj: JsonNode,
  fields: ReadonlyMap<string, FieldKind>,
  prefix: string,
  visit: (site: ExpressionSite) => void,
  other?: (key: string, value: JsonNode) => void,
): void {
  if (obj.type !== 'object') return;
  for (const prop of obj.children ?? []) {
    const key = keyText(prop);
    const value = valueOf(prop);
    if (key === undefined || !value) continue;
    const kind = fields.get(key);
    if (kind) field(kind, keyOf(prop)!, value, key, prefix, visit);
    else other?.(key, value);
  }
}

function choiceRule(rule: JsonNode, prefix: string, visit: (site: ExpressionSite) => void): void {
  if (rule.type !== 'object') return;
  for (const prop of rule.children ?? []) {
    const key = keyText(prop);
    const value = valueOf(prop);
    if (key === undefined || !value) continue;
    if (key === 'Variable' || CHOICE_PATH_COMPARATORS.has(key)) field('path', keyOf(prop)!, value, key, prefix, visit);
    else if (key === 'Assign') field('template', keyOf(prop)!, value, key, prefix, visit);
    else if ((key === 'And' || key === 'Or') && value.type === 'array') {
      value.children?.forEach((r, i) => choiceRule(r, `${prefix}${key}[${i}].`, visit));
    } else if (key === 'Not') choiceRule(value, `${prefix}Not.`, visit);
  }
}

function field(kind: FieldKind, keyNode: JsonNode, value: JsonNode, key: string, prefix: string, visit: (site: ExpressionSite) => void): void {
  if (kind === 'template') template(value, `${prefix}${key}`, visit);
  else visit({ role: kind, node: value, keyNode, field: key, prefix });
}

/** Every key ending in ".$" inside a payload template, at any depth. */
function template(node: JsonNode, where: string, visit: (site: ExpressionSite) => void): void {
  if (node.type === 'array') {
    for (const item of node.children ?? []) template(item, where, visit);
    return;
  }
  if (node.type !== 'object') return;
  for (const prop of node.children ?? []) {
    const key = keyText(prop);
    const value = valueOf(prop);
    if (key === undefined || !value) continue;
    if (key.endsWith('.$')) visit({ role: 'payload', node: value, keyNode: keyOf(prop)!, field: key, prefix: '', template: where });
    else template(value, where, visit);
  }
}
