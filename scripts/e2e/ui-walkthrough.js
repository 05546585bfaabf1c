// The packaged extension used as a person would use it, in code-server's workbench in headless
// Chromium: open the seed example from the explorer, type a typo into a "Next", see the squiggle,
// the Problems panel and the status bar, restart the server from the command palette, open the
// graph (when the extension contributes it), follow the "Getting started" walkthrough, read the
// activation time VS Code reports, and see what happens when the server binary is missing or
// broken. A screenshot of each step goes to OUT_DIR, the figures to OUT_DIR/timings.json.
// usage: node ui-walkthrough.js BASE_URL WORKSPACE_DIR OUT_DIR (scripts/e2e/walkthrough.sh sets it up)
// Environment: UI_EXTENSION_DIR (the installed extension: the failure steps swap its dist/server.js;
//   its package.json says which commands exist), UI_INSTALL_MS (install time, for timings.json),
//   UI_USER_DATA_DIR (code-server's profile: the extension host's log gives the activation time),
//   E2E_VERBOSE=1 (print the browser console).
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');
// Debian's chromium and the flags every headless run here uses (test/webview/page.ts too).
const CHROMIUM = require('./chromium.json');

const [, , base, workspace, outDir] = process.argv;
if (!outDir) {
  console.error('usage: node ui-walkthrough.js BASE_URL WORKSPACE_DIR OUT_DIR');
  process.exit(2);
}
const EXTENSION_DIR = process.env.UI_EXTENSION_DIR;
const pkg = JSON.parse(fs.readFileSync(path.join(EXTENSION_DIR || path.resolve(__dirname, '../..'), 'package.json'), 'utf8'));
const VERBOSE = process.env.E2E_VERBOSE === '1';
const WAIT_MS = 30_000;
// README-sized: readable when GitHub scales it to the page width.
const VIEWPORT = { width: 1280, height: 800 };

const SEED = 'article-review/article-review.asl.json';
// The typo: "Next": "Choice" of the first state becomes "Choise".
const NEXT_VALUE = '"Next": "Choice"';
const SUGGESTION = /Did you mean "Choice"\?/;
const STATUS_ITEM = '#asl-workbench\\.asl-workbench\\.aslWorkbench\\.status';

const started = Date.now();
const seconds = () => `${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s`;
const log = (...args) => console.log(`[ui ${seconds()}]`, ...args);
const timings = { installMs: Number(process.env.UI_INSTALL_MS) || undefined };
const shots = [];

/** Polls `probe` until it returns a truthy value (the DOM has no event to wait for). */
async function poll(probe, what, timeoutMs = WAIT_MS) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let value;
    try {
      value = await probe();
    } catch {
      // A probe may race a re-render; try again.
    }
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function main() {
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  console.log(`screenshots: ${outDir}`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'asl-ui-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || CHROMIUM.executable,
    headless: true,
    viewport: VIEWPORT,
    args: CHROMIUM.flags,
  });
  const page = context.pages()[0] || (await context.newPage());
  if (VERBOSE) page.on('console', (m) => console.log(`  [browser ${m.type()}] ${m.text().slice(0, 300)}`));
  try {
    await walkthrough(page);
    fs.writeFileSync(path.join(outDir, 'timings.json'), JSON.stringify(timings, null, 2) + '\n');
    log(`PASS: ${shots.length} screenshots in ${outDir}`);
    for (const s of shots) console.log(`  ${s}`);
    return 0;
  } catch (err) {
    console.error(`[ui ${seconds()}] FAIL: ${err && err.stack ? err.stack : err}`);
    await page.screenshot({ path: path.join(outDir, 'failure.png') }).catch(() => {});
    console.error(`  the page at the failure: ${path.join(outDir, 'failure.png')}`);
    return 1;
  } finally {
    await context.close().catch(() => {});
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

/**
 * When the extension host logged a line matching `re` (its remoteexthost.log in the profile of
 * scripts/e2e/walkthrough.sh: UI_USER_DATA_DIR), as a Date.now() value; undefined without it.
 */
function exthostLogTime(re) {
  const logs = process.env.UI_USER_DATA_DIR && path.join(process.env.UI_USER_DATA_DIR, 'logs');
  if (!logs || !fs.existsSync(logs)) return undefined;
  for (const session of fs.readdirSync(logs)) {
    const dir = path.join(logs, session);
    for (const host of fs.readdirSync(dir).filter((d) => d.startsWith('exthost'))) {
      const file = path.join(dir, host, 'remoteexthost.log');
      if (!fs.existsSync(file)) continue;
      const line = fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .find((l) => re.test(l));
      // "2026-11-25 16:43:50.292 [info] ...", in the machine's local time like Date.now().
      const m = line && /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3})/.exec(line);
      if (m) return new Date(`${m[1]}T${m[2]}`).getTime();
    }
  }
  return undefined;
}

