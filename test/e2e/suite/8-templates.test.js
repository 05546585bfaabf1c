// State machines where users write them: inside a SAM template.yaml (the squiggle at the
// template's own line, the CodeLens above the machine, its graph and a dry run from the lens),
// and in an .asl.yaml file, where a rename is a YAML edit that keeps comments, quoting and
// indentation; a machine whose definition is a linked file (DefinitionUri) reveals its states, follows
// the cursor and takes breakpoints in that file. Fixtures: test/e2e/fixtures/sam-app/template.yaml,
// sam-linked/ (template.yaml and statemachine/linked-flow.asl.json) and renaming.asl.yaml.
'use strict';
const assert = require('node:assert/strict');
const vscode = require('vscode');
const h = require('./helpers');

const TEMPLATE = 'sam-app/template.yaml';
const MACHINE = 'OrderFlow';
const TYPO = 'Dnoe';
const YAML_MACHINE = 'renaming.asl.yaml';
const LINKED_TEMPLATE = 'sam-linked/template.yaml';
const LINKED_FILE = 'sam-linked/statemachine/linked-flow.asl.json';
const LINKED_MACHINE = 'LinkedFlow';

/** The CodeLenses VS Code shows on the document, once the server has given the machine's row. */
async function machineLenses(doc, accept = () => true) {
  return h.poll(async () => {
    const lenses = (await vscode.commands.executeCommand('vscode.executeCodeLensProvider', doc.uri)) || [];
    // The row sits on the resource's line (the problem count has no arguments to name the machine by).
    const keyLine = doc
      .getText()
      .split('\n')
      .findIndex((l) => l.trim() === `${MACHINE}:`);
    const ours = lenses.filter((l) => l.command && l.range.start.line === keyLine);
    return ours.length >= 2 && accept(ours) ? ours : undefined;
  }, 'the CodeLens row above the machine');
}

const lensTitled = (lenses, title) => lenses.find((l) => l.command.title === title);
const run = (lens) => vscode.commands.executeCommand(lens.command.command, ...lens.command.arguments);

