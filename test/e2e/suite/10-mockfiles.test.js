// The mock file as a first-class document in the real workbench: the commands write it ("Create
// Mock File", "Add Test Case from the Last Run", "Create Handler Stub"), the language server checks
// it (a test case naming a state the machine does not have), completes the machine's state names
// in it, and a rename of a state in the machine reaches it in the same workspace edit, after which
// the dry run of its test cases still works. The suite works on a machine of its own in a folder
// of its own, so the other suites' files are left as they were.
'use strict';
const assert = require('node:assert/strict');
const vscode = require('vscode');
const h = require('./helpers');

const FOLDER = 'mockfiles-e2e';
const MACHINE = `${FOLDER}/orders.asl.json`;
/** Where "Create Mock File" puts it: <machine>.mocks.json beside the definition. */
const MOCKS = `${FOLDER}/orders.mocks.json`;
const STUB = `${FOLDER}/handlers/charge.mjs`;
const MOCK_SOURCE = 'asl-mock';
const DEFINITION = `{
  "StartAt": "Validate",
  "States": {
    "Validate": {
      "Type": "Pass",
      "Next": "Charge"
    },
    "Charge": {
      "Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke",
      "Parameters": {
        "FunctionName": "charge",
        "Payload.$": "$"
      },
      "Next": "Done"
    },
    "Done": {
      "Type": "Succeed"
    }
  }
}
`;

const mockDiagnostics = (uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === MOCK_SOURCE);

/** Resolves with the mock file's diagnostics once `accept(diagnostics)` holds (at once, or at the change that makes it so). */
function waitForMockDiagnostics(uri, accept, what, timeoutMs = h.WAIT_MS) {
  return h.waitForDiagnosticsFrom(mockDiagnostics, uri, accept, what, timeoutMs);
}

/** A dry run from the graph panel, as its Dry Run form sends it. */
async function dryRun(panel, testCase, input = '') {
  const result = h.nextPost(panel, (m) => m.type === 'runResult' || m.type === 'runError', `the run of "${testCase}"`);
  panel.receive({ type: 'run', input, mockFile: h.workspaceUri(MOCKS).toString(), ...(testCase ? { testCase } : {}) });
  return result;
}

async function readJson(relative) {
  return JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(h.workspaceUri(relative))));
}

async function exists(relative) {
  try {
    await vscode.workspace.fs.stat(h.workspaceUri(relative));
    return true;
  } catch {
    return false;
  }
}

function positionIn(doc, needle, delta = 0) {
  const offset = doc.getText().indexOf(needle);
  assert.ok(offset >= 0, `${needle} is not in ${doc.uri.path}`);
  return doc.positionAt(offset + delta);
}

