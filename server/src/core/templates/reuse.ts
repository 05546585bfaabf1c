/**
 * A template's next version re-uses the analysis of each machine the edit cannot have changed:
 * the text up to the end of its definition is the same (so its offsets and lines are too), its
 * declarations are the same, and so are the template's parameters and resources (which type its
 * symbolic values and declare Fn::Sub names). A keystroke in another resource below a machine, or
 * in a second machine, then costs the template's parse but not this machine's analysis again.
 * A linked definition file is read again each time (it may have changed on its own).
 */
import type { EmbeddedAnalysis } from './analyze';
import type { EmbeddedMachine, HostDocument } from './types';

export interface PreviousTemplate {
  text: string;
  host: HostDocument;
  machines: readonly EmbeddedAnalysis[];
}

/** The previous analysis of `m`, carried to the new version, when nothing it reads changed. */
export function reusedAnalysis(
  prev: PreviousTemplate | undefined,
  text: string,
  host: HostDocument,
  m: EmbeddedMachine,
): EmbeddedAnalysis | undefined {
  if (!prev || m.form === 'file' || m.form === 'elsewhere') return undefined;
  const old = prev.machines.find((a) => a.machine.id === m.id);
  if (!old?.analysis) return undefined;
  const o = old.machine;
  const end = Math.max(
    m.range.offset + m.range.length,
    m.keyRange.offset + m.keyRange.length,
    ...[...m.substitutions.values()].map((s) => (s.valueRange ? s.valueRange.offset + s.valueRange.length : 0)),
  );
  if (
    o.form !== m.form ||
    o.kind !== m.kind ||
    o.machineType !== m.machineType ||
    o.range.offset !== m.range.offset ||
    o.range.length !== m.range.length ||
    o.keyRange.offset !== m.keyRange.offset
  )
    return undefined;
  if (declarations(o) !== declarations(m) || signature(prev.host) !== signature(host)) return undefined;
  // Everything up to the machine's end as it was: the same offsets, lines and characters.
  if (prev.text.length < end || text.slice(0, end) !== prev.text.slice(0, end)) return undefined;
  // The new machine (its nodes are the new tree's); the findings, model and graph input as they were.
  for (const [name, s] of m.substitutions) s.used = o.substitutions.get(name)?.used;
  return { ...old, machine: m };
}

/** DefinitionSubstitutions as they read: names, where, and what each stands for. */
function declarations(m: EmbeddedMachine): string {
  return [...m.substitutions.values()]
    .map((s) => `${s.name}@${s.keyRange.offset}=${s.literal ?? ''}|${s.symbol?.description ?? ''}|${s.valueRange?.offset ?? ''}`)
    .join('\n');
}

/** The names and types the template declares (Parameters, Resources; Serverless' resources.Resources). */
function signature(host: HostDocument): string {
  const t = host.tree;
  const out: string[] = [];
  for (const section of [t.get(0, 'Parameters'), t.get(0, 'Resources'), t.get(t.get(0, 'resources'), 'Resources')]) {
    for (const p of t.kindOf(section) === 'object' ? t.children(section) : []) {
      const v = t.valueNode(p);
      out.push(`${t.keyText(p)}:${t.string(t.get(v, 'Type')) ?? ''}:${String(t.scalar(t.get(v, 'Default')) ?? '')}`);
    }
    out.push('|');
  }
  return out.join('\n');
}
