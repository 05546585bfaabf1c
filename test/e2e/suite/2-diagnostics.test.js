// Diagnostics travel from the language server (dist/server.js, over IPC) to the editor, follow
// edits made through the API, and honour the settings.
'use strict';
const assert = require('node:assert/strict');
const vscode = require('vscode');
const h = require('./helpers');

const TYPO = '"Shp Order"';

suite('Diagnostics', () => {
  test("a broken file gets the server's diagnostics, at the right range", async () => {
    const doc = await h.openAsl(h.BROKEN);
    const diags = await h.waitForDiagnostics(doc.uri, (d) => d.length > 0, 'diagnostics for the broken file');
    const unknown = diags.filter((d) => h.codeOf(d) === 'unknown-state');
    assert.equal(unknown.length, 1, `one unknown-state expected: ${h.describe(diags)}`);
    const [d] = unknown;
    assert.equal(doc.getText(d.range), TYPO, 'the diagnostic should cover the misspelt "Next" value');
    assert.equal(d.range.start.line, 7);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.match(d.message, /"Next" of "Check Stock" names "Shp Order"/);
    assert.match(d.message, /Did you mean "Ship Order"\?/);
    // Which follow-on findings the typo causes (e.g. unreachable-state) is the unit tests' business;
    // here every diagnostic must have come through the client with a stable code.
    for (const x of diags) assert.match(String(h.codeOf(x)), /^[a-z]+(-[a-z]+)*$/, `code of ${h.describe([x])}`);
  });

  test('an edit through a WorkspaceEdit clears them, and breaking it again brings them back', async () => {
    const doc = await h.openAsl(h.BROKEN);
    const isUnknown = (x) => h.codeOf(x) === 'unknown-state';
    const before = await h.waitForDiagnostics(doc.uri, (d) => d.some(isUnknown), 'unknown-state in the broken file');
    const { range } = before.find(isUnknown);
    // What a quick fix would do: replace the flagged value with the suggested name.
    await h.replaceRange(doc, range, '"Ship Order"');
    await h.waitForDiagnostics(doc.uri, (d) => d.length === 0, 'the diagnostics to clear after the fix');
    await h.replaceRange(doc, new vscode.Range(range.start, range.start.translate(0, '"Ship Order"'.length)), TYPO);
    const again = await h.waitForDiagnostics(doc.uri, (d) => d.some(isUnknown), 'unknown-state after breaking the file again');
    assert.equal(doc.getText(again.find(isUnknown).range), TYPO);
    assert.ok(doc.isDirty, 'the edits stay in the editor; nothing is saved');
  });

  test('every bundled example is clean', async () => {
    const files = await vscode.workspace.findFiles('**/*.asl.json', `**/${h.BROKEN}`);
    assert.ok(files.length >= 3, `examples found: ${files.map((f) => f.path).join(', ')}`);
    for (const uri of files) {
      const relative = vscode.workspace.asRelativePath(uri);
      const doc = await h.openAsl(relative);
      // A file may already be open (and checked): a harmless edit makes the server publish again,
      // so an empty list is known to be the server's verdict rather than "not checked yet".
      const diags = await h.nextPublication(uri, () => h.touch(doc), `the server to check ${relative}`);
      assert.deepEqual(h.describe(diags), '[]', `${relative} should have no diagnostics`);
    }
  });

  test('an untitled asl document is checked too', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: h.LANGUAGE_ID, content: '{ "StartAt": "A", "States": {} }' });
    await vscode.window.showTextDocument(doc);
    const diags = await h.waitForDiagnostics(
      doc.uri,
      (d) => d.some((x) => h.codeOf(x) === 'unknown-state'),
      'unknown-state in an untitled document',
    );
    assert.equal(doc.getText(diags.find((x) => h.codeOf(x) === 'unknown-state').range), '"A"');
  });

  test('aslWorkbench.severity turns unknown-state into a warning', async () => {
    // Two codes: one whose severity the setting changes, one it must leave alone.
    const doc = await vscode.workspace.openTextDocument({
      language: h.LANGUAGE_ID,
      content: '{ "StartAt": "A", "States": { "A": { "Type": "Pass", "Next": "Nowhere" }, "Orphan": { "Type": "Succeed" } } }',
    });
    await vscode.window.showTextDocument(doc);
    const isUnknown = (x) => h.codeOf(x) === 'unknown-state';
    await h.waitForDiagnostics(
      doc.uri,
      (d) => d.some((x) => isUnknown(x) && x.severity === vscode.DiagnosticSeverity.Error),
      'unknown-state as an error',
    );
    const config = vscode.workspace.getConfiguration('aslWorkbench');
    await config.update('severity', { 'unknown-state': 'warning' }, vscode.ConfigurationTarget.Workspace);
    try {
      const diags = await h.waitForDiagnostics(
        doc.uri,
        (d) => d.some((x) => isUnknown(x) && x.severity === vscode.DiagnosticSeverity.Warning),
        'unknown-state as a warning',
      );
      assert.ok(
        diags.some((x) => h.codeOf(x) === 'unreachable-state' && x.severity === vscode.DiagnosticSeverity.Error),
        'other codes keep their severity',
      );
    } finally {
      await config.update('severity', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await h.waitForDiagnostics(
      doc.uri,
      (d) => d.some((x) => isUnknown(x) && x.severity === vscode.DiagnosticSeverity.Error),
      'unknown-state back to an error',
    );
  });
});
