/**
 * The one renderer of the graph: SVG markup as a string, DOM-free, so the CLI writes it to a file
 * and the panel (media/src) puts it in its page. Colours come from CSS custom properties
 * (`--g-*`): the panel maps them to VS Code's theme variables, a standalone file carries light
 * and dark defaults. No inline style attributes (the panel's CSP forbids them) and no ids (two
 * drawings may share a page): elements carry classes and `data-` attributes.
 */
import { FRAME_TITLE, LABEL_PAD, NAME_LINE, NODE_PAD_Y, TYPE_LINE } from './metrics';
import { subtitle } from './collapse';
import type { Box, EdgeGeometry, GraphEdge, GraphNode, NodeGeometry, Point, PositionedGraph } from './types';

export interface RenderOptions {
  /** A complete document with its own stylesheet (light and dark), for a file; else markup for the panel. */
  standalone?: boolean;
  /** Accessible title of the drawing. */
  title?: string;
}

/**
 * Text for XML content or a quoted attribute. Besides the five markup characters, the characters
 * XML 1.0 forbids even as references (C0 controls other than tab, line feed and carriage return;
 * U+FFFE, U+FFFF) become their visible Control Pictures (U+2400 + code) or U+FFFD, and so does a
 * lone surrogate (U+FFFD): a name holding them still gives a well-formed SVG.
 */
export function escapeXml(s: string): string {
  return s.replace(XML_UNSAFE, (c, pair: string | undefined) => {
    if (pair) return pair;
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      case "'":
        return '&#39;';
    }
    const code = c.charCodeAt(0);
    return code < CONTROL_PICTURES_END ? String.fromCharCode(CONTROL_PICTURES + code) : REPLACEMENT;
  });
}

