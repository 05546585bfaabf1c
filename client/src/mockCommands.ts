/**
 * The mock-file commands: "Create Mock File", "Add Test Case from the Last Run" and "Create
 * Handler Stub". The language server writes the text (protocol/mockFiles.ts); this file picks the
 * files, asks the user, and applies edits through a WorkspaceEdit so that undo works.
 */
import * as vscode from 'vscode';
import {
  ADD_TEST_CASE_REQUEST,
  HANDLER_STUB_REQUEST,
  MOCK_SKELETON_REQUEST,
  type AddTestCaseResult,
  type HandlerStubResult,
  type MockSkeletonResult,
  type RangeEdit,
} from '../../protocol/mockFiles';
import { LANGUAGE_ID } from './constants';
import { findMockFiles } from './panel/mocks';
import { lastRuns } from './panel/lastRun';
import { exists } from './server';

export const MockCommands = {
  createMockFile: 'aslWorkbench.createMockFile',
  addTestCaseFromRun: 'aslWorkbench.addTestCaseFromRun',
  createHandlerStub: 'aslWorkbench.createHandlerStub',
} as const;

interface Requester {
  sendRequest<R>(method: string, params: unknown): Promise<R>;
}

/** The folder handler stubs go in, beside the mock file. */
const HANDLERS_FOLDER = 'handlers';

export function registerMockCommands(server: Requester): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(MockCommands.createMockFile, (uri?: vscode.Uri) => guarded(() => createMockFile(server, uri))),
    vscode.commands.registerCommand(MockCommands.addTestCaseFromRun, (uri?: vscode.Uri) => guarded(() => addTestCaseFromRun(server, uri))),
    vscode.commands.registerCommand(MockCommands.createHandlerStub, (uri?: vscode.Uri) => guarded(() => createHandlerStub(server, uri))),
  );
}

async function guarded(run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (err) {
    void vscode.window.showErrorMessage(`ASL Workbench: ${(err as Error)?.message ?? String(err)}`);
  }
}

/** The state machine the command is for: the given URI, else the active ASL editor's. */
function definitionUri(uri: vscode.Uri | undefined): vscode.Uri | undefined {
  if (uri instanceof vscode.Uri) return uri;
  const doc = vscode.window.activeTextEditor?.document;
  return doc && doc.languageId === LANGUAGE_ID ? doc.uri : undefined;
}

export async function skeletonOf(server: Requester, uri: vscode.Uri): Promise<Extract<MockSkeletonResult, { ok: true }>> {
  await vscode.workspace.openTextDocument(uri);
  const r = await server.sendRequest<MockSkeletonResult>(MOCK_SKELETON_REQUEST, { uri: uri.toString() });
  if (!r.ok) throw new Error(r.reason);
  return r;
}

/** `<machine>.mocks.json` beside the definition: the name the CLI's docs and the panel's discovery use. */
function defaultMockUri(definition: vscode.Uri, machineName: string): vscode.Uri {
  return vscode.Uri.joinPath(definition, '..', `${machineName}.mocks.json`);
}

async function createMockFile(server: Requester, given: vscode.Uri | undefined): Promise<void> {
  const uri = definitionUri(given);
  if (!uri) throw new Error('Open a state machine (*.asl.json) to create its mock file.');
  const skeleton = await skeletonOf(server, uri);
  const target = defaultMockUri(uri, skeleton.machineName);
  if (await exists(target)) {
    await vscode.window.showTextDocument(target);
    void vscode.window.showInformationMessage(
      `${vscode.workspace.asRelativePath(target)} exists already; use "Add Test Case from the Last Run" to add to it.`,
    );
    return;
  }
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(skeleton.text));
  await vscode.window.showTextDocument(target);
}

