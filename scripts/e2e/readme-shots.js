// The README's screenshots of testing a workflow, taken in code-server's workbench in headless
// Chromium with the extension from this repo (scripts/e2e/readme-shots.sh sets it up):
//   run-explained.png  a dry run in the graph panel, the selected state's "why" lines (the Choice
//                      rule that matched, the retries and their waits)
//   testing-view.png   the Testing view with the example's test cases and a failing case's diff
//   coverage.png       a coverage run's coverage in the definition's gutter
// usage: node readme-shots.js BASE_URL WORKSPACE_DIR OUT_DIR (the workbench itself is opened at $SHOTS_URL, which carries the test payload)
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');

const [, , _base, workspace, outDir] = process.argv;
if (!outDir) {
  console.error('usage: node readme-shots.js BASE_URL WORKSPACE_DIR OUT_DIR');
  process.exit(2);
}
const WAIT_MS = 90_000;
const VIEWPORT = { width: 1400, height: 860 };
const SEED = 'article-review/article-review.asl.json';
const MOCKS = 'article-review/article-review.mocks.json';
/** A mock file with one case whose expected output is wrong: the failure and its diff. */
const WRONG = 'article-review/wrong-status.mocks.json';
const started = Date.now();
const log = (...a) => console.log(`[shots ${((Date.now() - started) / 1000).toFixed(1)}s]`, ...a);

