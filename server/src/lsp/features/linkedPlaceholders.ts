/**
 * A `${Name}` in a definition file that templates link: hover says what each linking machine's
 * DefinitionSubstitutions gives it (and names the template and machine); go to definition opens
 * the `Name:` key there. Nothing when no known template links the file.
 */
import { MarkupKind, type Hover, type Location } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { describeLinkedPlaceholder, linkedValue, placeholderAt, type LinkingMachine } from '../../core/templates';
import type { LinkingTemplates } from '../linkingTemplates';

/** The hover over a `${Name}` of a linked file, or undefined (not on one, or no template links the file). */
export function linkedPlaceholderHover(linking: LinkingTemplates | undefined, doc: TextDocument, offset: number): Hover | undefined {
  const hit = linking && placeholderAt(doc.getText(), offset);
  if (!linking || !hit) return undefined;
  const machines: LinkingMachine[] = [];
  for (const t of linking.linking(doc.uri)) {
    for (const m of t.machines) {
      const value = linkedValue(t.template.host, m, hit.name);
      // The link opens the template at the name's declaration, else at the machine.
      const at = t.template.host.lines.rangeOf(('declared' in value ? value.declared.keyRange : m.keyRange).offset, 0).start;
      machines.push({ template: linking.label(t.uri, doc.uri), target: `${t.uri}#L${at.line + 1}`, machine: m.id, value });
    }
  }
  if (machines.length === 0) return undefined;
  return {
    contents: { kind: MarkupKind.Markdown, value: describeLinkedPlaceholder(hit.name, machines) },
    range: { start: doc.positionAt(hit.range.offset), end: doc.positionAt(hit.range.offset + hit.range.length) },
  };
}

/** Where the linking templates declare the `${Name}` at `offset` (its key in DefinitionSubstitutions); undefined when none does. */
export function linkedPlaceholderDefinition(
  linking: LinkingTemplates | undefined,
  doc: TextDocument,
  offset: number,
): Location[] | undefined {
  const hit = linking && placeholderAt(doc.getText(), offset);
  if (!linking || !hit) return undefined;
  const out: Location[] = [];
  for (const t of linking.linking(doc.uri)) {
    for (const m of t.machines) {
      const value = linkedValue(t.template.host, m, hit.name);
      if (!('declared' in value)) continue;
      const key = value.declared.keyRange;
      out.push({ uri: t.uri, range: t.template.host.lines.rangeOf(key.offset, key.length) });
    }
  }
  return out.length > 0 ? out : undefined;
}
