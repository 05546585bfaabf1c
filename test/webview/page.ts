/**
 * A stand-in for VS Code around the real panel page: the page from client/src/panel/html.ts with
 * the built media/dist/graph.js and media/graph.css, served from 127.0.0.1 under the panel's own
 * CSP, with `acquireVsCodeApi` stubbed to record what the page posts, and a theme's variables.
 * Driven by Debian's chromium through playwright-core (never a browser download).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { panelHtml } from '../../client/src/panel/html';
import type { PositionedGraph } from '../../server/src/core/graph';
import { THEMES, type ThemeName } from './themes';
// Debian's chromium and its flags, as the e2e scripts launch it (scripts/e2e/run-ext-tests.js).
import LAUNCH from '../../scripts/e2e/chromium.json';

// The callbacks given to page.evaluate run in the page; the project compiles without the DOM library.
declare const window: Record<string, unknown> & { postMessage(message: unknown, origin: string): void };

export const ROOT = join(__dirname, '..', '..', '..');
export const CHROMIUM = process.env.CHROMIUM || LAUNCH.executable;
const BUNDLE = join(ROOT, 'media', 'dist', 'graph.js');

/** Why the browser tests cannot run here, or undefined. */
export function unavailable(): string | undefined {
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is not installed (scripts/e2e/setup.sh installs Debian's chromium)`;
  if (!existsSync(BUNDLE)) return 'media/dist/graph.js is missing: run "npm run build" first';
  return undefined;
}

/** Records posted messages and state; answers getState with what the test set up. */
const STUB = `
window.__posted = [];
window.__states = [];
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
window.acquireVsCodeApi = (() => {
  let used = false;
  let state = window.__initialState;
  return () => {
    if (used) throw new Error('acquireVsCodeApi may be called only once');
    used = true;
    return {
      postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
      getState: () => state,
      setState: (s) => { state = s; window.__states.push(JSON.parse(JSON.stringify(s))); },
    };
  };
})();
`;

export class Harness {
  private server: Server | undefined;
  private origin = '';
  browser: Browser | undefined;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const send = (type: string, body: string | Buffer) => {
        res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
        res.end(body);
      };
      if (url.pathname === '/panel.html') return send('text/html', this.html(url.searchParams));
      if (url.pathname === '/stub.js')
        return send('text/javascript', `window.__initialState = ${url.searchParams.get('state') ?? 'undefined'};\n${STUB}`);
      if (url.pathname === '/theme.css') return send('text/css', THEMES[(url.searchParams.get('name') ?? 'light') as ThemeName] ?? '');
      if (url.pathname === '/media/dist/graph.js') return send('text/javascript', readFileSync(BUNDLE));
      if (url.pathname === '/media/graph.css') return send('text/css', readFileSync(join(ROOT, 'media', 'graph.css')));
      // favicon.ico and the like: nothing, without a 404 in the console.
      res.writeHead(204);
      res.end();
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH.flags });
  }

  async stop(): Promise<void> {
    await this.browser?.close();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The panel's page, as the extension makes it, plus the stub and the theme (both from our origin, so the CSP admits them). */
  private html(q: URLSearchParams): string {
    const nonce = 'test-nonce-' + Math.random().toString(36).slice(2);
    const page = panelHtml({
      cspSource: this.origin,
      nonce,
      scriptUri: `${this.origin}/media/dist/graph.js`,
      styleUri: `${this.origin}/media/graph.css`,
    });
    const theme = q.get('theme') ?? 'light';
    const state = q.get('state');
    return page
      .replace('<body>', `<body class="vscode-${theme === 'hc' ? 'high-contrast' : theme}">`)
      .replace('</head>', `<link rel="stylesheet" href="${this.origin}/theme.css?name=${theme}">\n</head>`)
      .replace(
        `<script nonce="${nonce}"`,
        `<script nonce="${nonce}" src="${this.origin}/stub.js${state ? `?state=${encodeURIComponent(state)}` : ''}"></script>\n<script nonce="${nonce}"`,
      );
  }

  /** Opens the panel page; resolves once the page has said `ready`. */
  async open(options: { theme?: ThemeName; state?: unknown; width?: number; height?: number } = {}): Promise<PanelPage> {
    const page = await this.browser!.newPage({ viewport: { width: options.width ?? 1200, height: options.height ?? 800 } });
    const console: string[] = [];
    page.on('console', (m) => console.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => console.push(`pageerror: ${e.message}`));
    const q = new URLSearchParams({ theme: options.theme ?? 'light' });
    if (options.state !== undefined) q.set('state', JSON.stringify(options.state));
    await page.goto(`${this.origin}/panel.html?${q}`);
    const p = new PanelPage(page, console);
    await p.waitForPosted((m) => m.type === 'ready');
    return p;
  }
}

export interface Posted {
  type: string;
  [key: string]: unknown;
}

export class PanelPage {
  constructor(
    readonly page: Page,
    readonly console: string[],
  ) {}

  /** Delivers a message as the extension's postMessage does (serialized as JSON on the way, as VS Code's IPC does). */
  send(message: unknown): Promise<void> {
    return this.page.evaluate((json) => window.postMessage(JSON.parse(json), '*'), JSON.stringify(message));
  }

  posted(): Promise<Posted[]> {
    return this.page.evaluate(() => (window as unknown as { __posted: Posted[] }).__posted);
  }

  async waitForPosted(accept: (m: Posted) => boolean, what = 'a posted message'): Promise<Posted> {
    for (let i = 0; i < 200; i++) {
      const found = (await this.posted()).find(accept);
      if (found) return found;
      await this.page.waitForTimeout(25);
    }
    throw new Error(`timed out waiting for ${what}; posted: ${JSON.stringify(await this.posted()).slice(0, 500)}`);
  }

  violations(): Promise<string[]> {
    return this.page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
  }

  states(): Promise<unknown[]> {
    return this.page.evaluate(() => (window as unknown as { __states: unknown[] }).__states);
  }

  /** Attribute selector for a node by its state name. */
  static node(name: string): string {
    return `g.node.state[data-name="${name.replace(/["\\]/g, '\\$&')}"]`;
  }
}

/** Where the browser tests put their screenshots. */
export const SHOTS = join(ROOT, 'test-results', 'webview');

/**
 * One browser for a test file, started before its tests and stopped after them, and `btest`: a
 * test that is skipped, with the reason, where Chromium cannot run.
 */
export function browserSuite(): { harness: Harness; btest: (name: string, fn: () => Promise<void>) => void; skip: string | undefined } {
  const skip = unavailable();
  const harness = new Harness();
  before(async () => {
    if (skip) return;
    mkdirSync(SHOTS, { recursive: true });
    await harness.start();
  });
  after(() => harness.stop());
  const btest = (name: string, fn: () => Promise<void>): void => {
    test(name, { skip }, fn);
  };
  return { harness, btest, skip };
}

/** Shows a laid-out graph in the page, as the extension does for a document, and waits for it. */
export async function showGraph(p: PanelPage, graph: PositionedGraph, version = 1): Promise<void> {
  await p.send({ type: 'init', uri: 'file:///work/m.asl.json', fileName: 'm.asl.json', trusted: true });
  await p.send({ type: 'graph', version, graph, millis: 1 });
  await p.page.waitForSelector('#canvas svg g.node');
}
