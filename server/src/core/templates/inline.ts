/**
 * An inline definition object as a tree of its own: the host tree's subtree, copied, so every
 * offset stays the host file's. On the way, CloudFormation intrinsics (`{"Ref": ...}`,
 * `{"Fn::GetAtt": ...}`, `!Sub ...`) become symbolic `${...}` values the checker accepts anywhere,
 * and literal substitutions are applied to string values.
 */
import { treeOfColumns } from '../fastParse';
import { OBJECT, PROPERTY, STRING, Tree } from '../tree';
import type { HostDocument } from './types';
import { appendSubstituted, type SubstitutionScope } from './substitute';
import { MappedText, type HostRange } from './mapped';

export interface InlineDefinition {
  tree: Tree;
  /** Nodes standing for an intrinsic function: placeholders that may stand where any value may. */
  placeholderOffsets: Set<number>;
  /** The host ranges of placeholders whose literal value was substituted. */
  substituted: HostRange[];
  /** The host node of each intrinsic, by the offset of the string standing for it. */
  intrinsics: Map<number, number>;
}

/** The `${...}` text an intrinsic stands for, or undefined when `i` is no intrinsic. */
export function intrinsicToken(t: Tree, i: number): string | undefined {
  if (t.kindOf(i) !== 'object') return undefined;
  const props = t.children(i);
  if (props.length !== 1) return undefined;
  const key = t.keyText(props[0]) ?? '';
  if (key !== 'Ref' && !key.startsWith('Fn::')) return undefined;
  const v = t.valueNode(props[0]);
  if (key === 'Ref') return `\${${t.string(v) ?? 'Ref'}}`;
  if (key === 'Fn::GetAtt') {
    const parts = t.kindOf(v) === 'array' ? t.children(v).map((c) => t.string(c) ?? '') : [t.string(v) ?? ''];
    return `\${${parts.join('.')}}`;
  }
  return `\${${key}}`;
}

export function copyInline(host: HostDocument, root: number, scope: SubstitutionScope): InlineDefinition {
  const src = host.tree;
  const first = root;
  const stop = src.end[root];
  const n = stop - first;
  const kind = new Uint8Array(n);
  const offset = new Int32Array(n);
  const length = new Int32Array(n);
  const parent = new Int32Array(n);
  const end = new Int32Array(n);
  const colon = new Int32Array(n);
  const values: unknown[] = new Array(n);
  // newAt[k]: the copy's index reached at source index first + k (skipped nodes included).
  const newAt = new Int32Array(n + 1);
  // The source node of each copy (string offsets are read on the source, as written), and for a
  // string whose placeholders were substituted, where each of its new characters came from.
  const source = new Int32Array(n);
  const substitutedAt = new Map<number, MappedText>();
  const placeholderOffsets = new Set<number>();
  const intrinsics = new Map<number, number>();
  let size = 0;
  for (let i = first; i < stop;) {
    const at = size++;
    newAt[i - first] = at;
    source[at] = i;
    offset[at] = src.offset[i];
    length[at] = src.length[i];
    colon[at] = src.colon[i];
    const p = src.parentOf(i);
    parent[at] = i === first || p < first ? -1 : newAt[p - first];
    const token = intrinsicToken(src, i);
    if (token !== undefined) {
      // Fn::Sub of a string: that string, read as CloudFormation leaves it for the definition.
      const sub = src.get(i, 'Fn::Sub');
      const subString = src.kindOf(sub) === 'string' ? sub : -1;
      kind[at] = STRING;
      if (subString >= 0) {
        source[at] = subString;
        offset[at] = src.offset[subString];
        length[at] = src.length[subString];
      }
      values[at] = subString >= 0 ? (src.string(subString) as string) : token;
      if (subString < 0 || (values[at] as string).includes('${')) placeholderOffsets.add(offset[at]);
      if (subString < 0) intrinsics.set(offset[at], i);
      for (let k = i + 1; k < src.end[i]; k++) newAt[k - first] = at + 1;
      end[at] = at + 1;
      i = src.end[i];
      continue;
    }
    kind[at] = src.kind[i];
    const isKey = src.kind[i] === STRING && i > first && src.kind[i - 1] === PROPERTY && src.keyNode(i - 1) === i;
    const value = src.kind[i] === PROPERTY ? src.keyText(i) : src.scalar(i);
    values[at] = value;
    if (src.kind[i] === STRING && !isKey && (value as string).includes('${')) {
      const built = new MappedText(src.range(i));
      appendSubstituted(built, value as string, host.stringOffsets(i), scope);
      values[at] = built.text();
      if (values[at] !== value) substitutedAt.set(at, built);
    }
    i++;
  }
  newAt[n] = size;
  // A node's subtree ends where the copy stood when the source subtree ended.
  for (let i = first; i < stop;) {
    const at = newAt[i - first];
    if (kind[at] === STRING && end[at] === at + 1 && src.kind[i] === OBJECT) {
      i = src.end[i];
      continue;
    }
    end[at] = newAt[src.end[i] - first];
    i++;
  }
  const tree = treeOfColumns(size, { kind, offset, length, parent, end, colon }, values);
  tree.strings = (_text, i) => {
    const built = substitutedAt.get(i);
    if (!built) return host.stringOffsets(source[i]);
    // A substituted value's characters map into the placeholder they replaced.
    return (j) => built.offsetAt(j);
  };
  return { tree, placeholderOffsets, substituted: [...substitutedAt.values()].flatMap((m) => m.spans()), intrinsics };
}
