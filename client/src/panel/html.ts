/**
 * The graph panel's page. Pure (no vscode import) so the browser tests load the very same page.
 * Security: `default-src 'none'`; the script only by nonce, styles, images and fonts only from
 * the webview's own resource origin (media/), nothing remote, no inline style or script.
 */

import { PALETTE_TYPES as PALETTE } from '../../../server/src/core/graph/editTypes';

export interface PageAssets {
  /** `webview.cspSource`: the origin media/ files are served from. */
  cspSource: string;
  /** Fresh for every page, from a cryptographic source. */
  nonce: string;
  scriptUri: string;
  styleUri: string;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

/** 16 random bytes, base64: the script nonce. `crypto.getRandomValues` exists in Node 20 and browsers. */
export function makeNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

export function contentSecurityPolicy(a: Pick<PageAssets, 'cspSource' | 'nonce'>): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${a.nonce}'`,
    `style-src ${a.cspSource}`,
    `img-src ${a.cspSource} data:`,
    `font-src ${a.cspSource}`,
  ].join('; ');
}

export function panelHtml(a: PageAssets): string {
  const e = escapeHtml;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${e(contentSecurityPolicy(a))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${e(a.styleUri)}">
<title>State machine graph</title>
</head>
<body>
<header class="toolbar" role="toolbar" aria-label="Graph">
  <button id="fit" class="secondary" title="Fit the whole graph in view">Fit</button>
  <button id="zoom-out" class="secondary" title="Zoom out (-)" aria-label="Zoom out">−</button>
  <button id="zoom-in" class="secondary" title="Zoom in (+)" aria-label="Zoom in">+</button>
  <input id="search" type="search" placeholder="Find a state (Enter: next)" aria-label="Find a state">
  <span id="count" class="count" aria-live="polite"></span>
  <span id="palette" class="palette" role="group" aria-label="Add a state: select a state or a transition, then click a type (or drag a type onto it)">${PALETTE.map((t) => `<button class="secondary type" data-type="${t}" title="Add a ${t} state after the selected state or on the selected transition (or drag onto one)">${t}</button>`).join('')}</span>
  <span class="spacer"></span>
  <span id="file" class="file"></span>
  <button id="toggle-side" class="secondary" aria-pressed="true" title="Hide the sidebar">Sidebar</button>
</header>
<div id="banner" class="banner" role="status" hidden></div>
<div class="main">
  <div id="canvas" tabindex="0" aria-label="State machine graph. Arrow keys follow transitions, Enter shows the state in the editor, F2 renames, Delete deletes, C collapses or expands a Parallel or Map.">
    <div class="drawing"><p class="empty">Loading the graph…</p></div>
    <canvas id="minimap" class="minimap" hidden aria-label="Overview: click or drag to move the view"></canvas>
    <input id="rename" class="rename" type="text" aria-label="New name of the state" spellcheck="false" hidden>
  </div>
  <div id="side-split" class="splitter vertical" role="separator" aria-orientation="vertical" aria-label="Resize the sidebar" tabindex="0"></div>
  <aside id="side" aria-label="Sidebar">
    <section id="state-form" aria-label="Selected state" hidden>
      <h3>State</h3>
      <label for="f-name">Name</label>
      <input id="f-name" type="text" spellcheck="false">
      <div id="f-type" class="note"></div>
      <label for="f-next">Next</label>
      <select id="f-next"></select>
      <div id="f-fields"></div>
      <div class="row"><button id="f-collapse" class="secondary" title="Hide or show the branches inside (C)" hidden>Collapse</button><button id="f-delete" class="secondary" title="Delete the state (Delete); transitions into it go where it went">Delete state</button></div>
    </section>
    <section id="state-test" aria-label="Test the selected state" hidden></section>
    <h3>Dry run</h3>
    <div id="trust" class="trust" hidden></div>
    <label for="input">Input</label>
    <textarea id="input" spellcheck="false" rows="5"></textarea>
    <label for="mock">Mock file</label>
    <div class="row"><select id="mock"></select><button id="refresh-mocks" class="secondary" title="Look for mock files again" aria-label="Look for mock files again">↻</button></div>
    <label for="case">Test case</label>
    <select id="case"></select>
    <div class="row"><button id="run" title="Run (Ctrl+Enter in the input)">Run</button></div>
    <section id="tests" aria-label="Tests"></section>
    <div id="result" class="result" aria-live="polite" hidden></div>
    <div id="details"></div>
  </aside>
</div>
<section id="history" aria-label="Event history" hidden>
  <div id="history-split" class="splitter horizontal" role="separator" aria-orientation="horizontal" aria-label="Resize the events table" tabindex="0"></div>
  <div class="toolbar"><button id="toggle-history" class="secondary" aria-expanded="true" title="Collapse the events">▾</button><strong>Events</strong><input id="filter" type="search" placeholder="Filter events" aria-label="Filter events"><span id="shown" class="count"></span></div>
  <div class="table"><table><thead><tr><th>#</th><th>Time</th><th>Type</th><th>State</th><th>Where</th><th>Details</th></tr></thead><tbody id="rows"></tbody></table></div>
</section>
<script nonce="${e(a.nonce)}" src="${e(a.scriptUri)}"></script>
</body>
</html>`;
}
