/**
 * A `${Name}` inside a definition file that templates link (SAM `DefinitionUri` with
 * `DefinitionSubstitutions`, Serverless `${file(...)}`), seen from the file: what each linking
 * machine gives the name, and where it declares it. The template's analysis substitutes over the
 * file's raw text (analyze.ts), so the placeholder is found in the raw text here too.
 */
import type { HostRange } from './mapped';
import { PLACEHOLDER, UNDECLARED_EFFECT } from './substitute';
import type { SymbolicValue } from './symbols';
import { DEPLOY_TIME_NOTE } from './typed';
import type { EmbeddedMachine, HostDocument, Substitution } from './types';

/** A value written in the template is shown up to this many characters (whitespace collapsed). */
const MAX_WRITTEN = 80;

/** A `${Name}` under the cursor in a linked file: its name and its raw range. */
export interface PlaceholderHit {
  name: string;
  range: HostRange;
}

/** The `${Name}` at `offset` of `text` (its end included, as a hover after the brace is on it); undefined elsewhere. */
export function placeholderAt(text: string, offset: number): PlaceholderHit | undefined {
  // A placeholder never spans a line (PLACEHOLDER excludes line breaks): read the cursor's line only.
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const next = text.indexOf('\n', offset);
  const line = text.slice(lineStart, next < 0 ? text.length : next);
  for (const m of line.matchAll(PLACEHOLDER)) {
    const start = lineStart + (m.index ?? 0);
    const name = m[1].trim();
    if (offset < start || offset > start + m[0].length || name === '') continue;
    return { name, range: { offset: start, length: m[0].length } };
  }
  return undefined;
}

/** What one linking machine gives a name. */
export type LinkedValue =
  /** A literal value: the checker substitutes it before checking, as Step Functions does at creation. */
  | { kind: 'literal'; value: string; declared: Substitution }
  /** A `Ref` / `Fn::GetAtt`: its kind is known now, its text at deployment. */
  | { kind: 'symbol'; symbol: SymbolicValue; written: string; declared: Substitution }
  /** Any other value (`Fn::Sub`, `Fn::Join`, a `Ref` of a name the template lacks...): as written. */
  | { kind: 'other'; written: string; declared: Substitution }
  /** DefinitionSubstitutions lacks the name (the template's analysis reports it in the file). */
  | { kind: 'undeclared' }
  /** A Serverless machine: `${...}` are the framework's variables, not DefinitionSubstitutions. */
  | { kind: 'serverless' };

/** What `machine` (of the template `host`) gives `${name}` in its linked definition file. */
export function linkedValue(host: HostDocument, machine: EmbeddedMachine, name: string): LinkedValue {
  if (machine.kind === 'serverless') return { kind: 'serverless' };
  const declared = machine.substitutions.get(name);
  if (!declared) return { kind: 'undeclared' };
  if (declared.literal !== undefined) return { kind: 'literal', value: declared.literal, declared };
  const written = declared.valueRange ? writtenText(host.text, declared.valueRange) : '';
  if (declared.symbol) return { kind: 'symbol', symbol: declared.symbol, written, declared };
  return { kind: 'other', written, declared };
}

/** The value's source text on one line, shortened. */
function writtenText(text: string, r: HostRange): string {
  const one = text
    .slice(r.offset, r.offset + r.length)
    .replace(/\s+/g, ' ')
    .trim();
  return one.length > MAX_WRITTEN ? `${one.slice(0, MAX_WRITTEN - 1)}…` : one;
}

/** One machine that links the file, as the hover names it. */
export interface LinkingMachine {
  /** The template as the user knows it (a path relative to the workspace). */
  template: string;
  /** A link that opens the template at the declaration (or the machine), if the client can follow one. */
  target?: string;
  /** The machine's logical ID (or Serverless key). */
  machine: string;
  value: LinkedValue;
}

/** Hover text for `${name}` in a linked file: one line per linking machine. */
export function describeLinkedPlaceholder(name: string, linking: readonly LinkingMachine[]): string {
  const placeholder = `\`\${${name}}\``;
  const lines = linking.map((l) => {
    const where = l.target ? `[${l.template}](${l.target})` : `\`${l.template}\``;
    return `- ${where}, state machine \`${l.machine}\`: ${valueText(l.value)}`;
  });
  const symbolic = linking.some((l) => l.value.kind === 'symbol');
  return [`${placeholder} in the templates that link this file:`, '', ...lines, ...(symbolic ? ['', DEPLOY_TIME_NOTE] : [])].join('\n');
}

function valueText(v: LinkedValue): string {
  switch (v.kind) {
    case 'literal':
      return `${JSON.stringify(v.value)} (DefinitionSubstitutions; substituted before checking).`;
    case 'symbol':
      return `\`${v.written}\`: ${v.symbol.description}.`;
    case 'other':
      return `\`${v.written}\` (DefinitionSubstitutions; known when the stack is deployed).`;
    case 'undeclared':
      return `not declared in its DefinitionSubstitutions: ${UNDECLARED_EFFECT}`;
    case 'serverless':
      return 'a Serverless Framework variable: the framework resolves it when it packages the service; not checked here.';
  }
}