/** A surrogate pair (kept), or one character to escape or replace. */
const XML_UNSAFE = /([\uD800-\uDBFF][\uDC00-\uDFFF])|[&<>"'\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/g;
/** U+2400 SYMBOL FOR NULL: U+2400 + n pictures control character n, for n below 0x20. */
const CONTROL_PICTURES = 0x2400;
const CONTROL_PICTURES_END = 0x20;
const REPLACEMENT = '\uFFFD';

/** Margin around the drawing, in px. */
export const MARGIN = 8;

export function renderSvg(graph: PositionedGraph, options: RenderOptions = {}): string {
  const { model, layout } = graph;
  const w = Math.ceil(layout.width + 2 * MARGIN);
  const h = Math.ceil(layout.height + 2 * MARGIN);
  const out: string[] = [];
  const title = options.title ?? 'State machine graph';
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="aslg" viewBox="${-MARGIN} ${-MARGIN} ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${escapeXml(title)}">`,
  );
  if (options.standalone)
    out.push(
      `<title>${escapeXml(title)}</title><style>${STANDALONE_THEME}${GRAPH_CSS}</style><rect class="bg" x="${-MARGIN}" y="${-MARGIN}" width="${w}" height="${h}"/>`,
    );
  const nodes = new Map(model.nodes.map((n) => [n.id, n]));
  const scopes = new Map(model.scopes.map((s) => [s.id, s]));

  // Containers first (outer before inner, as the model lists them), then every edge, then the rest.
  out.push('<g class="containers">');
  for (const n of model.nodes) {
    const g = layout.nodes[n.id];
    if (!g || !n.children?.length) continue;
    out.push(renderNode(n, g));
    for (const c of n.children) {
      const frame = layout.scopes[c];
      const scope = scopes.get(c);
      if (frame && scope) out.push(renderFrame(c, scope.label, frame));
    }
  }
  out.push('</g><g class="edges">');
  for (const e of model.edges) {
    const g = layout.edges[e.id];
    if (g && g.points.length >= 2) out.push(renderEdge(e, g, nodes.get(e.to)));
  }
  out.push('</g><g class="nodes">');
  for (const n of model.nodes) {
    const g = layout.nodes[n.id];
    if (g && !n.children?.length) out.push(renderNode(n, g));
  }
  out.push('</g></svg>');
  return out.join('');
}

const f = (v: number): string => String(Math.round(v * 10) / 10);

export function renderFrame(scopeId: string, label: string, b: Box): string {
  return (
    `<g class="frame" data-scope="${escapeXml(scopeId)}"><rect class="frame-box" x="${f(b.x)}" y="${f(b.y)}" width="${f(b.width)}" height="${f(b.height)}" rx="6"/>` +
    `<text class="frame-title" x="${f(b.x + 8)}" y="${f(b.y + FRAME_TITLE - 5)}">${escapeXml(label)}</text></g>`
  );
}

/** CSS class for a state type: `t-task`, `t-choice`, ... (`t-other` for anything else). */
export function typeClass(type: string | undefined): string {
  switch (type) {
    case 'Task':
    case 'Pass':
    case 'Choice':
    case 'Wait':
    case 'Succeed':
    case 'Fail':
    case 'Parallel':
    case 'Map':
      return `t-${type.toLowerCase()}`;
    default:
      return 't-other';
  }
}

export function renderNode(n: GraphNode, g: NodeGeometry): string {
  const attrs = `data-id="${escapeXml(n.id)}"`;
  if (n.kind === 'start') {
    const r = g.width / 2;
    return `<g class="node start" ${attrs}><title>Start</title><circle class="marker" cx="${f(g.x + r)}" cy="${f(g.y + r)}" r="${f(r)}"/></g>`;
  }
  if (n.kind === 'end') {
    const r = g.width / 2;
    const cx = f(g.x + r);
    const cy = f(g.y + r);
    return `<g class="node end" ${attrs}><title>End</title><circle class="marker-ring" cx="${cx}" cy="${cy}" r="${f(r - 1)}"/><circle class="marker" cx="${cx}" cy="${cy}" r="${f(r - 6)}"/></g>`;
  }
  const classes = ['node', n.kind === 'missing' ? 'missing' : 'state', typeClass(n.type)];
  if (n.children?.length) classes.push('container');
  if (n.hidden !== undefined) classes.push('collapsed');
  if (n.unreachable) classes.push('unreachable');
  if (n.severity) classes.push(`sev-${n.severity}`);
  if (n.terminal) classes.push('terminal');
  const sub = subtitle(n, 'no Type');
  const tip = [n.name, n.kind === 'missing' ? 'No state has this name.' : sub];
  if (n.comment) tip.push(n.comment);
  if (n.unreachable) tip.push('Unreachable: no transition leads here from StartAt.');
  if (n.retry) tip.push(...n.retry.summary.map((s) => `Retry ${s}`));
  if (n.problems) tip.push(...n.problems);
  const parts: string[] = [
    `<g class="${classes.join(' ')}" ${attrs} data-name="${escapeXml(n.name)}" tabindex="0">`,
    `<title>${escapeXml(tip.join('\n'))}</title>`,
    `<rect class="box" x="${f(g.x)}" y="${f(g.y)}" width="${f(g.width)}" height="${f(g.height)}" rx="${n.type === 'Choice' ? 14 : 6}"/>`,
  ];
  const cx = f(g.x + g.width / 2);
  g.lines.forEach((line, i) => {
    parts.push(`<text class="name" x="${cx}" y="${f(g.y + NODE_PAD_Y + (i + 1) * NAME_LINE - 4)}">${escapeXml(line)}</text>`);
  });
  parts.push(
    `<text class="type" x="${cx}" y="${f(g.y + NODE_PAD_Y + g.lines.length * NAME_LINE + TYPE_LINE - 3)}">${escapeXml(sub)}</text>`,
  );
  if (n.retry) {
    const text = `↻${n.retry.maxAttempts}`;
    const bw = 12 + text.length * 6.5;
    const bx = g.x + g.width - bw + 6;
    const by = g.y - 8;
    parts.push(
      `<g class="badge retry"><rect x="${f(bx)}" y="${f(by)}" width="${f(bw)}" height="16" rx="8"/><text x="${f(bx + bw / 2)}" y="${f(by + 12)}">${escapeXml(text)}</text></g>`,
    );
  }
  if (n.severity === 'error' || n.severity === 'warning') {
    parts.push(`<circle class="problem" cx="${f(g.x + 2)}" cy="${f(g.y + 2)}" r="5"/>`);
  }
  // A run's status (filled in by the panel) shows in a badge on the top-left corner.
  parts.push(
    `<g class="run-badge"><rect x="${f(g.x - 6)}" y="${f(g.y - 8)}" width="0" height="16" rx="8"/><text x="${f(g.x)}" y="${f(g.y + 4)}"></text></g>`,
  );
  parts.push('</g>');
  return parts.join('');
}

export function renderEdge(e: GraphEdge, g: EdgeGeometry, target: GraphNode | undefined): string {
  const classes = ['edge', `k-${e.kind}`];
  if (g.reference) classes.push('reference');
  const parts: string[] = [
    `<g class="${classes.join(' ')}" data-id="${escapeXml(e.id)}" data-from="${escapeXml(e.from)}" data-to="${escapeXml(e.to)}">`,
  ];
  const tip = [
    e.detail ?? e.label,
    g.reference && target ? `Caught by "${target.name}" (drawn as a reference: many states share this handler)` : undefined,
  ].filter(Boolean);
  if (tip.length) parts.push(`<title>${escapeXml(tip.join('\n'))}</title>`);
  parts.push(`<path class="line" d="${roundedPath(g.points)}"/>`);
  parts.push(`<path class="head" d="${arrowHead(g.points)}"/>`);
  if (g.label) {
    const l = g.label;
    parts.push(`<rect class="label-bg" x="${f(l.x)}" y="${f(l.y)}" width="${f(l.width)}" height="${f(l.height)}" rx="3"/>`);
    l.lines.forEach((line, i) => {
      parts.push(
        `<text class="label" x="${f(l.x + l.width / 2)}" y="${f(l.y + LABEL_PAD + (i + 1) * TYPE_LINE - 3)}">${escapeXml(line)}</text>`,
      );
    });
  }
  if (g.reference && target) {
    const r = g.reference;
    parts.push(
      `<g class="ref" data-target="${escapeXml(target.id)}"><rect x="${f(r.x)}" y="${f(r.y)}" width="${f(r.width)}" height="${f(r.height)}" rx="${f(r.height / 2)}"/>` +
        `<text x="${f(r.x + r.width / 2)}" y="${f(r.y + r.height / 2 + 4)}">${escapeXml(r.text)}</text></g>`,
    );
  }
  parts.push('</g>');
  return parts.join('');
}

/** A polyline with rounded corners. */
export function roundedPath(points: Point[]): string {
  const d = [`M${f(points[0].x)},${f(points[0].y)}`];
  for (let i = 1; i < points.length - 1; i++) {
    const p = points[i];
    const a = points[i - 1];
    const b = points[i + 1];
    const la = Math.hypot(p.x - a.x, p.y - a.y);
    const lb = Math.hypot(b.x - p.x, b.y - p.y);
    const r = Math.min(10, la / 2, lb / 2);
    if (r < 0.5) {
      d.push(`L${f(p.x)},${f(p.y)}`);
      continue;
    }
    const p1 = { x: p.x - ((p.x - a.x) / la) * r, y: p.y - ((p.y - a.y) / la) * r };
    const p2 = { x: p.x + ((b.x - p.x) / lb) * r, y: p.y + ((b.y - p.y) / lb) * r };
    d.push(`L${f(p1.x)},${f(p1.y)}Q${f(p.x)},${f(p.y)} ${f(p2.x)},${f(p2.y)}`);
  }
  const last = points[points.length - 1];
  d.push(`L${f(last.x)},${f(last.y)}`);
  return d.join('');
}

function arrowHead(points: Point[]): string {
  const tip = points[points.length - 1];
  let k = points.length - 2;
  while (k > 0 && Math.hypot(tip.x - points[k].x, tip.y - points[k].y) < 1) k--;
  const from = points[k];
  const len = Math.hypot(tip.x - from.x, tip.y - from.y) || 1;
  const ux = (tip.x - from.x) / len;
  const uy = (tip.y - from.y) / len;
  const bx = tip.x - ux * 9;
  const by = tip.y - uy * 9;
  return `M${f(tip.x)},${f(tip.y)}L${f(bx - uy * 4.5)},${f(by + ux * 4.5)}L${f(bx + uy * 4.5)},${f(by - ux * 4.5)}Z`;
}

/** Colours of a standalone file: light, and dark when the viewer prefers it. */
export const STANDALONE_THEME = `
.aslg{--g-bg:#ffffff;--g-fg:#1f2328;--g-muted:#59636e;--g-node-bg:#ffffff;--g-node-border:#8c959f;--g-edge:#57606a;--g-catch:#cf222e;--g-choice:#9a6700;--g-label-bg:#ffffffe6;--g-frame-bg:#f6f8fa;--g-frame-border:#d0d7de;--g-container-bg:#f6f8fa;--g-task:#0969da;--g-choice-accent:#bc4c00;--g-pass:#6e7781;--g-wait:#8250df;--g-parallel:#1a7f37;--g-map:#1a7f37;--g-succeed:#1a7f37;--g-fail:#cf222e;--g-error:#cf222e;--g-warning:#9a6700;--g-badge-bg:#ddf4ff;--g-badge-fg:#0969da;--g-focus:#0969da;--g-path:#0969da;--g-font:system-ui,-apple-system,"Segoe UI",Roboto,Ubuntu,sans-serif}
@media (prefers-color-scheme:dark){.aslg{--g-bg:#0d1117;--g-fg:#e6edf3;--g-muted:#9198a1;--g-node-bg:#161b22;--g-node-border:#6e7681;--g-edge:#9198a1;--g-catch:#ff7b72;--g-choice:#d29922;--g-label-bg:#0d1117e6;--g-frame-bg:#161b2280;--g-frame-border:#30363d;--g-container-bg:#0d1117;--g-task:#58a6ff;--g-choice-accent:#f0883e;--g-pass:#8b949e;--g-wait:#bc8cff;--g-parallel:#3fb950;--g-map:#3fb950;--g-succeed:#3fb950;--g-fail:#f85149;--g-error:#f85149;--g-warning:#d29922;--g-badge-bg:#388bfd26;--g-badge-fg:#58a6ff;--g-focus:#58a6ff;--g-path:#58a6ff}}
`;

/** The drawing's rules, in terms of the `--g-*` properties; shared by the panel and standalone files. */
export const GRAPH_CSS = `
.aslg{font-family:var(--g-font);color:var(--g-fg)}
.aslg .bg{fill:var(--g-bg)}
.aslg text{fill:var(--g-fg);text-anchor:middle;dominant-baseline:alphabetic}
.aslg .node .box{fill:var(--g-node-bg);stroke:var(--g-node-border);stroke-width:1.5}
.aslg .node .name{font-size:13px;font-weight:600}
.aslg .node .type{font-size:11px;fill:var(--g-muted)}
.aslg .node.t-task .box{stroke:var(--g-task)}
.aslg .node.t-choice .box{stroke:var(--g-choice-accent)}
.aslg .node.t-pass .box{stroke:var(--g-pass)}
.aslg .node.t-wait .box{stroke:var(--g-wait)}
.aslg .node.t-parallel .box{stroke:var(--g-parallel)}
.aslg .node.t-map .box{stroke:var(--g-map)}
.aslg .node.t-succeed .box{stroke:var(--g-succeed);stroke-width:2.5}
.aslg .node.t-fail .box{stroke:var(--g-fail);stroke-width:2.5}
.aslg .node.container .box{fill:var(--g-container-bg);stroke-dasharray:none}
.aslg .node.collapsed .box{fill:var(--g-container-bg);stroke-width:3}
.aslg .node.missing .box{stroke:var(--g-error);stroke-dasharray:5 3;fill:none}
.aslg .node.missing .name{fill:var(--g-error)}
.aslg .node.unreachable{opacity:.45}
.aslg .node.sev-error .box{stroke:var(--g-error);stroke-width:2.5}
.aslg .node.sev-warning .box{stroke:var(--g-warning);stroke-width:2}
.aslg .node .problem{fill:var(--g-error);stroke:var(--g-node-bg);stroke-width:1.5}
.aslg .node.sev-warning .problem{fill:var(--g-warning)}
.aslg .node .marker{fill:var(--g-fg)}
.aslg .node .marker-ring{fill:none;stroke:var(--g-fg);stroke-width:2}
.aslg .badge rect{fill:var(--g-badge-bg);stroke:var(--g-badge-fg);stroke-width:1}
.aslg .badge text{font-size:10px;font-weight:600;fill:var(--g-badge-fg)}
.aslg .run-badge{display:none}
.aslg .node.visited .run-badge{display:inline}
.aslg .run-badge text{font-size:10px;font-weight:600;text-anchor:start;fill:var(--g-bg)}
.aslg .run-badge rect{fill:var(--g-muted)}
.aslg .frame .frame-box{fill:var(--g-frame-bg);stroke:var(--g-frame-border);stroke-dasharray:4 3}
.aslg .frame .frame-title{font-size:11px;text-anchor:start;fill:var(--g-muted)}
.aslg .edge .line{fill:none;stroke:var(--g-edge);stroke-width:1.5}
.aslg .edge .head{fill:var(--g-edge)}
.aslg .edge.k-catch .line{stroke:var(--g-catch);stroke-dasharray:6 4}
.aslg .edge.k-catch .head{fill:var(--g-catch)}
.aslg .edge.k-default .line{stroke-dasharray:2 3}
.aslg .edge .label-bg{fill:var(--g-label-bg)}
.aslg .edge .label{font-size:11px;fill:var(--g-muted)}
.aslg .edge.k-choice .label{fill:var(--g-choice)}
.aslg .edge.k-catch .label{fill:var(--g-catch)}
.aslg .edge .ref rect{fill:var(--g-node-bg);stroke:var(--g-catch);stroke-dasharray:3 2}
.aslg .edge .ref text{font-size:11px;fill:var(--g-catch)}
`;

/** Geometry helpers the panel uses to frame nodes (kept here so both sides agree on the margin). */
export function viewBoxOf(graph: PositionedGraph): Box {
  return { x: -MARGIN, y: -MARGIN, width: graph.layout.width + 2 * MARGIN, height: graph.layout.height + 2 * MARGIN };
}
