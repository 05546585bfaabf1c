// The graph panel in the real workbench: the command opens one panel per document beside it; its
// page loads under the CSP and says `ready`, and the extension answers with the server's graph;
// edits redraw it, a broken text gives the banner, the cursor and clicks connect it with the
// editor, and a dry run comes back from the server. The page itself is tested in
// test/webview/ (headless Chromium); here we follow what the extension posts to it.
'use strict';
const assert = require('node:assert/strict');
const vscode = require('vscode');
const h = require('./helpers');

const SEED = 'article-review/article-review.asl.json';
const MOCKS = 'article-review/article-review.mocks.json';
const VIEW_TYPE = 'aslWorkbench.graph';

function graphTabs() {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(VIEW_TYPE));
}

const stateNames = (graph) => graph.model.nodes.filter((n) => n.kind === 'state').map((n) => n.name);
/** A redraw sent to the page, whole or (after an edit) as a patch: the states of the graph the page then shows. */
const redrawnNames = (panel, m) =>
  m.type === 'graph' ? stateNames(m.graph) : m.type === 'graphPatch' ? stateNames({ model: panel.graphModel }) : [];

suite('Graph panel', () => {
  let panel;
  let doc;

  suiteTeardown(() => panel && panel.dispose());

  test('"ASL: Open Graph to the Side" opens the panel beside the editor and draws the server\'s graph', async () => {
    const commands = h.extension().packageJSON.contributes.commands.map((c) => c.command);
    assert.ok(commands.includes('aslWorkbench.openGraph'));
    doc = await h.openAsl(SEED);
    await h.poll(() => h.extension().isActive, 'the extension to activate');
    const editorColumn = vscode.window.activeTextEditor.viewColumn;
    panel = await vscode.commands.executeCommand('aslWorkbench.openGraph');
    assert.ok(panel && typeof panel.onDidPost === 'function', 'the command returns the panel');
    // The page must load its script under the CSP and say `ready` for the graph to be sent.
    const graph = await h.nextPost(panel, (m) => m.type === 'graph', 'the graph to be sent to the page');
    assert.deepEqual(stateNames(graph.graph).sort(), [
      'Add To Review',
      'Choice',
      'GeeksForGeeks Article Description',
      'Move To Publish',
      'Show Article',
    ]);
    assert.equal(graph.version, doc.version);
    const tabs = graphTabs();
    assert.equal(tabs.length, 1);
    assert.equal(tabs[0].label, 'Graph: article-review.asl.json');
    assert.notEqual(tabs[0].group.viewColumn, editorColumn, 'the panel opens beside the editor');
    // Once per document: the command shows the same panel again.
    const again = await vscode.commands.executeCommand('aslWorkbench.openGraph', doc.uri);
    assert.equal(again, panel);
    assert.equal(graphTabs().length, 1);
  });

  test('the panel tab is drawn in the workbench', async function () {
    h.requireDom(this);
    await h.poll(
      async () => (await h.queryDom('.tab .label-name')).some((t) => t.text === 'Graph: article-review.asl.json'),
      "the panel's tab",
    );
  });

  test("the editor's cursor highlights its state; a click in the graph selects the state's name", async () => {
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One });
    const at = doc.positionAt(doc.getText().indexOf('"Choices"'));
    const cursor = h.nextPost(panel, (m) => m.type === 'cursor' && m.nodeId !== null, 'the cursor message');
    editor.selection = new vscode.Selection(at, at);
    const m = await cursor;
    assert.equal(m.nodeId, 'm/Choice');

    panel.receive({ type: 'reveal', nodeId: 'm/Show%20Article' });
    await h.poll(() => {
      const e = vscode.window.activeTextEditor;
      return e && e.document.uri.toString() === doc.uri.toString() && e.document.getText(e.selection) === 'Show Article';
    }, 'the editor to select "Show Article"');
  });

  test('edits redraw the graph; a text that does not parse is reported, then the graph comes back', async () => {
    const original = doc.getText();
    const whole = new vscode.Range(doc.positionAt(0), doc.positionAt(original.length));
    const renamed = h.nextPost(panel, (m) => redrawnNames(panel, m).includes('Display Article'), 'the graph with the renamed state');
    await h.replaceRange(doc, whole, original.replace(/"Show Article"/g, '"Display Article"'));
    await renamed;

    const invalid = h.nextPost(panel, (m) => m.type === 'invalid', 'the report that the text does not parse');
    await h.replaceRange(
      doc,
      new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)),
      original.slice(0, original.length - 10),
    );
    const report = await invalid;
    assert.match(report.reason, /^Line \d+: /);

    const back = h.nextPost(panel, (m) => redrawnNames(panel, m).includes('Show Article'), 'the graph again');
    await h.replaceRange(doc, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), original);
    await back;
  });

  test("an edit from the graph changes the document through the server's text edits; undo in the editor undoes it", async () => {
    const original = doc.getText();
    const made = h.nextPost(panel, (m) => m.type === 'editResult', 'the result of the edit');
    const redrawn = h.nextPost(panel, (m) => redrawnNames(panel, m).includes('New Pass'), 'the graph with the new state');
    panel.receive({ type: 'edit', edit: { op: 'add', type: 'Pass', after: 'm/Move%20To%20Publish' } });
    const result = await made;
    assert.deepEqual({ ok: result.ok, select: result.select }, { ok: true, select: 'New Pass' }, JSON.stringify(result));
    await redrawn;
    const states = JSON.parse(doc.getText()).States;
    assert.equal(states['Move To Publish'].Next, 'New Pass');
    assert.deepEqual(states['New Pass'], { Type: 'Pass', Next: 'Show Article' });
    // Only the two places changed: the rest of the text is as it was.
    assert.equal(
      doc
        .getText()
        .replace(/,\n {4}"New Pass": \{\n {6}"Type": "Pass",\n {6}"Next": "Show Article"\n {4}\}/, '')
        .replace('"Next": "New Pass"', '"Next": "Show Article"'),
      original,
    );
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One });
    await vscode.commands.executeCommand('undo');
    await h.poll(() => doc.getText() === original, 'undo to restore the text');
    // A refused edit changes nothing and says why.
    const refused = h.nextPost(panel, (m) => m.type === 'editResult', 'the refusal');
    panel.receive({ type: 'edit', edit: { op: 'rename', node: 'm/Choice', name: 'Show Article' } });
    const r = await refused;
    assert.equal(r.ok, false);
    assert.match(r.message, /already exists/);
    assert.equal(doc.getText(), original);
  });

  test("a dry run with the example's mock file and a test case comes back from the server", async () => {
    const mocks = h.workspaceUri(MOCKS);
    const result = h.nextPost(panel, (m) => m.type === 'runResult' || m.type === 'runError', 'the run result');
    panel.receive({ type: 'run', input: '', mockFile: mocks.toString(), testCase: 'ReviewGoesToPublish' });
    const m = await result;
    assert.equal(m.type, 'runResult', JSON.stringify(m));
    assert.equal(m.result.status, 'SUCCEEDED');
    assert.deepEqual(m.result.path, ['GeeksForGeeks Article Description', 'Choice', 'Move To Publish', 'Show Article']);

    const bad = h.nextPost(panel, (x) => x.type === 'runError', 'the error for input that is not JSON');
    panel.receive({ type: 'run', input: '{ nope', mockFile: mocks.toString() });
    assert.match((await bad).message, /^The input is not valid JSON/);

    // A mock file the extension did not offer (a tampered page) is not read.
    const refused = h.nextPost(panel, (x) => x.type === 'runError', 'the refusal of a mock file that was not offered');
    panel.receive({ type: 'run', input: '', mockFile: vscode.Uri.file('/etc/hostname').toString() });
    assert.match((await refused).message, /not one the extension found/);
  });

  test('closing the panel ends it; the command opens a new one', async () => {
    panel.dispose();
    await h.poll(() => graphTabs().length === 0, 'the panel to close');
    panel = await vscode.commands.executeCommand('aslWorkbench.openGraph', doc.uri);
    await h.nextPost(panel, (m) => m.type === 'graph', 'the graph in the new panel');
    assert.equal(graphTabs().length, 1);
  });
});
