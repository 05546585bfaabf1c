/**
 * Typing latency in the editor with the graph panel closed and open (issue 14: keystrokes were
 * delayed up to 213 ms with the graph of 2,000 states open, 26/38/40 ms p50/p90/max without).
 * Starts code-server (scripts/e2e/setup.sh's install) with the extension from this repo, opens a
 * generated machine of --states states in headless Chromium, and types --keys characters into a
 * "Comment" string at a person's pace: first with no graph, then with "Open Graph to the Side"
 * drawn beside it, then again with the graph's tab closed. The latency of a key is from its
 * keydown event (the event's own time stamp, taken when the browser got the input, so a busy
 * renderer main thread counts) until the frame after the editor's lines changed
 * (requestAnimationFrame, then the task after it: the frame is painted). Prints p50/p90/max per
 * phase and the load average; writes bench/results/typing.json.
 *
 * Options: --states=N (default 2000)  --keys=N (default 60)  --pace=MS between keys (default 150)
 * Run: npm run build && npm run compile-tests && node out/bench/typing.js  (E2E_DIR as for the e2e suite)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer } from 'node:net';
import { chromium, type Page } from 'playwright-core';
import { generateMachine } from '../test/fixtures/generate';
import { ms, table } from './format';

const ROOT = resolve(__dirname, '../..');
const E2E_DIR = process.env.E2E_DIR ?? join(ROOT, '.e2e');
const CS_BIN = join(E2E_DIR, 'code-server', 'node_modules', '.bin', 'code-server');
const WAIT_MS = 120_000;
const FILE = 'big.asl.json';
/** How often the graph page is probed for nodes while timing the first draw (each probe itself takes some ms). */
const DRAWN_POLL_MS = 25;

function option(name: string, fallback: number): number {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  return arg === undefined ? fallback : Number(arg.split('=')[1]);
}
const STATES = option('states', 2000);
const KEYS = option('keys', 60);
const PACE_MS = option('pace', 150);

function freePort(): Promise<number> {
  return new Promise((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => res(port));
    });
  });
}

async function poll<T>(probe: () => Promise<T | undefined | false>, what: string, timeoutMs = WAIT_MS, everyMs = 200): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch {
      // the DOM re-rendered under the probe: again
    }
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Runs a command from the palette; resolves with the time of the click that runs it. */
async function runCommand(page: Page, label: string): Promise<number> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: WAIT_MS });
  await input.fill(`>${label}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: label }) });
  await poll(async () => (await row.count()) > 0, `"${label}" in the command palette`, 20_000);
  const clicked = Date.now();
  await row.first().click();
  return clicked;
}

/** Installs the probe in the workbench page: keydown time stamps and the frame after each change of the editor's lines. */
async function installProbe(page: Page): Promise<void> {
  // A string: this file is compiled without the DOM's types.
  await page.evaluate(`(() => {
    const t = (window.__typing = { keydowns: [], latencies: [], longTasks: [] });
    // Long tasks on the workbench's main thread (the editor's): what a key waits behind.
    new PerformanceObserver((list) => { for (const e of list.getEntries()) t.longTasks.push(Math.round(e.duration)); }).observe({ type: 'longtask' });
    document.addEventListener('keydown', (e) => t.keydowns.push(e.timeStamp), true);
    const lines = document.querySelector('.editor-group-container.active .monaco-editor .view-lines');
    if (!lines) throw new Error('no editor lines');
    new MutationObserver(() => {
      const down = t.keydowns.shift();
      if (down === undefined) return;
      t.keydowns.length = 0;
      requestAnimationFrame(() => setTimeout(() => t.latencies.push(performance.now() - down), 0));
    }).observe(lines, { childList: true, subtree: true, characterData: true });
  })()`);
}

/** Types `KEYS` letters at the editor's cursor, `PACE_MS` apart; the latencies, sorted. */
async function typeAndMeasure(page: Page): Promise<number[]> {
  await page.evaluate('window.__typing.keydowns.length = 0; window.__typing.latencies.length = 0; window.__typing.longTasks.length = 0');
  await countMessages(page);
  for (let i = 0; i < KEYS; i++) {
    await page.keyboard.press(String.fromCharCode(97 + (i % 26)));
    await new Promise((r) => setTimeout(r, PACE_MS));
  }
  const got = await poll(
    async () => {
      const l = (await page.evaluate('window.__typing.latencies.slice()')) as number[];
      return l.length >= KEYS * 0.9 && l;
    },
    'the latencies of the keys typed',
    30_000,
  );
  const longTasks = (await page.evaluate('window.__typing.longTasks.slice()')) as number[];
  const posted = await countMessages(page);
  console.log(
    `  ${got.length} keys: long tasks on the workbench's main thread ${JSON.stringify(longTasks)}; messages the graph page got while typing: ${JSON.stringify(posted)}`,
  );
  return got.sort((a, b) => a - b);
}