async function shoot(page, name, what) {
  // Let the last frame paint (squiggles and fades are animated in).
  await page.waitForTimeout(300);
  const file = path.join(outDir, `${name}.png`);
  await page.screenshot({ path: file });
  shots.push(`${name}.png  ${what}`);
  log(`screenshot ${name}.png: ${what}`);
}

async function statusItem(page) {
  const item = page.locator(STATUS_ITEM);
  if ((await item.count()) === 0) return undefined;
  return { text: ((await item.textContent()) || '').trim(), label: (await item.getAttribute('aria-label')) || '' };
}

async function waitForStatus(page, accept, what) {
  return poll(async () => {
    const s = await statusItem(page);
    return s && accept(s) && s;
  }, `the status bar item to ${what}`);
}

/**
 * F1, type the command's name, and run the entry whose label is that name. `opensPicker`: the
 * command shows a quick pick of its own, so the widget stays open.
 */
async function runCommand(page, label, { opensPicker = false } = {}) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: WAIT_MS });
  await input.fill(`>${label}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: label }) });
  await poll(async () => (await row.count()) > 0, `"${label}" in the command palette`, 10_000);
  await row.first().click();
  if (!opensPicker) await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: WAIT_MS });
}

function activeEditor(page) {
  return page.locator('.editor-group-container.active .monaco-editor').first();
}

async function activeTabLabel(page) {
  const tab = page.locator('.editor-group-container.active .tab.active');
  return (await tab.count()) ? (await tab.first().getAttribute('aria-label')) || '' : '';
}

async function notificationWith(page, re) {
  return poll(async () => {
    const texts = await page.locator('.notifications-toasts .notification-list-item-message').allTextContents();
    return texts.find((t) => re.test(t));
  }, `a notification matching ${re}`);
}

async function clearNotifications(page) {
  await runCommand(page, 'Notifications: Clear All Notifications').catch(() => {});
}

async function walkthrough(page) {
  const folderUrl = `${base}/?folder=${encodeURIComponent(workspace)}`;
  await page.goto(folderUrl);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  log('workbench loaded');

  // 1. The seed example, opened from the explorer with the mouse.
  const explorer = page.locator('.explorer-folders-view');
  await explorer.waitFor({ timeout: WAIT_MS });
  const [folder, file] = SEED.split('/');
  await explorer.getByRole('treeitem', { name: folder, exact: true }).click();
  const clickedAt = Date.now();
  await explorer.getByRole('treeitem', { name: file, exact: true }).click();
  await poll(async () => (await activeTabLabel(page)).startsWith(file), `${file} in the active editor tab`);
  await activeEditor(page).locator('.view-lines').waitFor({ timeout: WAIT_MS });
  const ready = await waitForStatus(page, (s) => /language server: running/.test(s.label), 'say the server is running');
  const runningAt = Date.now();
  timings.openToServerRunningMs = runningAt - clickedAt;
  // Split at the activation, as the extension host logged it: before it, the host's own start-up
  // (in a window just loaded it may not be up yet); after it, our client and server starting.
  const activatedAt = exthostLogTime(/ExtensionService#_doActivateExtension asl-workbench\.asl-workbench,/);
  if (activatedAt !== undefined) {
    timings.openToActivationMs = activatedAt - clickedAt;
    timings.activationToServerRunningMs = runningAt - activatedAt;
  }
  if (!/This file: 0 errors, 0 warnings/.test(ready.label)) throw new Error(`the seed example is not clean: ${ready.label}`);
  log(
    `${file} opened from the explorer; status bar: "${ready.text}" (${timings.openToServerRunningMs} ms after the click` +
      (activatedAt === undefined
        ? ')'
        : `: activated after ${timings.openToActivationMs} ms, server running ${timings.activationToServerRunningMs} ms later)`),
  );
  await shoot(page, '01-example-open', 'the seed example opened from the explorer, status bar clean');

  // 2. A typo'd "Next", typed as a person would: go to the value, delete a letter, type another.
  const seedText = fs.readFileSync(path.join(workspace, SEED), 'utf8');
  const at = seedText.indexOf(NEXT_VALUE);
  if (at < 0) throw new Error(`${SEED} no longer contains ${NEXT_VALUE}`);
  const before = seedText.slice(0, at).split('\n');
  const line = before.length;
  const column = before[before.length - 1].length + NEXT_VALUE.indexOf('ce"') + 1; // before the "c"
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: WAIT_MS });
  await page.keyboard.type(`${line}:${column}`);
  await page.keyboard.press('Enter');
  // Select the letter and type over it: one edit, so one undo puts it back.
  await page.keyboard.press('Shift+ArrowRight');
  const typedAt = Date.now();
  await page.keyboard.type('s');
  await page.keyboard.press('Escape'); // a completion list may have opened
  await activeEditor(page).locator('.squiggly-error').first().waitFor({ timeout: WAIT_MS });
  timings.editToSquiggleMs = Date.now() - typedAt;
  log(`typed "Choise" at ${line}:${column}; error squiggle after ${timings.editToSquiggleMs} ms`);
  await page.keyboard.press('Control+Shift+M');
  const problem = await poll(async () => {
    const rows = await page.locator('.markers-panel .monaco-list-row').allTextContents();
    return rows.find((r) => SUGGESTION.test(r));
  }, 'the unknown-state message in the Problems panel');
  log(`Problems panel: ${problem.slice(0, 160)}`);
  const broken = await waitForStatus(page, (s) => /ASL: [1-9]/.test(s.text), 'count the errors');
  log(`status bar: "${broken.text}" (${broken.label})`);
  await page.keyboard.press('Control+1'); // focus back in the editor: the Problems row shows its error icon
  await shoot(page, '02-diagnostics', 'a typo\'d "Next": squiggle, Problems panel, status bar with the error count');

  // Hovering the squiggle shows the message where the mistake is.
  // Moved by coordinates: Playwright's hover() would scroll the editor's layers and garble it.
  const box = await activeEditor(page).locator('.squiggly-error').first().boundingBox();
  if (box) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });
  await page
    .locator('.monaco-hover .hover-contents, .monaco-hover .marker.hover-contents')
    .first()
    .waitFor({ timeout: WAIT_MS })
    .then(() => shoot(page, '03-hover', 'the message in a hover over the squiggle'))
    .catch(() => log("no hover appeared over the squiggle (not a failure: hovers depend on the pointer's timing)"));
  await page.mouse.move(5, VIEWPORT.height / 2);

  // 3. ASL: Restart Language Server, from the command palette. The restarted server must answer
  // edits: undoing the typo clears the squiggle, redoing it brings one back (which only a live
  // server can do), and a last undo leaves the file clean.
  const restartAt = Date.now();
  await runCommand(page, 'ASL: Restart Language Server');
  const spinner = await poll(
    async () => /language server: starting/.test((await statusItem(page))?.label ?? ''),
    'the status bar to say starting',
    3000,
  ).catch(() => false); // a fast start may finish between two looks
  await waitForStatus(page, (s) => /language server: running/.test(s.label), 'say running again');
  timings.restartMs = Date.now() - restartAt;
  const squiggles = () => activeEditor(page).locator('.squiggly-error').count();
  await page.keyboard.press('Control+1'); // back to the editor from the Problems panel
  await page.keyboard.press('Control+Z');
  await poll(async () => (await squiggles()) === 0, 'the squiggle to clear after undoing the typo');
  await waitForStatus(page, (s) => /This file: 0 errors/.test(s.label), 'show a clean file');
  await page.keyboard.press('Control+Shift+Z');
  await poll(async () => (await squiggles()) > 0, 'the restarted server to squiggle the typo again after a redo');
  await page.keyboard.press('Control+Z');
  await poll(async () => (await squiggles()) === 0, 'the squiggle to clear after the last undo');
  await page.keyboard.press('Escape'); // undo selected the letter again; its highlighted twins are noise
  await waitForStatus(page, (s) => /This file: 0 errors/.test(s.label) && !/ASL: \d/.test(s.text), 'show a clean file again');
  log(`restarted from the palette (${spinner ? 'spinner seen, ' : ''}running after ${timings.restartMs} ms); it answered undo, redo, undo`);
  await runCommand(page, 'View: Hide Panel');
  await shoot(page, '04-restarted', 'after "ASL: Restart Language Server" and undoing the typo: clean again');

  // 4. The graph, when this build contributes it.
  const commands = pkg.contributes?.commands ?? [];
  const graph = commands.find((c) => /Graph/i.test(c.title));
  if (!graph) {
    log('no graph command in package.json yet: graph step skipped');
    timings.graph = 'not contributed';
  } else {
    const label = `${graph.category ? `${graph.category}: ` : ''}${graph.title}`;
    await runCommand(page, label);
    const frame = await poll(async () => {
      for (const f of page.frames()) {
        if ((await f.locator('svg').count()) && (await f.getByText('Choice', { exact: true }).count())) return f;
      }
      return undefined;
    }, 'the graph webview to draw the state "Choice"');
    log(`"${label}" opened the graph (${frame.url().slice(0, 80)}...)`);
    await shoot(page, '05-graph', 'the graph of the seed example beside the editor');
    const run = frame.getByRole('button', { name: /^Run/ });
    if (await run.count()) {
      await run.first().click();
      // The mock file beside the example and its first test case are preselected: the run succeeds.
      const outcome = await poll(async () => {
        const t = await frame
          .locator('.result')
          .first()
          .textContent()
          .catch(() => '');
        return t && /SUCCEEDED|FAILED|TIMED_OUT|ABORTED|Not run/.test(t) ? t : undefined;
      }, 'the dry run in the panel to finish');
      if (!/SUCCEEDED/.test(outcome)) throw new Error(`the seed example's dry run in the panel did not succeed: ${outcome.slice(0, 300)}`);
      log(`dry run in the panel: ${outcome.slice(0, 80)}`);
      await page.waitForTimeout(300);
      await shoot(page, '06-graph-run', 'the seed example run in the graph panel');
      timings.graph = 'opened and run';
    } else {
      log('the graph panel has no Run button yet: run step skipped');
      timings.graph = 'opened';
    }
    await runCommand(page, 'View: Close All Editor Groups');
  }

  // 5. The "Getting started" walkthrough and its first button.
  await runCommand(page, 'View: Close All Editors');
  await runCommand(page, 'Welcome: Open Walkthrough...', { opensPicker: true });
  const walkTitle = pkg.contributes.walkthroughs[0].title;
  const pick = page.locator('.quick-input-list .monaco-list-row', { hasText: walkTitle });
  await poll(async () => (await pick.count()) > 0, `"${walkTitle}" among the walkthroughs`);
  await pick.first().click();
  const gettingStarted = page.locator('.gettingStartedContainer');
  await gettingStarted.getByText(walkTitle).first().waitFor({ timeout: WAIT_MS });
  const button = gettingStarted.getByRole('button', { name: 'Open the Example', exact: true });
  await button.first().waitFor({ timeout: WAIT_MS });
  await shoot(page, '07-getting-started', 'the "Getting started" walkthrough');
  await button.first().click();
  await poll(async () => (await activeTabLabel(page)).startsWith(file), `the walkthrough's button to open ${file}`);
  log(`"Open the Example" opened ${await activeTabLabel(page)}`);

  // 6. The activation time VS Code itself measured.
  await runCommand(page, 'Developer: Show Running Extensions');
  const row = page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: pkg.displayName });
  const activation = await poll(async () => {
    const text = (await row.first().textContent()) || '';
    const m = /Activation: (\d+)ms/.exec(text);
    return m && { ms: Number(m[1]), text };
  }, `the activation time of ${pkg.displayName} in Running Extensions`);
  timings.activationMs = activation.ms;
  log(`VS Code reports: ${pkg.displayName} activation ${activation.ms} ms`);
  await shoot(page, '08-running-extensions', 'Developer: Show Running Extensions, with the activation time');
  await runCommand(page, 'View: Close All Editors');

  // 7. A missing, then a broken server binary: a clear message, and the restart command recovers.
  if (!EXTENSION_DIR) {
    log('UI_EXTENSION_DIR not set: server binary steps skipped');
    return;
  }
  await failureSteps(page, file);
}

