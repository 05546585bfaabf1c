// Opens code-server's workbench in headless chromium with the extension-test payload, so that the
// workbench loads the extension under development and runs the mocha suite in the real (remote,
// Node) extension host; prints the suite's report and exits with the code the suite reports.
// usage: node run-ext-tests.js BASE_URL EXTENSION_DIR TESTS_ENTRY WORKSPACE_DIR
// Environment (set by scripts/e2e/run.sh):
//   ASL_E2E_BRIDGE    http://127.0.0.1:PORT on which to answer the suite's DOM queries (see bridge below)
//   E2E_ARTIFACTS     directory for workbench.log (everything the workbench logged) and failure.png
//   E2E_VERBOSE=1     also print the workbench's and the extension host's own log lines
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const util = require('node:util');
const { chromium } = require('playwright-core');
// Debian's chromium and the flags every headless run here uses (test/webview/page.ts too).
const CHROMIUM = require('./chromium.json');

const [, , base, extensionDir, testsEntry, workspace] = process.argv;
if (!workspace) {
  console.error('usage: node run-ext-tests.js BASE_URL EXTENSION_DIR TESTS_ENTRY WORKSPACE_DIR');
  process.exit(2);
}
const TIMEOUT_MS = Number(process.env.E2E_TIMEOUT_MS || 600_000);
const VERBOSE = process.env.E2E_VERBOSE === '1';
const ARTIFACTS = process.env.E2E_ARTIFACTS;
// Both written by test/e2e/suite/index.js: every line of mocha's reporter, and the final counts.
const REPORT_TAG = '[asl-e2e] ';
const RESULT_PREFIX = 'ASL-E2E-RESULT ';

const host = new URL(base).host;
const remote = (p) => `vscode-remote://${host}${path.resolve(p)}`;
// `payload` and `codeAutomationExit` are workbench internals, which is why the code-server version is pinned.
const payload = JSON.stringify([
  ['extensionDevelopmentPath', remote(extensionDir)],
  ['extensionTestsPath', remote(testsEntry)],
  ['skipWelcome', 'true'],
]);
const url = `${base}/?folder=${encodeURIComponent(path.resolve(workspace))}&payload=${encodeURIComponent(payload)}`;

/**
 * The extension host cannot see the rendered workbench, so the suite asks this process:
 * GET /dom?selector=CSS answers [{ id, text, label }] for the matching elements of the page
 * (e.g. the status bar item's text and aria-label); GET /screenshot?name=NAME saves a picture of
 * it in E2E_ARTIFACTS. Listens on 127.0.0.1 only.
 */
function startBridge(page) {
  const address = process.env.ASL_E2E_BRIDGE && new URL(process.env.ASL_E2E_BRIDGE);
  if (!address) return undefined;
  const server = http.createServer(async (req, res) => {
    const reply = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    try {
      const q = new URL(req.url, 'http://bridge');
      // GET /screenshot?name=NAME saves the workbench as $E2E_ARTIFACTS/NAME.png (for the README's pictures).
      if (q.pathname === '/screenshot') {
        const name = q.searchParams.get('name') || '';
        if (!ARTIFACTS || !/^[a-z0-9-]+$/.test(name)) return reply(400, { error: 'GET /screenshot?name=[a-z0-9-]+ (needs E2E_ARTIFACTS)' });
        const file = path.join(ARTIFACTS, `${name}.png`);
        await page.screenshot({ path: file });
        return reply(200, { file });
      }
      if (q.pathname !== '/dom' || !q.searchParams.get('selector')) return reply(404, { error: 'GET /dom?selector=CSS' });
      const found = await page.$$eval(q.searchParams.get('selector'), (els) =>
        els.map((e) => ({ id: e.id, text: (e.textContent || '').trim(), label: e.getAttribute('aria-label') })),
      );
      reply(200, found);
    } catch (err) {
      reply(500, { error: String(err && err.message) });
    }
  });
  server.listen(Number(address.port), '127.0.0.1');
  return server;
}

async function main() {
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s`;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'asl-e2e-chromium-'));
  const log = ARTIFACTS ? fs.createWriteStream(path.join(ARTIFACTS, 'workbench.log')) : undefined;
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || CHROMIUM.executable,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: CHROMIUM.flags,
  });
  let bridge;
  let result;
  let finish;
  const exited = new Promise((resolve) => (finish = resolve));
  try {
    const page = context.pages()[0] || (await context.newPage());
    // The workbench forwards its own log and the extension host's console here while tests run.
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = util.format(...(Array.isArray(args) ? args : [args]));
      for (const line of text.split('\n')) {
        log?.write(`${elapsed()} [${type}] ${line}\n`);
        if (line.startsWith(REPORT_TAG)) console.log(line.slice(REPORT_TAG.length));
        else if (line.startsWith(RESULT_PREFIX)) result = JSON.parse(line.slice(RESULT_PREFIX.length));
        else if (VERBOSE) console.log(`[${type}] ${line}`);
      }
    });
    await page.exposeFunction('codeAutomationExit', (code) => finish(code));
    page.on('pageerror', (err) => log?.write(`${elapsed()} [page error] ${err.stack || err.message}\n`));
    page.on('console', (m) => {
      // Log-type messages repeat what codeAutomationLog already wrote.
      if (m.type() !== 'log') log?.write(`${elapsed()} [browser ${m.type()}] ${m.text()}\n`);
      if (VERBOSE) console.log(`[browser ${m.type()}]`, m.text());
    });
    page.on('crash', () => finish('the browser page crashed'));
    bridge = startBridge(page);
    await page.goto(url);
    // Fail fast when the workbench itself does not come up (code-server error page, bad payload).
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 }).catch(() => finish('the workbench did not load within 60 s'));
    const timer = setTimeout(() => finish(`timeout after ${TIMEOUT_MS / 1000} s`), TIMEOUT_MS);
    const code = await exited;
    clearTimeout(timer);
    const ok = code === 0 && result !== undefined && result.failed === 0 && result.passed > 0;
    if (!ok && ARTIFACTS) await page.screenshot({ path: path.join(ARTIFACTS, 'failure.png') }).catch(() => {});
    const seconds = elapsed().trim();
    if (result) {
      const pending = result.pending ? `, ${result.pending} pending` : '';
      console.log(`${result.passed} passed, ${result.failed} failed${pending} (${seconds} in the workbench)`);
      if (result.passed + result.failed === 0) console.log('no test ran: check E2E_GREP and test/e2e/suite/*.test.js');
    } else {
      console.log(`0 passed, 0 failed: the suite reported no results (workbench exit: ${code}, ${seconds})`);
    }
    if (code !== 0 && typeof code !== 'number') console.log(`workbench: ${code}`);
    return ok ? 0 : 1;
  } finally {
    bridge?.close();
    await context.close().catch(() => {});
    log?.end();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(2);
  },
);
