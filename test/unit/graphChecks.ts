/**
 * Geometry checks shared by the graph tests (unit, CLI, benchmark): every state drawn, no two
 * boxes of one scope overlapping, nested scopes inside their container. Each returns a list of
 * readable problems, empty when all is well.
 */
import type { Box, PositionedGraph } from '../../server/src/core/graph';

export function overlaps(a: Box, b: Box, slack = 0.5): boolean {
  return a.x + slack < b.x + b.width && b.x + slack < a.x + a.width && a.y + slack < b.y + b.height && b.y + slack < a.y + a.height;
}

export function inside(inner: Box, outer: Box, slack = 0.5): boolean {
  return (
    inner.x >= outer.x - slack &&
    inner.y >= outer.y - slack &&
    inner.x + inner.width <= outer.x + outer.width + slack &&
    inner.y + inner.height <= outer.y + outer.height + slack
  );
}

export function geometryProblems(graph: PositionedGraph): string[] {
  const { model, layout } = graph;
  const problems: string[] = [];
  const nodes = new Map(model.nodes.map((n) => [n.id, n]));
  for (const n of model.nodes) {
    const g = layout.nodes[n.id];
    if (!g) problems.push(`no box for ${n.kind} "${n.name}" (${n.id})`);
    else if (!(g.width > 0 && g.height > 0) || ![g.x, g.y].every(Number.isFinite))
      problems.push(`bad box for "${n.name}": ${JSON.stringify(g)}`);
  }
  for (const e of model.edges) {
    const g = layout.edges[e.id];
    if (!g || g.points.length < 2) problems.push(`edge ${e.id} ${e.from} -> ${e.to} is not drawn`);
    else if (!g.points.every((p) => Number.isFinite(p.x) && Number.isFinite(p.y))) problems.push(`edge ${e.id} has a non-finite point`);
  }
  for (const scope of model.scopes) {
    // Boxes drawn directly in the scope: its nodes, and the reference boxes of its edges.
    const boxes: { what: string; box: Box }[] = [];
    for (const id of scope.nodes) {
      const g = layout.nodes[id];
      if (g) boxes.push({ what: `"${nodes.get(id)?.name || id}"`, box: g });
    }
    for (const id of scope.edges) {
      const ref = layout.edges[id]?.reference;
      if (ref) boxes.push({ what: `reference ${id}`, box: ref });
    }
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        if (overlaps(boxes[i].box, boxes[j].box)) problems.push(`${boxes[i].what} overlaps ${boxes[j].what} in scope ${scope.id}`);
      }
    }
    if (scope.owner) {
      const owner = layout.nodes[scope.owner];
      const frame = layout.scopes[scope.id];
      if (!frame) problems.push(`no frame for scope ${scope.id}`);
      else {
        if (owner && !inside(frame, owner)) problems.push(`frame of ${scope.id} sticks out of its container`);
        for (const b of boxes) if (!inside(b.box, frame)) problems.push(`${b.what} lies outside the frame of ${scope.id}`);
      }
    }
  }
  return problems;
}

/** The names as they appear in SVG text (escaped). */
export function xmlEscaped(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** `depth` levels of nesting, alternating Map (its ItemProcessor) and Parallel (one branch, plus a sibling state). */
export function nestedMachine(depth: number): string {
  let scope: Record<string, unknown> = { StartAt: 'Leaf', States: { Leaf: { Type: 'Pass', End: true } } };
  for (let level = depth; level >= 1; level--) {
    const name = level % 2 === 1 ? `Map ${level}` : `Parallel ${level}`;
    const state =
      level % 2 === 1
        ? { Type: 'Map', ItemsPath: '$.items', ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, ...scope }, Next: `After ${level}` }
        : { Type: 'Parallel', Branches: [scope], Next: `After ${level}` };
    scope = { StartAt: name, States: { [name]: state, [`After ${level}`]: { Type: 'Pass', End: true } } };
  }
  return JSON.stringify(scope, null, 1);
}