suite('Templates', () => {
  let doc;
  let panel;

  suiteTeardown(() => panel && panel.dispose());

  test('a SAM template.yaml: the squiggle at the template line inside the definition, nothing elsewhere', async () => {
    doc = await vscode.workspace.openTextDocument(h.workspaceUri(TEMPLATE));
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.languageId, 'yaml', 'a template stays a YAML document');
    const diags = await h.waitForDiagnostics(doc.uri, (d) => d.length > 0, 'the diagnostics of the machine in the template');
    assert.equal(diags.length, 1, h.describe(diags));
    const [d] = diags;
    assert.equal(h.codeOf(d), 'unknown-state');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    // The template's own line of `Next: Dnoe`, and exactly the misspelt name.
    const line = doc
      .getText()
      .split('\n')
      .findIndex((l) => l.trim() === `Next: ${TYPO}`);
    assert.equal(d.range.start.line, line);
    assert.equal(doc.getText(d.range), TYPO);
    assert.match(d.message, /Did you mean "Done"\?/);
  });

  test('the CodeLens above the machine: Graph, Dry run, Debug and its problem count', async () => {
    const lenses = await machineLenses(doc, (ls) => ls.some((l) => /problem/.test(l.command.title)));
    assert.deepEqual(
      lenses.map((l) => l.command.title),
      ['Graph', 'Dry run', 'Debug', '1 problem'],
    );
    const keyLine = doc
      .getText()
      .split('\n')
      .findIndex((l) => l.trim() === `${MACHINE}:`);
    for (const l of lenses) assert.equal(l.range.start.line, keyLine, "the lens sits on the resource's line");
  });

  test('the rendered editor shows the lens and the squiggle (a picture for the README)', async function () {
    h.requireDom(this);
    // Earlier suites may leave the bottom panel (Test Results, Debug Console) open: it would halve the editor.
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One });
    await h.poll(async () => (await h.queryDom('.codelens-decoration a')).some((a) => a.text === 'Dry run'), 'the CodeLens in the editor');
    // From `Resources:` down: the lens above the machine and the squiggle fit in one screen.
    const editor = vscode.window.activeTextEditor;
    const top = doc.positionAt(doc.getText().indexOf('Resources:'));
    editor.revealRange(new vscode.Range(top, top), vscode.TextEditorRevealType.AtTop);
    await h.poll(
      () => editor.visibleRanges.some((r) => r.start.line <= top.line && r.end.line > top.line + 20),
      'the machine to be in view',
    );
    await h.poll(async () => (await h.queryDom('.squiggly-error')).length > 0, 'the squiggle in the editor');
    await h.screenshot('template-sam');
  });

  test('"Graph" on the lens opens the machine\'s graph, at the template\'s offsets', async () => {
    const lenses = await machineLenses(doc);
    panel = await run(lensTitled(lenses, 'Graph'));
    assert.ok(panel && typeof panel.onDidPost === 'function', 'the command returns the panel');
    const graph = await h.nextPost(panel, (m) => m.type === 'graph', 'the graph of the machine');
    const states = graph.graph.model.nodes.filter((n) => n.kind === 'state');
    assert.deepEqual(states.map((n) => n.name).sort(), ['Check Order', 'Done', 'Greet', 'Ship', 'Ship Fast']);
    const greet = states.find((n) => n.name === 'Greet');
    assert.equal(doc.getText().slice(greet.nameOffset, greet.nameOffset + greet.nameLength), 'Greet');
    assert.equal(panel.panel.title, `Graph: ${MACHINE}`);
  });

  test('"Dry run" on the lens opens the graph and runs the machine, substitutions applied', async () => {
    // Fixed first: a machine with errors is not run.
    const at = doc.getText().indexOf(`Next: ${TYPO}`) + 'Next: '.length;
    await h.replaceRange(doc, new vscode.Range(doc.positionAt(at), doc.positionAt(at + TYPO.length)), 'Done');
    await h.waitForDiagnostics(doc.uri, (d) => d.length === 0, 'the diagnostics to clear after the fix');
    // From a closed panel: the run waits for the page's graph and mock files, then starts.
    panel.dispose();
    const lenses = await machineLenses(doc, (ls) => ls.some((l) => l.command.title === 'No problems'));
    const dryRun = lensTitled(lenses, 'Dry run');
    assert.deepEqual(dryRun.command.arguments.slice(1), [MACHINE, { run: true }]);
    panel = await run(dryRun);
    const started = h.nextPost(panel, (m) => m.type === 'startRun', 'the request to the page to run');
    const result = h.nextPost(panel, (m) => m.type === 'runResult' || m.type === 'runError', 'the result of the dry run');
    await started;
    const m = await result;
    assert.equal(m.type, 'runResult', JSON.stringify(m));
    assert.equal(m.result.status, 'SUCCEEDED');
    // DefinitionSubstitutions' Greeting: hello, in place of ${Greeting}: the Choice takes its branch.
    assert.deepEqual(m.result.path, ['Greet', 'Check Order', 'Ship Fast', 'Done']);
    assert.deepEqual(m.result.output, { greeting: 'hello' });
  });

  test('a machine in a linked file (DefinitionUri): a click on a state opens that file at the state; cursor and breakpoints follow it', async () => {
    panel.dispose();
    const template = await vscode.workspace.openTextDocument(h.workspaceUri(LINKED_TEMPLATE));
    await vscode.window.showTextDocument(template, { viewColumn: vscode.ViewColumn.One });
    const linkedUri = h.workspaceUri(LINKED_FILE);
    panel = await vscode.commands.executeCommand('aslWorkbench.openGraph', template.uri, LINKED_MACHINE);
    const graph = await h.nextPost(panel, (m) => m.type === 'graph', 'the graph of the linked machine');
    const node = (name) => graph.graph.model.nodes.find((n) => n.kind === 'state' && n.name === name);
    const linkedText = new TextDecoder().decode(await vscode.workspace.fs.readFile(linkedUri));
    const lineIn = (text, needle) => text.split('\n').findIndex((l) => l.includes(needle));
    const review = node('Review');
    assert.equal(
      linkedText.slice(review.nameOffset, review.nameOffset + review.nameLength),
      '"Review"',
      "the graph's offsets are the linked file's",
    );

    // The page's click on a state: the linked file, its name selected, on its line (not the template's).
    panel.receive({ type: 'reveal', nodeId: review.id, focus: true });
    const editor = await h.poll(() => {
      const e = vscode.window.activeTextEditor;
      return e && e.document.uri.toString() === linkedUri.toString() && e.document.getText(e.selection) === 'Review' && e;
    }, 'the linked file to open with "Review" selected');
    assert.equal(editor.selection.start.line, lineIn(linkedText, '"Review": {'));

    // The cursor in the linked file's editor marks its state on the graph.
    const cursor = h.nextPost(panel, (m) => m.type === 'cursor' && m.nodeId === node('Finish').id, 'the cursor in "Finish"');
    const inFinish = editor.document.positionAt(linkedText.indexOf('"Succeed"'));
    editor.selection = new vscode.Selection(inFinish, inFinish);
    await cursor;

    // A breakpoint toggled on the graph goes in the linked file (where the debugger reads this machine's), on the name's line.
    const prepare = node('Prepare');
    const prepareLine = lineIn(linkedText, '"Prepare": {');
    const inLinked = (b) => b.location && b.location.uri.toString() === linkedUri.toString() && b.location.range.start.line === prepareLine;
    const drawn = h.nextPost(
      panel,
      (m) => m.type === 'breakpoints' && m.nodes.some((b) => b.nodeId === prepare.id),
      'the breakpoint on the graph',
    );
    panel.receive({ type: 'toggleBreakpoint', nodeId: prepare.id });
    await drawn;
    assert.ok(vscode.debug.breakpoints.some(inLinked), 'a breakpoint on the linked file\'s "Prepare" line');
    assert.ok(
      !vscode.debug.breakpoints.some((b) => b.location && b.location.uri.toString() === template.uri.toString()),
      'none in the template',
    );
    const removed = h.nextPost(panel, (m) => m.type === 'breakpoints' && m.nodes.length === 0, 'the breakpoint removed from the graph');
    panel.receive({ type: 'toggleBreakpoint', nodeId: prepare.id });
    await removed;
    assert.ok(!vscode.debug.breakpoints.some(inLinked));

    // An unsaved edit of the linked file moves its states: the panel's model follows (nothing drawn
    // changed, so the page is sent nothing), and a click lands on the state's new line.
    await h.replaceRange(editor.document, new vscode.Range(0, 1, 0, 1), '\n  "Version": "1.0",');
    const edited = editor.document.getText();
    await h.poll(() => {
      const n = panel.graphModel && panel.graphModel.nodes.find((x) => x.id === review.id);
      return n && n.nameOffset === edited.indexOf('"Review": {');
    }, "the graph's offsets to follow the edit of the linked file");
    panel.receive({ type: 'reveal', nodeId: review.id, focus: true });
    await h.poll(() => {
      const e = vscode.window.activeTextEditor;
      return (
        e &&
        e.document.uri.toString() === linkedUri.toString() &&
        e.document.getText(e.selection) === 'Review' &&
        e.selection.start.line === lineIn(edited, '"Review": {')
      );
    }, 'the click to select "Review" on its new line');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('an .asl.yaml rename keeps the comments, the quoting and the indentation', async () => {
    const yamlDoc = await vscode.workspace.openTextDocument(h.workspaceUri(YAML_MACHINE));
    await vscode.window.showTextDocument(yamlDoc, { viewColumn: vscode.ViewColumn.One });
    assert.equal(yamlDoc.languageId, 'asl-yaml');
    await h.waitForDiagnostics(yamlDoc.uri, (d) => d.length === 0, 'the .asl.yaml to be checked clean');
    const original = yamlDoc.getText();
    const renameAt = async (name, newName) => {
      const pos = yamlDoc.positionAt(yamlDoc.getText().indexOf(`${name}:`) + 1);
      const edit = await vscode.commands.executeCommand('vscode.executeDocumentRenameProvider', yamlDoc.uri, pos, newName);
      assert.ok(edit && edit.size > 0, `a rename of ${name}`);
      assert.ok(await vscode.workspace.applyEdit(edit), 'the rename was not applied');
    };
    // Quoted stays quoted (with its quote), plain stays plain; comments and the 4-space indentation stay.
    await renameAt("'Check Stock'", 'Check Inventory');
    await renameAt('Ship', 'Ship It');
    const expected = original
      .replace(/'Check Stock'/g, "'Check Inventory'")
      .replace('Next: Ship\n', 'Next: Ship It\n')
      .replace('    Ship:\n', '    Ship It:\n');
    assert.notEqual(expected, original);
    assert.equal(yamlDoc.getText(), expected);
    await h.waitForDiagnostics(yamlDoc.uri, (d) => d.length === 0, 'the renamed machine to stay clean');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