/** The messages each frame got since the last call, by type: what the extension posted to the graph page while the keys were typed. */
async function countMessages(page: Page): Promise<Record<string, number>> {
  const total: Record<string, number> = {};
  for (const f of page.frames()) {
    const counts = (await f
      .evaluate(
        `(() => {
      if (!window.__posted) { window.__posted = {}; window.addEventListener('message', (e) => { const k = (e.data && (e.data.type || (e.data.args && e.data.args.message && e.data.args.message.type) || e.data.channel)) || '?'; window.__posted[k] = (window.__posted[k] || 0) + 1; }); }
      const c = window.__posted; window.__posted = {}; return c;
    })()`,
      )
      .catch(() => ({}))) as Record<string, number>;
    if (!f.url().includes('webview')) continue;
    for (const [k, v] of Object.entries(counts)) total[k] = (total[k] ?? 0) + v;
  }
  return total;
}

/** Puts the cursor inside the Comment string on line 2, in the editor of the first group. */
async function cursorInComment(page: Page): Promise<void> {
  await page.keyboard.press('Control+1');
  await page.keyboard.press('Control+g');
  await page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: WAIT_MS });
  await page.keyboard.type('2');
  await page.keyboard.press('Enter');
  await page.keyboard.press('End');
  // Line 2 is `  "Comment": "...",`: before the closing quote.
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
}

async function graphNodes(page: Page): Promise<number> {
  let n = 0;
  for (const f of page.frames())
    n = Math.max(
      n,
      await f
        .locator('g.node')
        .count()
        .catch(() => 0),
    );
  return n;
}

