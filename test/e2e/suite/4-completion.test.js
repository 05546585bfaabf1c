// Editing intelligence through the real editor API: completion, hover, go to definition and a
// quick fix come from the language server for an `asl` document.
'use strict';
const assert = require('node:assert/strict');
const vscode = require('vscode');
const h = require('./helpers');

// "Next" of "Check" is being typed: "S" names no state yet.
const CONTENT = `{
  "StartAt": "Check",
  "States": {
    "Check": { "Type": "Pass", "Next": "S" },
    "Ship Order": { "Type": "Pass", "Next": "Done" },
    "Done": { "Type": "Succeed" }
  }
}`;

/** The position just after the first occurrence of `needle` (plus `delta`). */
function after(doc, needle, delta = 0) {
  const offset = doc.getText().indexOf(needle);
  assert.ok(offset >= 0, `${needle} is not in the document`);
  return doc.positionAt(offset + needle.length + delta);
}

suite('Editing intelligence', () => {
  let doc;

  suiteSetup(async () => {
    doc = await vscode.workspace.openTextDocument({ language: h.LANGUAGE_ID, content: CONTENT });
    await vscode.window.showTextDocument(doc);
    // The server has the document once it has published its diagnostics for it.
    await h.waitForDiagnostics(doc.uri, (d) => d.some((x) => h.codeOf(x) === 'unknown-state'), 'unknown-state for the half-typed Next');
  });

  test('completion at a Next offers the state names, replacing the typed text inside the quotes', async () => {
    const position = after(doc, '"Next": "S');
    const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', doc.uri, position);
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const name of ['Check', 'Ship Order', 'Done']) assert.ok(labels.includes(name), `${name} in ${JSON.stringify(labels)}`);
    const ship = list.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'Ship Order');
    const range = ship.range && 'replacing' in ship.range ? ship.range.replacing : ship.range;
    // Only the string's content is replaced, so accepting inside a snippet placeholder keeps the snippet.
    assert.equal(doc.getText(range), 'S');
    const insert = typeof ship.insertText === 'string' ? ship.insertText : ship.insertText?.value;
    assert.equal(insert, 'Ship Order');
  });

  test('hover on a state name shows its type and where it goes', async () => {
    const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, after(doc, '"Ship', -2));
    const text = hovers.flatMap((x) => x.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /\*\*Pass\*\* state "Ship Order"/);
    assert.match(text, /next `Done`/);
  });

  test('go to definition from a Next lands on the state', async () => {
    const locations = await vscode.commands.executeCommand('vscode.executeDefinitionProvider', doc.uri, after(doc, '"Next": "Do'));
    assert.equal(locations.length, 1);
    const target = locations[0];
    const range = target.targetRange ?? target.range;
    assert.equal(doc.getText(range), '"Done"');
    assert.equal(range.start.line, 5);
  });

  test('a misspelt state name has a "did you mean" quick fix', async () => {
    const typo = await vscode.workspace.openTextDocument({
      language: h.LANGUAGE_ID,
      content: CONTENT.replace('"Next": "S"', '"Next": "Dnoe"'),
    });
    const diags = await h.waitForDiagnostics(typo.uri, (d) => d.some((x) => h.codeOf(x) === 'unknown-state'), 'unknown-state for "Dnoe"');
    const d = diags.find((x) => h.codeOf(x) === 'unknown-state');
    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', typo.uri, d.range);
    const fix = actions.find((a) => a.title === 'Change to "Done"');
    assert.ok(fix, `actions: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit), 'the fix applies');
    assert.match(typo.getText(), /"Check": \{ "Type": "Pass", "Next": "Done" \}/);
  });
});
