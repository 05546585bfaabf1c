import type { ParsedDocument } from '../parse';
import { parseYamlDocument } from '../yaml';
import { keepCleanBase, spliceYamlDocument } from '../yaml/splice';
import { yamlStringOffsets } from '../yaml/strings';
import type { HostDocument } from './types';

/**
 * A YAML template as a host: the YAML front-end's tree of the whole text (short-form tags read as
 * long forms). Given the previous version's host, only the block entry around the edit is parsed
 * again (yaml/splice.ts, as for `.asl.yaml`); wherever the splice is unsure (anchors, flow style,
 * an edit at a key's indentation...) the text is parsed whole, so the tree is the same either way.
 */
export function yamlHost(text: string, previous?: HostDocument): HostDocument | undefined {
  const base = previous?.syntax === 'yaml' ? previous.parsed : undefined;
  const spliced = base && spliceYamlDocument(base, text);
  const doc: ParsedDocument = spliced ?? parseYamlDocument(text, { placeholders: false });
  // A version with syntax errors keeps the last good one as the next version's base.
  if (base && !spliced) keepCleanBase(base, doc);
  const tree = doc.tree;
  if (!tree) return undefined;
  return {
    text,
    tree,
    lines: doc.lines,
    syntax: 'yaml',
    syntaxErrors: doc.syntaxErrors,
    stringOffsets: (node) =>
      tree.strings ? tree.strings(text, node) : yamlStringOffsets(text, tree.offset[node], tree.length[node], String(tree.values[node])),
    parsed: doc,
    parse: spliced ? 'spliced' : 'full',
  };
}