async function main(): Promise<void> {
  if (!existsSync(CS_BIN)) throw new Error(`code-server is not installed at ${CS_BIN}: run scripts/e2e/setup.sh (or set E2E_DIR)`);
  if (!existsSync(join(ROOT, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: npm run build');
  const run = mkdtempSync(join(tmpdir(), 'asl-typing-'));
  const ws = join(run, 'workspace');
  mkdirSync(ws, { recursive: true });
  const text = generateMachine({ states: STATES, seed: 3 }).replace(/^\{\n/, '{\n  "Comment": "typing here: ",\n');
  writeFileSync(join(ws, FILE), text);
  for (const d of ['home', 'tmp', 'user-data/User', 'extensions']) mkdirSync(join(run, d), { recursive: true });
  writeFileSync(
    join(run, 'user-data/User/settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'telemetry.telemetryLevel': 'off',
      'update.mode': 'none',
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'workbench.enableExperiments': false,
      'chat.disableAIFeatures': true,
      'workbench.tips.enabled': false,
    }),
  );
  const port = await freePort();
  const env = {
    ...process.env,
    HOME: join(run, 'home'),
    TMPDIR: join(run, 'tmp'),
    XDG_CONFIG_HOME: join(run, 'config'),
    XDG_DATA_HOME: join(run, 'data'),
    XDG_CACHE_HOME: join(run, 'cache'),
    EXTENSIONS_GALLERY: '{"serviceUrl":""}',
  };
  const cs: ChildProcess = spawn(
    CS_BIN,
    [
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--user-data-dir',
      join(run, 'user-data'),
      '--extensions-dir',
      join(run, 'extensions'),
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
    ],
    { env, detached: true, stdio: 'ignore' },
  );
  const profile = mkdtempSync(join(tmpdir(), 'asl-typing-chromium-'));
  const load = { before: loadavg().map((x) => Number(x.toFixed(2))), after: [] as number[] };
  try {
    const base = `http://127.0.0.1:${port}`;
    await poll(async () => (await fetch(`${base}/healthz`)).ok, 'code-server');
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${ROOT}`],
      ['skipWelcome', 'true'],
    ]);
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      headless: true,
      viewport: { width: 1600, height: 900 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-dev-shm-usage'],
    });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${base}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(payload)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: WAIT_MS });
    await page.keyboard.press('Control+p');
    await page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: WAIT_MS });
    await page.keyboard.type(FILE);
    await poll(async () => (await page.locator('.quick-input-list .monaco-list-row').count()) > 0, 'the file in Quick Open');
    await page.keyboard.press('Enter');
    await page.locator('.editor-group-container.active .monaco-editor .view-lines').waitFor({ timeout: WAIT_MS });
    await poll(
      async () =>
        /running/.test(
          (await page
            .locator('#asl-workbench\\.asl-workbench\\.aslWorkbench\\.status')
            .getAttribute('aria-label')
            .catch(() => '')) ?? '',
        ),
      'the language server',
    );
    await cursorInComment(page);
    await installProbe(page);
    // A warm-up: the first keys pay for the server's first full analysis.
    await typeAndMeasure(page);
    const closed = await typeAndMeasure(page);

    // Request to nodes drawn, as the user waits for it: from the click on the command (the first
    // panel of the session, so the webview and its bundle load cold) until the graph page has nodes.
    const requested = await runCommand(page, 'Open Graph to the Side');
    const drawn = await poll(async () => (await graphNodes(page)) > 0 && graphNodes(page), 'the graph to be drawn', WAIT_MS, DRAWN_POLL_MS);
    const drawnMs = Date.now() - requested;
    await cursorInComment(page);
    await installProbe(page);
    const open = await typeAndMeasure(page);
    const nodesAfter = await graphNodes(page);
    load.after = loadavg().map((x) => Number(x.toFixed(2)));

    const row = (label: string, l: number[]) => [
      label,
      String(l.length),
      ms(percentile(l, 50)),
      ms(percentile(l, 90)),
      ms(l[l.length - 1]),
    ];
    console.log(
      `\nTyping into a ${STATES}-state machine in code-server (${KEYS} keys, ${PACE_MS} ms apart; ${cpus().length} CPUs, load average ${load.before.join(' ')} before, ${load.after.join(' ')} after)`,
    );
    console.log(`graph drawn with ${drawn} nodes ${ms(drawnMs)} after the command (webview opened cold); ${nodesAfter} after typing\n`);
    console.log(table(['keystroke until painted', 'keys', 'p50', 'p90', 'max'], [row('graph closed', closed), row('graph open', open)]));
    const results = { states: STATES, keys: KEYS, paceMs: PACE_MS, cpus: cpus().length, load, drawnMs, closed, open };
    mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
    writeFileSync(join(ROOT, 'bench', 'results', 'typing.json'), JSON.stringify(results, null, 2) + '\n');
    await context.close();
  } finally {
    if (cs.pid) {
      try {
        process.kill(-cs.pid, 'SIGTERM');
      } catch {
        // gone already
      }
    }
    rmSync(profile, { recursive: true, force: true });
    rmSync(run, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
