/**
 * The graph model in Graphviz DOT, for people who render with their own tools. Parallel branches
 * and Map processors become clusters next to their state's node (DOT cannot put nodes inside a
 * node); Catch edges are dashed and red, Default edges dotted, unreachable states grey.
 */
import type { GraphModel, GraphNode, GraphScope } from './types';

function q(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

export function toDot(model: GraphModel, name = 'state machine'): string {
  const nodes = new Map(model.nodes.map((n) => [n.id, n]));
  const scopes = new Map(model.scopes.map((s) => [s.id, s]));
  const out: string[] = [
    `digraph ${q(name)} {`,
    '  rankdir=TB;',
    '  node [shape=box, style=rounded, fontname="Helvetica", fontsize=11];',
    '  edge [fontname="Helvetica", fontsize=9];',
  ];
  const emitScope = (scope: GraphScope, indent: string): void => {
    for (const id of scope.nodes) {
      const n = nodes.get(id);
      if (!n) continue;
      out.push(`${indent}${q(n.id)} [${nodeAttrs(n)}];`);
      for (const c of n.children ?? []) {
        const child = scopes.get(c);
        if (!child) continue;
        out.push(
          `${indent}subgraph ${q(`cluster_${c}`)} {`,
          `${indent}  label=${q(`${n.name}: ${child.label}`)}; style=dashed; color=grey;`,
        );
        emitScope(child, indent + '  ');
        out.push(`${indent}}`);
      }
    }
  };
  const root = model.root ? scopes.get(model.root) : undefined;
  if (root) emitScope(root, '  ');
  for (const e of model.edges) {
    const attrs: string[] = [];
    if (e.label) attrs.push(`label=${q(e.label)}`);
    if (e.kind === 'catch') attrs.push('style=dashed', 'color=red', 'fontcolor=red');
    if (e.kind === 'default') attrs.push('style=dotted');
    out.push(`  ${q(e.from)} -> ${q(e.to)}${attrs.length ? ` [${attrs.join(', ')}]` : ''};`);
  }
  out.push('}');
  return out.join('\n') + '\n';
}

function nodeAttrs(n: GraphNode): string {
  if (n.kind === 'start') return 'shape=circle, style=filled, fillcolor=black, label="", width=0.2';
  if (n.kind === 'end') return 'shape=doublecircle, style=filled, fillcolor=black, label="", width=0.15';
  if (n.kind === 'missing') return `label=${q(`${n.name}\n(no such state)`)}, style="rounded,dashed", color=red`;
  const attrs = [`label=${q(`${n.name}\n${n.type ?? ''}${n.retry ? `  ↻${n.retry.maxAttempts}` : ''}`)}`];
  if (n.type === 'Choice') attrs.push('shape=diamond', 'style=""');
  if (n.type === 'Fail') attrs.push('color=red');
  if (n.type === 'Succeed') attrs.push('color=darkgreen');
  if (n.unreachable) attrs.push('fontcolor=grey', 'color=grey');
  if (n.severity === 'error') attrs.push('penwidth=2', 'color=red');
  return attrs.join(', ');
}