async function poll(probe, what, timeoutMs = WAIT_MS) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    let v;
    try {
      v = await probe();
    } catch {
      // a re-render under the probe
    }
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function runCommand(page, label) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: WAIT_MS });
  await input.fill(`>${label}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: label }) });
  await poll(async () => (await row.count()) > 0, `"${label}" in the command palette`, 20_000);
  await row.first().click();
}

async function openFile(page, relative) {
  await page.keyboard.press('Control+p');
  await page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: WAIT_MS });
  await page.keyboard.type(relative);
  await poll(async () => (await page.locator('.quick-input-list .monaco-list-row').count()) > 0, `${relative} in Quick Open`);
  await page.keyboard.press('Enter');
  await poll(
    async () =>
      ((await page.locator('.editor-group-container.active .tab.active').getAttribute('aria-label')) || '').startsWith(
        path.basename(relative),
      ),
    `${relative} in the editor`,
  );
}

/** The frame of the graph panel's page (a webview: an iframe in an iframe). */
async function graphFrame(page) {
  return poll(async () => {
    for (const f of page.frames())
      if (
        (await f
          .locator('#run')
          .count()
          .catch(() => 0)) > 0
      )
        return f;
    return undefined;
  }, 'the graph panel');
}

async function shot(page, name, clip) {
  await page.waitForTimeout(400);
  const file = path.join(outDir, name);
  await page.screenshot({ path: file, clip });
  log(`wrote ${file}`);
}

async function main() {
  fs.mkdirSync(outDir, { recursive: true });
  const original = JSON.parse(fs.readFileSync(path.join(workspace, MOCKS), 'utf8'));
  const wrong = JSON.parse(JSON.stringify(original.StateMachines['article-review'].TestCases.ReviewGoesToPublish));
  wrong.$test.ExpectedOutput = { name: 'Intro to DP', status: 'Published' };
  fs.writeFileSync(
    path.join(workspace, WRONG),
    JSON.stringify({ ...original, StateMachines: { 'article-review': { TestCases: { PublishedAfterReview: wrong } } } }, null, 2) + '\n',
  );

  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'asl-shots-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: VIEWPORT,
    deviceScaleFactor: 1,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
  const page = context.pages()[0] || (await context.newPage());
  try {
    await page.goto(process.env.SHOTS_URL);
    await page.locator('.monaco-workbench').waitFor({ timeout: WAIT_MS });
    await openFile(page, SEED);
    await poll(
      async () =>
        /running/.test((await page.locator('#asl-workbench\\.asl-workbench\\.aslWorkbench\\.status').getAttribute('aria-label')) || ''),
      'the language server',
    );
    log('server running');

    // 1. A run explained: retried twice with its waits, the Choice rule that matched.
    await runCommand(page, 'View: Close Primary Side Bar');
    await runCommand(page, 'Open Graph to the Side');
    await graphFrame(page);
    // The panel alone, at the window's width: room for the graph beside the sidebar.
    await page.keyboard.press('Control+2');
    await runCommand(page, 'View: Toggle Maximize Editor Group').catch(() => log('no maximize command'));
    await page.waitForTimeout(1000);
    const g = await graphFrame(page);
    await poll(async () => (await g.locator('g.node').count()) > 0, 'the graph drawn');
    const mockValue = await poll(
      async () =>
        g
          .locator('#mock option')
          .evaluateAll((os, want) => (os.find((o) => o.textContent.includes(want)) || {}).value, path.basename(MOCKS)),
      'the mock files listed',
    );
    await g.locator('#mock').selectOption(mockValue);
    await poll(async () => (await g.locator('#case option', { hasText: 'ThrottledThenRecovers' }).count()) > 0, 'the test cases');
    await g.locator('#case').selectOption({ label: 'ThrottledThenRecovers' });
    await g.locator('#run').click();
    await poll(async () => /SUCCEEDED|passed/i.test((await g.locator('#result').textContent()) || ''), 'the run result');
    // Selected by the search box (Enter), as a click on it would.
    await g.locator('#search').fill('Add To Review');
    await g.locator('#search').press('Enter');
    await poll(async () => (await g.locator('#details .why').count()) > 0, 'the "why" lines of the selected state');
    log(`why lines: ${JSON.stringify(await g.locator('#details .why').allTextContents())}`);
    // The events table folded and the sidebar scrolled to the run's details of the state.
    await g.locator('#toggle-history').click();
    await g.locator('#details .why').last().scrollIntoViewIfNeeded();
    await shot(page, 'run-explained.png', { x: 48, y: 30, width: VIEWPORT.width - 48, height: VIEWPORT.height - 30 - 22 });
    await runCommand(page, 'View: Toggle Maximize Editor Group').catch(() => {});

    // 2. The Testing view: the example's cases and the failing one's diff.
    await runCommand(page, 'View: Close All Editors');
    await runCommand(page, 'Testing: Focus on Test Explorer View');
    await poll(async () => (await page.locator('.test-explorer .monaco-list-row').count()) > 0, 'the test tree');
    await runCommand(page, 'Test: Run All Tests');
    await poll(async () => (await page.locator('.test-explorer .codicon-testing-failed-icon').count()) > 0, 'a failed test in the tree');
    await poll(
      async () => (await page.locator('.test-explorer [class*="testing-loading"], .test-explorer .codicon-loading').count()) === 0,
      'the run to end',
    );
    // The tree opened on the failing file's cases; the failure's message (its diff) in Test Results.
    await page.locator('.test-explorer .monaco-list-row', { hasText: 'wrong-status' }).first().click();
    await page.keyboard.press('ArrowRight');
    // In Test Results (the panel): the failed case, then its message, whose diff opens beside.
    const failed = page.locator('.part.panel .monaco-list-row', { hasText: 'PublishedAfterReview' }).first();
    await failed.click();
    await page.keyboard.press('ArrowRight');
    await poll(
      async () => (await page.locator('.part.panel .monaco-list-row', { hasText: /differs/ }).count()) > 1,
      'the failure message in Test Results',
      20_000,
    ).catch(() => log('no message row'));
    await page
      .locator('.part.panel .monaco-list-row', { hasText: /differs/ })
      .last()
      .click();
    await runCommand(page, 'View: Toggle Maximized Panel').catch(() => log('no panel maximize'));
    await poll(async () => (await page.locator('.monaco-diff-editor').count()) > 0, 'the expected/actual diff', 30_000).catch(() =>
      log('no diff editor seen'),
    );
    await shot(page, 'testing-view.png', { x: 0, y: 30, width: VIEWPORT.width, height: 420 });

    // 3. Coverage in the gutter of the definition.
    await page.keyboard.press('Escape');
    await runCommand(page, 'Test: Run All Tests with Coverage');
    await poll(
      async () => (await page.locator('.test-coverage-list-item, .coverage-view, [id="workbench.view.testCoverage"]').count()) > 0,
      'the coverage view',
      60_000,
    ).catch(() => log('no coverage view seen'));
    await openFile(page, SEED);
    await runCommand(page, 'Test: Show Inline Coverage').catch(() => runCommand(page, 'Test: Toggle Inline Coverage').catch(() => {}));
    await poll(async () => (await page.locator('[class*="coverage-deco"]').count()) > 0, 'coverage in the gutter', 30_000).catch(() =>
      log('no coverage decoration seen'),
    );
    await shot(page, 'coverage.png');
    return 0;
  } catch (err) {
    console.error(err);
    await page.screenshot({ path: path.join(outDir, 'failure.png') }).catch(() => {});
    return 1;
  } finally {
    await context.close().catch(() => {});
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code));
