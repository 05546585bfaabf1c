/**
 * What the "Getting started" walkthrough (contributes.walkthroughs) needs beyond built-in
 * commands: a command that opens the seed example, wherever the user happens to be.
 */
import * as vscode from 'vscode';
import { DISPLAY_NAME, LANGUAGE_ID } from './constants';

export const OPEN_EXAMPLE_COMMAND = 'aslWorkbench.openExample';

/** The seed walk-through machine: in a checkout of the project, and inside the packaged extension. */
const EXAMPLE_PATH = ['examples', 'article-review', 'article-review.asl.json'] as const;
const EXAMPLE_GLOB = `**/${EXAMPLE_PATH.slice(1).join('/')}`;

export function registerWalkthrough(extensionUri: vscode.Uri): vscode.Disposable {
  return vscode.commands.registerCommand(OPEN_EXAMPLE_COMMAND, () => openExample(extensionUri));
}

/**
 * The workspace's own copy first (a real file: saving and the explorer behave as usual); else the
 * copy shipped with the extension, opened as an untitled document so the installed extension is
 * never edited.
 */
async function openExample(extensionUri: vscode.Uri): Promise<void> {
  const [inWorkspace] = await vscode.workspace.findFiles(EXAMPLE_GLOB, '**/node_modules/**', 1);
  if (inWorkspace) {
    await vscode.window.showTextDocument(inWorkspace, { preview: false });
    return;
  }
  const bundled = vscode.Uri.joinPath(extensionUri, ...EXAMPLE_PATH);
  let content: string;
  try {
    content = new TextDecoder().decode(await vscode.workspace.fs.readFile(bundled));
  } catch {
    void vscode.window.showErrorMessage(
      `${DISPLAY_NAME}: the example state machine is not in this workspace, and this build of the extension does not include it (${bundled.fsPath}).`,
    );
    return;
  }
  const doc = await vscode.workspace.openTextDocument({ language: LANGUAGE_ID, content });
  await vscode.window.showTextDocument(doc, { preview: false });
}
