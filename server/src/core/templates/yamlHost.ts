import { parseYamlDocument } from '../yaml';
import { yamlStringOffsets } from '../yaml/strings';
import type { HostDocument } from './types';

/** A YAML template as a host: the YAML front-end's tree of the whole text (short-form tags read as long forms). */
export function yamlHost(text: string): HostDocument | undefined {
  const doc = parseYamlDocument(text, { placeholders: false });
  const tree = doc.tree;
  if (!tree) return undefined;
  return {
    text,
    tree,
    lines: doc.lines,
    syntax: 'yaml',
    syntaxErrors: doc.syntaxErrors,
    stringOffsets: (node) => (tree.strings ? tree.strings(text, node) : yamlStringOffsets(text, tree.offset[node], tree.length[node], String(tree.values[node]))),
  };
}