/** The mock file a command adds to: the run's, else the machine's default one (created when missing), else one picked. */
export async function mockFileFor(
  definition: vscode.Uri,
  machineName: string,
  preferred: string | undefined,
): Promise<vscode.Uri | undefined> {
  if (preferred) return vscode.Uri.parse(preferred);
  const beside = defaultMockUri(definition, machineName);
  if (await exists(beside)) return beside;
  const found = await findMockFiles(definition);
  if (found.length === 0) return beside;
  const NEW = `New file: ${vscode.workspace.asRelativePath(beside)}`;
  const pick = await vscode.window.showQuickPick([NEW, ...found.map((f) => f.label)], { placeHolder: 'Which mock file?' });
  if (pick === undefined) return undefined;
  if (pick === NEW) return beside;
  return vscode.Uri.parse(found.find((f) => f.label === pick)!.uri);
}

export async function textOf(uri: vscode.Uri): Promise<string> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  return (await exists(uri)) ? new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)) : '';
}

export async function applyTo(uri: vscode.Uri, edits: RangeEdit[]): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  if (!(await exists(uri))) edit.createFile(uri, { ignoreIfExists: true });
  for (const e of edits) {
    const r = e.range;
    edit.replace(uri, new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character), e.newText);
  }
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`The edit of ${vscode.workspace.asRelativePath(uri)} was not applied.`);
  const doc = await vscode.workspace.openTextDocument(uri);
  await doc.save();
  await vscode.window.showTextDocument(doc);
}

async function addTestCaseFromRun(server: Requester, given: vscode.Uri | undefined): Promise<void> {
  const uri = definitionUri(given) ?? (lastRuns.size === 1 ? vscode.Uri.parse([...lastRuns.keys()][0]) : undefined);
  if (!uri) throw new Error('Open the state machine whose run to record.');
  const run = lastRuns.get(uri.toString());
  if (!run) throw new Error('Run the state machine in the graph panel first (Dry Run); its last run becomes the test case.');
  const skeleton = await skeletonOf(server, uri);
  const caseName = await vscode.window.showInputBox({
    prompt: 'Name of the new test case',
    value: run.result.status === 'SUCCEEDED' ? 'Succeeds' : 'Fails',
  });
  if (!caseName) return;
  const mockUri = await mockFileFor(uri, skeleton.machineName, run.mockFile);
  if (!mockUri) return;
  const r = await server.sendRequest<AddTestCaseResult>(ADD_TEST_CASE_REQUEST, {
    uri: uri.toString(),
    mocksText: await textOf(mockUri),
    caseName,
    input: run.input,
    result: run.result,
  });
  if (!r.ok) throw new Error(r.reason);
  await applyTo(mockUri, r.edits);
  void vscode.window.showInformationMessage(`Added test case "${r.caseName}" to ${vscode.workspace.asRelativePath(mockUri)}.`);
}

async function createHandlerStub(server: Requester, given: vscode.Uri | undefined): Promise<void> {
  const uri = definitionUri(given);
  if (!uri) throw new Error('Open a state machine (*.asl.json) that calls a Lambda function.');
  const skeleton = await skeletonOf(server, uri);
  if (skeleton.lambdaFunctions.length === 0) throw new Error('This state machine calls no Lambda function by a name that can be read.');
  const functionName =
    skeleton.lambdaFunctions.length === 1
      ? skeleton.lambdaFunctions[0]
      : await vscode.window.showQuickPick(skeleton.lambdaFunctions, { placeHolder: 'A handler for which function?' });
  if (!functionName) return;
  const mockUri = await mockFileFor(uri, skeleton.machineName, undefined);
  if (!mockUri) return;
  const modulePath = `${HANDLERS_FOLDER}/${functionName}.mjs`;
  const stubUri = vscode.Uri.joinPath(mockUri, '..', HANDLERS_FOLDER, `${functionName}.mjs`);
  const r = await server.sendRequest<HandlerStubResult>(HANDLER_STUB_REQUEST, {
    functionName,
    mocksText: await textOf(mockUri),
    modulePath,
  });
  if (!r.ok) throw new Error(r.reason);
  if (!(await exists(stubUri))) await vscode.workspace.fs.writeFile(stubUri, new TextEncoder().encode(r.stub));
  await applyTo(mockUri, r.edits);
  await vscode.window.showTextDocument(stubUri);
}
