/**
 * Symbolic values inside a machine: where a `Ref` / `Fn::GetAtt` (written in place, or reached
 * through a `${Name}` of DefinitionSubstitutions or Fn::Sub) stands, what it is, and the one
 * check its kind allows before deployment: a Task's `Resource` must be an ARN a Task can call.
 */
import { nodeAt } from '../language/cursor';
import type { LineIndex } from '../text';
import type { AslDiagnostic, Severity } from '../types';
import type { Analysis } from '../validate';
import type { HostRange } from './mapped';
import { symbolOfName, symbolOfNode, taskResourceProblem, type SymbolicValue } from './symbols';
import type { EmbeddedMachine, HostDocument, Substitution } from './types';
import { substitutionsOf } from './find';

/** One `${Name}` whose whole value it is (how a symbolic Resource is written in text). */
const WHOLE_PLACEHOLDER = /^\$\{([^}"\n\r]+)\}$/;
/** Any `${...}`, to find the one under the cursor. */
const PLACEHOLDER = /\$\{([^}"\n\r]*)\}/g;

/** Where a machine's `${Name}` is looked up: its declarations, then (in Fn::Sub / Fn::Join text) the template's names. */
export interface SymbolScope {
  host: HostDocument;
  machine: EmbeddedMachine;
  /** `Fn::Sub`'s own variables (a `sub` definition). */
  variables?: Map<string, Substitution>;
}

/** The scope of a machine's `${Name}`s: with `Fn::Sub`'s variable map for a `sub` definition. */
export function symbolScopeOf(host: HostDocument, machine: EmbeddedMachine): SymbolScope {
  if (machine.form !== 'sub') return { host, machine };
  const t = host.tree;
  const sub = t.get(machine.definition, 'Fn::Sub');
  const vars = t.kindOf(sub) === 'array' ? (t.children(sub)[1] ?? -1) : -1;
  return { host, machine, variables: substitutionsOf(host, vars) };
}

/** The symbol `${name}` stands for in this machine's definition, if it stands for one. */
export function symbolOfPlaceholder(scope: SymbolScope, name: string): SymbolicValue | undefined {
  const { host, machine } = scope;
  const declared = scope.variables?.get(name) ?? (machine.kind === 'serverless' ? undefined : machine.substitutions.get(name));
  if (declared) return declared.symbol;
  // Text CloudFormation substitutes itself: Fn::Sub names resources and parameters; a CDK Fn::Join piece is written as ${Id} / ${Id.Attr}.
  if (machine.form === 'sub' || machine.form === 'join') return symbolOfName(host, name);
  return undefined;
}

/**
 * Task states whose `Resource` is a symbol of a kind no Task can call (a function's name from
 * `Ref`, a queue URL, a table ARN...): an error, at the Resource's place (host or linked file).
 * Symbols whose kind is not certain (a parameter, an attribute we do not know) are left alone.
 */
export function symbolicFindings(
  scope: SymbolScope,
  analysis: Analysis,
  toHost: (offset: number, length: number) => HostRange,
  lines: LineIndex,
  intrinsics: Map<number, number> | undefined,
  severity: Severity | 'off' | undefined,
): AslDiagnostic[] {
  if (severity === 'off') return [];
  const out: AslDiagnostic[] = [];
  for (const state of analysis.machine.states) {
    if (state.type !== 'Task') continue;
    const t = state.tree;
    const node = t.get(state.index, 'Resource');
    const value = t.string(node);
    if (value === undefined) continue;
    const hostNode = intrinsics?.get(t.offset[node]);
    const whole = WHOLE_PLACEHOLDER.exec(value);
    const symbol =
      hostNode !== undefined ? symbolOfNode(scope.host, hostNode) : whole ? symbolOfPlaceholder(scope, whole[1].trim()) : undefined;
    const problem = symbol && taskResourceProblem(symbol);
    if (!problem) continue;
    const r = toHost(t.offset[node], t.length[node]);
    out.push({
      range: lines.rangeOf(r.offset, r.length),
      offset: r.offset,
      length: r.length,
      severity: severity ?? 'error',
      code: 'invalid-arn',
      message: problem,
    });
  }
  return out;
}

/** The symbol at a host offset inside the machine (an intrinsic, a `${Name}`, a DefinitionSubstitutions entry), with its range. */
export function symbolAt(scope: SymbolScope, offset: number): { symbol: SymbolicValue; range: HostRange } | undefined {
  const { host, machine } = scope;
  const t = host.tree;
  for (const s of [...machine.substitutions.values(), ...(scope.variables?.values() ?? [])]) {
    if (!s.symbol || !s.valueRange) continue;
    if (within(offset, s.valueRange) || within(offset, s.keyRange)) return { symbol: s.symbol, range: s.valueRange };
  }
  if (!within(offset, machine.range)) return undefined;
  // An intrinsic object around the offset (its key, its arguments).
  for (let n = nodeAt(t, offset); n >= 0 && within(t.offset[n], machine.range); n = t.parentOf(n)) {
    const symbol = symbolOfNode(host, n);
    if (symbol) return { symbol, range: t.range(n) };
  }
  // A `${Name}` in a string of the definition.
  const n = nodeAt(t, offset);
  const text = t.string(n);
  if (text === undefined) return undefined;
  const at = host.stringOffsets(n);
  for (const m of text.matchAll(PLACEHOLDER)) {
    const start = at(m.index ?? 0);
    const end = at((m.index ?? 0) + m[0].length - 1) + 1;
    if (offset < start || offset > end) continue;
    const symbol = symbolOfPlaceholder(scope, m[1].trim());
    return symbol ? { symbol, range: { offset: start, length: end - start } } : undefined;
  }
  return undefined;
}

function within(offset: number, r: HostRange): boolean {
  return offset >= r.offset && offset <= r.offset + r.length;
}

/** Said under every hover of a symbol: its text is not known before deployment. */
export const DEPLOY_TIME_NOTE = 'Known when the stack is deployed; checked here by its kind only.';

/** Hover text for a symbol: what it is, and that its value is known at deployment only. */
export function describeSymbol(s: SymbolicValue): string {
  const head = `**${s.fn === 'Ref' ? `Ref ${s.target}` : `Fn::GetAtt ${s.target}.${s.attribute ?? ''}`}**: ${s.description}.`;
  return `${head}\n\n${DEPLOY_TIME_NOTE}`;
}