async function failureSteps(page, file) {
  const serverJs = path.join(EXTENSION_DIR, 'dist', 'server.js');
  const saved = `${serverJs}.saved`;
  fs.renameSync(serverJs, saved);
  try {
    await page.locator('.explorer-folders-view').getByRole('treeitem', { name: file, exact: true }).click();
    await clearNotifications(page);
    await runCommand(page, 'ASL: Restart Language Server');
    const missing = await notificationWith(page, /language server is missing/);
    const stopped = await waitForStatus(page, (s) => /server stopped/.test(s.text), 'say the server stopped');
    log(`missing server: "${missing.slice(0, 140)}"; status bar "${stopped.text}"`);
    await shoot(page, '09-missing-server', 'dist/server.js deleted: the message and the status bar');

    // A server that dies at start-up: restarted a few times, then the client gives up and says so.
    fs.writeFileSync(serverJs, 'throw new Error("broken on purpose by ui-walkthrough.js");\n');
    await clearNotifications(page);
    await runCommand(page, 'ASL: Restart Language Server');
    // What pops up unasked: sample the toasts while the client retries.
    const toasts = new Set();
    for (const until = Date.now() + 3000; Date.now() < until; await page.waitForTimeout(50)) {
      for (const t of await page.locator('.notifications-toasts .notification-list-item-message').allTextContents()) toasts.add(t);
    }
    // What is there when the user looks: the notification center (the bell in the status bar).
    await runCommand(page, 'Notifications: Show Notifications');
    const center = page.locator('.notifications-center .notification-list-item-message');
    const givenUp = await poll(
      async () => (await center.allTextContents()).find((t) => /failed to start/.test(t)),
      'the notification center to say the server failed to start',
    );
    const status = await statusItem(page);
    if (!status || /language server: running/.test(status.label))
      throw new Error(`the status bar claims a running server: ${JSON.stringify(status)}`);
    log(`broken server: "${givenUp.slice(0, 120)}"; status bar "${status.text}" (${status.label})`);
    // One clear pop-up, not a burst of generic ones, and a status bar that says what happened.
    if (![...toasts].some((t) => /failed to start/.test(t)))
      throw new Error(`no pop-up said the server failed to start; toasts seen: ${JSON.stringify([...toasts])}`);
    if (!/server stopped/.test(status.text)) throw new Error(`the status bar reads "${status.text}", not "ASL: server stopped"`);
    await shoot(page, '10-broken-server', 'dist/server.js that throws at start-up: the notification center and the status bar');
    await page.keyboard.press('Escape');
  } finally {
    fs.rmSync(serverJs, { force: true });
    fs.renameSync(saved, serverJs);
  }
  await clearNotifications(page);
  await runCommand(page, 'ASL: Restart Language Server');
  const back = await waitForStatus(page, (s) => /language server: running/.test(s.label), 'say running once the binary is back');
  log(`server binary restored; "ASL: Restart Language Server" brought it back: "${back.text}"`);
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(2);
  },
);
