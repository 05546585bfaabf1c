// The Testing view: the extension's TestController finds the mock files' test cases (machine ->
// test case, with their place in the mock file), a run goes through the language server and
// reports pass or fail with an output diff at the state that diverged, a new mock file on disk
// appears and a deleted one disappears, and a coverage run adds the definition's coverage.
// The Testing API does not let one extension read another's results, so the tests call the run
// profiles' handlers directly and read what the extension reported (its RunRecord).
'use strict';
const assert = require('node:assert/strict');
const vscode = require('vscode');
const h = require('./helpers');

const SEED = 'article-review/article-review.asl.json';
const MOCKS = 'article-review/article-review.mocks.json';
const WRONG = 'article-review/e2e-wrong.mocks.json';

function api() {
  const exported = h.extension().exports;
  assert.ok(exported && exported.testing, 'activate returns { testing }');
  return exported.testing;
}

function machineItem(mockRelative, machine) {
  const id = `${h.workspaceUri(mockRelative).toString()}#${encodeURIComponent(machine)}`;
  return api().controller.items.get(id);
}

/** Runs the profile's handler on the items; retries while the language server is (re)starting. */
async function run(profile, items) {
  let record;
  await h.poll(
    async () => {
      const source = new vscode.CancellationTokenSource();
      const done = new Promise((resolve) => {
        const sub = api().onDidFinishRun((r) => {
          sub.dispose();
          resolve(r);
        });
      });
      await profile.runHandler(new vscode.TestRunRequest(items), source.token);
      record = await done;
      return !record.errors.some((e) => /not running/.test(e.message));
    },
    'a run while the language server runs',
    60_000,
    1000,
  );
  return record;
}

suite('Testing view', () => {
  suiteSetup(async () => {
    await h.openAsl(SEED);
    await h.poll(() => h.extension().isActive, 'the extension to activate');
  });

  suiteTeardown(async () => {
    try {
      await vscode.workspace.fs.delete(h.workspaceUri(WRONG));
    } catch {
      // already gone
    }
  });

  test("the example mock file's test cases are discovered under their machine, each at its key", async () => {
    const item = await h.poll(() => {
      const m = machineItem(MOCKS, 'article-review');
      return m && m.children.size > 0 && m;
    }, 'the article-review machine in the Testing view');
    assert.equal(item.uri.toString(), h.workspaceUri(SEED).toString(), 'the machine item is in its definition');
    const names = [];
    item.children.forEach((c) => names.push(c.label));
    assert.ok(names.includes('ReviewGoesToPublish') && names.includes('PendingGoesToReview'), names.join(', '));
    const c = item.children.get(`${item.id}#ReviewGoesToPublish`);
    assert.equal(c.uri.toString(), h.workspaceUri(MOCKS).toString());
    const text = (await vscode.workspace.openTextDocument(c.uri)).getText(c.range);
    assert.equal(text, '"ReviewGoesToPublish"', 'the test case item points at its key');
  });

  test("a run passes the example's test case through the language server", async () => {
    const item = machineItem(MOCKS, 'article-review');
    const c = item.children.get(`${item.id}#ReviewGoesToPublish`);
    const record = await run(api().runProfile, [c]);
    assert.deepEqual(record.errors, []);
    assert.deepEqual(
      record.outcomes.map((o) => [o.id, o.passed]),
      [[c.id, true]],
    );
  });

  test('a new mock file appears; its failing case reports the output diff at the diverging state', async () => {
    const original = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(h.workspaceUri(MOCKS))));
    const wrongCase = JSON.parse(JSON.stringify(original.StateMachines['article-review'].TestCases.ReviewGoesToPublish));
    wrongCase.$test.ExpectedOutput = { name: 'Intro to DP', status: 'Published' };
    const file = { ...original, StateMachines: { 'article-review': { TestCases: { WrongOutput: wrongCase } } } };
    await vscode.workspace.fs.writeFile(h.workspaceUri(WRONG), new TextEncoder().encode(JSON.stringify(file, null, 2)));
    const item = await h.poll(() => {
      const m = machineItem(WRONG, 'article-review');
      return m && m.children.size === 1 && m;
    }, 'the new mock file in the Testing view');
    const record = await run(api().runProfile, [item]);
    assert.deepEqual(record.errors, []);
    assert.equal(record.outcomes.length, 1);
    const [outcome] = record.outcomes;
    assert.equal(outcome.passed, false);
    const diff = outcome.messages.find((m) => m.expected !== undefined);
    assert.ok(diff, JSON.stringify(outcome.messages));
    assert.match(diff.expected, /"status": "Published"/);
    assert.match(diff.actual, /"status": "Review"/);
    assert.match(diff.text, /output differs/);
    // The last state entered, in the definition.
    assert.equal(diff.uri, h.workspaceUri(SEED).toString());
    const seed = await vscode.workspace.openTextDocument(h.workspaceUri(SEED));
    assert.match(seed.lineAt(diff.line).text, /"Show Article"\s*:/);

    await vscode.workspace.fs.delete(h.workspaceUri(WRONG));
    await h.poll(() => !machineItem(WRONG, 'article-review'), 'the deleted mock file to leave the Testing view');
  });

  test("a coverage run adds the definition's coverage: every state of the example covered", async () => {
    const item = machineItem(MOCKS, 'article-review');
    const record = await run(api().coverageProfile, [item]);
    assert.deepEqual(record.errors, []);
    assert.ok(record.outcomes.length >= 5 && record.outcomes.every((o) => o.passed), JSON.stringify(record.outcomes));
    assert.equal(record.coverage.length, 1);
    const [cov] = record.coverage;
    assert.equal(cov.uri, h.workspaceUri(SEED).toString());
    assert.deepEqual(cov.statements, { covered: 5, total: 5 });
    assert.ok(cov.branches && cov.branches.total > 0, JSON.stringify(cov));
  });
});