suite('Mock files', () => {
  let machineDoc;
  let mockDoc;
  let panel;

  suiteSetup(async () => {
    await vscode.workspace.fs.writeFile(h.workspaceUri(MACHINE), new TextEncoder().encode(DEFINITION));
    machineDoc = await h.openAsl(MACHINE);
    await h.poll(() => h.extension().isActive, 'the extension to activate');
  });

  suiteTeardown(async () => {
    if (panel) panel.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    try {
      await vscode.workspace.fs.delete(h.workspaceUri(FOLDER), { recursive: true });
    } catch {
      // already gone
    }
  });

  test('"Create Mock File" writes <machine>.mocks.json beside the machine, a test case mocking each Task, and opens it', async () => {
    assert.equal(await exists(MOCKS), false);
    // Retried while the language server starts: the command asks it for the file's text.
    await h.poll(
      async () => {
        await vscode.commands.executeCommand('aslWorkbench.createMockFile', machineDoc.uri);
        return exists(MOCKS);
      },
      'the mock file to be written',
      60_000,
      1000,
    );
    const file = await readJson(MOCKS);
    assert.deepEqual(file.StateMachines.orders.TestCases.HappyPath, { Charge: 'ChargeSucceeds', $test: { Input: {} } });
    assert.deepEqual(file.MockedResponses, { ChargeSucceeds: { 0: { Return: {} } } });
    await h.poll(
      () => vscode.window.activeTextEditor?.document.uri.toString() === h.workspaceUri(MOCKS).toString(),
      'the new mock file in the editor',
    );
    mockDoc = vscode.window.activeTextEditor.document;
  });

  test('a test case naming a state the machine does not have is an error at its key', async () => {
    const file = JSON.parse(mockDoc.getText());
    file.StateMachines.orders.TestCases.Typo = { Chrage: 'ChargeSucceeds' };
    await h.replaceRange(
      mockDoc,
      new vscode.Range(mockDoc.positionAt(0), mockDoc.positionAt(mockDoc.getText().length)),
      JSON.stringify(file, null, 2) + '\n',
    );
    await mockDoc.save();
    const found = await waitForMockDiagnostics(
      mockDoc.uri,
      (ds) => ds.some((d) => h.codeOf(d) === 'mock-unknown-state'),
      'the unknown state in the mock file',
    );
    const d = found.find((x) => h.codeOf(x) === 'mock-unknown-state');
    assert.equal(d.message, 'State machine "orders" has no state named "Chrage". Did you mean "Charge"?');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.deepEqual(d.range.start, positionIn(mockDoc, '"Chrage"'));
    assert.equal(found.length, 1, h.describe(found));
  });

  test("completion in a test case offers the machine's Task states; accepting one clears the error", async () => {
    const at = positionIn(mockDoc, '"Chrage"', 2);
    const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', mockDoc.uri, at);
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('Charge'), labels.join(', '));
    // Only Task states call services: the Pass and Succeed states are no mock keys.
    assert.ok(!labels.includes('Validate') && !labels.includes('Done'), labels.join(', '));
    const charge = list.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'Charge');
    const range = charge.range && 'replacing' in charge.range ? charge.range.replacing : charge.range;
    const text = typeof charge.insertText === 'string' ? charge.insertText : charge.insertText.value;
    await h.replaceRange(mockDoc, range, text);
    assert.match(mockDoc.getText(), /"Typo": \{\s*"Charge": "ChargeSucceeds"/);
    await mockDoc.save();
    await waitForMockDiagnostics(mockDoc.uri, (ds) => ds.length === 0, 'the mock file without findings');
  });

  test('renaming a state in the machine renames it in the mock file in the same edit; the dry run still works', async () => {
    panel = await vscode.commands.executeCommand('aslWorkbench.openGraph', machineDoc.uri);
    await h.nextPost(panel, (m) => m.type === 'graph', 'the graph');
    // The page lists the mock files it may run with; a run may only name one the extension offered.
    const mocksUri = h.workspaceUri(MOCKS).toString();
    const offered = h.nextPost(
      panel,
      (m) => m.type === 'mocks' && m.files.some((f) => f.uri === mocksUri),
      "the new mock file in the panel's list",
    );
    panel.receive({ type: 'refreshMocks' });
    await offered;
    const before = await dryRun(panel, 'HappyPath');
    assert.equal(before.type, 'runResult', JSON.stringify(before));
    assert.deepEqual(before.result.path, ['Validate', 'Charge', 'Done']);

    const edit = await vscode.commands.executeCommand(
      'vscode.executeDocumentRenameProvider',
      machineDoc.uri,
      positionIn(machineDoc, '"Charge": {', 2),
      'Bill',
    );
    const byUri = new Map(edit.entries().map(([uri, edits]) => [uri.toString(), edits]));
    assert.deepEqual([...byUri.keys()].sort(), [machineDoc.uri.toString(), mockDoc.uri.toString()].sort());
    assert.equal(byUri.get(mockDoc.uri.toString()).length, 2, 'the key in each of the two test cases');
    // As F2 applies it: a refactoring, so the files it changed are saved (files.refactoring.autoSave).
    assert.ok(await vscode.workspace.applyEdit(edit, { isRefactoring: true }), 'the rename was not applied');
    assert.deepEqual(Object.keys(JSON.parse(machineDoc.getText()).States), ['Validate', 'Bill', 'Done']);
    assert.equal(JSON.parse(machineDoc.getText()).States.Validate.Next, 'Bill');
    const cases = JSON.parse(mockDoc.getText()).StateMachines.orders.TestCases;
    assert.deepEqual(cases.HappyPath, { Bill: 'ChargeSucceeds', $test: { Input: {} } });
    assert.deepEqual(cases.Typo, { Bill: 'ChargeSucceeds' });
    await h.poll(async () => !machineDoc.isDirty && !mockDoc.isDirty, 'the renamed files to be saved');
    await waitForMockDiagnostics(mockDoc.uri, (ds) => ds.length === 0, 'the renamed mock file without findings');

    const after = await dryRun(panel, 'HappyPath');
    assert.equal(after.type, 'runResult', JSON.stringify(after));
    assert.equal(after.result.status, 'SUCCEEDED');
    assert.deepEqual(after.result.path, ['Validate', 'Bill', 'Done']);
  });

  test('"Add Test Case from the Last Run" records the run in the mock file; the new case passes', async () => {
    const last = await dryRun(panel, 'Typo');
    assert.equal(last.type, 'runResult', JSON.stringify(last));
    // The command asks for the case's name, offering "Succeeds": accept it as a user pressing Enter would.
    let finished = false;
    const command = Promise.resolve(vscode.commands.executeCommand('aslWorkbench.addTestCaseFromRun', machineDoc.uri)).finally(() => {
      finished = true;
    });
    await h.poll(
      async () => {
        if (finished) return true;
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        return finished;
      },
      'the command to take the offered name',
      h.WAIT_MS,
      500,
    );
    await command;
    const file = await readJson(MOCKS);
    const recorded = file.StateMachines.orders.TestCases.Succeeds;
    assert.ok(recorded, Object.keys(file.StateMachines.orders.TestCases).join(', '));
    assert.deepEqual(recorded.$test, { Input: {}, ExpectedOutput: last.result.output, ExpectedPath: ['Validate', 'Bill', 'Done'] });
    assert.equal(recorded.Bill, 'Succeeds: Bill');
    assert.deepEqual(file.MockedResponses['Succeeds: Bill'], { 0: { Return: {} } });

    const rerun = await dryRun(panel, 'Succeeds');
    assert.equal(rerun.type, 'runResult', JSON.stringify(rerun));
    assert.deepEqual(rerun.verdict && { passed: rerun.verdict.passed, failures: rerun.verdict.failures }, { passed: true, failures: [] });
  });

  test('"Create Handler Stub" writes the function\'s module and its LocalHandlers entry; a run without mocks uses it', async () => {
    await vscode.commands.executeCommand('aslWorkbench.createHandlerStub', machineDoc.uri);
    assert.ok(await exists(STUB), 'the stub module was not written');
    const stub = new TextDecoder().decode(await vscode.workspace.fs.readFile(h.workspaceUri(STUB)));
    assert.match(stub, /export const handler = async \(event\) =>/);
    assert.equal((await readJson(MOCKS)).LocalHandlers.charge, 'handlers/charge.mjs#handler');
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), h.workspaceUri(STUB).toString(), 'the stub is opened');
    await waitForMockDiagnostics(
      mockDoc.uri,
      (ds) => ds.length === 0 && /LocalHandlers/.test(mockDoc.getText()),
      'the mock file with its handler and without findings',
    );

    // No test case: the Task is answered by the stub, which returns its payload (without it the run fails: no mock).
    const m = await dryRun(panel, undefined, '{ "amount": 5 }');
    assert.equal(m.type, 'runResult', JSON.stringify(m));
    assert.equal(m.result.status, 'SUCCEEDED', JSON.stringify(m.result));
    assert.deepEqual(m.result.output.Payload, { amount: 5 }, JSON.stringify(m.result.output));
  });

  test("a dry run from the panel uses the open mock file's unsaved edits", async () => {
    // The response the "Succeeds" case mocks (`"Return": {}`), changed in the editor and not saved.
    const text = mockDoc.getText();
    const key = /"Succeeds: Bill"\s*:\s*\{/.exec(text);
    assert.ok(key, text);
    const returns = text.indexOf('"Return"', key.index);
    const empty = text.indexOf('{}', returns);
    assert.ok(returns >= 0 && empty >= 0, text);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(mockDoc.uri, new vscode.Range(mockDoc.positionAt(empty), mockDoc.positionAt(empty + 2)), '{ "unsaved": true }');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(mockDoc.isDirty, 'the edit is not saved');
    try {
      const m = await dryRun(panel, 'Succeeds');
      assert.equal(m.type, 'runResult', JSON.stringify(m));
      assert.deepEqual(m.result.output, { unsaved: true }, 'the run read the file on disk');
    } finally {
      await vscode.window.showTextDocument(mockDoc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    assert.ok(!mockDoc.isDirty);
  });
});
