// The extension loads from the repo, activates on the first `asl` document and registers what it contributes.
'use strict';
const assert = require('node:assert/strict');
const vscode = require('vscode');
const { extension, openAsl, poll, LANGUAGE_ID } = require('./helpers');

suite('Activation', () => {
  test('the extension is loaded, with the asl language for *.asl.json', async () => {
    const ext = extension();
    const languages = ext.packageJSON.contributes?.languages ?? [];
    assert.ok(
      languages.some((l) => l.id === LANGUAGE_ID),
      `package.json contributes no "${LANGUAGE_ID}" language`,
    );
    assert.ok((await vscode.languages.getLanguages()).includes(LANGUAGE_ID), 'the workbench does not know the asl language');
  });

  test('opening an *.asl.json file activates it', async () => {
    const doc = await openAsl('article-review/article-review.asl.json');
    assert.equal(doc.languageId, LANGUAGE_ID);
    // Activation has no event of its own; it follows the open within moments.
    await poll(() => extension().isActive, 'the extension to activate');
  });

  test('every contributed command is registered', async () => {
    const contributed = (extension().packageJSON.contributes?.commands ?? []).map((c) => c.command);
    assert.ok(contributed.includes('aslWorkbench.restartServer'), `contributed commands: ${contributed.join(', ')}`);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `contributed in package.json but not registered: ${missing.join(', ')}`);
  });
});
