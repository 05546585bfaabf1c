/**
 * `${Name}` placeholders in definition text: literal substitutions applied, symbolic ones kept,
 * and the names nobody declared reported. Two kinds of declaration:
 * - `DefinitionSubstitutions` (SAM / CloudFormation), applied by Step Functions at creation;
 * - `Fn::Sub`'s variable map, applied by CloudFormation; without an entry there a name must be a
 *   template parameter or resource (`Name` or `Name.Attribute`) or a pseudo parameter (`AWS::...`),
 *   and `${!Name}` is written out as a literal `${Name}`.
 */
import type { HostRange, MappedText } from './mapped';
import type { Substitution } from './types';

/** `${...}` as the checker reads it (no quote or line break inside). */
export const PLACEHOLDER = /\$\{([^}"\n\r]*)\}/g;

/** What Step Functions does with a `${Name}` DefinitionSubstitutions lacks: the finding and a linked file's hover say it alike. */
export const UNDECLARED_EFFECT = 'Step Functions leaves it in the definition as written.';

export interface SubstitutionScope {
  /** `DefinitionSubstitutions`; undefined where there is no such thing (Serverless variables). */
  definition?: Map<string, Substitution>;
  /** `Fn::Sub`'s variables and the template's names: set inside an `Fn::Sub` string only. */
  fnSub?: { variables: Map<string, Substitution>; names: ReadonlySet<string> };
  /** A placeholder that no declaration covers, at its host range. */
  undeclared(name: string, range: HostRange, inFnSub: boolean): void;
}

/** How one placeholder is resolved: a literal value, or kept as a (symbolic) placeholder. */
function resolve(name: string, scope: SubstitutionScope, range: () => HostRange): string | undefined {
  const fnSub = scope.fnSub;
  if (fnSub) {
    if (name.startsWith('!')) return resolveDefinition(name.slice(1), scope, range);
    const v = fnSub.variables.get(name);
    if (v) {
      v.used = true;
      return v.literal;
    }
    if (name.startsWith('AWS::') || fnSub.names.has(name) || fnSub.names.has(name.split('.')[0])) return undefined;
    if (scope.definition?.has(name)) return resolveDefinition(name, scope, range);
    scope.undeclared(name, range(), true);
    return undefined;
  }
  return resolveDefinition(name, scope, range);
}

function resolveDefinition(name: string, scope: SubstitutionScope, range: () => HostRange): string | undefined {
  if (!scope.definition) return undefined;
  const s = scope.definition.get(name);
  if (s) {
    s.used = true;
    return s.literal;
  }
  scope.undeclared(name, range(), false);
  return undefined;
}

/**
 * Appends `value` (whose character i comes from host offset at(i)) to `out`, placeholders
 * resolved: a literal value maps to the whole placeholder; a kept one is written as `${Name}`.
 */
export function appendSubstituted(out: MappedText, value: string, at: (i: number) => number, scope: SubstitutionScope): void {
  let last = 0;
  for (const m of value.matchAll(PLACEHOLDER)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    const range = (): HostRange => ({ offset: at(start), length: Math.max(1, at(end - 1) + 1 - at(start)) });
    const name = m[1].trim();
    const literal = resolve(name, scope, range);
    const kept = name.startsWith('!') && scope.fnSub ? `\${${name.slice(1)}}` : m[0];
    if (literal === undefined && kept === m[0]) continue;
    out.mapped(value.slice(last, start), (i) => at(last + i));
    out.span(literal ?? kept, range());
    last = end;
  }
  out.mapped(value.slice(last), (i) => at(last + i));
}
