// Shared by the end-to-end tests. Waits are driven by the event that signals the expected state
// (onDidChangeDiagnostics); only the rendered workbench, which has no event, is polled.
'use strict';
const assert = require('node:assert/strict');
const vscode = require('vscode');

const EXTENSION_ID = 'asl-workbench.asl-workbench';
const LANGUAGE_ID = 'asl';
/** The file the runner copies next to the examples: "Next": "Shp Order" misspells "Ship Order". */
const BROKEN = 'broken.asl.json';
const WAIT_MS = 20_000;

function workspaceUri(relative) {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need the workspace the runner prepares (a copy of examples/ plus test/e2e/fixtures)');
  return vscode.Uri.joinPath(folder.uri, relative);
}

function extension() {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  return ext;
}

/** Opens a workspace file in an editor and checks it got the `asl` language from its name. */
async function openAsl(relative) {
  const doc = await vscode.workspace.openTextDocument(workspaceUri(relative));
  await vscode.window.showTextDocument(doc);
  assert.equal(doc.languageId, LANGUAGE_ID, `${relative} should open in the ${LANGUAGE_ID} language`);
  return doc;
}

/** The server's diagnostics for a document (other extensions could add their own). */
function aslDiagnostics(uri) {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'asl');
}

function describe(diagnostics) {
  return JSON.stringify(diagnostics.map((d) => ({ code: codeOf(d), line: d.range.start.line, message: d.message })));
}

function codeOf(d) {
  return typeof d.code === 'object' && d.code ? d.code.value : d.code;
}

/**
 * Resolves with the server's diagnostics for `uri` once `accept(diagnostics)` holds: at once if
 * it already does, otherwise at the diagnostics change that makes it so.
 */
function waitForDiagnostics(uri, accept, what, timeoutMs = WAIT_MS) {
  return waitForDiagnosticsFrom(aslDiagnostics, uri, accept, what, timeoutMs);
}

/** The same over the diagnostics `read(uri)` picks (another source's, as the mock file's). */
function waitForDiagnosticsFrom(read, uri, accept, what, timeoutMs = WAIT_MS) {
  return new Promise((resolve, reject) => {
    const check = () => {
      const current = read(uri);
      if (!accept(current)) return;
      done();
      resolve(current);
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      done();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; diagnostics now: ${describe(read(uri))}`));
    }, timeoutMs);
    function done() {
      clearTimeout(timer);
      sub.dispose();
    }
    check();
  });
}

/**
 * Runs `action` and resolves with the diagnostics of the first publication for `uri` after it:
 * the way to see that a valid file was checked and found clean (an empty list is also published).
 */
async function nextPublication(uri, action, what, timeoutMs = WAIT_MS) {
  let sub;
  let timer;
  const published = new Promise((resolve, reject) => {
    sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) resolve(aslDiagnostics(uri));
    });
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
  });
  try {
    await action();
    return await published;
  } finally {
    clearTimeout(timer);
    sub.dispose();
  }
}

/** Replaces a range of the document through a WorkspaceEdit, as a quick fix or a refactoring would. */
async function replaceRange(doc, range, replacement) {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, range, replacement);
  assert.ok(await vscode.workspace.applyEdit(edit), 'the workspace edit was not applied');
}

/** Appends a newline: a change that leaves the file's meaning intact but makes the server check it again. */
async function touch(doc) {
  const edit = new vscode.WorkspaceEdit();
  edit.insert(doc.uri, doc.positionAt(doc.getText().length), '\n');
  assert.ok(await vscode.workspace.applyEdit(edit), 'the workspace edit was not applied');
}

/** Polls `probe` until it returns a truthy value: for state with no event, such as the rendered DOM. */
async function poll(probe, what, timeoutMs = WAIT_MS, everyMs = 100) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await probe();
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * The rendered workbench, through scripts/e2e/run-ext-tests.js (code-server runs only).
 * Returns [{ id, text, label }] for the elements matching a CSS selector.
 */
const bridge = process.env.ASL_E2E_BRIDGE;
async function queryDom(selector) {
  const res = await fetch(`${bridge}/dom?selector=${encodeURIComponent(selector)}`);
  const body = await res.json();
  if (!res.ok) throw new Error(`DOM query ${selector} failed: ${body.error}`);
  return body;
}

/** Saves a picture of the rendered workbench as E2E_ARTIFACTS/NAME.png (code-server runs only); answers its path. */
async function screenshot(name) {
  const res = await fetch(`${bridge}/screenshot?name=${encodeURIComponent(name)}`);
  const body = await res.json();
  if (!res.ok) throw new Error(`screenshot ${name} failed: ${body.error}`);
  return body.file;
}

/** For tests that read the rendered workbench: skipped, visibly and with the reason, without the bridge. */
function requireDom(ctx) {
  if (bridge) return;
  console.log(`skipping "${ctx.test.title}": reading the rendered workbench needs scripts/e2e/run.sh (ASL_E2E_BRIDGE)`);
  ctx.skip();
}

/** Resolves with the first message the graph panel posts to its page that `accept` takes. */
function nextPost(panel, accept, what, timeoutMs = WAIT_MS) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const sub = panel.onDidPost((m) => {
      if (!accept(m)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(m);
    });
  });
}

module.exports = {
  EXTENSION_ID,
  LANGUAGE_ID,
  BROKEN,
  WAIT_MS,
  workspaceUri,
  extension,
  openAsl,
  aslDiagnostics,
  codeOf,
  describe,
  waitForDiagnostics,
  waitForDiagnosticsFrom,
  nextPost,
  nextPublication,
  replaceRange,
  touch,
  poll,
  queryDom,
  requireDom,
  screenshot,
};
