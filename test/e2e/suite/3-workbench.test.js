// What a person sees: the status bar item, the squiggle, the Problems panel, the output channel,
// and the restart command. Reading the rendered workbench needs scripts/e2e/run.sh (see helpers).
'use strict';
const assert = require('node:assert/strict');
const vscode = require('vscode');
const h = require('./helpers');

// The DOM id of a status bar item is `${extensionId}.${item id}`; dots escaped for CSS.
const STATUS_ITEM = `#${`${h.EXTENSION_ID}.aslWorkbench.status`.replace(/\./g, '\\.')}`;
const OUTPUT_CHANNEL = 'ASL Workbench';

async function statusItem() {
  const [item] = await h.queryDom(STATUS_ITEM);
  return item;
}

/** Error count of the kind the status bar shows: every source, errors only. */
function errorCount(uri) {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length;
}

suite('Workbench', () => {
  test("the status bar shows the server state and the active file's errors, and only for asl files", async function () {
    h.requireDom(this);
    const broken = await h.openAsl(h.BROKEN);
    await h.waitForDiagnostics(broken.uri, (d) => d.length > 0, 'diagnostics for the broken file');
    const errors = errorCount(broken.uri);
    const item = await h.poll(async () => {
      const it = await statusItem();
      return it && it.text === `ASL: ${errors}` && it;
    }, `the status bar item to read "ASL: ${errors}"`);
    assert.match(item.label, /language server: running/);
    assert.match(item.label, new RegExp(`This file: ${errors} errors?, 0 warnings`));

    await h.openAsl('order-processing/order-processing.asl.json');
    await h.poll(async () => {
      const it = await statusItem();
      return it && it.text === 'ASL' && /This file: 0 errors, 0 warnings/.test(it.label);
    }, 'the status bar item to show a clean file');

    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(h.workspaceUri('article-review/handlers/article.mjs')));
    await h.poll(async () => !(await statusItem()), 'the status bar item to hide for a non-asl editor');
  });

  test('the broken value is squiggled and listed in the Problems panel', async function () {
    h.requireDom(this);
    const doc = await h.openAsl(h.BROKEN);
    await h.waitForDiagnostics(doc.uri, (d) => d.some((x) => h.codeOf(x) === 'unknown-state'), 'unknown-state');
    await h.poll(
      async () => (await h.queryDom('.editor-group-container.active .monaco-editor .squiggly-error')).length > 0,
      'an error squiggle in the editor',
    );
    // The status bar item's own command.
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await h.poll(
      async () => (await h.queryDom('.markers-panel .monaco-list-row')).some((r) => /Did you mean "Ship Order"\?/.test(r.text)),
      'the unknown-state message in the Problems panel',
    );
  });

  test('the output channel is registered and can be shown', async function () {
    h.requireDom(this);
    // The workbench makes a "show" command per channel; the Output view lists them by name.
    await vscode.commands.executeCommand('workbench.action.output.toggleOutput');
    const options = await h.poll(async () => {
      const found = await h.queryDom('.part.panel select option');
      return found.length > 0 && found;
    }, "the Output view's channel list");
    assert.ok(
      options.some((o) => o.text === OUTPUT_CHANNEL),
      `channels: ${options.map((o) => o.text).join(', ')}`,
    );
  });

  test('ASL: Restart Language Server brings a working server back', async function () {
    const doc = await h.openAsl(h.BROKEN);
    const isUnknown = (x) => h.codeOf(x) === 'unknown-state';
    await h.waitForDiagnostics(doc.uri, (d) => d.some(isUnknown), 'unknown-state before the restart');
    await vscode.commands.executeCommand('aslWorkbench.restartServer');
    // The new server got the open (unsaved) document on start; an edit proves it is listening.
    const diags = await h.nextPublication(doc.uri, () => h.touch(doc), 'a publication from the restarted server');
    assert.ok(diags.some(isUnknown), `after the restart: ${h.describe(diags)}`);
    if (process.env.ASL_E2E_BRIDGE) {
      await h.poll(async () => /language server: running/.test((await statusItem())?.label ?? ''), 'the status bar to say running');
    }
  });
});
